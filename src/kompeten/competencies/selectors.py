"""Reads of the competency module, scoped to the actor's agency and role.

Pages, the API and the commands call these. Aggregates read the stored figures
(figures.py); only single-employee views compute from the inputs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from kompeten.accounts.models import Membership
from kompeten.agencies.models import Unit
from kompeten.agencies.selectors import unit_list
from kompeten.competencies import rules
from kompeten.competencies.models import (
    Assessment,
    AssessmentResult,
    Competency,
    CompetencyKind,
    CurrentLevel,
    EmployeeJpm,
    PositionStandard,
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


@dataclass
class StandardRow:
    competency: Competency
    required: int | None
    source: str  # "default", "manual", "import"; "default" also when no row is stored yet


def position_standard(position: Position, competencies=None) -> list[StandardRow]:
    """The standard of one position, national defaults filled in where no row is stored yet.

    Rows with no level (removed by the admin) are left out; technical competencies appear
    only when required.
    """
    competencies = competencies or list(
        Competency.objects.filter(agency_id=position.agency_id).order_by("kind", "code")
    )
    stored = {s.competency_id: s for s in PositionStandard.objects.filter(position_id=position.pk)}
    rows = []
    for competency in competencies:
        row = stored.get(competency.pk)
        if row is not None:
            if row.required_level is not None:
                rows.append(StandardRow(competency, row.required_level, row.source))
        elif competency.kind != CompetencyKind.TECHNICAL:
            rows.append(StandardRow(competency, rules.default_level(position.kind), "default"))
    return sorted(rows, key=lambda r: (_kind_order(r.competency.kind), r.competency.code))


def _kind_order(kind: str) -> int:
    return {"managerial": 0, "socio_cultural": 1, "technical": 2}[kind]


def position_standard_map(position: Position) -> dict[str, int]:
    return {row.competency.code: row.required for row in position_standard(position)}


# --- one employee --------------------------------------------------------------------------


def viewable_employees(*, actor: Membership | None) -> QuerySet[Employee]:
    """Employees whose competency profile the actor may open (same rule as the registry)."""
    return employee_list(actor=actor)


@dataclass
class ProfileLine:
    competency: Competency
    required: int | None  # None: assessed but not in the position's standard
    current: int | None
    method: str | None
    assessed_on: object
    self_level: int | None

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
    for competency in sorted(competencies, key=lambda c: (_kind_order(c.kind), c.code)):
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


def result_history(employee: Employee) -> dict[Competency, list[AssessmentResult]]:
    """Every result of the employee, newest first, per competency (valid or not)."""
    history: dict[Competency, list] = defaultdict(list)
    results = (
        AssessmentResult.objects.filter(employee_id=employee.pk)
        .select_related("competency", "assessment")
        .order_by("competency__kind", "competency__code", "-assessed_on", "-assessment_id")
    )
    for result in results:
        history[result.competency].append(result)
    return dict(history)


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


def heatmap(*, actor: Membership, parent: Unit | None) -> tuple[list[Competency], list[HeatRow]]:
    """Rows: the children of `parent` (or the actor's top units), each over its subtree.

    Reads UnitCompetencySummary (a few rows per unit) and sums by path prefix in Python over
    the units, never over employees.
    """
    units = list(analytics_units(actor=actor).order_by("path"))
    visible = {u.pk for u in units}
    if parent is not None:
        if parent.pk not in visible:
            return [], []
        rows_units = [u for u in units if u.depth == parent.depth + 1 and
                      u.path.startswith(parent.path)]  # fmt: skip
        scope_units = [u for u in units if u.path.startswith(parent.path)]
    else:
        top = min((u.depth for u in units), default=1)
        rows_units = [u for u in units if u.depth == top]
        scope_units = units
    summaries = (
        UnitCompetencySummary.objects.filter(
            agency_id=actor.agency_id, unit_id__in=[u.pk for u in scope_units]
        )
        .values("unit_id", "competency_id", "n_required", "n_assessed", "n_meeting", "n_gap",
                "sum_gap")
    )  # fmt: skip
    path_of = {u.pk: u.path for u in scope_units}
    rows = {u.pk: HeatRow(unit=u, cells=defaultdict(HeatCell), total=HeatCell()) for u in
            rows_units}  # fmt: skip
    own = HeatRow(unit=parent, cells=defaultdict(HeatCell), total=HeatCell())
    total = HeatRow(unit=None, cells=defaultdict(HeatCell), total=HeatCell())
    competency_ids = set()
    for s in summaries:
        competency_ids.add(s["competency_id"])
        path = path_of[s["unit_id"]]
        target = next((r for r in rows.values() if path.startswith(r.unit.path)), None)
        if target is None and parent is not None and s["unit_id"] == parent.pk:
            target = own
        for row in (target, total):
            if row is not None:
                row.cells[s["competency_id"]].add(s)
                row.total.add(s)
    competencies = list(Competency.objects.filter(pk__in=competency_ids).order_by("kind", "code"))
    competencies.sort(key=lambda c: (_kind_order(c.kind), c.code))
    result = list(rows.values())
    if parent is not None and own.total.n_required:
        result.insert(0, own)
    return competencies, [*result, total]


def jpm_rows(*, actor: Membership, unit: Unit | None = None) -> QuerySet[EmployeeJpm]:
    """Stored JPM rows of the employees the actor may see, optionally within a subtree."""
    qs = EmployeeJpm.objects.filter(agency_id=actor.agency_id)
    if actor.role == Role.UNIT_HEAD:
        qs = qs.filter(unit_id__in=subtree_ids(actor.unit))
    elif actor.role == Role.EMPLOYEE:
        qs = qs.filter(employee_id=actor.employee_id)
    if unit is not None:
        qs = qs.filter(unit_id__in=subtree_ids(unit))
    return qs


def jpm_distribution(*, actor: Membership, unit: Unit | None = None) -> dict:
    """Counts per mapping and selection category, per 10-point band, and the incomplete ones."""
    qs = jpm_rows(actor=actor, unit=unit).order_by()
    by_category = dict(qs.values_list("category").annotate(n=Count("pk")))
    by_selection = dict(qs.values_list("selection_category").annotate(n=Count("pk")))
    totals = qs.aggregate(
        n=Count("pk"),
        n_scored=Count("jpm_x100"),
        sum_jpm=Sum("jpm_x100"),
    )
    n_complete = qs.filter(complete=True).count()
    bands = [0] * 10
    for bucket, n in (
        qs.exclude(jpm_x100=None)
        .values_list("jpm_x100")
        .annotate(n=Count("pk"))
        .values_list("jpm_x100", "n")
    ):
        bands[min(bucket // 1000, 9)] += n
    mean = (
        rules.hundredths_to_decimal(round(totals["sum_jpm"] / totals["n_scored"]))
        if totals["n_scored"]
        else None
    )
    return {
        "n": totals["n"],
        "n_scored": totals["n_scored"],
        "n_complete": n_complete,
        "n_unscored": totals["n"] - totals["n_scored"],
        "mean_jpm": mean,
        "categories": [
            (code, label, by_category.get(code, 0)) for code, label in rules.MAPPING_LABELS.items()
        ],
        "selection": [
            (code, label, by_selection.get(code, 0))
            for code, label in rules.SELECTION_LABELS.items()
        ],
        "bands": [(f"{i * 10}–{i * 10 + 10 if i < 9 else 100}", n) for i, n in enumerate(bands)],
    }


def needs_analysis(*, actor: Membership, unit: Unit | None = None) -> list[dict]:
    """Development needs, competency part: per unit and competency, who has a gap.

    Priority: the total gap (holders × depth), highest first (docs/decisions.md).
    """
    units = analytics_units(actor=actor)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    unit_by_id = {u.pk: u for u in units}
    competency_by_id = {c.pk: c for c in Competency.objects.filter(agency_id=actor.agency_id)}
    rows = []
    for s in UnitCompetencySummary.objects.filter(
        agency_id=actor.agency_id, unit_id__in=list(unit_by_id), n_gap__gt=0
    ).order_by("-sum_gap", "-n_gap"):
        rows.append(
            {
                "unit": unit_by_id[s.unit_id],
                "competency": competency_by_id[s.competency_id],
                "n_required": s.n_required,
                "n_assessed": s.n_assessed,
                "n_gap": s.n_gap,
                "sum_gap": s.sum_gap,
                "mean_gap": s.sum_gap / s.n_gap,
            }
        )
    return rows


# --- position fit --------------------------------------------------------------------------


@dataclass
class FitRow:
    employee: Employee
    match: rules.JobPersonMatch


def position_fit(
    *,
    actor: Membership,
    position: Position,
    candidates: QuerySet[Employee] | None = None,
    min_jpm: float | None = None,
) -> list[FitRow]:
    """Rank employees by their JPM against `position`'s standard (selection categories).

    One query for the current levels of the standard's competencies, grouped in Python per
    candidate (the candidates are already filtered by unit/golongan by the caller). Ranked by
    the uncapped ratio, then completeness, then fewer gaps.
    """
    standard = {row.competency.pk: row for row in position_standard(position)}
    if not standard:
        return []
    qs = candidates if candidates is not None else employee_list(actor=actor)
    qs = qs.filter(status=Employee.Status.ACTIVE)
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    for employee_id, competency_id, level in CurrentLevel.objects.filter(
        agency_id=actor.agency_id,
        competency_id__in=list(standard),
        employee_id__in=qs.values("pk"),
    ).values_list("employee_id", "competency_id", "level"):
        levels[employee_id][standard[competency_id].competency.code] = level
    required = {row.competency.code: row.required for row in standard.values()}
    employees = {e.pk: e for e in qs.filter(pk__in=list(levels))}
    rows = []
    for employee_id, current in levels.items():
        match = rules.job_person_match(required, current)
        if min_jpm is not None and (match.jpm is None or match.jpm < min_jpm):
            continue
        rows.append(FitRow(employee=employees[employee_id], match=match))
    rows.sort(
        key=lambda r: (
            -(r.match.uncapped_hundredths or 0),
            not r.match.complete,
            sum(g.gap or 0 for g in r.match.gaps),
            r.employee.name,
        )
    )
    return rows


# --- the jpm command and the API -----------------------------------------------------------


def jpm_report(*, agency_id: int, employees: QuerySet[Employee]) -> list[dict]:
    """One dict per active employee of `employees`, as `kompeten jpm --format json` prints.

    A few queries (the standards of their positions, their current levels); the JPM and gaps
    come from rules.py, which the stored EmployeeJpm rows equal (tests).
    """
    employees = list(
        employees.filter(agency_id=agency_id, status=Employee.Status.ACTIVE)
        .select_related("position")
        .order_by("nip")
    )
    ids = [e.pk for e in employees]
    competencies = list(Competency.objects.filter(agency_id=agency_id))
    standards: dict[int, dict[str, int]] = {}
    for position in {e.position for e in employees if e.position_id}:
        standards[position.pk] = {
            row.competency.code: row.required for row in position_standard(position,
                                                                           competencies)
        }  # fmt: skip
    current: dict[int, dict[str, int]] = defaultdict(dict)
    code_of = {c.pk: c.code for c in competencies}
    for employee_id, competency_id, level in CurrentLevel.objects.filter(
        employee_id__in=ids
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
                "selection_category": match.selection_category
                and match.selection_category.upper(),
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
