"""Reads of development plans: individual plans (IDP) with suggestions and progress, the
agency's annual plan against its budget, re-assessment flags, and an employee's development
history by competency. Every read starts from the actor's agency and role.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from kompeten.accounts.models import Membership
from kompeten.agencies.models import Unit
from kompeten.competencies import selectors as competency_selectors
from kompeten.competencies.models import AssessmentResult, Competency
from kompeten.development import rules
from kompeten.development.models import (
    Activity,
    ActivityCompetency,
    AnnualBudget,
    Plan,
    PlanItem,
    ReassessmentFlag,
    Record,
    Session,
    YearlyJp,
)
from kompeten.employees.models import Employee
from kompeten.employees.selectors import employees_in_subtree

Role = Membership.Role


# --- individual plans ----------------------------------------------------------------------


def plannable_employees(*, actor: Membership | None) -> QuerySet[Employee]:
    """Employees whose plans the actor may open: their own, their direct subordinates, a
    unit head's subtree, or (the admin) the agency. Same rule as policies_plans.can_plan_for."""
    if actor is None:
        return Employee.objects.none()
    qs = Employee.objects.filter(agency_id=actor.agency_id).select_related(
        "unit", "position", "supervisor"
    )
    if actor.role == Role.ADMIN:
        return qs
    condition = Q(pk__in=[])
    if actor.employee_id:
        condition |= Q(pk=actor.employee_id) | Q(supervisor_id=actor.employee_id)
    if actor.role == Role.UNIT_HEAD and actor.unit_id:
        condition |= Q(pk__in=employees_in_subtree(qs, actor.unit).values("pk"))
    return qs.filter(condition)


def plan_list(
    *, actor: Membership | None, year: int | None = None, status: str | None = None
) -> QuerySet[Plan]:
    """Plans the actor may open, with their item count, planned cost and planned JP."""
    if actor is None:
        return Plan.objects.none()
    qs = Plan.objects.filter(
        agency_id=actor.agency_id, employee__in=plannable_employees(actor=actor)
    )
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.annotate(
            n_items=Count("items"),
            cost_total=Sum("items__planned_cost"),
            jp_total=Sum("items__planned_jp"),
        )
        .select_related("employee", "employee__unit", "employee__supervisor")
        .order_by("-year", "employee__name", "pk")
    )


def plan_items(plan: Plan) -> list[PlanItem]:
    return list(
        plan.items.select_related(
            "activity", "competency", "registration", "registration__session"
        ).order_by("pk")
    )


def next_open_session(activity_id: int, *, today: dt.date | None = None) -> Session | None:
    """The earliest session of the activity that takes registrations and has not started."""
    today = today or timezone.localdate()
    return (
        Session.objects.filter(
            activity_id=activity_id, status=Session.Status.OPEN, start_date__gte=today
        )
        .order_by("start_date", "pk")
        .first()
    )


@dataclass
class Suggestion:
    activity: Activity
    competency: Competency
    required: int
    current: int
    target_level: int

    @property
    def levels_closed(self) -> int:
        return max(0, min(self.target_level, self.required) - self.current)

    @property
    def per_rupiah(self) -> float:
        return rules.gap_closed_per_rupiah(self.levels_closed, self.activity.cost_per_participant)

    @property
    def per_million(self) -> float | None:
        """Levels closed per Rp 1,000,000 (the ranking key in words a reader can compare)."""
        cost = self.activity.cost_per_participant
        return None if cost <= 0 else self.levels_closed * 1_000_000 / cost

    def sort_key(self):
        return (-self.per_rupiah, -(self.activity.jp or 0), self.activity.title, self.activity.pk)


def plan_suggestions(employee: Employee, *, exclude_activity_ids=()) -> list[Suggestion]:
    """Catalog activities that close the employee's open gaps (domain.md §3 and issue 4).

    An open gap is a competency of the position's standard whose current level is below the
    required one. An active activity qualifies when it develops that competency to at least
    the required level; the best closes the most levels per rupiah (free ones first), then
    the one with more JP. One activity appears once, for the gap it closes best.
    """
    profile = competency_selectors.employee_profile(employee)
    gaps = {g.code: g for g in profile.match.gaps if g.gap and g.gap > 0}
    if not gaps:
        return []
    by_code = {
        line.competency.code: line.competency
        for line in profile.lines
        if line.competency.code in gaps
    }
    targets = (
        ActivityCompetency.objects.filter(
            agency_id=employee.agency_id,
            competency_id__in=[c.pk for c in by_code.values()],
            activity__is_active=True,
        )
        .exclude(activity_id__in=list(exclude_activity_ids))
        .select_related("activity", "competency", "activity__partner")
    )
    best: dict[int, Suggestion] = {}
    for target in targets:
        gap = gaps[target.competency.code]
        if target.target_level < gap.required:
            continue
        suggestion = Suggestion(
            target.activity, target.competency, gap.required, gap.current, target.target_level
        )
        current = best.get(target.activity_id)
        if current is None or suggestion.sort_key() < current.sort_key():
            best[target.activity_id] = suggestion
    return sorted(best.values(), key=Suggestion.sort_key)


@dataclass
class ItemProgress:
    item: PlanItem
    done: bool


@dataclass
class PlanProgress:
    items: list[ItemProgress]
    jp_planned: Decimal
    jp_verified: Decimal
    cost_planned: int
    minimum_jp: int

    @property
    def n_done(self) -> int:
        return sum(1 for i in self.items if i.done)

    @property
    def percent_items(self) -> int:
        return round(100 * self.n_done / len(self.items)) if self.items else 0

    @property
    def percent_jp(self) -> int:
        """Verified JP of the year against the planned JP (or the minimum if more)."""
        goal = max(self.jp_planned, Decimal(self.minimum_jp))
        return min(100, round(100 * self.jp_verified / goal)) if goal else 0


def minimum_jp(employee: Employee) -> int:
    from kompeten.development.models import DevelopmentSettings

    settings = DevelopmentSettings.objects.filter(agency_id=employee.agency_id).first()
    if settings is None:
        return rules.DEFAULT_MINIMUM_JP
    if employee.employment_type == Employee.EmploymentType.PPPK:
        return settings.minimum_jp_pppk
    return settings.minimum_jp_pns


def plan_progress(plan: Plan, items: list[PlanItem] | None = None) -> PlanProgress:
    """Which items are done (a verified record of the plan's year for the item's activity or
    with the item's title) and the year's verified JP (the stored YearlyJp) vs planned JP."""
    items = plan_items(plan) if items is None else items
    records = Record.objects.filter(
        employee_id=plan.employee_id, year=plan.year, status=Record.Status.VERIFIED
    ).values_list("activity_id", "title")
    activity_ids, titles = set(), set()
    for activity_id, title in records:
        if activity_id:
            activity_ids.add(activity_id)
        titles.add(title.strip().casefold())
    progress = [
        ItemProgress(
            item,
            (item.activity_id is not None and item.activity_id in activity_ids)
            or item.title.strip().casefold() in titles,
        )
        for item in items
    ]
    yearly = YearlyJp.objects.filter(employee_id=plan.employee_id, year=plan.year).first()
    return PlanProgress(
        items=progress,
        jp_planned=sum((i.planned_jp for i in items), Decimal(0)),
        jp_verified=yearly.jp if yearly else Decimal(0),
        cost_planned=sum(i.planned_cost for i in items),
        minimum_jp=minimum_jp(plan.employee),
    )


# --- the agency's annual plan --------------------------------------------------------------

SOURCE_PLAN = "idp"  # approved items of individual plans
SOURCE_NEED = "need"  # needs analysis gaps without an approved item, with a catalog activity


@dataclass
class AnnualRow:
    """One line of the RKA-style table: a unit, a competency, an activity and its cost."""

    unit: Unit
    competency: Competency | None
    activity_title: str
    participants: int
    unit_cost: int
    total: int
    source: str


@dataclass
class NeedCoverage:
    unit: Unit
    competency: Competency
    n_gap: int
    sum_gap: int
    by_plan: int  # employees of the unit with an approved item for the competency
    by_catalog: int  # the rest, if the catalog has an activity for the competency
    activity: Activity | None

    @property
    def uncovered(self) -> int:
        return max(0, self.n_gap - self.by_plan - self.by_catalog)


@dataclass
class Subtotal:
    key: object
    participants: int = 0
    total: int = 0


@dataclass
class AnnualPlan:
    year: int
    rows: list[AnnualRow]
    needs: list[NeedCoverage]
    budget: AnnualBudget | None
    show_budget: bool
    by_unit: list[Subtotal] = field(default_factory=list)
    by_competency: list[Subtotal] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def participants(self) -> int:
        return sum(r.participants for r in self.rows)

    @property
    def total_plan(self) -> int:
        return sum(r.total for r in self.rows if r.source == SOURCE_PLAN)

    @property
    def total_need(self) -> int:
        return sum(r.total for r in self.rows if r.source == SOURCE_NEED)

    @property
    def uncovered(self) -> list[NeedCoverage]:
        return [n for n in self.needs if n.uncovered]

    @property
    def n_uncovered(self) -> int:
        return sum(n.uncovered for n in self.needs)

    @property
    def n_gap(self) -> int:
        return sum(n.n_gap for n in self.needs)

    @property
    def shortfall(self) -> int:
        return max(0, self.total - self.budget.amount) if self.budget else 0

    @property
    def remaining(self) -> int:
        return max(0, self.budget.amount - self.total) if self.budget else 0

    @property
    def budget_percent(self) -> int | None:
        if not self.budget or not self.budget.amount:
            return None
        return round(100 * self.total / self.budget.amount)


def best_catalog_activities(agency_id: int, competency_ids) -> dict[int, Activity]:
    """Per competency, the active catalog activity the annual plan proposes: the cheapest per
    participant, then the highest target level, then more JP."""
    best: dict[int, tuple] = {}
    for target in ActivityCompetency.objects.filter(
        agency_id=agency_id, competency_id__in=list(competency_ids), activity__is_active=True
    ).select_related("activity"):
        a = target.activity
        key = (a.cost_per_participant, -target.target_level, -(a.jp or 0), a.title, a.pk)
        if target.competency_id not in best or key < best[target.competency_id][0]:
            best[target.competency_id] = (key, a)
    return {cid: pair[1] for cid, pair in best.items()}


def annual_plan(*, actor: Membership, year: int, unit: Unit | None = None) -> AnnualPlan:
    """Consolidate the approved IDP items and the needs analysis of `year` (issue 4 item 6).

    Approved items are summed per unit, competency and activity in one GROUP BY. A unit's
    competency need (the stored UnitCompetencySummary: holders with a gap) is covered first by
    the employees with an approved item for that competency, then by the catalog's proposed
    activity for the rest; without a catalog activity the rest is not covered. The loops run
    over these aggregates (units × competencies), never over employees.
    """
    items = PlanItem.objects.filter(
        agency_id=actor.agency_id, plan__year=year, plan__status=Plan.Status.APPROVED
    )
    units = competency_selectors.analytics_units(actor=actor)
    if actor.role != Role.ADMIN:
        items = items.filter(plan__employee__unit_id__in=units.values("pk"))
    if unit is not None:
        items = items.filter(plan__employee__unit_id__in=competency_selectors.subtree_ids(unit))
    grouped = list(
        items.order_by()
        .values("plan__employee__unit_id", "competency_id", "activity_id", "title")
        .annotate(
            participants=Count("plan__employee_id", distinct=True),
            n=Count("pk"),
            cost=Sum("planned_cost"),
        )
    )
    covered = {
        (r["plan__employee__unit_id"], r["competency_id"]): r["n"]
        for r in items.filter(competency__isnull=False)
        .order_by()
        .values("plan__employee__unit_id", "competency_id")
        .annotate(n=Count("plan__employee_id", distinct=True))
    }
    needs_qs = list(competency_selectors.needs_analysis(actor=actor, unit=unit))
    catalog = best_catalog_activities(actor.agency_id, {n.competency_id for n in needs_qs})

    unit_ids = {r["plan__employee__unit_id"] for r in grouped} | {n.unit_id for n in needs_qs}
    unit_by_id = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    competency_ids = {r["competency_id"] for r in grouped if r["competency_id"]}
    competency_by_id = {c.pk: c for c in Competency.objects.filter(pk__in=competency_ids)}
    competency_by_id.update({n.competency_id: n.competency for n in needs_qs})

    rows = [
        AnnualRow(
            unit=unit_by_id[r["plan__employee__unit_id"]],
            competency=competency_by_id.get(r["competency_id"]),
            activity_title=r["title"],
            participants=r["participants"],
            unit_cost=(r["cost"] or 0) // max(1, r["n"]),
            total=r["cost"] or 0,
            source=SOURCE_PLAN,
        )
        for r in grouped
    ]
    needs = []
    for need in needs_qs:
        by_plan = min(need.n_gap, covered.get((need.unit_id, need.competency_id), 0))
        activity = catalog.get(need.competency_id)
        rest = need.n_gap - by_plan
        by_catalog = rest if activity is not None else 0
        needs.append(
            NeedCoverage(
                need.unit, need.competency, need.n_gap, need.sum_gap, by_plan, by_catalog,
                activity,
            )
        )  # fmt: skip
        if by_catalog:
            rows.append(
                AnnualRow(
                    unit=need.unit,
                    competency=need.competency,
                    activity_title=activity.title,
                    participants=by_catalog,
                    unit_cost=activity.cost_per_participant,
                    total=by_catalog * activity.cost_per_participant,
                    source=SOURCE_NEED,
                )
            )
    rows.sort(
        key=lambda r: (
            r.unit.path,
            competency_selectors.competency_sort_key(r.competency) if r.competency else (9,),
            r.source,
            r.activity_title,
        )
    )
    show_budget = actor.role == Role.ADMIN and unit is None
    budget = (
        AnnualBudget.objects.filter(agency_id=actor.agency_id, year=year).first()
        if show_budget
        else None
    )
    plan = AnnualPlan(year, rows, needs, budget, show_budget)
    plan.by_unit = _subtotals(rows, lambda r: r.unit, key=lambda u: u.path)
    plan.by_competency = _subtotals(
        [r for r in rows if r.competency], lambda r: r.competency,
        key=competency_selectors.competency_sort_key,
    )  # fmt: skip
    return plan


def _subtotals(rows, pick, *, key) -> list[Subtotal]:
    sums: dict = {}
    for row in rows:
        obj = pick(row)
        sub = sums.setdefault(obj.pk, Subtotal(obj))
        sub.participants += row.participants
        sub.total += row.total
    return sorted(sums.values(), key=lambda s: key(s.key))


def budget_get(*, actor: Membership, year: int) -> AnnualBudget | None:
    return AnnualBudget.objects.filter(agency_id=actor.agency_id, year=year).first()


# --- re-assessment after development -------------------------------------------------------


def reassessment_list(
    *, actor: Membership | None, include_done: bool = False
) -> QuerySet[ReassessmentFlag]:
    """Competencies of participants to re-assess after a completed session.

    A flag is done when it was closed by hand (`resolved_at`) or, computed here at read
    time, when the employee has a result of that competency assessed on or after the end of
    the session (or the flag's date without a session): `superseded`.
    """
    if actor is None:
        return ReassessmentFlag.objects.none()
    results = AssessmentResult.objects.filter(
        employee_id=OuterRef("employee_id"), competency_id=OuterRef("competency_id")
    )
    qs = ReassessmentFlag.objects.filter(agency_id=actor.agency_id).annotate(
        since=Coalesce("session__end_date", TruncDate("created_at"))
    )
    qs = qs.annotate(superseded=Exists(results.filter(assessed_on__gte=OuterRef("since"))))
    if not include_done:
        qs = qs.filter(resolved_at__isnull=True, superseded=False)
    return qs.select_related(
        "employee", "employee__unit", "competency", "session", "session__activity"
    ).order_by("-session__end_date", "employee__name", "competency__code", "pk")


# --- development history beside the competency profile -------------------------------------


@dataclass
class HistoryEntry:
    record: Record
    targets: list[tuple[Competency, int]]  # (competency, target level) of its activity


def development_history(employee: Employee) -> list[HistoryEntry]:
    """The employee's verified development records, newest first, each with the competencies
    its catalog activity develops and the level it targets (two queries).

    Meant for the competency profile, to show development beside the level history; records
    without a catalog activity (reported or imported free text) have no targets.
    """
    records = list(
        Record.objects.filter(employee_id=employee.pk, status=Record.Status.VERIFIED)
        .select_related("activity")
        .order_by("-end_date", "-pk")
    )
    activity_ids = {r.activity_id for r in records if r.activity_id}
    targets: dict[int, list] = defaultdict(list)
    for t in ActivityCompetency.objects.filter(activity_id__in=activity_ids).select_related(
        "competency"
    ):
        targets[t.activity_id].append((t.competency, t.target_level))
    for values in targets.values():
        values.sort(key=lambda pair: competency_selectors.competency_sort_key(pair[0]))
    return [HistoryEntry(r, targets.get(r.activity_id, [])) for r in records]


def development_by_competency(employee: Employee) -> dict[int, list[Record]]:
    """competency id -> the verified records that targeted it, newest first."""
    result: dict[int, list[Record]] = defaultdict(list)
    for entry in development_history(employee):
        for competency, _level in entry.targets:
            result[competency.pk].append(entry.record)
    return dict(result)
