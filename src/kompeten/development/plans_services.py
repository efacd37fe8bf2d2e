"""Writes of development plans: individual plans (IDP) and their items, submission, the
supervisor's decision and the nominations it makes, the annual budget, and closing a
re-assessment flag by hand.

Every service is atomic, checks who may act (policies_plans) because a caller may be
something other than a view, validates with Indonesian messages, and writes an audit row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.core.audit import audit_changed, audit_created, audit_deleted, diff
from kompeten.development import plans_selectors, policies_plans
from kompeten.development.models import (
    MAX_COST,
    MAX_JP,
    Activity,
    AnnualBudget,
    Plan,
    PlanItem,
    ReassessmentFlag,
    Registration,
    Session,
)

Status = Plan.Status
ITEM_FIELDS = ["plan", "activity", "competency", "title", "planned_cost", "planned_jp"]
MAX_BUDGET = 10**15  # rupiah: more than any regional budget; a larger figure is a typo


def _user(actor):
    return getattr(actor, "user", None)


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def plan_year_range(today: dt.date | None = None) -> range:
    """A plan is for last year (late plans), this year or the next two."""
    today = today or timezone.localdate()
    return range(today.year - 1, today.year + 3)


# --- plans ---------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor, employee, year: int, today: dt.date | None = None) -> Plan:
    _check(policies_plans.can_plan_for(actor, employee))
    if actor.agency_id != employee.agency_id:
        raise PermissionDenied
    years = plan_year_range(today)
    if year not in years:
        raise ValidationError(
            {"year": _("Tahun rencana harus antara %(a)s dan %(b)s.")
             % {"a": years[0], "b": years[-1]}}
        )  # fmt: skip
    if Plan.objects.filter(employee_id=employee.pk, year=year).exists():
        raise ValidationError(
            {"year": _("Rencana pengembangan %(year)s pegawai ini sudah ada.") % {"year": year}}
        )
    plan = Plan.objects.create(agency_id=employee.agency_id, employee=employee, year=year)
    audit_created(
        actor=actor, action="development.plan.created", obj=plan,
        fields=["employee", "year", "status"],
    )  # fmt: skip
    return plan


def _lock(plan: Plan) -> Plan:
    """Re-read the plan under a row lock, so two decisions cannot both pass the state check."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    locked.employee = plan.employee
    return locked


def _parse_cost(value) -> int:
    try:
        cost = int(str(value).replace(".", "").replace(" ", "")) if value not in (None, "") else 0
    except ValueError:
        raise ValidationError({"planned_cost": _("Biaya harus bilangan bulat rupiah.")}) from None
    if cost < 0:
        raise ValidationError({"planned_cost": _("Biaya tidak boleh negatif.")})
    if cost > MAX_COST:
        raise ValidationError(
            {"planned_cost": _("Biaya lebih dari Rp %(max)s per peserta: periksa kembali.")
             % {"max": f"{MAX_COST:,}".replace(",", ".")}}
        )  # fmt: skip
    return cost


def _parse_jp(value) -> Decimal:
    try:
        jp = Decimal(str(value).replace(",", ".")) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        raise ValidationError({"planned_jp": _("JP harus berupa angka.")}) from None
    if not jp.is_finite() or jp < 0:
        raise ValidationError({"planned_jp": _("JP tidak boleh negatif.")})
    if jp > MAX_JP:
        raise ValidationError(
            {"planned_jp": _("JP lebih dari %(max)s dalam satu kegiatan: periksa kembali.")
             % {"max": MAX_JP}}
        )  # fmt: skip
    return jp.quantize(Decimal("0.01"))


@transaction.atomic
def plan_item_add(
    *,
    actor,
    plan: Plan,
    activity: Activity | None = None,
    competency=None,
    title: str = "",
    planned_cost=None,
    planned_jp=None,
) -> PlanItem:
    """Add a catalog activity or a free-text activity to a draft or returned plan.

    Cost and JP default to the catalog's figures for a catalog activity.
    """
    plan = _lock(plan)
    _check(policies_plans.can_edit_plan(actor, plan))
    title = (title or "").strip()
    if activity is not None:
        if activity.agency_id != plan.agency_id:
            raise PermissionDenied
        if not activity.is_active:
            raise ValidationError({"activity": _("Kegiatan ini tidak aktif di katalog.")})
        if plan.items.filter(activity_id=activity.pk).exists():
            raise ValidationError({"activity": _("Kegiatan ini sudah ada di rencana.")})
        title = title or activity.title
        if planned_cost in (None, ""):
            planned_cost = activity.cost_per_participant
        if planned_jp in (None, ""):
            planned_jp = activity.jp or 0
    if not title:
        raise ValidationError({"title": _("Pilih kegiatan dari katalog atau tulis nama kegiatan.")})
    if len(title) > 255:
        raise ValidationError({"title": _("Nama kegiatan paling panjang 255 karakter.")})
    if competency is not None and competency.agency_id != plan.agency_id:
        raise PermissionDenied
    item = PlanItem(
        agency_id=plan.agency_id,
        plan=plan,
        activity=activity,
        competency=competency,
        title=title,
        planned_cost=_parse_cost(planned_cost),
        planned_jp=_parse_jp(planned_jp),
    )
    item.full_clean()
    item.save()
    audit_created(actor=actor, action="development.plan_item.created", obj=item, fields=ITEM_FIELDS)
    return item


@transaction.atomic
def plan_item_remove(*, actor, item: PlanItem) -> None:
    plan = _lock(item.plan)
    _check(policies_plans.can_edit_plan(actor, plan))
    audit_deleted(actor=actor, action="development.plan_item.deleted", obj=item, fields=ITEM_FIELDS)
    item.delete()


def _set_status(actor, plan: Plan, action: str, **values) -> Plan:
    before = {name: getattr(plan, name) for name in values}
    for name, value in values.items():
        setattr(plan, name, value)
    plan.save(update_fields=[*values, "updated_at"])
    changes = diff(
        {k: getattr(v, "pk", v) for k, v in before.items()},
        {k: getattr(v, "pk", v) for k, v in values.items()},
    )
    audit_changed(actor=actor, action=action, obj=plan, changes=changes)
    return plan


@transaction.atomic
def plan_submit(*, actor, plan: Plan) -> Plan:
    plan = _lock(plan)
    _check(policies_plans.can_submit_plan(actor, plan))
    if not plan.items.exists():
        raise ValidationError(_("Tambahkan paling sedikit satu kegiatan sebelum mengajukan."))
    return _set_status(actor, plan, "development.plan.submitted", status=Status.SUBMITTED)


@transaction.atomic
def plan_return(*, actor, plan: Plan, comment: str) -> Plan:
    plan = _lock(plan)
    _check(policies_plans.can_decide_plan(actor, plan))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Tulis catatan untuk pegawai: apa yang perlu diperbaiki.")}
        )
    return _set_status(
        actor, plan, "development.plan.returned", status=Status.RETURNED,
        supervisor_comment=comment, decided_by=_user(actor),
    )  # fmt: skip


@transaction.atomic
def plan_approve(
    *, actor, plan: Plan, comment: str = "", today: dt.date | None = None
) -> tuple[Plan, list[PlanItem]]:
    """Approve a submitted plan; each catalog item is nominated to the activity's next open
    session (a place if seats remain, else the waiting list). Items without an open session
    stay "to be scheduled". Returns the plan and the nominated items."""
    plan = _lock(plan)
    _check(policies_plans.can_decide_plan(actor, plan))
    _set_status(
        actor, plan, "development.plan.approved", status=Status.APPROVED,
        supervisor_comment=(comment or "").strip(), decided_by=_user(actor),
    )  # fmt: skip
    return plan, plan_nominate(actor=actor, plan=plan, today=today)


def plan_nominate(*, actor, plan: Plan, today: dt.date | None = None) -> list[PlanItem]:
    """Nominate the approved plan's unscheduled catalog items to their next open sessions.

    Called again later (by the admin, from the plan page) it schedules the items whose
    activity has opened a session since.
    """
    if plan.status != Status.APPROVED:
        raise ValidationError(_("Hanya rencana yang disetujui yang diusulkan ke angkatan."))
    nominated = []
    items = plan.items.filter(activity__isnull=False, registration__isnull=True).order_by("pk")
    for item in items:
        session = plans_selectors.next_open_session(item.activity_id, today=today)
        if session is None:
            continue
        item.registration = _register(actor, session, plan.employee)
        item.save(update_fields=["registration"])
        audit_changed(
            actor=actor, action="development.plan_item.nominated", obj=item,
            changes={"registration": [None, str(item.registration.uuid)]},
        )  # fmt: skip
        nominated.append(item)
    return nominated


def _register(actor, session: Session, employee) -> Registration:
    """A place in the session by plan, through the sessions' own rules (seats, waiting list,
    session lock). An employee already in that session keeps their registration."""
    from kompeten.development.sessions_services import LIVE, registrations_create

    existing = Registration.objects.filter(session_id=session.pk, employee_id=employee.pk).first()
    if existing is not None and existing.status in LIVE:
        return existing
    return registrations_create(
        actor=actor, session=session, employees=[employee], via=Registration.Via.PLAN
    )[0]


@transaction.atomic
def plan_schedule(*, actor, plan: Plan, today: dt.date | None = None) -> list[PlanItem]:
    """The admin or the decider schedules the approved plan's items that still wait."""
    plan = _lock(plan)
    _check(policies_plans.is_over(actor, plan.employee))
    return plan_nominate(actor=actor, plan=plan, today=today)


# --- the annual budget ---------------------------------------------------------------------


@transaction.atomic
def annual_budget_set(*, actor, year: int, amount, notes: str = "") -> AnnualBudget:
    _check(policies_plans.can_set_budget(actor))
    try:
        amount = int(str(amount).replace(".", "").replace(" ", ""))
    except ValueError:
        raise ValidationError({"amount": _("Pagu harus bilangan bulat rupiah.")}) from None
    if amount < 0:
        raise ValidationError({"amount": _("Pagu tidak boleh negatif.")})
    if amount > MAX_BUDGET:
        raise ValidationError({"amount": _("Pagu terlalu besar: periksa kembali angkanya.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Tahun tidak valid.")})
    budget = AnnualBudget.objects.filter(agency_id=actor.agency_id, year=year).first()
    notes = (notes or "").strip()
    if budget is None:
        budget = AnnualBudget.objects.create(
            agency_id=actor.agency_id, year=year, amount=amount, notes=notes
        )
        audit_created(
            actor=actor, action="development.budget.created", obj=budget,
            fields=["year", "amount", "notes"],
        )  # fmt: skip
        return budget
    changes = diff(
        {"amount": budget.amount, "notes": budget.notes}, {"amount": amount, "notes": notes}
    )
    budget.amount, budget.notes = amount, notes
    budget.save(update_fields=["amount", "notes"])
    audit_changed(actor=actor, action="development.budget.updated", obj=budget, changes=changes)
    return budget


# --- re-assessment -------------------------------------------------------------------------


@transaction.atomic
def reassessment_resolve(*, actor, flag: ReassessmentFlag) -> ReassessmentFlag:
    """Close a flag by hand (e.g. re-assessment judged unnecessary); a newer result closes
    it without this (plans_selectors.reassessment_list)."""
    _check(policies_plans.can_resolve_reassessment(actor))
    if flag.agency_id != actor.agency_id:
        raise PermissionDenied
    flag = ReassessmentFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.resolved_at is not None:
        return flag
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["resolved_at"])
    audit_changed(
        actor=actor, action="development.reassessment.resolved", obj=flag,
        changes={"resolved_at": [None, str(flag.resolved_at)]},
    )  # fmt: skip
    return flag


@transaction.atomic
def reassessment_flag_session(*, actor, session: Session) -> int:
    """Flag each competency the session's activity targets for each participant who
    completed it (issue 4 item 7), in one set-based insert; returns the number created.

    Meant for the session-completion service; flags that exist already are kept.
    """
    from kompeten.development.models import ActivityCompetency

    participants = list(
        Registration.objects.filter(
            session_id=session.pk, status=Registration.Status.COMPLETED
        ).values_list("employee_id", flat=True)
    )
    competencies = list(
        ActivityCompetency.objects.filter(activity_id=session.activity_id).values_list(
            "competency_id", flat=True
        )
    )
    existing = set(
        ReassessmentFlag.objects.filter(session_id=session.pk).values_list(
            "employee_id", "competency_id"
        )
    )
    flags = [
        ReassessmentFlag(
            agency_id=session.agency_id, employee_id=e, competency_id=c, session_id=session.pk
        )
        for e in participants
        for c in competencies
        if (e, c) not in existing
    ]
    ReassessmentFlag.objects.bulk_create(flags)
    return len(flags)
