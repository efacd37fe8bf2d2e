"""The stored derived figures: current levels, each employee's JPM, per-unit summaries.

Everything here is set-based SQL over the whole agency or over a set of employees; no Python
loop over employees. The services call `refresh_employees`/`refresh_positions` in the same
transaction as the change; `rebuild_agency` recomputes everything from the inputs and must
give the same rows as the incremental path (tests/competencies/test_figures.py).

The JPM arithmetic mirrors rules.py exactly: integer hundredths, half-up, capped at 100.00.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def _write_current_levels(cursor, agency_id: int, today, employee_ids) -> None:
    cutoff = rules.validity_cutoff(today, validity_years(agency_id))
    cond, params = _in("r.employee_id", employee_ids)
    del_cond, del_params = _in("employee_id", employee_ids)
    cursor.execute(
        f"DELETE FROM {T['current']} WHERE agency_id = %s{del_cond}", [agency_id, *del_params]
    )
    # Most authoritative method first, then the latest date, then the latest entry.
    cursor.execute(
        f"""
        INSERT INTO {T["current"]}
            (agency_id, employee_id, competency_id, level, method, assessed_on)
        SELECT %s, employee_id, competency_id, level, method, assessed_on FROM (
            SELECT r.employee_id, r.competency_id, r.level, r.method, r.assessed_on,
                   ROW_NUMBER() OVER (
                       PARTITION BY r.employee_id, r.competency_id
                       ORDER BY r.method_rank DESC, r.assessed_on DESC, r.assessment_id DESC
                   ) AS rn
            FROM {T["result"]} r
            WHERE r.agency_id = %s AND r.assessed_on >= %s AND r.assessed_on <= %s{cond}
        ) ranked
        WHERE rn = 1
        """,
        [agency_id, agency_id, cutoff, today, *params],
    )
    # The latest valid self-assessment, shown beside the formal result.
    cursor.execute(
        f"""
        UPDATE {T["current"]} SET self_level = s.level, self_assessed_on = s.assessed_on
        FROM (
            SELECT employee_id, competency_id, level, assessed_on FROM (
                SELECT r.employee_id, r.competency_id, r.level, r.assessed_on,
                       ROW_NUMBER() OVER (
                           PARTITION BY r.employee_id, r.competency_id
                           ORDER BY r.assessed_on DESC, r.assessment_id DESC
                       ) AS rn
                FROM {T["result"]} r
                WHERE r.agency_id = %s AND r.method = %s
                  AND r.assessed_on >= %s AND r.assessed_on <= %s{cond}
            ) ranked WHERE rn = 1
        ) s
        WHERE {T["current"]}.employee_id = s.employee_id
          AND {T["current"]}.competency_id = s.competency_id
        """,
        [agency_id, rules.SELF_METHOD, cutoff, today, *params],
    )


def _write_jpm(cursor, agency_id: int, employee_ids) -> None:
    cond, params = _in("e.id", employee_ids)
    del_cond, del_params = _in("employee_id", employee_ids)
    cursor.execute(
        f"DELETE FROM {T['jpm']} WHERE agency_id = %s{del_cond}", [agency_id, *del_params]
    )
    cap = rules.CAP_HUNDREDTHS
    cursor.execute(
        f"""
        INSERT INTO {T["jpm"]}
            (employee_id, agency_id, unit_id, position_id, n_required, n_assessed,
             sum_required, sum_required_assessed, sum_current, n_gaps,
             jpm_x100, uncapped_x100, complete, category, selection_category)
        SELECT id, agency_id, unit_id, position_id, n_required, n_assessed,
               sum_required, sum_required_assessed, sum_current, n_gaps,
               capped, uncapped, n_required > 0 AND n_assessed = n_required,
               {_threshold_case("capped", rules.MAPPING_THRESHOLDS)},
               {_threshold_case("capped", rules.SELECTION_THRESHOLDS)}
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
        """,
        [agency_id, *params],
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


def validity_years(agency_id: int) -> int:
    settings = CompetencySettings.objects.filter(agency_id=agency_id).first()
    return settings.validity_years if settings else rules.DEFAULT_VALIDITY_YEARS


def _mark_computed(agency_id: int, today) -> None:
    CompetencySettings.objects.update_or_create(
        agency_id=agency_id, defaults={"figures_computed_on": today}
    )


@transaction.atomic
def rebuild_agency(agency_id: int, *, today=None) -> None:
    """Recompute every derived figure of one agency from standards and results."""
    today = today or timezone.localdate()
    ensure_default_standards(agency_id)
    with connection.cursor() as cursor:
        _write_current_levels(cursor, agency_id, today, None)
        _write_jpm(cursor, agency_id, None)
        _write_unit_summaries(cursor, agency_id, None)
    _mark_computed(agency_id, today)


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
    today=None,
) -> None:
    """Bring the figures of these employees (None: all) and of their units up to date.

    `levels=False` skips the current levels when only standards or placements changed;
    `unit_ids` adds units whose summaries must be recomputed (e.g. of a deleted employee).
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
    # Positions written in bulk (imports) get their default rows here at the latest.
    ensure_default_standards(agency_id)
    with connection.cursor() as cursor:
        units = _units_of(cursor, agency_id, employee_ids) | set(unit_ids)
        if levels:
            _write_current_levels(cursor, agency_id, today, employee_ids)
        _write_jpm(cursor, agency_id, employee_ids)
        _write_unit_summaries(cursor, agency_id, units)


def refresh_positions(agency_id: int, position_ids: Iterable[int]) -> None:
    """After a change to these positions' standards: their holders' JPM and their units."""
    cond, params = _in("position_id", position_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {T['employee']} WHERE agency_id = %s{cond}", [agency_id, *params]
        )
        employee_ids = [row[0] for row in cursor.fetchall()]
    refresh_employees(agency_id, employee_ids, levels=False)
