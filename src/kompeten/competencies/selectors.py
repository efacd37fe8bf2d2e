"""Reads of the competency module, scoped to the actor's agency and role.

Pages, the API and the commands call these. Aggregates read the stored figures
(figures.py) and are set-based SQL; only single-employee views compute from the inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast
from django.utils import timezone

from kompeten.accounts.models import Membership
from kompeten.agencies.models import Unit
from kompeten.agencies.selectors import unit_list
from kompeten.competencies import rules
from kompeten.competencies.models import (
    Assessment,
    AssessmentResult,
    Competency,
    CurrentLevel,
    EmployeeJpm,
    UnitCompetencySummary,
)
from kompeten.employees.models import Employee, Position
from kompeten.employees.selectors import employee_list

Role = Membership.Role


# --- dictionary and standards --------------------------------------------------------------


def competency_list(*, actor: Membership | None) -> QuerySet[Competency]:
    if actor is None:
        return Competency.objects.none()
    return Competency.objects.filter(agency_id=actor.agency_id).order_by("kind", "code")


def _kind_order(kind: str) -> int:
    return {"managerial": 0, "socio_cultural": 1, "technical": 2}[kind]


def competency_sort_key(competency: Competency):
    """Managerial, socio-cultural, then technical; codes in natural order (T.2 before T.10)."""
    parts = re.split(r"(\d+)", competency.code)
    return (_kind_order(competency.kind), [int(p) if p.isdigit() else p for p in parts])


def sort_competencies(competencies: Iterable[Competency]) -> list[Competency]:
    return sorted(competencies, key=competency_sort_key)


@dataclass
class StandardRow:
    competency: Competency
    required: int | None
    source: str  # "default", "manual", "import"; "default" also when no row is stored yet


def position_standard(position: Position, competencies=None) -> list[StandardRow]:
    """The standard of one position, national defaults filled in where no row is stored yet.

    Rows with no level (removed by the admin) are left out; technical competencies appear
    only when required. The filling rule is columns.standard_levels (one place).
    """
    from kompeten.competencies.columns import standard_levels

    competencies = competencies or list(
        Competency.objects.filter(agency_id=position.agency_id).order_by("kind", "code")
    )
    cells = standard_levels([position], competencies)[position.pk]
    rows = [
        StandardRow(competency, cells[competency.pk][0], cells[competency.pk][1])
        for competency in competencies
        if competency.pk in cells and cells[competency.pk][0] is not None
    ]
    return sorted(rows, key=lambda r: competency_sort_key(r.competency))


def position_standard_map(position: Position) -> dict[str, int]:
    return {row.competency.code: row.required for row in position_standard(position)}


# --- one employee --------------------------------------------------------------------------


def viewable_employees(*, actor: Membership | None) -> QuerySet[Employee]:
    """Employees whose competency profile the actor may open (same rule as the registry):
    the employee their own, a unit head their subtree, assessors and admins the agency."""
    return employee_list(actor=actor)


@dataclass
class ProfileLine:
    competency: Competency
    required: int | None  # None: assessed but not in the position's standard
    current: int | None
    method: str | None
    assessed_on: object
    self_level: int | None
    self_assessed_on: object = None

    @property
    def gap(self) -> int | None:
        if self.required is None or self.current is None:
            return None
        return rules.competency_gap(self.required, self.current)

    @property
    def meets(self) -> bool | None:
        if self.required is None or self.current is None:
            return None
        return self.current >= self.required

    @property
    def excess(self) -> int:
        """Levels above the standard (they offset gaps elsewhere in the ratio)."""
        if self.required is None or self.current is None:
            return 0
        return max(0, self.current - self.required)

    @property
    def is_formal(self) -> bool:
        return self.method is not None and self.method != rules.SELF_METHOD

    @property
    def self_beside(self) -> bool:
        """A self-assessment to show beside a formal result (never instead of it)."""
        return self.is_formal and self.self_level is not None

    @property
    def method_label(self) -> str:
        return method_label(self.method)


@dataclass
class Profile:
    employee: Employee
    lines: list[ProfileLine]
    match: rules.JobPersonMatch

    @property
    def standard_lines(self):
        return [line for line in self.lines if line.required is not None]

    @property
    def other_lines(self):
        """Assessed competencies outside the position's standard (shown, not counted)."""
        return [line for line in self.lines if line.required is None]

    @property
    def unassessed_lines(self):
        return [line for line in self.standard_lines if line.current is None]

    @property
    def n_assessed(self) -> int:
        return len(self.standard_lines) - len(self.unassessed_lines)

    @property
    def gap_lines(self):
        return [line for line in self.standard_lines if line.gap]

    @property
    def total_gap(self) -> int:
        return sum(line.gap or 0 for line in self.standard_lines)


def method_label(method: str | None) -> str:
    from kompeten.competencies.models import AssessmentMethod

    return str(AssessmentMethod(method).label) if method else ""


def employee_profile(employee: Employee) -> Profile:
    """Required vs current per competency and the JPM of one employee (domain.md §2).

    The caller has fetched `employee` through a scoped selector.
    """
    competencies = list(Competency.objects.filter(agency_id=employee.agency_id))
    standard = (
        {row.competency.pk: row.required for row in position_standard(employee.position,
                                                                        competencies)}
        if employee.position_id
        else {}
    )  # fmt: skip
    current = {c.competency_id: c for c in CurrentLevel.objects.filter(employee_id=employee.pk)}
    lines = []
    for competency in sort_competencies(competencies):
        required = standard.get(competency.pk)
        level = current.get(competency.pk)
        if required is None and level is None:
            continue
        lines.append(
            ProfileLine(
                competency=competency,
                required=required,
                current=level.level if level else None,
                method=level.method if level else None,
                assessed_on=level.assessed_on if level else None,
                self_level=level.self_level if level else None,
                self_assessed_on=level.self_assessed_on if level else None,
            )
        )
    match = rules.job_person_match(
        {line.competency.code: line.required for line in lines if line.required is not None},
        {
            line.competency.code: line.current
            for line in lines
            if line.required is not None and line.current is not None
        },
    )
    return Profile(employee=employee, lines=lines, match=match)


def result_history(
    employee: Employee, *, validity_years: int | None = None, today: dt.date | None = None
) -> dict[Competency, list[AssessmentResult]]:
    """Every result of the employee, newest first, per competency (valid or not).

    With `validity_years` each result also carries `valid_until`, `is_valid` (by the agency's
    validity period on `today`), `is_current` (it gives the stored current level) and
    `is_self_shown` (the self-assessment shown beside a formal current level).
    """
    history: dict[Competency, list] = defaultdict(list)
    results = (
        AssessmentResult.objects.filter(employee_id=employee.pk)
        .select_related("competency", "assessment")
        .order_by("competency__kind", "competency__code", "-assessed_on", "-assessment_id")
    )
    current, self_shown = set(), set()
    if validity_years is not None:
        today = today or timezone.localdate()
        for c in CurrentLevel.objects.filter(employee_id=employee.pk):
            current.add((c.competency_id, c.method, c.assessed_on))
            if c.self_assessed_on and c.method != rules.SELF_METHOD:
                self_shown.add((c.competency_id, rules.SELF_METHOD, c.self_assessed_on))
    for result in results:
        if validity_years is not None:
            key = (result.competency_id, result.method, result.assessed_on)
            result.valid_until = rules.valid_until(result.assessed_on, validity_years)
            result.is_valid = today >= result.assessed_on and result.valid_until >= today
            result.is_current = key in current
            result.is_self_shown = key in self_shown
        history[result.competency].append(result)
    return {c: history[c] for c in sort_competencies(history)}


def assessment_list(*, actor: Membership | None) -> QuerySet[Assessment]:
    if actor is None:
        return Assessment.objects.none()
    return (
        Assessment.objects.filter(
            agency_id=actor.agency_id, employee__in=employee_list(actor=actor)
        )
        .select_related("employee", "employee__unit")
        .order_by("-assessed_on", "-id")
    )


# --- units and the agency ------------------------------------------------------------------


def analytics_units(*, actor: Membership) -> QuerySet[Unit]:
    """Units whose aggregates the actor may see: the agency, or a unit head's subtree."""
    return unit_list(actor=actor)


def subtree_ids(unit: Unit) -> QuerySet:
    return Unit.objects.filter(agency_id=unit.agency_id, path__startswith=unit.path).values("pk")


@dataclass
class HeatCell:
    n_required: int = 0
    n_assessed: int = 0
    n_meeting: int = 0
    n_gap: int = 0
    sum_gap: int = 0

    def add(self, row) -> None:
        self.n_required += row["n_required"]
        self.n_assessed += row["n_assessed"]
        self.n_meeting += row["n_meeting"]
        self.n_gap += row["n_gap"]
        self.sum_gap += row["sum_gap"]

    @property
    def share_meeting(self) -> float | None:
        """Share of the assessed holders who meet the standard (0–1)."""
        return self.n_meeting / self.n_assessed if self.n_assessed else None

    @property
    def mean_gap(self) -> float | None:
        """Mean gap over the assessed holders (those meeting count as 0)."""
        return self.sum_gap / self.n_assessed if self.n_assessed else None

    @property
    def coverage(self) -> float | None:
        return self.n_assessed / self.n_required if self.n_required else None


@dataclass
class HeatRow:
    unit: Unit | None  # None: the total line
    cells: dict  # competency_id -> HeatCell
    total: HeatCell
    kind: str = "unit"  # "unit": a child unit over its subtree; "own": the parent's own
    # employees; "total": everything shown

    def cell_list(self, competencies) -> list[HeatCell]:
        return [self.cells.get(c.pk) or HeatCell() for c in competencies]


def heatmap(*, actor: Membership, parent: Unit | None) -> tuple[list[Competency], list[HeatRow]]:
    """Rows: the children of `parent` (or the actor's top units), each over its subtree.

    Reads UnitCompetencySummary (a few rows per unit) and sums them per row by path prefix
    in Python over the summaries, never over employees. The last row is the total; with a
    parent that has employees of its own, they come first as a row of their own.
    """
    units = list(analytics_units(actor=actor).only("pk", "path", "depth", "code", "name"))
    visible = {u.pk for u in units}
    if parent is not None:
        if parent.pk not in visible:
            return [], []
        scope_units = [u for u in units if u.path.startswith(parent.path)]
        rows_units = [u for u in scope_units if u.depth == parent.depth + 1]
    else:
        top = min((u.depth for u in units), default=1)
        rows_units = [u for u in units if u.depth == top]
        scope_units = units
    rows_units.sort(key=lambda u: u.path)
    prefix_len = len(rows_units[0].path) if rows_units else 0
    row_by_prefix = {
        u.path: HeatRow(unit=u, cells=defaultdict(HeatCell), total=HeatCell()) for u in rows_units
    }
    own = HeatRow(unit=parent, cells=defaultdict(HeatCell), total=HeatCell(), kind="own")
    total = HeatRow(unit=None, cells=defaultdict(HeatCell), total=HeatCell(), kind="total")
    path_of = {u.pk: u.path for u in scope_units}
    summaries = (
        UnitCompetencySummary.objects.filter(
            agency_id=actor.agency_id, unit_id__in=subtree_ids(parent)
        )
        if parent is not None
        else UnitCompetencySummary.objects.filter(agency_id=actor.agency_id)
    )
    if actor.role == Role.UNIT_HEAD:
        summaries = summaries.filter(unit_id__in=subtree_ids(actor.unit))
    competency_ids = set()
    for s in summaries.order_by().values(
        "unit_id", "competency_id", "n_required", "n_assessed", "n_meeting", "n_gap", "sum_gap"
    ):
        path = path_of.get(s["unit_id"])
        if path is None:  # a unit outside what the actor sees
            continue
        competency_ids.add(s["competency_id"])
        target = row_by_prefix.get(path[:prefix_len])
        if target is None and parent is not None and s["unit_id"] == parent.pk:
            target = own
        for row in (target, total):
            if row is not None:
                row.cells[s["competency_id"]].add(s)
                row.total.add(s)
    competencies = sort_competencies(Competency.objects.filter(pk__in=competency_ids))
    result = list(row_by_prefix.values())
    if parent is not None and own.total.n_required:
        result.insert(0, own)
    return competencies, [*result, total]


def jpm_rows(*, actor: Membership, unit: Unit | None = None) -> QuerySet[EmployeeJpm]:
    """Stored JPM rows of the employees the actor may see, optionally within a subtree."""
    if actor is None:
        return EmployeeJpm.objects.none()
    qs = EmployeeJpm.objects.filter(agency_id=actor.agency_id)
    if actor.role == Role.UNIT_HEAD:
        qs = qs.filter(unit_id__in=subtree_ids(actor.unit))
    elif actor.role == Role.EMPLOYEE:
        qs = qs.filter(employee_id=actor.employee_id)
    if unit is not None:
        qs = qs.filter(unit_id__in=subtree_ids(unit))
    return qs


# Filters of the employee list by category; "none": no JPM (nothing assessed, no standard).
NO_CATEGORY = "none"


def jpm_employee_list(
    *,
    actor: Membership,
    unit: Unit | None = None,
    category: str | None = None,
    selection: str | None = None,
    complete: bool | None = None,
) -> QuerySet[EmployeeJpm]:
    """Stored JPM rows with their employee, for the lists "employees by category".

    Lowest JPM first (those most in need of development), the ones without a JPM last.
    """
    qs = jpm_rows(actor=actor, unit=unit)
    if category == NO_CATEGORY:
        qs = qs.filter(jpm_x100__isnull=True)
    elif category:
        qs = qs.filter(category=category)
    if selection:
        qs = qs.filter(selection_category=selection)
    if complete is not None:
        qs = qs.filter(complete=complete, jpm_x100__isnull=False)
    return qs.select_related("employee", "unit", "position").order_by(
        F("jpm_x100").asc(nulls_last=True), "employee__name", "employee_id"
    )


BANDS = 10  # 10-point bands of the JPM


def jpm_distribution(*, actor: Membership, unit: Unit | None = None) -> dict:
    """Counts per mapping and selection category, per 10-point band, complete or not.

    Categories and bands are functions of the stored JPM alone, so they come from one GROUP
    BY over the JPM values (served by the (agency|unit, jpm_x100) indexes, at most 10,001
    groups) summed in Python over the values, never over employees; completeness is one
    more count. About half the time of conditional counts over every row.
    """
    qs = jpm_rows(actor=actor, unit=unit).order_by()
    by_value = dict(qs.values_list("jpm_x100").annotate(n=Count("pk")))
    flags = qs.aggregate(
        n_complete=Count("pk", filter=Q(complete=True)),
        n_no_standard=Count("pk", filter=Q(n_required=0)),
    )
    n_unscored = by_value.pop(None, 0)
    n_scored = sum(by_value.values())
    bands = [0] * BANDS
    categories = dict.fromkeys(rules.MAPPING_LABELS, 0)
    selection = dict.fromkeys(rules.SELECTION_LABELS, 0)
    total = 0
    for value, n in by_value.items():
        bands[min(value // 1000, BANDS - 1)] += n
        categories[rules.mapping_category(value)] += n
        selection[rules.selection_category(value)] += n
        total += value * n
    mean = rules.hundredths_to_decimal(rules.div_half_up(total, n_scored)) if n_scored else None
    return {
        "n": n_scored + n_unscored,
        "n_scored": n_scored,
        "n_complete": flags["n_complete"],
        "n_incomplete": n_scored - flags["n_complete"],
        "n_unscored": n_unscored,
        "n_no_standard": flags["n_no_standard"],
        "mean_jpm": mean,
        "categories": [
            (code, label, categories[code]) for code, label in rules.MAPPING_LABELS.items()
        ],
        "selection": [
            (code, label, selection[code]) for code, label in rules.SELECTION_LABELS.items()
        ],
        "bands": [
            (f"{i * 10}–{i * 10 + 10 if i < BANDS - 1 else 100}", n) for i, n in enumerate(bands)
        ],
        "band_max": max(bands, default=0),
    }


# --- development needs (AKPK, competency part) ---------------------------------------------


def needs_analysis(
    *,
    actor: Membership,
    unit: Unit | None = None,
    competency: Competency | None = None,
) -> QuerySet[UnitCompetencySummary]:
    """Development needs, competency part: per unit and competency, who has a gap.

    The stored unit summaries with at least one holder below the standard, ranked by
    priority: the total gap (holders × depth), then the number of holders with a gap
    (docs/decisions.md). Each row carries `mean_gap` (over the holders with a gap) and
    `share_gap` (over the assessed holders). Paginate it; it is a queryset.
    """
    qs = UnitCompetencySummary.objects.filter(
        agency_id=actor.agency_id,
        unit_id__in=analytics_units(actor=actor).values("pk"),
        n_gap__gt=0,
    )
    if unit is not None:
        qs = qs.filter(unit_id__in=subtree_ids(unit))
    if competency is not None:
        qs = qs.filter(competency_id=competency.pk)
    return (
        qs.annotate(
            mean_gap=Cast("sum_gap", FloatField()) / Cast("n_gap", FloatField()),
            share_gap=Cast("n_gap", FloatField()) / Cast("n_assessed", FloatField()),
        )
        .select_related("unit", "competency")
        .order_by("-sum_gap", "-n_gap", "unit__path", "competency__code")
    )


def needs_by_competency(
    *,
    actor: Membership,
    unit: Unit | None = None,
    competency: Competency | None = None,
) -> list[dict]:
    """The same needs summed per competency over the units shown (one GROUP BY)."""
    rows = (
        needs_analysis(actor=actor, unit=unit, competency=competency)
        .order_by()
        .values("competency_id")
        .annotate(
            units=Count("unit_id"),
            n_gap_total=Sum("n_gap"),
            sum_gap_total=Sum("sum_gap"),
            n_assessed_total=Sum("n_assessed"),
            n_required_total=Sum("n_required"),
        )
    )
    by_id = {c.pk: c for c in Competency.objects.filter(agency_id=actor.agency_id)}
    result = [
        {
            "competency": by_id[r["competency_id"]],
            "units": r["units"],
            "n_gap": r["n_gap_total"],
            "sum_gap": r["sum_gap_total"],
            "mean_gap": r["sum_gap_total"] / r["n_gap_total"],
            "n_assessed": r["n_assessed_total"],
            "n_required": r["n_required_total"],
        }
        for r in rows
    ]
    result.sort(key=lambda r: (-r["sum_gap"], -r["n_gap"], competency_sort_key(r["competency"])))
    return result


def needs_competencies(*, actor: Membership) -> list[Competency]:
    """Competencies with a need somewhere the actor sees (the filter's choices)."""
    ids = (
        UnitCompetencySummary.objects.filter(
            agency_id=actor.agency_id,
            unit_id__in=analytics_units(actor=actor).values("pk"),
            n_gap__gt=0,
        )
        .order_by()
        .values("competency_id")
        .distinct()
    )
    return sort_competencies(Competency.objects.filter(pk__in=ids))


# --- position fit --------------------------------------------------------------------------


@dataclass
class FitRow:
    employee: Employee
    match: rules.JobPersonMatch
    rank: int | None = None

    @property
    def gaps(self) -> list[rules.CompetencyGap]:
        return [g for g in self.match.gaps if g.gap]

    @property
    def total_gap(self) -> int:
        return sum(g.gap or 0 for g in self.match.gaps)


@dataclass
class FitRanking:
    """The ranking of candidates against one position's standard, as SQL to paginate.

    `slice()` gives one page of dicts (employee_id, employee__name, n_assessed, sums,
    uncapped, incomplete), best first, and the number of all ranked candidates; `rows`
    is the whole ranking; `hydrate()` turns dicts into FitRows with the gaps each would
    bring.
    """

    position: Position
    standard: list[StandardRow]
    candidates: QuerySet[Employee]
    required: dict = field(default_factory=dict)  # competency id -> required level
    sql: str = ""
    params: list = field(default_factory=list)

    def slice(self, offset: int, limit: int | None) -> tuple[list[dict], int]:
        """One page and the number of all ranked rows, in one aggregation.

        A paginator would run the GROUP BY twice (count, then page); over 100,000
        employees each run costs about a second on SQLite, so the count rides along as a
        window over the same result.
        """
        if not self.sql:
            return [], 0
        page = " LIMIT %s OFFSET %s" if limit is not None else ""
        extra = [limit, offset] if limit is not None else []
        with connection.cursor() as cursor:
            cursor.execute(self.sql + page, [*self.params, *extra])
            names = [column[0] for column in cursor.description]
            fetched = cursor.fetchall()
        rows = [dict(zip(names[:-1], row[:-1], strict=True)) for row in fetched]
        return rows, (fetched[0][-1] if fetched else 0)

    @property
    def rows(self) -> list[dict]:
        return self.slice(0, None)[0]

    def count(self) -> int:
        return len(self.rows)

    def hydrate(self, values, *, start_rank: int = 1) -> list[FitRow]:
        values = list(values)
        ids = [v["employee_id"] for v in values]
        employees = Employee.objects.filter(pk__in=ids).select_related("unit", "position")
        employees = {e.pk: e for e in employees}
        code_of = {row.competency.pk: row.competency.code for row in self.standard}
        required = {row.competency.code: row.required for row in self.standard}
        levels: dict[int, dict[str, int]] = defaultdict(dict)
        for employee_id, competency_id, level in CurrentLevel.objects.filter(
            employee_id__in=ids, competency_id__in=list(code_of)
        ).values_list("employee_id", "competency_id", "level"):
            levels[employee_id][code_of[competency_id]] = level
        return [
            FitRow(
                employee=employees[v["employee_id"]],
                match=rules.job_person_match(required, levels[v["employee_id"]]),
                rank=start_rank + i,
            )
            for i, v in enumerate(values)
        ]


def position_fit_ranking(
    *,
    actor: Membership,
    position: Position,
    candidates: QuerySet[Employee] | None = None,
    min_jpm: float | None = None,
    complete_only: bool = False,
) -> FitRanking:
    """Rank active employees by their JPM against `position`'s standard (domain.md §2).

    One GROUP BY over the stored current levels of the standard's competencies, joined to
    the standard as a VALUES table, with the JPM arithmetic of rules.ratio_hundredths in
    integer hundredths (identical on both engines). Complete JPMs first (a ratio over a few
    competencies is no basis for a decision), then the uncapped ratio (domain.md: kept for
    ranking), then the smaller total gap, then the name. Employees with no valid result for
    any competency of the standard have no JPM and are not ranked.
    """
    standard = position_standard(position)
    required = {row.competency.pk: row.required for row in standard}
    qs = candidates if candidates is not None else employee_list(actor=actor)
    qs = qs.filter(agency_id=actor.agency_id, status=Employee.Status.ACTIVE)
    ranking = FitRanking(position, standard, qs, required)
    if not required:
        return ranking
    candidate_sql, candidate_params = qs.order_by().values("pk").query.sql_with_params()
    values = ", ".join(["(CAST(%s AS INTEGER), CAST(%s AS INTEGER))"] * len(required))
    conditions = []
    if min_jpm is not None:
        # The capped JPM is at least min_jpm exactly when the uncapped ratio is (min_jpm ≤ 100).
        conditions.append(f"uncapped >= {int(round(min_jpm * 100))}")
    if complete_only:
        conditions.append("incomplete = 0")
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    # The name is joined after grouping: grouping by it doubled the time over 100,000.
    ranking.sql = f"""
        WITH std (competency_id, required) AS (VALUES {values}),
        grouped AS (
            SELECT c.employee_id,
                   COUNT(*) AS n_assessed,
                   SUM(c.level) AS sum_current,
                   SUM(s.required) AS sum_required,
                   SUM(CASE WHEN c.level < s.required THEN 1 ELSE 0 END) AS n_gaps,
                   SUM(CASE WHEN c.level < s.required THEN s.required - c.level ELSE 0 END)
                       AS sum_gap
            FROM {CurrentLevel._meta.db_table} c
            JOIN std s ON s.competency_id = c.competency_id
            WHERE c.agency_id = %s AND c.employee_id IN ({candidate_sql})
            GROUP BY c.employee_id
        ),
        ranked AS (
            SELECT grouped.*,
                   (20000 * sum_current + sum_required) / (2 * sum_required) AS uncapped,
                   CASE WHEN n_assessed = {len(required)} THEN 0 ELSE 1 END AS incomplete
            FROM grouped
        )
        SELECT ranked.employee_id, e.name AS employee__name, ranked.n_assessed,
               ranked.sum_current, ranked.sum_required, ranked.n_gaps, ranked.sum_gap,
               ranked.uncapped, ranked.incomplete, COUNT(*) OVER () AS total
        FROM ranked JOIN {Employee._meta.db_table} e ON e.id = ranked.employee_id
        {where}
        ORDER BY ranked.incomplete, ranked.uncapped DESC, ranked.sum_gap, e.name,
                 ranked.employee_id
    """
    ranking.params = [
        *(x for pk, level in required.items() for x in (pk, level)),
        actor.agency_id,
        *candidate_params,
    ]
    return ranking


def position_fit(
    *,
    actor: Membership,
    position: Position,
    candidates: QuerySet[Employee] | None = None,
    min_jpm: float | None = None,
) -> list[FitRow]:
    """The whole ranking of position_fit_ranking as FitRows (for small sets and the API)."""
    ranking = position_fit_ranking(
        actor=actor, position=position, candidates=candidates, min_jpm=min_jpm
    )
    return ranking.hydrate(ranking.rows)


# --- the jpm command and the API -----------------------------------------------------------


def jpm_report(*, agency_id: int, employees: QuerySet[Employee]) -> list[dict]:
    """One dict per active employee of `employees`, as `kompeten jpm --format json` prints.

    Four queries whatever the size (employees, dictionary, the standards of their positions,
    their current levels); the JPM and gaps come from rules.py, which the stored EmployeeJpm
    rows equal (tests).
    """
    from kompeten.competencies.columns import standard_levels

    employees_qs = employees.filter(agency_id=agency_id, status=Employee.Status.ACTIVE)
    employees = list(employees_qs.select_related("position").order_by("nip"))
    competencies = sorted(
        Competency.objects.filter(agency_id=agency_id),
        key=lambda c: (_kind_order(c.kind), c.code),
    )
    positions = list({e.position_id: e.position for e in employees if e.position_id}.values())
    levels = standard_levels(positions, competencies)
    standards: dict[int, dict[str, int]] = {
        position_id: {
            c.code: cells[c.pk][0]
            for c in competencies
            if c.pk in cells and cells[c.pk][0] is not None
        }
        for position_id, cells in levels.items()
    }
    current: dict[int, dict[str, int]] = defaultdict(dict)
    code_of = {c.pk: c.code for c in competencies}
    for employee_id, competency_id, level in CurrentLevel.objects.filter(
        agency_id=agency_id, employee_id__in=employees_qs.values("pk")
    ).values_list("employee_id", "competency_id", "level"):
        current[employee_id][code_of[competency_id]] = level
    report = []
    for employee in employees:
        standard = standards.get(employee.position_id, {})
        match = rules.job_person_match(standard, current[employee.pk])
        report.append(
            {
                "nip": employee.nip,
                "jpm": _number(match.jpm),
                "jpm_uncapped": _number(match.jpm_uncapped),
                "complete": match.complete,
                "category": match.category and rules.MAPPING_LABELS[match.category],
                "selection_category": match.selection_category and match.selection_category.upper(),
                "unassessed": list(match.unassessed),
                "gaps": [
                    {"code": g.code, "required": g.required, "current": g.current, "gap": g.gap}
                    for g in match.gaps
                ],
            }
        )
    return report


def _number(value):
    return None if value is None else float(value)
