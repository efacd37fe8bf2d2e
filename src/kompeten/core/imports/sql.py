"""Set-based writes for imports: many rows per statement, no model instances.

SQLite gets `executemany`; PostgreSQL gets COPY (into the table, or into a temporary table
that one UPDATE … FROM then applies), which is several times faster than row inserts there.
Values must already be in database form: see `DbValues`.
"""

import itertools
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager

from django.db import connection

CHUNK = 10_000
BULK_CACHE_KIB = 256 * 1024


class DbValues:
    """Converters from Python values to what the current database expects in raw SQL."""

    def __init__(self):
        ops = connection.ops
        self.date = ops.adapt_datefield_value
        self.datetime = ops.adapt_datetimefield_value

    @staticmethod
    def json(value) -> str:
        # json.dumps' defaults, as JSONField writes them (and its cached fast encoder).
        return json.dumps(value)


def uuid7_hex(count: int) -> list[str]:
    """`count` time-ordered UUIDs (RFC 9562 version 7) as 32 hex digits.

    Version 7 rather than 4: consecutive keys land at the right edge of the unique index
    instead of on random pages, which made inserting 100,000 rows with their audit events
    markedly faster on SQLite. A 48-bit millisecond timestamp is followed by a 74-bit
    counter that starts at a random value (RFC 9562 §6.2, method 2), so the keys of one
    batch are unique, increasing and unguessable beyond the creation time they carry.
    """
    millis = time.time_ns() // 1_000_000
    start = int.from_bytes(os.urandom(8), "big")  # leaves 2**74 - 2**64 of counter room
    head = (millis << 80) | (7 << 76)
    variant = 0b10 << 62
    low_mask = (1 << 62) - 1
    return [
        f"{head | ((n >> 62) << 64) | variant | (n & low_mask):032x}"
        for n in range(start, start + count)
    ]


def dashed(hex_uuid: str) -> str:
    """The canonical text of a UUID, as str(uuid.UUID) writes it (audit object ids)."""
    h = hex_uuid
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def reserve_ids(table: str, count: int) -> list[int]:
    """Primary keys for `count` rows about to be inserted, so rows can point at each other
    in the same insert (foreign keys are deferred to the commit).

    PostgreSQL draws them from the sequence; SQLite holds the write lock for the whole
    transaction (IMMEDIATE), so nothing else can take the ids after the current maximum.
    """
    if not count:
        return []
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [q(table), count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT max(id) FROM {q(table)}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
        return list(range(start, start + count))


@contextmanager
def bulk_write_cache():
    """Give SQLite a page cache big enough for the indexes a large import updates.

    With the default 2 MB, inserting 100,000 rows with random UUID keys evicts and rereads
    index pages all the time (10x slower). Restored afterwards so the memory is returned.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


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
                # The raw psycopg cursor: translate its errors into Django's (IntegrityError…).
                with (
                    connection.wrap_database_errors,
                    cursor.cursor.copy(f"COPY {qtable} ({column_list}) FROM STDIN") as copy,
                ):
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
    with (
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {temp} ({selected}) FROM STDIN") as copy,
    ):
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
