"""The shape every importer shares: columns, header resolution, the plan it validates.

An importer reads a Table, checks every row in plain Python against data loaded once, and
returns a Plan: the errors, or the counts and what to write. `commit` writes a valid plan
and runs inside the caller's single transaction.
"""

import operator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kompeten.core.imports.errors import HEADER_ROW, RowError
from kompeten.core.imports.readers import Table, header_key

PREVIEW_ROWS = 20


@dataclass(frozen=True)
class Column:
    """One column of an import template."""

    header: str
    help: str
    required: bool = False
    allowed: str = ""
    example: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return (header_key(self.header), *(header_key(a) for a in self.aliases))


@dataclass
class Plan:
    """The result of validating a file, and the data a commit will write."""

    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    payload: Any = None  # for commit() only: import_run drops it when done

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, row: int, column: str, reason: str) -> None:
        self.errors.append(RowError(row=row, column=column, reason=reason))

    def add_preview(self, *, row: int, action: str, key: str, label: str, changes: str) -> None:
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append(
                {"row": row, "action": action, "key": key, "label": label, "changes": changes}
            )

    def summary(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "notes": self.notes,
            "preview": self.preview,
            **self.extra,
        }


class Progress:
    """Receives the number of rows written so far; the default ignores it."""

    def __call__(self, processed: int) -> None:
        pass


class Importer:
    """Base of the unit and employee importers. Subclasses set `kind`, `columns`, `title`."""

    kind: str = ""
    title: str = ""
    columns: list[Column] = []
    # Tables a large import changes, whose planner statistics are refreshed afterwards.
    touched_models: tuple = ()

    def __init__(self, *, agency, actor):
        self.agency = agency
        self.actor = actor

    def validate(self, table: Table) -> Plan:
        raise NotImplementedError

    def commit(self, plan: Plan, *, progress: Progress) -> None:
        raise NotImplementedError


def resolve_columns(
    table: Table, columns: list[Column]
) -> tuple[dict[str, int | None], dict[str, str], list[RowError]]:
    """Map each column's header to its index in the file (None when absent).

    Returns (index by canonical header, header as written in the file, errors for the
    required headers that are missing).
    """
    positions: dict[str, int] = {}
    for index, key in enumerate(table.keys):
        positions.setdefault(key, index)
    indexes: dict[str, int | None] = {}
    written: dict[str, str] = {}
    errors = []
    for column in columns:
        index = next((positions[k] for k in column.keys if k in positions), None)
        indexes[column.header] = index
        written[column.header] = table.headers[index] if index is not None else column.header
        if index is None and column.required:
            errors.append(
                RowError(
                    row=HEADER_ROW,
                    column=column.header,
                    reason=_("kolom wajib '%(column)s' tidak ada di baris judul")
                    % {"column": column.header},
                )
            )
    return indexes, written, errors


def cell_getter(index: int | None):
    """A fast accessor for one column: the stripped cell without a leading apostrophe.

    Exports prefix cells that start with = + - @ with an apostrophe (and SIASN prefixes
    NIPs with one), so an apostrophe at the start is never data.
    """
    if index is None:
        return lambda cells: ""

    def get(cells, _i=index):
        try:
            value = cells[_i]
        except IndexError:
            return ""
        value = value.strip()
        if value[:1] == "'":
            return value[1:].strip()
        return value

    return get


def row_extractor(indexes: list[int | None], *, null: str | None = None):
    """One call per row that returns the cleaned cells of the given columns, in order.

    The same cleaning as cell_getter (strip spaces, then a leading apostrophe), with
    itemgetter doing the lookups in C: this runs once per row of large files. Absent columns
    (None) and short rows read as "". With `null`, that exact text also reads as "".
    """
    present = [i for i in indexes if i is not None]
    absent = [position for position, i in enumerate(indexes) if i is None]
    width = max(present, default=0) + 1
    getter = operator.itemgetter(*present) if len(present) > 1 else None

    def extract(cells):
        if len(cells) < width:  # a short row: the missing cells are empty
            cells = cells + [""] * (width - len(cells))
        values = list(map(str.strip, getter(cells) if getter else [cells[i] for i in present]))
        # One scan of the joined row instead of a test per cell: apostrophes are rare.
        if "'" in "".join(values):
            values = [v[1:].strip() if v[:1] == "'" else v for v in values]
        for position in absent:
            values.insert(position, "")
        if null is not None:
            return ["" if v == null else v for v in values]
        return values

    return extract
