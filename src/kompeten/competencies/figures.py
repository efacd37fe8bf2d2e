"""The stored derived figures: current levels, each employee's JPM, per-unit summaries.

Everything here is set-based SQL over the whole agency or over a set of employees; no Python
loop over employees. The services call `refresh_employees`/`refresh_positions` in the same
transaction as the change; `rebuild_agency` recomputes everything from the inputs and must
give the same rows as the incremental path (tests/competencies/test_figures.py).

The JPM arithmetic mirrors rules.py exactly: integer hundredths, half-up, capped at 100.00.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone

from kompeten.agencies.models import Unit
from kompeten.competencies import rules
from kompeten.competencies.models import (
    AssessmentResult,
    Competency,
    CompetencyKind,
    CompetencySettings,
    CurrentLevel,
    EmployeeJpm,
    PositionStandard,
    UnitCompetencySummary,
)
from kompeten.employees.models import Employee, Position

# Above this many employees an incremental refresh costs more than a rebuild of the agency.
INCREMENTAL_LIMIT = 5000
FIGURES_LOCK = 3117  # first key of the PostgreSQL advisory lock (second: the agency id)
# PostgreSQL memory per sort or hash during a rebuild (SET LOCAL: this transaction only).
REBUILD_WORK_MEM = "64MB"

T = {
    "result": AssessmentResult._meta.db_table,
    "competency": Competency._meta.db_table,
    "current": CurrentLevel._meta.db_table,
    "employee": Employee._meta.db_table,
    "jpm": EmployeeJpm._meta.db_table,
    "position": Position._meta.db_table,
    "standard": PositionStandard._meta.db_table,
    "summary": UnitCompetencySummary._meta.db_table,
    "unit": Unit._meta.db_table,
}


def _in(column: str, ids) -> tuple[str, list]:
    """` AND column IN (...)` for a finite id set, or nothing for None (= all)."""
    if ids is None:
        return "", []
    ids = list(ids)
    if not ids:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


def _case(column: str, mapping: dict, default: str = "NULL") -> str:
    whens = " ".join(f"WHEN {column} = '{key}' THEN {value}" for key, value in mapping.items())
    return f"CASE {whens} ELSE {default} END"


def _threshold_case(column: str, thresholds) -> str:
    whens = " ".join(f"WHEN {column} >= {bound} THEN '{code}'" for bound, code in thresholds)
    return f"CASE WHEN {column} IS NULL THEN NULL {whens} END"


# --- standards -----------------------------------------------------------------------------


def ensure_default_standards(agency_id: int, position_ids: Iterable[int] | None = None) -> int:
    """Give each position the default level of every national competency it has no row for.

    domain.md §1: managerial and socio-cultural levels default from the position kind.
    """
    cond, params = _in("p.id", position_ids)
    level = _case("p.kind", rules.DEFAULT_LEVEL_BY_KIND)
    sql = f"""
        INSERT INTO {T["standard"]}
            (agency_id, position_id, competency_id, required_level, source, updated_at)
        SELECT p.agency_id, p.id, c.id, {level}, 'default', %s
        FROM {T["position"]} p
        JOIN {T["competency"]} c ON c.agency_id = p.agency_id AND c.kind IN (%s, %s)
        WHERE p.agency_id = %s{cond}
          AND NOT EXISTS (
            SELECT 1 FROM {T["standard"]} s
            WHERE s.position_id = p.id AND s.competency_id = c.id)
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [timezone.now(), str(CompetencyKind.MANAGERIAL),
             str(CompetencyKind.SOCIO_CULTURAL), agency_id, *params],
        )  # fmt: skip
        return cursor.rowcount


def reset_default_levels(agency_id: int, position_ids: Iterable[int]) -> None:
    """After a position changes kind, its untouched default rows follow the new kind."""
    cond, params = _in("position_id", position_ids)
    level = _case(
        f"(SELECT p.kind FROM {T['position']} p WHERE p.id = position_id)",
        rules.DEFAULT_LEVEL_BY_KIND,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {T['standard']} SET required_level = {level}, updated_at = %s "
            f"WHERE agency_id = %s AND source = 'default'{cond}",
            [timezone.now(), agency_id, *params],
        )


# --- the three derived tables --------------------------------------------------------------
#
# Each table is computed into a temporary table first and then applied as a difference:
# rows that vanished are deleted, rows that changed are updated in place, new rows are
# inserted. A rebuild of an agency whose figures are (mostly) current therefore writes
# little: on PostgreSQL every inserted row costs three deferred foreign-key checks at commit
# (a delete-and-insert rebuild of 100,000 employees × 9 took 60 s, 30x the SQL aggregate);
# an UPDATE that leaves the key columns alone costs none.


def _differs(columns, left: str, right: str) -> str:
    """SQL true when any of `columns` differs between two row aliases, NULLs included."""
    op = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    return "(" + " OR ".join(f"{left}.{c} {op} {right}.{c}" for c in columns) + ")"


def _temp_table(cursor, name: str, columns: list[tuple[str, str]], key: str) -> None:
    """A fresh session-local table for the new rows of one derived table.

    SQLite: keyed by `key` (WITHOUT ROWID) since its joins look rows up by index and the rows
    arrive in key order. PostgreSQL: a heap without an index (its joins hash; an index cost
    2 s per 700,000 rows), analysed once filled (`_analyze`) as autovacuum never sees temp
    tables.
    """
    sqlite = connection.vendor == "sqlite"
    types = {"date": "text"} if sqlite else {}
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    body = ", ".join(f"{column} {types.get(kind, kind)}" for column, kind in columns)
    if sqlite:
        cursor.execute(f"CREATE TEMP TABLE {name} ({body}, PRIMARY KEY ({key})) WITHOUT ROWID")
    else:
        cursor.execute(f"CREATE TEMP TABLE {name} ({body})")


def _temp_table_heap(cursor, name: str, columns: list[tuple[str, str]]) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE TEMP TABLE {name} ({', '.join(f'{c} {k}' for c, k in columns)})")


def _analyze(cursor, name: str, rows: int) -> None:
    if connection.vendor == "postgresql" and rows > 1000:
        cursor.execute(f"ANALYZE {name}")


def _changed_only(select_sql: str, *, table: str, key: list[str], values: list[str]) -> str:
    """Wrap a SELECT of the new rows (key, then values) to keep those missing or different."""
    match = " AND ".join(f"o.{k} = n.{k}" for k in key)
    return (
        f"SELECT {', '.join(f'n.{c}' for c in (*key, *values))} "
        f"FROM ({select_sql}) n LEFT JOIN {T[table]} o ON {match} "
        f"WHERE o.{key[0]} IS NULL OR {_differs(values, 'n', 'o')}"
    )


def _has_rows(cursor, table: str, agency_id: int, employee_ids) -> bool:
    cond, params = _in("employee_id", employee_ids)
    cursor.execute(
        f"SELECT 1 FROM {T[table]} WHERE agency_id = %s{cond} LIMIT 1", [agency_id, *params]
    )
    return cursor.fetchone() is not None


def _insert_all(cursor, *, table: str, columns: list[str], select_sql: str, params) -> None:
    """First build (no stored rows): the new rows go straight in, with nothing to compare."""
    cursor.execute(
        f"INSERT INTO {T[table]} ({', '.join(columns)}) SELECT {', '.join(columns)} "
        f"FROM ({select_sql}) n",
        params,
    )


def _apply(
    cursor,
    *,
    table: str,
    temp: str,
    key: list[str],
    values: list[str],
    agency_id: int,
    employee_ids,
    keep_sql: str,
    keep_params: list,
    insert_extra: dict | None = None,
    by_employee: bool = False,
) -> None:
    """Write the changed and new rows in `temp` to `table`; delete rows `keep_sql` drops.

    `keep_sql` is a correlated SELECT that finds the inputs a stored row still stands on.
    `by_employee`: for a whole agency, find the stored rows through the agency's employees;
    SQLite then walks the (employee, competency) key in order without reading the table
    (1.3 s to 0.7 s). PostgreSQL hashes either way and was slower so (0.7 s to 1.4 s).
    """
    target = T[table]
    cond, params = _in(f"{target}.employee_id", employee_ids)
    if by_employee and employee_ids is None and connection.vendor == "sqlite":
        scope = f"{target}.employee_id IN (SELECT id FROM {T['employee']} WHERE agency_id = %s)"
    else:
        scope = f"{target}.agency_id = %s"
    cursor.execute(
        f"DELETE FROM {target} WHERE {scope}{cond} AND NOT EXISTS ({keep_sql})",
        [agency_id, *params, *keep_params],
    )
    match = " AND ".join(f"t.{k} = {target}.{k}" for k in key)
    # Through the employee ids: SQLite then looks the few changed rows up instead of scanning.
    cursor.execute(
        f"UPDATE {target} SET {', '.join(f'{v} = t.{v}' for v in values)} FROM {temp} t "
        f"WHERE {target}.employee_id IN (SELECT employee_id FROM {temp}) AND {match}"
    )
    extra = insert_extra or {}
    columns = [*extra, *key, *values]
    selected = [*(["%s"] * len(extra)), *(f"t.{c}" for c in (*key, *values))]
    cursor.execute(
        f"INSERT INTO {target} ({', '.join(columns)}) SELECT {', '.join(selected)} "
        f"FROM {temp} t WHERE NOT EXISTS (SELECT 1 FROM {target} x WHERE "
        + " AND ".join(f"x.{k} = t.{k}" for k in key)
        + ")",
        list(extra.values()),
    )
    cursor.execute(f"DROP TABLE {temp}")


CURRENT_VALUES = ["level", "method", "assessed_on", "self_level", "self_assessed_on"]


def _write_current_levels(cursor, agency_id: int, today, employee_ids) -> None:
    """Current level = the first valid result by method rank, date, entry (issue 3 item 3).

    The latest valid self-assessment is kept beside it (a window over the self-assessments
    only, joined in): one window with LAG and a GROUP BY instead cost SQLite 3 s more.
    """
    cutoff = rules.validity_cutoff(today, validity_years(agency_id))
    cond, params = _in("r.employee_id", employee_ids)
    valid = f"r.agency_id = %s AND r.assessed_on >= %s AND r.assessed_on <= %s{cond}"
    valid_params = [agency_id, cutoff, today, *params]
    _temp_table(
        cursor,
        "tmp_self",
        [("employee_id", "bigint"), ("competency_id", "bigint"), ("self_level", "smallint"),
         ("self_assessed_on", "date")],
        "employee_id, competency_id",
    )  # fmt: skip
    # Every self row has the same method rank: ordering by it first changes nothing but lets
    # the window read the result index in its order (no sort).
    cursor.execute(
        f"""
        INSERT INTO tmp_self (employee_id, competency_id, self_level, self_assessed_on)
        SELECT employee_id, competency_id, level, assessed_on FROM (
            SELECT r.employee_id, r.competency_id, r.level, r.assessed_on,
                   ROW_NUMBER() OVER (
                       PARTITION BY r.employee_id, r.competency_id
                       ORDER BY r.method_rank DESC, r.assessed_on DESC, r.assessment_id DESC
                   ) AS rn
            FROM {T["result"]} r
            WHERE r.method = %s AND {valid}
        ) ranked
        WHERE rn = 1
        """,
        [rules.SELF_METHOD, *valid_params],
    )
    _analyze(cursor, "tmp_self", cursor.rowcount)
    _temp_table(
        cursor,
        "tmp_current",
        [("employee_id", "bigint"), ("competency_id", "bigint"), ("level", "smallint"),
         ("method", "varchar(20)"), ("assessed_on", "date"), ("self_level", "smallint"),
         ("self_assessed_on", "date")],
        "employee_id, competency_id",
    )  # fmt: skip
    # Most authoritative method first, then the latest date, then the latest entry.
    new_rows = f"""
        SELECT ranked.agency_id, ranked.employee_id, ranked.competency_id, ranked.level,
               ranked.method, ranked.assessed_on, s.self_level, s.self_assessed_on
        FROM (
            SELECT r.agency_id, r.employee_id, r.competency_id, r.level, r.method,
                   r.assessed_on,
                   ROW_NUMBER() OVER (
                       PARTITION BY r.employee_id, r.competency_id
                       ORDER BY r.method_rank DESC, r.assessed_on DESC, r.assessment_id DESC
                   ) AS rn
            FROM {T["result"]} r
            WHERE {valid}
        ) ranked
        LEFT JOIN tmp_self s
               ON s.employee_id = ranked.employee_id AND s.competency_id = ranked.competency_id
        WHERE ranked.rn = 1
    """
    key = ["employee_id", "competency_id"]
    if not _has_rows(cursor, "current", agency_id, employee_ids):
        cursor.execute("DROP TABLE tmp_current")
        _insert_all(
            cursor,
            table="current",
            columns=["agency_id", *key, *CURRENT_VALUES],
            select_sql=new_rows,
            params=valid_params,
        )
        cursor.execute("DROP TABLE tmp_self")
        return
    cursor.execute(
        f"INSERT INTO tmp_current ({', '.join(key + CURRENT_VALUES)}) "
        + _changed_only(new_rows, table="current", key=key, values=CURRENT_VALUES),
        valid_params,
    )
    _analyze(cursor, "tmp_current", cursor.rowcount)
    cursor.execute("DROP TABLE tmp_self")
    current = T["current"]
    _apply(
        cursor,
        table="current",
        temp="tmp_current",
        key=key,
        values=CURRENT_VALUES,
        agency_id=agency_id,
        employee_ids=employee_ids,
        # A current level stays while some result of its competency is still valid.
        keep_sql=f"SELECT 1 FROM {T['result']} r WHERE r.agency_id = %s"
        f" AND r.employee_id = {current}.employee_id"
        f" AND r.competency_id = {current}.competency_id"
        " AND r.assessed_on >= %s AND r.assessed_on <= %s",
        keep_params=[agency_id, cutoff, today],
        insert_extra={"agency_id": agency_id},
        by_employee=True,
    )


JPM_VALUES = [
    "agency_id", "unit_id", "position_id", "n_required", "n_assessed", "sum_required",
    "sum_required_assessed", "sum_current", "n_gaps", "jpm_x100", "uncapped_x100", "complete",
    "category", "selection_category",
]  # fmt: skip


def _write_jpm(cursor, agency_id: int, employee_ids) -> None:
    cond, params = _in("e.id", employee_ids)
    _temp_table(
        cursor,
        "tmp_jpm",
        [("employee_id", "bigint"), ("agency_id", "bigint"), ("unit_id", "bigint"),
         ("position_id", "bigint"), ("n_required", "integer"), ("n_assessed", "integer"),
         ("sum_required", "integer"), ("sum_required_assessed", "integer"),
         ("sum_current", "integer"), ("n_gaps", "integer"), ("jpm_x100", "integer"),
         ("uncapped_x100", "integer"), ("complete", "boolean"), ("category", "varchar(20)"),
         ("selection_category", "varchar(5)")],
        "employee_id",
    )  # fmt: skip
    cap = rules.CAP_HUNDREDTHS
    new_rows = f"""
        SELECT id AS employee_id, agency_id, unit_id, position_id, n_required, n_assessed,
               sum_required, sum_required_assessed, sum_current, n_gaps,
               capped AS jpm_x100, uncapped AS uncapped_x100,
               (n_required > 0 AND n_assessed = n_required) AS complete,
               {_threshold_case("capped", rules.MAPPING_THRESHOLDS)} AS category,
               {_threshold_case("capped", rules.SELECTION_THRESHOLDS)} AS selection_category
        FROM (
            SELECT t.*,
                   CASE WHEN uncapped > {cap} THEN {cap} ELSE uncapped END AS capped
            FROM (
                SELECT a.*,
                       CASE WHEN sum_required_assessed > 0
                            THEN (2 * 10000 * sum_current + sum_required_assessed)
                                 / (2 * sum_required_assessed)
                       END AS uncapped
                FROM (
                    SELECT e.id, e.agency_id, e.unit_id, e.position_id,
                           COUNT(s.competency_id) AS n_required,
                           COUNT(c.level) AS n_assessed,
                           COALESCE(SUM(s.required_level), 0) AS sum_required,
                           COALESCE(SUM(CASE WHEN c.level IS NOT NULL
                                             THEN s.required_level END), 0)
                               AS sum_required_assessed,
                           COALESCE(SUM(c.level), 0) AS sum_current,
                           COALESCE(SUM(CASE WHEN c.level < s.required_level
                                             THEN 1 ELSE 0 END), 0) AS n_gaps
                    FROM {T["employee"]} e
                    LEFT JOIN {T["standard"]} s
                           ON s.position_id = e.position_id AND s.required_level IS NOT NULL
                    LEFT JOIN {T["current"]} c
                           ON c.employee_id = e.id AND c.competency_id = s.competency_id
                    WHERE e.agency_id = %s AND e.status = 'active'{cond}
                    GROUP BY e.id, e.agency_id, e.unit_id, e.position_id
                ) a
            ) t
        ) f
    """
    if not _has_rows(cursor, "jpm", agency_id, employee_ids):
        cursor.execute("DROP TABLE tmp_jpm")
        _insert_all(
            cursor,
            table="jpm",
            columns=["employee_id", *JPM_VALUES],
            select_sql=new_rows,
            params=[agency_id, *params],
        )
        return
    cursor.execute(
        f"INSERT INTO tmp_jpm (employee_id, {', '.join(JPM_VALUES)}) "
        + _changed_only(new_rows, table="jpm", key=["employee_id"], values=JPM_VALUES),
        [agency_id, *params],
    )
    _analyze(cursor, "tmp_jpm", cursor.rowcount)
    jpm = T["jpm"]
    _apply(
        cursor,
        table="jpm",
        temp="tmp_jpm",
        key=["employee_id"],
        values=JPM_VALUES,
        agency_id=agency_id,
        employee_ids=employee_ids,
        # An employee has a JPM row while active.
        keep_sql=f"SELECT 1 FROM {T['employee']} e WHERE e.id = {jpm}.employee_id"
        f" AND e.agency_id = {jpm}.agency_id AND e.status = 'active'",
        keep_params=[],
    )


def _write_unit_summaries(cursor, agency_id: int, unit_ids) -> None:
    cond, params = _in("e.unit_id", unit_ids)
    del_cond, del_params = _in("unit_id", unit_ids)
    cursor.execute(
        f"DELETE FROM {T['summary']} WHERE agency_id = %s{del_cond}", [agency_id, *del_params]
    )
    cursor.execute(
        f"""
        INSERT INTO {T["summary"]}
            (agency_id, unit_id, competency_id, n_required, n_assessed, n_meeting, n_gap,
             sum_gap)
        SELECT e.agency_id, e.unit_id, s.competency_id,
               COUNT(*), COUNT(c.level),
               SUM(CASE WHEN c.level >= s.required_level THEN 1 ELSE 0 END),
               SUM(CASE WHEN c.level < s.required_level THEN 1 ELSE 0 END),
               SUM(CASE WHEN c.level < s.required_level
                        THEN s.required_level - c.level ELSE 0 END)
        FROM {T["employee"]} e
        JOIN {T["standard"]} s
          ON s.position_id = e.position_id AND s.required_level IS NOT NULL
        LEFT JOIN {T["current"]} c
          ON c.employee_id = e.id AND c.competency_id = s.competency_id
        WHERE e.agency_id = %s AND e.status = 'active'{cond}
        GROUP BY e.agency_id, e.unit_id, s.competency_id
        """,
        [agency_id, *params],
    )


SUMMARY_COUNTS = ["n_required", "n_assessed", "n_meeting", "n_gap", "sum_gap"]


def _summary_contributions(cursor, agency_id: int, employee_ids, sign: int) -> None:
    """Add these employees' share of their units' summaries, times `sign`, to tmp_delta.

    Read through their stored JPM rows (the unit and position their figures were computed
    for) and their stored current levels, so that with sign -1 before a refresh and +1
    after it, tmp_delta holds exactly how the summaries change. Valid while the standards
    of those positions did not change in between (refresh_positions recomputes instead).
    """
    cond, params = _in("j.employee_id", employee_ids)
    cursor.execute(
        f"""
        INSERT INTO tmp_delta (unit_id, competency_id, {", ".join(SUMMARY_COUNTS)})
        SELECT j.unit_id, s.competency_id,
               {sign} * COUNT(*), {sign} * COUNT(c.level),
               {sign} * SUM(CASE WHEN c.level >= s.required_level THEN 1 ELSE 0 END),
               {sign} * SUM(CASE WHEN c.level < s.required_level THEN 1 ELSE 0 END),
               {sign} * SUM(CASE WHEN c.level < s.required_level
                                 THEN s.required_level - c.level ELSE 0 END)
        FROM {T["jpm"]} j
        JOIN {T["standard"]} s
          ON s.position_id = j.position_id AND s.required_level IS NOT NULL
        LEFT JOIN {T["current"]} c
          ON c.employee_id = j.employee_id AND c.competency_id = s.competency_id
        WHERE j.agency_id = %s{cond}
        GROUP BY j.unit_id, s.competency_id
        """,
        [agency_id, *params],
    )


def _apply_summary_delta(cursor, agency_id: int) -> None:
    summary = T["summary"]
    delta = (
        "(SELECT unit_id, competency_id, "
        + ", ".join(f"SUM({c}) AS {c}" for c in SUMMARY_COUNTS)
        + " FROM tmp_delta GROUP BY unit_id, competency_id) d"
    )
    cursor.execute(
        f"UPDATE {summary} SET "
        + ", ".join(f"{c} = {summary}.{c} + d.{c}" for c in SUMMARY_COUNTS)
        + f" FROM {delta} WHERE {summary}.unit_id = d.unit_id"
        f" AND {summary}.competency_id = d.competency_id"
        f" AND {summary}.agency_id = %s",
        [agency_id],
    )
    cursor.execute(
        f"INSERT INTO {summary} (agency_id, unit_id, competency_id, {', '.join(SUMMARY_COUNTS)})"
        f" SELECT %s, d.unit_id, d.competency_id, "
        + ", ".join(f"d.{c}" for c in SUMMARY_COUNTS)
        + f" FROM {delta} WHERE d.n_required > 0 AND NOT EXISTS (SELECT 1 FROM {summary} x"
        " WHERE x.unit_id = d.unit_id AND x.competency_id = d.competency_id)",
        [agency_id],
    )
    # A unit and competency nobody is required to have any more has no summary row.
    cursor.execute(
        f"DELETE FROM {summary} WHERE agency_id = %s AND n_required = 0"
        " AND unit_id IN (SELECT unit_id FROM tmp_delta)",
        [agency_id],
    )
    cursor.execute("DROP TABLE tmp_delta")


def validity_years(agency_id: int) -> int:
    settings = CompetencySettings.objects.filter(agency_id=agency_id).first()
    return settings.validity_years if settings else rules.DEFAULT_VALIDITY_YEARS


def _mark_computed(agency_id: int, today) -> None:
    CompetencySettings.objects.update_or_create(
        agency_id=agency_id, defaults={"figures_computed_on": today}
    )


def _lock_agency_figures(agency_id: int) -> None:
    """One writer of an agency's figures at a time, until the transaction ends.

    The unit summaries change by differences (old share out, new share in); two concurrent
    refreshes of the same employee under READ COMMITTED would both subtract the same old
    share. SQLite needs nothing: IMMEDIATE transactions already run one at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [FIGURES_LOCK, agency_id])


@transaction.atomic
def rebuild_agency(agency_id: int, *, today=None) -> None:
    """Recompute every derived figure of one agency from standards and results."""
    today = today or timezone.localdate()
    _lock_agency_figures(agency_id)
    ensure_default_standards(agency_id)
    with connection.cursor() as cursor, _rebuild_settings(cursor):
        _write_current_levels(cursor, agency_id, today, None)
        _write_jpm(cursor, agency_id, None)
        _write_unit_summaries(cursor, agency_id, None)
    _mark_computed(agency_id, today)


@contextmanager
def _rebuild_settings(cursor):
    """PostgreSQL settings for a whole-agency rebuild, restored afterwards.

    The default 4 MB of work_mem made every sort and hash of 900,000 rows spill to disk; and
    the planner guesses that `ROW_NUMBER() = 1` keeps a few thousand rows, so it compared
    700,000 current levels one index probe at a time (3 s) instead of hashing them.
    """
    if connection.vendor != "postgresql":
        yield
        return
    # JIT compiles each large statement of the rebuild anew (about 0.1-0.3 s apiece) for
    # plans that are mostly hashing and sorting.
    settings = {"work_mem": REBUILD_WORK_MEM, "enable_nestloop": "off", "jit": "off"}
    previous = {}
    for name, value in settings.items():
        cursor.execute(f"SELECT current_setting('{name}')")
        previous[name] = cursor.fetchone()[0]
        cursor.execute(f"SELECT set_config('{name}', %s, true)", [value])
    try:
        yield
    finally:
        for name, value in previous.items():
            cursor.execute(f"SELECT set_config('{name}', %s, true)", [value])


def _units_of(cursor, agency_id: int, employee_ids: list[int]) -> set[int]:
    """The units these employees are in now and the units their stored JPM rows name."""
    cond, params = _in("id", employee_ids)
    cursor.execute(
        f"SELECT unit_id FROM {T['employee']} WHERE agency_id = %s{cond}", [agency_id, *params]
    )
    units = {row[0] for row in cursor.fetchall()}
    cond, params = _in("employee_id", employee_ids)
    cursor.execute(
        f"SELECT unit_id FROM {T['jpm']} WHERE agency_id = %s{cond}", [agency_id, *params]
    )
    return units | {row[0] for row in cursor.fetchall()}


@transaction.atomic
def refresh_employees(
    agency_id: int,
    employee_ids: Iterable[int] | None,
    *,
    levels: bool = True,
    unit_ids: Iterable[int] = (),
    standards_changed: bool = False,
    today=None,
) -> None:
    """Bring the figures of these employees (None: all) and of their units up to date.

    `levels=False` skips the current levels when only standards or placements changed;
    `unit_ids` adds units whose summaries must be recomputed (e.g. of a deleted employee).
    The unit summaries change by these employees' difference (old share out, new share in):
    an assessment sheet of 500 employees spread over every unit would otherwise recompute
    the whole agency. After a change of standards (`standards_changed`) the old share
    cannot be read back, so their units are recomputed instead.
    """
    if employee_ids is None:
        rebuild_agency(agency_id, today=today)
        return
    employee_ids = sorted(set(employee_ids))
    if not employee_ids:
        return
    if len(employee_ids) > INCREMENTAL_LIMIT:
        rebuild_agency(agency_id, today=today)
        return
    today = today or timezone.localdate()
    _lock_agency_figures(agency_id)
    # Positions written in bulk (imports) get their default rows here at the latest.
    added = ensure_default_standards(agency_id)
    recompute = standards_changed or added > 0
    with connection.cursor() as cursor:
        if recompute:
            units = _units_of(cursor, agency_id, employee_ids) | set(unit_ids)
        else:
            _temp_table_heap(
                cursor,
                "tmp_delta",
                [("unit_id", "bigint"), ("competency_id", "bigint")]
                + [(c, "integer") for c in SUMMARY_COUNTS],
            )
            _summary_contributions(cursor, agency_id, employee_ids, -1)
        if levels:
            _write_current_levels(cursor, agency_id, today, employee_ids)
        _write_jpm(cursor, agency_id, employee_ids)
        if recompute:
            _write_unit_summaries(cursor, agency_id, units)
        else:
            _summary_contributions(cursor, agency_id, employee_ids, 1)
            _apply_summary_delta(cursor, agency_id)
            if unit_ids:
                _write_unit_summaries(cursor, agency_id, set(unit_ids))


def refresh_positions(agency_id: int, position_ids: Iterable[int]) -> None:
    """After a change to these positions' standards: their holders' JPM and their units."""
    cond, params = _in("position_id", position_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {T['employee']} WHERE agency_id = %s{cond}", [agency_id, *params]
        )
        employee_ids = [row[0] for row in cursor.fetchall()]
    refresh_employees(agency_id, employee_ids, levels=False, standards_changed=True)
