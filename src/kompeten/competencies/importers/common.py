"""What the three competency importers share: level cells and the competency code columns.

The standards and assessments sheets have one column per competency code of the agency's
dictionary after their fixed columns; `CodeColumnsImporter` resolves those columns and
builds the template with the agency's codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kompeten.competencies import rules
from kompeten.competencies.columns import ordered
from kompeten.competencies.models import Competency
from kompeten.core.imports.base import Column, Importer, Plan, resolve_columns
from kompeten.core.imports.errors import HEADER_ROW, WHOLE_ROW
from kompeten.core.imports.readers import Table, header_key

# SQLite refuses statements with too many parameters; lookups by id go in chunks.
CHUNK = 900
LEVEL_TEXT = {str(level): level for level in rules.LEVELS}


def parse_level(value) -> int | None:
    """A level cell: "" is no level, 1–5 a level; anything else raises ValueError."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    level = LEVEL_TEXT.get(text)
    if level is None:
        raise ValueError(text)
    return level


def level_error(value) -> str:
    return _("'%(value)s' bukan level yang sah: isi 1 sampai 5") % {"value": value}


def unknown_code_error(code: str) -> str:
    return _("kode kompetensi '%(code)s' tidak ada di kamus kompetensi instansi ini") % {
        "code": code
    }


def agency_competencies(agency_id: int) -> dict[str, Competency]:
    """The dictionary by upper-case code, in the order of the dictionary pages and exports."""
    return {c.code.upper(): c for c in ordered(Competency.objects.filter(agency_id=agency_id))}


@dataclass
class CodeColumn:
    index: int
    header: str  # as written in the file
    competency: Competency


def code_columns(
    table: Table, fixed: list[Column], competencies: dict[str, Competency], plan: Plan
) -> list[CodeColumn]:
    """Every header that is not a fixed column must be a competency code of the dictionary."""
    fixed_keys = {key for column in fixed for key in column.keys}
    found: list[CodeColumn] = []
    seen: set[str] = set()
    for index, header in enumerate(table.headers):
        text = (header or "").strip()
        if not text or header_key(text) in fixed_keys:
            continue
        code = text.upper()
        competency = competencies.get(code)
        if competency is None:
            plan.add_error(HEADER_ROW, text, unknown_code_error(text))
        elif code in seen:
            plan.add_error(
                HEADER_ROW,
                text,
                _("kolom kompetensi %(code)s muncul dua kali") % {"code": competency.code},
            )
        else:
            seen.add(code)
            found.append(CodeColumn(index, text, competency))
    return found


class CodeColumnsImporter(Importer):
    """An importer whose fixed `columns` are followed by one column per competency code."""

    level_help = ""  # what a level cell means, for the template's guide sheet

    def template_columns(self) -> list[Column]:
        """The fixed columns, then the agency's codes (the template to download)."""
        return [
            *self.columns,
            *(
                Column(
                    c.code,
                    help=f"{c.name}. {self.level_help}",
                    allowed="1, 2, 3, 4, 5",
                    example="3" if c.is_national else "",
                )
                for c in agency_competencies(self.agency.pk).values()
            ),
        ]

    def resolve(self, table: Table) -> tuple[Plan, dict, dict, list[CodeColumn]]:
        """(plan with header errors, column indexes, headers as written, code columns)."""
        plan = Plan(total_rows=len(table.rows))
        indexes, written, plan.errors = resolve_columns(table, self.columns)
        columns = code_columns(table, self.columns, agency_competencies(self.agency.pk), plan)
        if not plan.errors and not columns:
            plan.add_error(
                HEADER_ROW,
                WHOLE_ROW,
                _("tidak ada kolom kode kompetensi (mis. M.1, T.001) di baris judul"),
            )
        return plan, indexes, written, columns
