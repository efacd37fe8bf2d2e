"""Import of an assessment centre's result sheet: `NIP, Tanggal, Metode, Asesor`, then one
column per competency code with the level found (empty: not assessed).

`AssessmentSheet` holds the checks of an assessment row (issue 3 item 10); the REST API
(competencies/api.py) runs them on posted JSON too, so both refuse the same things with
the same messages. Valid rows are recorded by services.assessments_record (bulk insert,
audit, one refresh of the figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kompeten.competencies import services
from kompeten.competencies.importers.common import (
    CHUNK,
    CodeColumnsImporter,
    level_error,
    parse_level,
    unknown_code_error,
)
from kompeten.competencies.models import (
    Assessment,
    AssessmentResult,
    CurrentLevel,
    EmployeeJpm,
    UnitCompetencySummary,
)
from kompeten.core.imports.base import Column, Plan, row_extractor
from kompeten.core.imports.cells import parse_date, vocabulary_key
from kompeten.core.imports.errors import WHOLE_ROW
from kompeten.core.imports.readers import Table
from kompeten.core.models import AuditEvent
from kompeten.employees.models import Employee
from kompeten.employees.rules import normalize_nip

H_NIP, H_DATE, H_METHOD, H_ASSESSOR = "NIP", "Tanggal", "Metode", "Asesor"
H_EMPLOYEE_NAME, H_NOTES = "Nama", "Catatan"
ASSESSMENT_FIXED_HEADERS = [H_NIP, H_DATE, H_METHOD, H_ASSESSOR]
METHOD_CODES = ["assessment_center", "uji_kompetensi", "atasan", "360", "mandiri"]
# The codes and the Indonesian labels, compared case-insensitively, "_" read as a space.
METHOD_WORDS = {
    "assessment_center": ["assessment center", "assessment centre", "pusat asesmen"],
    "uji_kompetensi": ["uji kompetensi"],
    "atasan": ["penilaian atasan", "atasan langsung"],
    "360": ["360 derajat", "penilaian 360", "penilaian 360 derajat"],
    "mandiri": ["penilaian mandiri", "penilaian diri"],
}


def method_key(text: str) -> str:
    return vocabulary_key(text.replace("_", " "))


METHOD_BY_WORD = {
    method_key(word): code
    for code, words in METHOD_WORDS.items()
    for word in [code, *words]
}  # fmt: skip
ASSESSOR_MAX = Assessment._meta.get_field("assessor_name").max_length

ASSESSMENT_COLUMNS = [
    Column(H_NIP, required=True, example="198403122009032004", allowed="18 digit",
           help="NIP pegawai instansi ini (spasi boleh)."),
    Column(H_DATE, required=True, example="2025-03-14", allowed="YYYY-MM-DD atau DD-MM-YYYY",
           help="Tanggal penilaian; tidak boleh di masa depan."),
    Column(H_METHOD, required=True, example="Assessment Center",
           allowed="assessment_center, uji_kompetensi, atasan, 360, mandiri (atau Assessment "
                   "Center, Uji Kompetensi, Penilaian Atasan, 360 derajat, Penilaian Mandiri)",
           help="Metode penilaian. Satu pegawai hanya sekali per metode dan tanggal."),
    Column(H_ASSESSOR, example="UPT Penilaian Kompetensi", help="Nama asesor atau lembaganya."),
    Column(H_EMPLOYEE_NAME, example="Ratna Sari Dewi",
           help="Boleh diisi untuk memudahkan membaca; tidak diimpor."),
    Column(H_NOTES, example="", help="Catatan penilaian (tidak wajib)."),
]  # fmt: skip
ASSESSMENT_LEVEL_HELP = "Level yang ditemukan 1–5; kosong berarti tidak dinilai."


@dataclass
class AssessmentRow:
    """The cells of one assessment, from a sheet row or a posted JSON object."""

    number: int
    nip: str
    date: str
    method: str
    assessor: str = ""
    notes: str = ""
    levels: list = field(default_factory=list)  # (column label, Competency or None, value)


@dataclass
class CheckedAssessment:
    number: int
    employee_id: int
    nip: str
    name: str
    method: str
    assessed_on: dt.date
    assessor: str
    notes: str
    levels: dict  # Competency -> level


class AssessmentSheet:
    """The checks of issue 3 item 10 on assessment rows, against the agency's data.

    `labels` names the columns in messages (the sheet's headers, or the API's field names);
    `error(number, column, reason)` receives each problem. Refused: unknown NIPs (another
    agency's employee reads the same as nobody), invalid or future dates, unknown methods,
    levels outside 1–5, unknown codes, a row without any level, two rows for the same
    employee, method and date, and a row that repeats a stored assessment.
    """

    def __init__(self, *, agency_id: int, labels: dict, error, today: dt.date | None = None):
        self.agency_id = agency_id
        self.labels = labels
        self.error = error
        self.today = today or timezone.localdate()

    def check(self, rows: list[AssessmentRow]) -> list[CheckedAssessment]:
        labels, error, today = self.labels, self.error, self.today
        required = _("wajib diisi")
        employees = self._employees({normalize_nip(r.nip) for r in rows if r.nip})
        seen: dict[tuple, int] = {}
        checked = []
        for row in rows:
            problems = 0

            def fail(column, reason, _number=row.number):
                nonlocal problems
                problems += 1
                error(_number, column, reason)

            nip = normalize_nip(row.nip)
            employee = employees.get(nip)
            if not nip:
                fail(labels[H_NIP], required)
            elif employee is None:
                fail(labels[H_NIP], _("NIP %(nip)s tidak dikenal di instansi ini") % {"nip": nip})
            elif employee[2] != Employee.Status.ACTIVE:
                fail(labels[H_NIP], str(services.INACTIVE_MESSAGE))
            assessed_on = parse_date(row.date) if row.date else None
            if not row.date:
                fail(labels[H_DATE], required)
            elif assessed_on is None:
                fail(
                    labels[H_DATE],
                    _("'%(value)s' bukan tanggal yang sah (YYYY-MM-DD atau DD-MM-YYYY)")
                    % {"value": row.date},
                )
            elif employee is not None and assessed_on < employee[3]:
                fail(labels[H_DATE], str(services.BEFORE_BIRTH_MESSAGE))
            elif assessed_on > today:
                fail(
                    labels[H_DATE],
                    _("tanggal penilaian %(date)s ada di masa depan")
                    % {"date": assessed_on.isoformat()},
                )
            method = METHOD_BY_WORD.get(method_key(row.method)) if row.method else None
            if not row.method:
                fail(labels[H_METHOD], required)
            elif method is None:
                fail(
                    labels[H_METHOD],
                    _("'%(value)s' bukan metode penilaian yang dikenal (%(allowed)s)")
                    % {"value": row.method, "allowed": ", ".join(METHOD_CODES)},
                )
            if len(row.assessor) > ASSESSOR_MAX:
                fail(labels[H_ASSESSOR], _("paling banyak %d karakter") % ASSESSOR_MAX)
            levels = {}
            for column, competency, value in row.levels:
                if competency is None:
                    fail(column, unknown_code_error(str(value)))
                    continue
                try:
                    level = parse_level(value)
                except ValueError:
                    fail(column, level_error(value))
                    continue
                if level is not None:
                    levels[competency] = level
            if not levels and not problems:
                fail(WHOLE_ROW, _("tidak ada level kompetensi yang diisi pada baris ini"))
            if employee is not None and assessed_on is not None and method is not None:
                key = (employee[0], method, assessed_on)
                if key in seen:
                    fail(
                        labels[H_DATE],
                        _("pegawai ini sudah dinilai dengan metode dan tanggal yang sama di "
                          "baris %(row)s") % {"row": seen[key]},
                    )  # fmt: skip
                else:
                    seen[key] = row.number
            if not problems:
                checked.append(
                    CheckedAssessment(
                        number=row.number,
                        employee_id=employee[0],
                        nip=nip,
                        name=employee[1],
                        method=method,
                        assessed_on=assessed_on,
                        assessor=row.assessor,
                        notes=row.notes,
                        levels=levels,
                    )
                )
        self._check_stored(checked)
        return checked

    def _employees(self, nips: set[str]) -> dict[str, tuple]:
        found = {}
        nips = sorted(nips)
        for start in range(0, len(nips), CHUNK):
            for nip, pk, name, status, birth in Employee.objects.filter(
                agency_id=self.agency_id, nip__in=nips[start : start + CHUNK]
            ).values_list("nip", "id", "name", "status", "birth_date"):
                found[nip] = (pk, name, status, birth)
        return found

    def _check_stored(self, checked: list[CheckedAssessment]) -> None:
        """A row that repeats an assessment already stored (same employee, method, date)."""
        dates = sorted({c.assessed_on for c in checked})
        if not dates:
            return
        stored = set()
        for start in range(0, len(dates), CHUNK):
            stored.update(
                Assessment.objects.filter(
                    agency_id=self.agency_id, assessed_on__in=dates[start : start + CHUNK]
                ).values_list("employee_id", "method", "assessed_on")
            )
        for item in list(checked):
            if (item.employee_id, item.method, item.assessed_on) in stored:
                self.error(
                    item.number,
                    self.labels[H_DATE],
                    _("penilaian pegawai ini dengan metode dan tanggal yang sama sudah tersimpan"),
                )
                checked.remove(item)


def assessment_inputs(checked: list[CheckedAssessment]) -> list[services.AssessmentInput]:
    """The service's inputs, with the employees loaded in chunks."""
    ids = sorted({c.employee_id for c in checked})
    employees = {}
    for start in range(0, len(ids), CHUNK):
        employees.update(Employee.objects.in_bulk(ids[start : start + CHUNK]))
    return [
        services.AssessmentInput(
            employee=employees[c.employee_id],
            method=c.method,
            assessed_on=c.assessed_on,
            levels=c.levels,
            assessor_name=c.assessor,
            notes=c.notes,
        )
        for c in checked
    ]


class AssessmentImporter(CodeColumnsImporter):
    """An assessment centre's result sheet: `NIP, Tanggal, Metode, Asesor`, then the codes."""

    kind = "assessments"
    description = _lazy(
        "Kolom: NIP, Tanggal, Metode, Asesor, lalu satu kolom per kode kompetensi berisi level "
        "1–5 yang ditemukan; sel kosong berarti tidak dinilai."
    )
    title = "Hasil penilaian kompetensi"
    columns = ASSESSMENT_COLUMNS
    level_help = ASSESSMENT_LEVEL_HELP
    touched_models = (
        Assessment, AssessmentResult, AuditEvent, CurrentLevel, EmployeeJpm,
        UnitCompetencySummary,
    )  # fmt: skip

    def validate(self, table: Table) -> Plan:
        plan, indexes, col, columns = self.resolve(table)
        if plan.errors:
            return plan
        extract = row_extractor(
            [indexes[h] for h in (H_NIP, H_DATE, H_METHOD, H_ASSESSOR, H_NOTES)]
        )
        levels = row_extractor([c.index for c in columns])
        rows = []
        for number, cells in table.rows:
            nip, date, method, assessor, notes = extract(cells)
            rows.append(
                AssessmentRow(
                    number=number,
                    nip=nip,
                    date=date,
                    method=method,
                    assessor=assessor,
                    notes=notes,
                    levels=[
                        (c.header, c.competency, value)
                        for c, value in zip(columns, levels(cells), strict=True)
                    ],
                )
            )
        checked = AssessmentSheet(agency_id=self.agency.pk, labels=col, error=plan.add_error).check(
            rows
        )
        plan.errors.sort(key=lambda e: e.row)
        if plan.errors:
            return plan
        plan.created = len(checked)
        for item in checked[:20]:
            plan.add_preview(
                row=item.number,
                action="baru",
                key=item.nip,
                label=item.name,
                changes=", ".join(f"{c.code}={level}" for c, level in item.levels.items()),
            )
        plan.payload = checked
        return plan

    def commit(self, plan: Plan, *, progress) -> None:
        items = assessment_inputs(plan.payload)
        services.assessments_record(
            actor=self.actor, agency=self.agency, items=items, source=Assessment.Source.IMPORT
        )
        progress(plan.total_rows)
