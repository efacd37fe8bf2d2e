"""Import of the competency dictionary: technical competencies upserted by code, new
descriptions for the national ones (M.1–M.8, SK.1), whose code, name and kind are fixed."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kompeten.agencies.models import Unit
from kompeten.competencies import rules, services
from kompeten.competencies.models import Competency, CompetencyKind
from kompeten.competencies.services import CODE_MESSAGE
from kompeten.core.imports.base import Column, Importer, Plan, resolve_columns, row_extractor
from kompeten.core.imports.cells import vocabulary_key
from kompeten.core.imports.readers import Table
from kompeten.core.models import AuditEvent
from kompeten.employees.columns import POSITION_KIND_WORDS
from kompeten.employees.models import PositionKind

H_CODE, H_NAME, H_KIND, H_DEFINITION = "Kode", "Nama", "Jenis", "Definisi"
H_LEVELS = ["Level 1", "Level 2", "Level 3", "Level 4", "Level 5"]
H_UNITS, H_POSITION_KINDS = "Unit", "Jenis Jabatan"
# The layout of the dictionary import, which the dictionary XLSX export must use as well so
# that an export can be imported again unchanged.
COMPETENCY_HEADERS = [H_CODE, H_NAME, H_KIND, H_DEFINITION, *H_LEVELS, H_UNITS, H_POSITION_KINDS]

# Fixed strings (domain.md §9 vocabulary), not translations: files read the same in any UI
# language.
COMPETENCY_KIND_WORDS = {
    CompetencyKind.TECHNICAL.value: "Teknis",
    CompetencyKind.MANAGERIAL.value: "Manajerial",
    CompetencyKind.SOCIO_CULTURAL.value: "Sosial Kultural",
}
KIND_BY_WORD = {vocabulary_key(word): kind for kind, word in COMPETENCY_KIND_WORDS.items()} | {
    "sosial-kultural": CompetencyKind.SOCIO_CULTURAL.value,
    "sosiokultural": CompetencyKind.SOCIO_CULTURAL.value,
    **{kind: kind for kind in COMPETENCY_KIND_WORDS},
}
POSITION_KIND_BY_WORD: dict[str, str] = {}
for _kind, _word in POSITION_KIND_WORDS.items():
    POSITION_KIND_BY_WORD[vocabulary_key(_word)] = _kind.value
    POSITION_KIND_BY_WORD[vocabulary_key(_word).removeprefix("fungsional ")] = _kind.value
POSITION_KIND_ORDER = {kind.value: n for n, kind in enumerate(PositionKind)}
NATIONAL_PREFIXES = services.NATIONAL_PREFIXES
CODE_MAX = Competency._meta.get_field("code").max_length
NAME_MAX = Competency._meta.get_field("name").max_length
DESCRIPTION_FIELDS = ["definition", "level_1", "level_2", "level_3", "level_4", "level_5"]
DESCRIPTION_HEADERS = [H_DEFINITION, *H_LEVELS]

COMPETENCY_COLUMNS = [
    Column(H_CODE, required=True, example="T.001",
           help="Kode kompetensi. Kode yang sudah ada diperbarui. M.1–M.8 dan SK.1 adalah "
                "kompetensi nasional: hanya definisi dan uraian levelnya yang dapat diubah."),
    Column(H_NAME, required=True, example="Pengelolaan Data Kependudukan",
           help="Nama kompetensi. Nama kompetensi nasional tidak dapat diubah."),
    Column(H_KIND, required=True, example="Teknis",
           allowed="Teknis, Manajerial, Sosial Kultural",
           help="Kompetensi yang ditambahkan instansi selalu Teknis."),
    Column(H_DEFINITION, example="Kemampuan mengelola data kependudukan secara akurat.",
           help="Definisi kompetensi."),
    *(Column(h, example=f"Uraian perilaku level {n}.", help=f"Uraian level {n} (1 terendah).")
      for n, h in enumerate(H_LEVELS, start=1)),
    Column(H_UNITS, example="DKP.1, DKP.2", aliases=("Berlaku untuk Unit",),
           help="Kode unit tempat kompetensi teknis ini berlaku, dipisah koma; kosong berarti "
                "semua unit. Kosongkan untuk kompetensi nasional."),
    Column(H_POSITION_KINDS, example="Pelaksana, Ahli Pertama",
           aliases=("Berlaku untuk Jenis Jabatan",),
           allowed=", ".join(POSITION_KIND_WORDS.values()),
           help="Jenis jabatan tempat kompetensi teknis ini berlaku, dipisah koma; kata "
                "'Fungsional' boleh ditulis atau tidak; kosong berarti semua jenis jabatan."),
]  # fmt: skip
assert [c.header for c in COMPETENCY_COLUMNS] == COMPETENCY_HEADERS


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


@dataclass
class CompetencyRecord:
    row: int
    code: str
    fields: dict  # model field -> value, only for the columns present in the file
    units: list[str] | None  # unit codes; None when the column is absent
    stored: Competency | None = None


class CompetencyImporter(Importer):
    """The dictionary: technical competencies upserted by code, national ones described."""

    kind = "competencies"
    description = _lazy(
        "Kolom: Kode, Nama, Jenis, Definisi, Level 1–5, Unit, Jenis Jabatan. Kompetensi teknis "
        "diperbarui menurut kode; untuk M.1–M.8 dan SK.1 hanya definisi dan uraian level."
    )
    title = "Kamus kompetensi"
    columns = COMPETENCY_COLUMNS
    touched_models = (Competency, AuditEvent)

    def template_columns(self) -> list[Column]:
        return self.columns

    def validate(self, table: Table) -> Plan:
        plan = Plan(total_rows=len(table.rows))
        indexes, col, plan.errors = resolve_columns(table, self.columns)
        if plan.errors:
            return plan
        agency_id = self.agency.pk
        stored = {
            c.code.upper(): c
            for c in Competency.objects.filter(agency_id=agency_id).prefetch_related(
                "applies_to_units"
            )
        }
        unit_codes = set(Unit.objects.filter(agency_id=agency_id).values_list("code", flat=True))
        present = {h for h in COMPETENCY_HEADERS if indexes[h] is not None}
        extract = row_extractor([indexes[h] for h in COMPETENCY_HEADERS])
        error = plan.add_error
        required = _("wajib diisi")
        seen: dict[str, int] = {}
        records: list[CompetencyRecord] = []
        for number, cells in table.rows:
            code, name, kind_text, definition, *rest = extract(cells)
            levels, units_text, kinds_text = rest[:5], rest[5], rest[6]
            before = len(plan.errors)
            code = code.upper()
            if not code:
                error(number, col[H_CODE], required)
            elif len(code) > CODE_MAX:
                error(number, col[H_CODE], _("paling banyak %d karakter") % CODE_MAX)
            elif not rules.valid_code(code):
                error(number, col[H_CODE], str(CODE_MESSAGE))
            elif code in seen:
                error(
                    number,
                    col[H_CODE],
                    _("kode %(code)s sudah ada di baris %(row)s")
                    % {"code": code, "row": seen[code]},
                )
                continue
            else:
                seen[code] = number
            current = stored.get(code)
            national = code.startswith(NATIONAL_PREFIXES) or (
                current is not None and current.is_national
            )
            kind = KIND_BY_WORD.get(vocabulary_key(kind_text)) if kind_text else None
            if not kind_text:
                error(number, col[H_KIND], required)
            elif kind is None:
                error(
                    number,
                    col[H_KIND],
                    _("'%(value)s' bukan jenis kompetensi yang dikenal (Teknis, Manajerial, "
                      "Sosial Kultural)") % {"value": kind_text},
                )  # fmt: skip
            if not name:
                error(number, col[H_NAME], required)
            elif len(name) > NAME_MAX:
                error(number, col[H_NAME], _("paling banyak %d karakter") % NAME_MAX)

            units = _split_list(units_text)
            for unit in units:
                if unit not in unit_codes:
                    error(
                        number,
                        col[H_UNITS],
                        _("kode unit %(code)s tidak dikenal") % {"code": unit},
                    )
            position_kinds = []
            for word in _split_list(kinds_text):
                value = POSITION_KIND_BY_WORD.get(vocabulary_key(word))
                if value is None:
                    error(
                        number,
                        col[H_POSITION_KINDS],
                        _("'%(value)s' bukan jenis jabatan yang dikenal") % {"value": word},
                    )
                elif value not in position_kinds:
                    position_kinds.append(value)
            position_kinds.sort(key=POSITION_KIND_ORDER.__getitem__)

            if national and code:
                self._check_national(
                    plan, number, col, code, current, name, kind, units, position_kinds
                )
            elif kind is not None and kind != CompetencyKind.TECHNICAL:
                error(
                    number,
                    col[H_KIND],
                    _("kompetensi instansi selalu berjenis Teknis; Manajerial dan Sosial "
                      "Kultural hanya M.1–M.8 dan SK.1"),
                )  # fmt: skip
            if len(plan.errors) > before:
                continue
            fields = {}
            if not national:
                fields["name"] = name
                if H_POSITION_KINDS in present:
                    fields["applies_to_kinds"] = position_kinds
            for name_, header, value in zip(
                DESCRIPTION_FIELDS, DESCRIPTION_HEADERS, [definition, *levels], strict=True
            ):
                if header in present:
                    fields[name_] = value
            records.append(
                CompetencyRecord(
                    row=number,
                    code=code,
                    fields=fields,
                    units=None if national or H_UNITS not in present else sorted(set(units)),
                    stored=current,
                )
            )
        if plan.errors:
            return plan
        plan.payload = [r for r in records if self._classify(plan, r)]
        return plan

    @staticmethod
    def _check_national(plan, number, col, code, current, name, kind, units, kinds):
        error = plan.add_error
        if current is None:
            error(
                number,
                col[H_CODE],
                _("kode M.x dan SK.x disediakan untuk kompetensi nasional (M.1–M.8, SK.1)"),
            )
            return
        if name and vocabulary_key(name) != vocabulary_key(current.name):
            error(
                number,
                col[H_NAME],
                _("nama kompetensi nasional %(code)s tidak dapat diubah (%(name)s)")
                % {"code": code, "name": current.name},
            )
        if kind is not None and kind != current.kind:
            error(
                number,
                col[H_KIND],
                _("jenis kompetensi nasional %(code)s adalah %(kind)s")
                % {"code": code, "kind": COMPETENCY_KIND_WORDS[current.kind]},
            )
        if units:
            error(
                number, col[H_UNITS], _("kompetensi nasional berlaku untuk semua unit; kosongkan")
            )
        if kinds:
            error(
                number,
                col[H_POSITION_KINDS],
                _("kompetensi nasional berlaku untuk semua jenis jabatan; kosongkan"),
            )

    @staticmethod
    def _classify(plan: Plan, record: CompetencyRecord) -> bool:
        """Count the record; True when it must be written."""
        current = record.stored
        label = record.fields.get("name") or (current.name if current else "")
        if current is None:
            plan.created += 1
            plan.add_preview(
                row=record.row, action="baru", key=record.code, label=label, changes=""
            )
            return True
        changed = [name for name, value in record.fields.items() if getattr(current, name) != value]
        if record.units is not None and record.units != sorted(
            u.code for u in current.applies_to_units.all()
        ):
            changed.append("applies_to_units")
        if not changed:
            plan.unchanged += 1
            return False
        plan.updated += 1
        plan.add_preview(
            row=record.row,
            action="diubah",
            key=record.code,
            label=label,
            changes=", ".join(
                sorted((FIELD_HEADERS[name] for name in changed), key=COMPETENCY_HEADERS.index)
            ),
        )
        return True

    def commit(self, plan: Plan, *, progress) -> None:
        records: list[CompetencyRecord] = plan.payload
        codes = {code for r in records for code in r.units or ()}
        units = {u.code: u for u in Unit.objects.filter(agency_id=self.agency.pk, code__in=codes)}
        # A dictionary holds tens to hundreds of rows: the services write (and audit) them.
        for done, record in enumerate(records, start=1):
            chosen = None if record.units is None else [units[c] for c in record.units]
            if record.stored is None:
                services.competency_create(
                    actor=self.actor,
                    agency=self.agency,
                    units=chosen or (),
                    code=record.code,
                    **record.fields,
                )
            else:
                services.competency_update(
                    actor=self.actor, competency=record.stored, units=chosen, **record.fields
                )
            progress(done)


FIELD_HEADERS = {
    "name": H_NAME,
    "applies_to_kinds": H_POSITION_KINDS,
    "applies_to_units": H_UNITS,
    **dict(zip(DESCRIPTION_FIELDS, DESCRIPTION_HEADERS, strict=True)),
}
