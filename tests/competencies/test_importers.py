"""Imports of the dictionary, the position standards and assessment result sheets."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kompeten.competencies import figures, selectors, services
from kompeten.competencies.columns import COMPETENCY_HEADERS as EXPORT_HEADERS
from kompeten.competencies.columns import competency_rows
from kompeten.competencies.importers import (
    COMPETENCY_HEADERS,
    AssessmentImporter,
    StandardImporter,
)
from kompeten.competencies.models import (
    Assessment,
    AssessmentResult,
    Competency,
    CurrentLevel,
    EmployeeJpm,
    PositionStandard,
)
from kompeten.core.imports.workbook import template_bytes
from kompeten.core.models import AuditEvent, ImportJob
from kompeten.employees import services as employee_services
from kompeten.employees.models import PositionKind
from tests.competencies.conftest import NATIONAL
from tests.conftest import count_rows
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory
from tests.imports.helpers import csv_bytes, run_import, xlsx_bytes

TOUCHED = (Competency, PositionStandard, Assessment, AssessmentResult, CurrentLevel, AuditEvent)
STANDARD_HEADERS = ["Kode Unit", "Jabatan"]
ASSESSMENT_HEADERS = ["NIP", "Tanggal", "Metode", "Asesor"]
LAST_MONTH = (dt.date.today() - dt.timedelta(days=30)).isoformat()


def counts() -> dict:
    return count_rows(*TOUCHED)


def refused(kind, agency, headers, rows, *, row, column, reason):
    """The file is refused with this exact problem among those reported; nothing written."""
    before = counts()
    errors, _plan = run_import(kind, agency, csv_bytes(headers, rows))
    lines = [str(e) for e in errors]
    assert f"row {row}, column {column}: {reason}" in lines, lines
    assert counts() == before
    return lines


def imported(kind, agency, headers, rows, *, actor=None, dry_run=False, name="data.csv"):
    data = xlsx_bytes(headers, rows) if name.endswith(".xlsx") else csv_bytes(headers, rows)
    errors, plan = run_import(kind, agency, data, name=name, dry_run=dry_run, actor=actor)
    assert not errors, [str(e) for e in errors]
    return plan


# --- the dictionary ------------------------------------------------------------------------

T001 = [
    "T.001", "Pengelolaan Data Kependudukan", "Teknis", "Mengelola data penduduk.",
    "Dasar", "Cakap", "Mahir", "Ahli", "Pakar", "DKP.1, DKP.1.1", "Pelaksana, Ahli Muda",
]  # fmt: skip


def test_it_creates_a_technical_competency_with_units_and_position_kinds(agency, tree):
    plan = imported("competencies", agency, COMPETENCY_HEADERS, [T001])
    assert (plan.created, plan.updated, plan.unchanged) == (1, 0, 0)
    competency = Competency.objects.get(agency=agency, code="T.001")
    assert competency.kind == "technical"
    assert competency.level_descriptions == ["Dasar", "Cakap", "Mahir", "Ahli", "Pakar"]
    assert sorted(u.code for u in competency.applies_to_units.all()) == ["DKP.1", "DKP.1.1"]
    assert competency.applies_to_kinds == ["pelaksana", "ahli_muda"]
    assert AuditEvent.objects.filter(
        action="competencies.competency.created", object_id=str(competency.uuid)
    ).exists()


def test_it_updates_by_code_and_reports_an_unchanged_file(agency, tree):
    imported("competencies", agency, COMPETENCY_HEADERS, [T001])
    changed = [*T001[:3], "Definisi baru", *T001[4:9], "DKP.1", "Fungsional Ahli Muda"]
    plan = imported("competencies", agency, COMPETENCY_HEADERS, [changed])
    assert (plan.created, plan.updated) == (0, 1)
    assert plan.preview[0]["changes"] == "Definisi, Unit, Jenis Jabatan"
    competency = Competency.objects.get(agency=agency, code="T.001")
    assert competency.definition == "Definisi baru"
    assert [u.code for u in competency.applies_to_units.all()] == ["DKP.1"]
    assert competency.applies_to_kinds == ["ahli_muda"]
    plan = imported("competencies", agency, COMPETENCY_HEADERS, [changed])
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 1)


def test_the_export_rows_import_back_unchanged(agency, tree, dictionary):
    """The dictionary export (columns.py) is a valid import that changes nothing."""
    imported("competencies", agency, COMPETENCY_HEADERS, [T001])
    rows = list(competency_rows(Competency.objects.filter(agency=agency)))
    plan = imported("competencies", agency, EXPORT_HEADERS, rows, name="kamus.xlsx")
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 10)


def test_it_accepts_the_long_headers_of_the_applies_to_columns(agency, tree):
    headers = [*COMPETENCY_HEADERS[:9], "Berlaku untuk Unit", "Berlaku untuk Jenis Jabatan"]
    imported("competencies", agency, headers, [T001])
    assert Competency.objects.get(agency=agency, code="T.001").applies_to_kinds


def test_a_national_competency_takes_new_descriptions_only(agency, dictionary):
    m1 = dictionary["M.1"]
    row = ["m.1", "INTEGRITAS", "manajerial", "Definisi instansi", "a", "b", "c", "d", "e", "", ""]
    plan = imported("competencies", agency, COMPETENCY_HEADERS, [row])
    assert plan.updated == 1
    m1.refresh_from_db()
    assert (m1.name, m1.definition, m1.level_5) == ("Integritas", "Definisi instansi", "e")


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({1: "Kejujuran"}, "Nama", "nama kompetensi nasional M.1 tidak dapat diubah (Integritas)"),
        ({2: "Teknis"}, "Jenis", "jenis kompetensi nasional M.1 adalah Manajerial"),
        ({9: "DKP"}, "Unit", "kompetensi nasional berlaku untuk semua unit; kosongkan"),
        ({10: "Pelaksana"}, "Jenis Jabatan",
         "kompetensi nasional berlaku untuk semua jenis jabatan; kosongkan"),
        ({0: "M.9"}, "Kode",
         "kode M.x dan SK.x disediakan untuk kompetensi nasional (M.1–M.8, SK.1)"),
    ],
)  # fmt: skip
def test_a_national_competency_keeps_what_the_regulation_fixes(
    agency, tree, dictionary, cells, column, reason
):
    row = ["M.1", "Integritas", "Manajerial", "", "", "", "", "", "", "", ""]
    for index, value in cells.items():
        row[index] = value
    refused("competencies", agency, COMPETENCY_HEADERS, [row], row=2, column=column, reason=reason)


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({2: "Manajerial"}, "Jenis", "kompetensi instansi selalu berjenis Teknis; Manajerial "
                                     "dan Sosial Kultural hanya M.1–M.8 dan SK.1"),
        ({2: "Keahlian"}, "Jenis", "'Keahlian' bukan jenis kompetensi yang dikenal (Teknis, "
                                   "Manajerial, Sosial Kultural)"),
        ({9: "DKP, NOPE"}, "Unit", "kode unit NOPE tidak dikenal"),
        ({10: "Ahli Super"}, "Jenis Jabatan", "'Ahli Super' bukan jenis jabatan yang dikenal"),
        ({1: ""}, "Nama", "wajib diisi"),
        ({0: "T." + "9" * 30}, "Kode", "paling banyak 20 karakter"),
    ],
)  # fmt: skip
def test_it_refuses_bad_dictionary_rows(agency, tree, cells, column, reason):
    row = list(T001)
    for index, value in cells.items():
        row[index] = value
    refused("competencies", agency, COMPETENCY_HEADERS, [row], row=2, column=column, reason=reason)


def test_it_refuses_a_code_twice_in_one_file(agency, tree):
    refused(
        "competencies", agency, COMPETENCY_HEADERS, [T001, ["t.001", *T001[1:]]],
        row=3, column="Kode", reason="kode T.001 sudah ada di baris 2",
    )  # fmt: skip


# --- standards -----------------------------------------------------------------------------


@pytest.fixture
def technical(agency):
    return services.competency_create(
        actor=None, agency=agency, code="T.001", name="Pengelolaan Data Kependudukan"
    )


def test_it_sets_a_position_standard_and_the_gaps_follow(agency, employee, technical, record):
    """Pelaksana: default 1 on the national nine; the file raises M.1, adds T.001, drops SK.1."""
    position = employee.position
    record(employee, dict.fromkeys(NATIONAL, 1))
    assert EmployeeJpm.objects.get(employee=employee).jpm_x100 == 10000
    rows = [["DKP.1.1", "  pengadministrasi   KEPENDUDUKAN ", "2", "1", "", "3"]]
    plan = imported("standards", agency, [*STANDARD_HEADERS, "M.1", "M.2", "SK.1", "T.001"], rows)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 0)
    assert plan.preview[0]["changes"] == "M.1: 1 → 2, SK.1: 1 → -, T.001: - → 3"
    standard = selectors.position_standard_map(position)
    assert standard["M.1"] == 2 and standard["T.001"] == 3 and "SK.1" not in standard
    sk1 = PositionStandard.objects.get(position=position, competency__code="SK.1")
    assert (sk1.required_level, sk1.source) == (None, "import")  # an explicit "not required"
    event = AuditEvent.objects.get(action="competencies.standard.updated")
    assert event.object_id == str(position.uuid)
    assert event.changes == {"M.1": [1, 2], "SK.1": [1, None], "T.001": [None, 3]}
    jpm = EmployeeJpm.objects.get(employee=employee)
    # Σ required 2+1×7+3 = 12 over 9 assessed of 10 (T.001 unassessed): current 8 of 9 assessed.
    assert (jpm.n_required, jpm.n_assessed, jpm.complete) == (9, 8, False)
    assert jpm.jpm_x100 == 8889


def test_an_unchanged_standard_writes_nothing(agency, employee, technical):
    headers = [*STANDARD_HEADERS, "M.1", "T.001"]
    rows = [["DKP.1.1", "Pengadministrasi Kependudukan", "1", ""]]
    before = counts()
    plan = imported("standards", agency, headers, rows)
    assert (plan.updated, plan.unchanged) == (0, 1)
    assert counts() == before


def test_a_standards_dry_run_writes_nothing(agency, employee):
    before = counts()
    plan = imported(
        "standards", agency, [*STANDARD_HEADERS, "M.1"],
        [["DKP.1.1", "Pengadministrasi Kependudukan", "4"]], dry_run=True,
    )  # fmt: skip
    assert plan.updated == 1
    assert counts() == before


def test_many_positions_are_refreshed_together(agency, tree, record):
    """Each changed position gets one audit event; the figures of all holders follow."""
    positions = [
        PositionFactory(unit=tree["bidang"], name=f"Analis {n}", kind=PositionKind.AHLI_MUDA)
        for n in range(30)
    ]
    people = [EmployeeFactory(unit=tree["bidang"], position=p) for p in positions]
    for person in people:
        record(person, dict.fromkeys(NATIONAL, 2))
    rows = [["DKP.1", p.name, *["3"] * 9] for p in positions]
    plan = imported("standards", agency, [*STANDARD_HEADERS, *NATIONAL], rows)
    assert plan.updated == 30
    assert AuditEvent.objects.filter(action="competencies.standard.updated").count() == 30
    assert set(
        EmployeeJpm.objects.filter(employee__in=people).values_list("jpm_x100", flat=True)
    ) == {6667}
    before = _figures(agency)
    figures.rebuild_agency(agency.pk)
    assert _figures(agency) == before


def _figures(agency):
    return sorted(
        EmployeeJpm.objects.filter(agency=agency).values_list(
            "employee_id", "jpm_x100", "n_required", "complete"
        )
    )


@pytest.mark.parametrize(
    ("row", "headers", "column", "reason"),
    [
        (["NOPE", "Pengadministrasi Kependudukan", "2"], None, "Kode Unit",
         "kode unit NOPE tidak dikenal"),
        (["DKP.1", "Pengadministrasi Kependudukan", "2"], None, "Jabatan",
         "jabatan 'Pengadministrasi Kependudukan' tidak ada di unit DKP.1"),
        (["DKP.1.1", "Pengadministrasi Kependudukan", "6"], None, "M.1",
         "'6' bukan level yang sah: isi 1 sampai 5"),
        (["DKP.1.1", "Pengadministrasi Kependudukan", "0"], None, "M.1",
         "'0' bukan level yang sah: isi 1 sampai 5"),
        (["DKP.1.1", "Pengadministrasi Kependudukan", "tinggi"], None, "M.1",
         "'tinggi' bukan level yang sah: isi 1 sampai 5"),
        (["DKP.1.1", "", "2"], None, "Jabatan", "wajib diisi"),
        (["DKP.1.1", "Pengadministrasi Kependudukan", "2"], ["Kode Unit", "Jabatan", "T.404"],
         "T.404", "kode kompetensi 'T.404' tidak ada di kamus kompetensi instansi ini"),
    ],
)  # fmt: skip
def test_it_refuses_bad_standard_rows(agency, employee, row, headers, column, reason):
    headers = headers or [*STANDARD_HEADERS, "M.1"]
    line = 1 if column == "T.404" else 2
    refused("standards", agency, headers, [row], row=line, column=column, reason=reason)


def test_it_refuses_the_same_position_twice(agency, employee):
    rows = [["DKP.1.1", "Pengadministrasi Kependudukan", "2"]] * 2
    refused(
        "standards", agency, [*STANDARD_HEADERS, "M.1"], rows,
        row=3, column="Jabatan", reason="jabatan ini sudah ada di baris 2",
    )  # fmt: skip


def test_another_agencys_unit_is_unknown(agency, other_agency, employee):
    UnitFactory(agency=other_agency, code="RAHASIA")
    refused(
        "standards", agency, [*STANDARD_HEADERS, "M.1"], [["RAHASIA", "Apa saja", "2"]],
        row=2, column="Kode Unit", reason="kode unit RAHASIA tidak dikenal",
    )  # fmt: skip


def test_the_standard_template_has_a_column_per_code(agency, technical):
    importer = StandardImporter(agency=agency, actor=None)
    headers = [c.header for c in importer.template_columns()]
    assert headers == [*STANDARD_HEADERS, *NATIONAL, "T.001"]
    sheet = load_workbook(io.BytesIO(template_bytes(importer.template_columns(), title="x")))
    assert [c.value for c in sheet["Data"][1]] == headers


# --- assessments ---------------------------------------------------------------------------


def sheet_row(employee, levels=None, *, date=LAST_MONTH, method="Assessment Center"):
    levels = levels if levels is not None else {"M.1": "3", "M.2": "2"}
    return [employee.nip, date, method, "UPT Asesmen", *(levels.get(c, "") for c in ["M.1", "M.2"])]


SHEET_HEADERS = [*ASSESSMENT_HEADERS, "M.1", "M.2"]


def test_it_records_a_result_sheet_and_the_figures_follow(agency, employee, dictionary):
    colleague = EmployeeFactory(unit=employee.unit, position=employee.position)
    rows = [
        sheet_row(employee),
        [
            colleague.nip[:8] + " " + colleague.nip[8:],
            "14-02-2025",
            "penilaian ATASAN",
            "",
            "",
            "4",
        ],
    ]
    plan = imported("assessments", agency, SHEET_HEADERS, rows)
    assert plan.created == 2
    assessment = Assessment.objects.get(employee=employee)
    assert (assessment.method, assessment.source, assessment.assessor_name) == (
        "assessment_center", "import", "UPT Asesmen",
    )  # fmt: skip
    other = Assessment.objects.get(employee=colleague)
    assert (other.method, other.assessed_on) == ("atasan", dt.date(2025, 2, 14))
    assert dict(other.results.values_list("competency__code", "level")) == {"M.2": 4}
    levels = dict(
        CurrentLevel.objects.filter(employee=employee).values_list("competency__code", "level")
    )
    assert levels == {"M.1": 3, "M.2": 2}
    jpm = EmployeeJpm.objects.get(employee=employee)
    assert (jpm.n_assessed, jpm.complete) == (2, False)
    assert AuditEvent.objects.filter(action="competencies.assessment.created").count() == 2


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("assessment_center", "assessment_center"), ("Assessment Center", "assessment_center"),
        ("uji_kompetensi", "uji_kompetensi"), ("Uji  Kompetensi", "uji_kompetensi"),
        ("atasan", "atasan"), ("Penilaian Atasan", "atasan"), ("360", "360"),
        ("360 Derajat", "360"), ("mandiri", "mandiri"), ("Penilaian Mandiri", "mandiri"),
        ("MANDIRI", "mandiri"),
    ],
)  # fmt: skip
def test_it_reads_the_method_codes_and_labels(agency, employee, dictionary, text, method):
    imported("assessments", agency, SHEET_HEADERS, [sheet_row(employee, method=text)])
    assert Assessment.objects.get(employee=employee).method == method


def test_an_xlsx_sheet_with_dates_and_numbers_as_excel_types(agency, employee, dictionary):
    rows = [[employee.nip, dt.date(2025, 3, 14), "Uji Kompetensi", "Lembaga", 3, 4]]
    imported("assessments", agency, SHEET_HEADERS, rows, name="hasil.xlsx")
    assessment = Assessment.objects.get(employee=employee)
    assert assessment.assessed_on == dt.date(2025, 3, 14)
    assert dict(assessment.results.values_list("competency__code", "level")) == {"M.1": 3, "M.2": 4}


TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"levels": {"M.1": "6"}}, "M.1", "'6' bukan level yang sah: isi 1 sampai 5"),
        ({"levels": {"M.1": "0"}}, "M.1", "'0' bukan level yang sah: isi 1 sampai 5"),
        ({"levels": {"M.2": "2,5"}}, "M.2", "'2,5' bukan level yang sah: isi 1 sampai 5"),
        ({"levels": {}}, "-", "tidak ada level kompetensi yang diisi pada baris ini"),
        ({"date": TOMORROW}, "Tanggal", f"tanggal penilaian {TOMORROW} ada di masa depan"),
        ({"date": "31-02-2025"}, "Tanggal",
         "'31-02-2025' bukan tanggal yang sah (YYYY-MM-DD atau DD-MM-YYYY)"),
        ({"date": ""}, "Tanggal", "wajib diisi"),
        ({"method": "wawancara"}, "Metode", "'wawancara' bukan metode penilaian yang dikenal "
                                            "(assessment_center, uji_kompetensi, atasan, 360, "
                                            "mandiri)"),
    ],
)  # fmt: skip
def test_it_refuses_bad_assessment_rows(agency, employee, dictionary, change, column, reason):
    row = sheet_row(employee, **change)
    refused("assessments", agency, SHEET_HEADERS, [row], row=2, column=column, reason=reason)


def test_an_unknown_nip_and_another_agencys_nip_read_the_same(
    agency, other_agency, employee, dictionary
):
    stranger = EmployeeFactory(unit=UnitFactory(agency=other_agency))
    nobody = "199001012015031999"
    lines = refused(
        "assessments", agency, SHEET_HEADERS,
        [sheet_row(stranger), [nobody, LAST_MONTH, "atasan", "", "3", ""]],
        row=2, column="NIP", reason=f"NIP {stranger.nip} tidak dikenal di instansi ini",
    )  # fmt: skip
    assert lines == [
        f"row 2, column NIP: NIP {stranger.nip} tidak dikenal di instansi ini",
        f"row 3, column NIP: NIP {nobody} tidak dikenal di instansi ini",
    ]


def test_it_refuses_an_unknown_code_column(agency, employee, dictionary):
    refused(
        "assessments", agency, [*SHEET_HEADERS, "T.404"], [[*sheet_row(employee), "3"]],
        row=1, column="T.404",
        reason="kode kompetensi 'T.404' tidak ada di kamus kompetensi instansi ini",
    )  # fmt: skip


def test_another_agencys_technical_code_is_unknown(agency, other_agency, employee, dictionary):
    services.competency_create(actor=None, agency=other_agency, code="T.777", name="Milik B")
    refused(
        "assessments", agency, [*ASSESSMENT_HEADERS, "T.777"],
        [[employee.nip, LAST_MONTH, "atasan", "", "3"]],
        row=1, column="T.777",
        reason="kode kompetensi 'T.777' tidak ada di kamus kompetensi instansi ini",
    )  # fmt: skip


def test_it_refuses_two_rows_for_the_same_employee_method_and_date(agency, employee, dictionary):
    first = sheet_row(employee)
    again = sheet_row(employee, {"M.1": "4"}, method="assessment_center")
    refused(
        "assessments", agency, SHEET_HEADERS, [first, again], row=3, column="Tanggal",
        reason="pegawai ini sudah dinilai dengan metode dan tanggal yang sama di baris 2",
    )  # fmt: skip


def test_the_same_employee_by_another_method_or_date_is_fine(agency, employee, dictionary):
    rows = [sheet_row(employee), sheet_row(employee, method="mandiri"),
            sheet_row(employee, date="2024-01-02")]  # fmt: skip
    assert imported("assessments", agency, SHEET_HEADERS, rows).created == 3


def test_it_refuses_a_row_that_repeats_a_stored_assessment(agency, employee, dictionary):
    imported("assessments", agency, SHEET_HEADERS, [sheet_row(employee)])
    refused(
        "assessments", agency, SHEET_HEADERS, [sheet_row(employee, {"M.2": "5"})],
        row=2, column="Tanggal",
        reason="penilaian pegawai ini dengan metode dan tanggal yang sama sudah tersimpan",
    )  # fmt: skip


def test_one_bad_row_stops_the_whole_sheet(agency, employee, dictionary):
    colleague = EmployeeFactory(unit=employee.unit, position=employee.position)
    rows = [sheet_row(colleague), sheet_row(employee, {"M.1": "9"})]
    lines = refused(
        "assessments", agency, SHEET_HEADERS, rows,
        row=3, column="M.1", reason="'9' bukan level yang sah: isi 1 sampai 5",
    )  # fmt: skip
    assert len(lines) == 1
    assert not Assessment.objects.filter(employee=colleague).exists()


def test_an_assessment_dry_run_writes_nothing(agency, employee, dictionary):
    before = counts()
    plan = imported("assessments", agency, SHEET_HEADERS, [sheet_row(employee)], dry_run=True)
    assert plan.created == 1
    assert plan.preview[0]["changes"] == "M.1=3, M.2=2"
    assert counts() == before


def test_the_assessment_template_lists_the_agencys_codes(agency, technical):
    columns = AssessmentImporter(agency=agency, actor=None).template_columns()
    assert [c.header for c in columns] == [
        *ASSESSMENT_HEADERS, "Nama", "Catatan", *NATIONAL, "T.001",
    ]  # fmt: skip


def test_the_name_and_notes_columns_are_optional(agency, employee, dictionary):
    headers = ["NIP", "Nama", "Tanggal", "Metode", "Asesor", "Catatan", "M.1"]
    rows = [[employee.nip, "Nama apa saja", LAST_MONTH, "mandiri", "", "Baik", "2"]]
    imported("assessments", agency, headers, rows)
    assert Assessment.objects.get(employee=employee).notes == "Baik"


def test_a_sheet_of_500_employees_commits_in_one_go(
    agency, tree, dictionary, django_capture_on_commit_callbacks
):
    """Set-based: a sheet of 500 costs a fixed number of queries (speed: bench/)."""
    position = PositionFactory(unit=tree["bidang"], kind=PositionKind.ADMINISTRATOR)
    people = EmployeeFactory.create_batch(500, unit=tree["bidang"], position=position)
    figures.rebuild_agency(agency.pk)
    rows = [[p.nip, LAST_MONTH, "assessment_center", "AC", *["3"] * 9] for p in people]
    data = csv_bytes([*ASSESSMENT_HEADERS, *NATIONAL], rows)
    with CaptureQueriesContext(connection) as queries:
        errors, plan = run_import("assessments", agency, data)
    assert not errors and plan.created == 500
    assert AssessmentResult.objects.filter(agency=agency).count() == 4500
    assert EmployeeJpm.objects.filter(agency=agency, complete=True).count() == 500
    # The queries do not grow with the rows.
    assert len(queries) < 60, len(queries)


# --- the pages -----------------------------------------------------------------------------


def test_the_import_page_offers_the_three_competency_imports(admin_client):
    response = admin_client.get(reverse("imports:job-list"))
    assert response.status_code == 200
    for kind in ("competencies", "standards", "assessments"):
        assert f'value="{kind}"'.encode() in response.content
        assert reverse("imports:template", args=[kind]).encode() in response.content


@pytest.mark.parametrize("kind", ["competencies", "standards", "assessments"])
def test_the_templates_download(admin_client, kind, dictionary):
    response = admin_client.get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Data"]
    assert sheet.cell(row=1, column=1).value in {"Kode", "Kode Unit", "NIP"}


def test_an_admin_uploads_previews_and_commits_a_result_sheet(
    admin_client, agency, employee, dictionary, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(csv_bytes(SHEET_HEADERS, [sheet_row(employee)]))
    upload.name = "hasil-ac.csv"
    response = admin_client.post(reverse("imports:upload"), {"kind": "assessments", "file": upload})
    job = ImportJob.objects.get(kind="assessments")
    assert response.status_code == 302 and job.status == "validated"
    page = admin_client.get(reverse("imports:job-detail", args=[job.uuid])).content.decode()
    assert employee.nip in page and "M.1=3, M.2=2" in page
    assert not Assessment.objects.exists()
    admin_client.post(reverse("imports:job-commit", args=[job.uuid]))
    job.refresh_from_db()
    assert job.status == "done"
    assessment = Assessment.objects.get(employee=employee)
    assert assessment.recorded_by.username == "admin-a"


def test_a_refused_upload_lists_row_column_and_reason(
    admin_client, agency, employee, dictionary, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(csv_bytes(SHEET_HEADERS, [sheet_row(employee, {"M.1": "7"})]))
    upload.name = "hasil.csv"
    admin_client.post(reverse("imports:upload"), {"kind": "assessments", "file": upload})
    job = ImportJob.objects.get(kind="assessments")
    assert job.status == "invalid"
    page = admin_client.get(reverse("imports:job-detail", args=[job.uuid])).content.decode()
    assert "&#x27;7&#x27; bukan level yang sah: isi 1 sampai 5" in page


def test_a_changed_kind_moves_the_default_but_not_an_imported_level(agency, employee):
    imported(
        "standards", agency, [*STANDARD_HEADERS, "M.1"],
        [["DKP.1.1", "Pengadministrasi Kependudukan", "2"]],
    )  # fmt: skip
    employee_services.position_update(actor=None, position=employee.position, kind="administrator")
    standard = selectors.position_standard_map(employee.position)
    assert standard["M.1"] == 2 and standard["M.2"] == 3


def test_an_assessor_imports_a_result_sheet_but_nothing_else(
    client, assessor_user, agency, employee, dictionary, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(assessor_user)
    page = client.get(reverse("imports:job-list")).content.decode()
    assert 'value="assessments"' in page and 'value="standards"' not in page
    assert client.get(reverse("imports:template", args=["standards"])).status_code == 403
    upload = io.BytesIO(csv_bytes(SHEET_HEADERS, [sheet_row(employee)]))
    upload.name = "hasil.csv"
    client.post(reverse("imports:upload"), {"kind": "assessments", "file": upload})
    job = ImportJob.objects.get(kind="assessments")
    client.post(reverse("imports:job-commit", args=[job.uuid]))
    assert Assessment.objects.get(employee=employee).recorded_by == assessor_user
