"""The stored yearly JP per employee (YearlyJp), in set-based SQL.

Services that verify, reject, change or delete records call `refresh_employees` in the same
transaction; `rebuild_agency` recomputes every year of an agency from the verified records.
A test checks that both give the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from kompeten.development.models import Record, YearlyJp

T = {"record": Record._meta.db_table, "yearly": YearlyJp._meta.db_table}


def _in(column: str, ids) -> tuple[str, list]:
    if ids is None:
        return "", []
    ids = list(ids)
    if not ids:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


def _write(agency_id: int, employee_ids) -> None:
    cond, params = _in("employee_id", employee_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {T['yearly']} WHERE agency_id = %s{cond}", [agency_id, *params]
        )
        cursor.execute(
            f"""
            INSERT INTO {T["yearly"]} (agency_id, employee_id, year, jp, n_records)
            SELECT agency_id, employee_id, year, SUM(jp), COUNT(*)
            FROM {T["record"]}
            WHERE agency_id = %s AND status = %s{cond}
            GROUP BY agency_id, employee_id, year
            """,
            [agency_id, Record.Status.VERIFIED.value, *params],
        )


@transaction.atomic
def rebuild_agency(agency_id: int) -> None:
    _write(agency_id, None)


@transaction.atomic
def refresh_employees(agency_id: int, employee_ids: Iterable[int]) -> None:
    employee_ids = sorted(set(employee_ids))
    if len(employee_ids) > 5000:
        rebuild_agency(agency_id)
    elif employee_ids:
        _write(agency_id, employee_ids)
