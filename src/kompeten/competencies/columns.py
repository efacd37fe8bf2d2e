"""Spreadsheet layouts of the dictionary and the standards, shared by exports and imports.

Values use the import vocabulary of domain.md §9 whatever the UI language, so that an export
can be imported again unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kompeten.competencies import rules
from kompeten.competencies.models import Competency, CompetencyKind, PositionStandard
from kompeten.employees.columns import POSITION_KIND_WORDS

# The same names as the dictionary importer's template (importers/dictionary.py), so that an
# export imports again unchanged.
COMPETENCY_HEADERS = [
    "Kode",
    "Nama",
    "Jenis",
    "Definisi",
    "Level 1",
    "Level 2",
    "Level 3",
    "Level 4",
    "Level 5",
    "Unit",
    "Jenis Jabatan",
]
# Fixed strings, not translations: files read the same whatever the user's language.
KIND_WORDS = {
    CompetencyKind.TECHNICAL: "Teknis",
    CompetencyKind.MANAGERIAL: "Manajerial",
    CompetencyKind.SOCIO_CULTURAL: "Sosial Kultural",
}
KIND_ORDER = {
    CompetencyKind.MANAGERIAL: 0,
    CompetencyKind.SOCIO_CULTURAL: 1,
    CompetencyKind.TECHNICAL: 2,
}
LIST_SEPARATOR = ", "

STANDARD_FIXED_HEADERS = ["Kode Unit", "Jabatan"]


def competency_sort_key(competency: Competency):
    """Managerial, socio-cultural, then technical; codes in natural order (M.2 before M.10)."""
    parts = re.split(r"(\d+)", competency.code)
    return (
        KIND_ORDER.get(competency.kind, 9),
        [int(p) if p.isdigit() else p for p in parts],
    )


def ordered(competencies: Iterable[Competency]) -> list[Competency]:
    return sorted(competencies, key=competency_sort_key)


def competency_rows(competencies: Iterable[Competency]):
    """Rows in COMPETENCY_HEADERS order; prefetch `applies_to_units` on the queryset."""
    for c in ordered(competencies):
        units = sorted(u.code for u in c.applies_to_units.all())
        kinds = [str(POSITION_KIND_WORDS.get(k, k)) for k in c.applies_to_kinds or []]
        yield [
            c.code,
            c.name,
            KIND_WORDS[c.kind],
            c.definition,
            *c.level_descriptions,
            LIST_SEPARATOR.join(units),
            LIST_SEPARATOR.join(kinds),
        ]


def standard_headers(competencies: Sequence[Competency]) -> list[str]:
    """`Kode Unit, Jabatan`, then one column per competency code (issue 3 item 2)."""
    return [*STANDARD_FIXED_HEADERS, *(c.code for c in competencies)]


def standard_levels(positions: Sequence, competencies: Sequence[Competency]) -> dict:
    """{position id: {competency id: (level or None, source)}} with the kind defaults filled in.

    One query for the stored rows; a national competency without a stored row takes the
    default of the position's kind (as selectors.position_standard does).
    """
    ids = [p.pk for p in positions]
    competency_ids = {c.pk for c in competencies}
    stored: dict[int, dict[int, tuple]] = {pk: {} for pk in ids}
    for position_id, competency_id, level, source in (
        PositionStandard.objects.filter(position_id__in=ids, competency_id__in=competency_ids)
        .order_by()
        .values_list("position_id", "competency_id", "required_level", "source")
    ):
        stored[position_id][competency_id] = (level, source)
    for position in positions:
        cells = stored[position.pk]
        for c in competencies:
            if c.pk not in cells and c.kind != CompetencyKind.TECHNICAL:
                cells[c.pk] = (rules.DEFAULT_LEVEL_BY_KIND.get(position.kind), "default")
    return stored


def standard_rows(positions: Iterable, competencies: Sequence[Competency], chunk: int = 1000):
    """Rows in standard_headers() order; an empty cell means "not required".

    `positions` must have `unit` selected; read in chunks so an export of every position
    makes one standards query per chunk, not one per position.
    """
    batch = []
    for position in positions:
        batch.append(position)
        if len(batch) >= chunk:
            yield from _standard_batch(batch, competencies)
            batch = []
    if batch:
        yield from _standard_batch(batch, competencies)


def _standard_batch(positions, competencies):
    levels = standard_levels(positions, competencies)
    for position in positions:
        cells = levels[position.pk]
        yield [
            position.unit.code,
            position.name,
            *((cells.get(c.pk) or (None, None))[0] for c in competencies),
        ]
