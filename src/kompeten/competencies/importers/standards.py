"""Import of position standards (Standar Kompetensi Jabatan): `Kode Unit, Jabatan`, then one
column per competency code with the required level (empty: not required).

One audit event per changed position with {code: [old, new]}; the figures of the holders of
the changed positions follow in the same transaction (figures.refresh_positions, which
rebuilds the whole agency when that is cheaper).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kompeten.agencies.models import Unit
from kompeten.competencies import figures, rules
from kompeten.competencies.importers.common import (
    CHUNK,
    CodeColumnsImporter,
    level_error,
    parse_level,
)
from kompeten.competencies.models import EmployeeJpm, PositionStandard, UnitCompetencySummary
from kompeten.core.imports.auditlog import AuditBatch
from kompeten.core.imports.base import Column, Plan, row_extractor
from kompeten.core.imports.cells import vocabulary_key
from kompeten.core.imports.readers import Table
from kompeten.core.imports.sql import DbValues, insert_rows, update_rows
from kompeten.core.models import AuditEvent
from kompeten.employees.models import Position

H_UNIT_CODE, H_POSITION = "Kode Unit", "Jabatan"
STANDARD_FIXED_HEADERS = [H_UNIT_CODE, H_POSITION]
STANDARD_COLUMNS = [
    Column(H_UNIT_CODE, required=True, example="DKP.1", help="Kode unit kerja jabatan."),
    Column(H_POSITION, required=True, example="Kepala Bidang Pelayanan",
           help="Nama jabatan yang sudah ada di unit itu (huruf besar/kecil dan spasi berlebih "
                "tidak berpengaruh)."),
]  # fmt: skip
STANDARD_LEVEL_HELP = (
    "Level yang dipersyaratkan 1–5; kosong berarti tidak dipersyaratkan (untuk kompetensi "
    "nasional, kosong menghapusnya dari standar jabatan)."
)


@dataclass
class StandardChange:
    row: int
    position_id: int
    position_uuid: object
    label: str
    changes: dict  # competency -> (old, new)


class StandardImporter(CodeColumnsImporter):
    """Standar kompetensi jabatan: `Kode Unit, Jabatan`, then one column per competency code."""

    kind = "standards"
    description = _lazy(
        "Kolom: Kode Unit, Jabatan, lalu satu kolom per kode kompetensi berisi level 1–5 yang "
        "dipersyaratkan; sel kosong berarti tidak dipersyaratkan."
    )
    title = "Standar kompetensi jabatan"
    columns = STANDARD_COLUMNS
    level_help = STANDARD_LEVEL_HELP
    touched_models = (PositionStandard, AuditEvent, EmployeeJpm, UnitCompetencySummary)

    def validate(self, table: Table) -> Plan:
        plan, indexes, col, columns = self.resolve(table)
        if plan.errors:
            return plan
        agency_id = self.agency.pk
        units = dict(Unit.objects.filter(agency_id=agency_id).values_list("code", "id"))
        units_upper = {code.upper(): pk for code, pk in units.items()}
        positions: dict = {}
        for pk, uid, unit_id, name, kind in Position.objects.filter(
            agency_id=agency_id
        ).values_list("id", "uuid", "unit_id", "name", "kind"):
            positions.setdefault((unit_id, vocabulary_key(name)), (pk, uid, name, kind))
        stored: dict[tuple[int, int], int | None] = {
            (position_id, competency_id): level
            for position_id, competency_id, level in PositionStandard.objects.filter(
                agency_id=agency_id
            ).values_list("position_id", "competency_id", "required_level")
        }
        extract = row_extractor([indexes[H_UNIT_CODE], indexes[H_POSITION]])
        error = plan.add_error
        required = _("wajib diisi")
        seen: dict[int, int] = {}
        changes: list[StandardChange] = []
        for number, cells in table.rows:
            unit_code, name = extract(cells)
            position = None
            unit_id = units.get(unit_code) or units_upper.get(unit_code.upper())
            if not unit_code:
                error(number, col[H_UNIT_CODE], required)
            elif unit_id is None:
                error(
                    number,
                    col[H_UNIT_CODE],
                    _("kode unit %(code)s tidak dikenal") % {"code": unit_code},
                )
            if not name:
                error(number, col[H_POSITION], required)
            elif unit_id is not None:
                position = positions.get((unit_id, vocabulary_key(name)))
                if position is None:
                    error(
                        number,
                        col[H_POSITION],
                        _("jabatan '%(name)s' tidak ada di unit %(code)s")
                        % {"name": name, "code": unit_code},
                    )
                elif position[0] in seen:
                    error(
                        number,
                        col[H_POSITION],
                        _("jabatan ini sudah ada di baris %(row)s") % {"row": seen[position[0]]},
                    )
                    position = None
                else:
                    seen[position[0]] = number
            wanted = {}
            for column in columns:
                text = cells[column.index].strip() if column.index < len(cells) else ""
                try:
                    wanted[column.competency] = parse_level(text.removeprefix("'"))
                except ValueError:
                    error(number, column.header, level_error(text))
            if position is None or len(wanted) < len(columns):
                continue
            pk, uid, position_name, kind = position
            diff = {}
            for competency, new in wanted.items():
                key = (pk, competency.pk)
                if key in stored:
                    old = stored[key]
                elif competency.is_national:
                    old = rules.DEFAULT_LEVEL_BY_KIND.get(kind)
                else:
                    old = None
                if old != new:
                    diff[competency] = (old, new)
            if diff:
                changes.append(StandardChange(number, pk, uid, position_name, diff))
                plan.updated += 1
                plan.add_preview(
                    row=number,
                    action="diubah",
                    key=unit_code,
                    label=position_name,
                    changes=", ".join(
                        f"{c.code}: {_dash(old)} → {_dash(new)}" for c, (old, new) in diff.items()
                    ),
                )
            else:
                plan.unchanged += 1
        if not plan.errors:
            plan.payload = changes
        return plan

    def commit(self, plan: Plan, *, progress) -> None:
        changes: list[StandardChange] = plan.payload
        if not changes:
            return
        agency_id = self.agency.pk
        position_ids = [c.position_id for c in changes]
        # National rows the positions do not have yet get their defaults first, as
        # services.standard_set does; the file's values then overwrite them.
        figures.ensure_default_standards(agency_id, position_ids)
        row_ids = {}
        for start in range(0, len(position_ids), CHUNK):
            row_ids.update(
                {
                    (position_id, competency_id): pk
                    for pk, position_id, competency_id in PositionStandard.objects.filter(
                        agency_id=agency_id, position_id__in=position_ids[start : start + CHUNK]
                    ).values_list("id", "position_id", "competency_id")
                }
            )
        db = DbValues()
        now = db.datetime(timezone.now())
        source = PositionStandard.Source.IMPORT.value
        updates, inserts = [], []
        audit = AuditBatch(agency_id=agency_id, actor=self.actor, values=db)
        for change in changes:
            for competency, (_old, new) in change.changes.items():
                pk = row_ids.get((change.position_id, competency.pk))
                if pk is None:
                    inserts.append((agency_id, change.position_id, competency.pk, new, source, now))
                else:
                    updates.append((new, source, now, pk))
            audit.add(
                action="competencies.standard.updated",
                object_type=Position._meta.label_lower,
                uuid=change.position_uuid,
                label=change.label,
                changes={c.code: [old, new] for c, (old, new) in change.changes.items()},
            )
        table = PositionStandard._meta.db_table
        update_rows(table, ["required_level", "source", "updated_at"], updates)
        insert_rows(
            table,
            ["agency_id", "position_id", "competency_id", "required_level", "source",
             "updated_at"],
            inserts,
        )  # fmt: skip
        audit.write()
        progress(plan.total_rows // 2)
        # refresh_employees switches to a rebuild of the agency when many employees hold
        # the changed positions.
        figures.refresh_positions(agency_id, position_ids)
        progress(plan.total_rows)


def _dash(level) -> str:
    return "-" if level is None else str(level)
