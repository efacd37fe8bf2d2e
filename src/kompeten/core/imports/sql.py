"""Set-based writes for imports: many rows per statement, no model instances.

SQLite gets `executemany`; PostgreSQL gets COPY (into the table, or into a temporary table
that one UPDATE … FROM then applies), which is several times faster than row inserts there.
Values must already be in database form: see `DbValues`.
"""

import itertools
import json
from collections.abc import Callable, Iterable, Sequence

from django.db import connection

CHUNK = 10_000


class DbValues:
    """Converters from Python values to what the current database expects in raw SQL."""

    def __init__(self):
        ops = connection.ops
        self.native_uuid = connection.features.has_native_uuid_field
        self.date = ops.adapt_datefield_value
        self.datetime = ops.adapt_datetimefield_value

    def uuid(self, value):
        return value if self.native_uuid else value.hex

    @staticmethod
    def json(value) -> str:
        return json.dumps(value, ensure_ascii=False)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def insert_rows(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert rows (tuples in `columns` order); returns how many were written."""
    written = 0
    column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
    qtable = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            if is_postgres():
                with cursor.cursor.copy(f"COPY {qtable} ({column_list}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {qtable} ({column_list}) VALUES ({marks})", chunk)
            written += len(chunk)
            if progress:
                progress(len(chunk))
    return written


def update_rows(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    key: str = "id",
    only_if_null: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Update rows given as (value for each column…, key value).

    `only_if_null` names a column that must still be NULL for a row to change (closing
    only the open assignment of an employee, say).
    """
    q = connection.ops.quote_name
    written = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            if is_postgres():
                _update_postgres(cursor, table, columns, key, only_if_null, chunk)
            else:
                assignments = ", ".join(f"{q(c)} = %s" for c in columns)
                condition = f" AND {q(only_if_null)} IS NULL" if only_if_null else ""
                cursor.executemany(
                    f"UPDATE {q(table)} SET {assignments} WHERE {q(key)} = %s{condition}", chunk
                )
            written += len(chunk)
            if progress:
                progress(len(chunk))
    return written


def _update_postgres(cursor, table, columns, key, only_if_null, chunk):
    q = connection.ops.quote_name
    temp = q(f"_import_{table}")
    selected = ", ".join(q(c) for c in [*columns, key])
    cursor.execute(f"DROP TABLE IF EXISTS {temp}")
    # Same column types as the target, no constraints: COPY needs no casts.
    cursor.execute(
        f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS "
        f"SELECT {selected} FROM {q(table)} WITH NO DATA"
    )
    with cursor.cursor.copy(f"COPY {temp} ({selected}) FROM STDIN") as copy:
        for row in chunk:
            copy.write_row(row)
    assignments = ", ".join(f"{q(c)} = src.{q(c)}" for c in columns)
    cursor.execute(
        f"UPDATE {q(table)} AS dst SET {assignments} FROM {temp} AS src "
        f"WHERE dst.{q(key)} = src.{q(key)}"
        + (f" AND dst.{q(only_if_null)} IS NULL" if only_if_null else "")
    )
    cursor.execute(f"DROP TABLE {temp}")


def _chunks(rows: Iterable[Sequence]):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield chunk
