"""Individual development plans (IDP): list, an employee's plans, the plan page and its
transitions. Plans are fetched only through plans_selectors (a plan the actor may not open
is a 404); each transition is checked again by its service (403 when refused).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kompeten.accounts.policies import require
from kompeten.competencies.models import Competency
from kompeten.competencies.selectors import sort_competencies
from kompeten.development import plans_selectors, plans_services, policies_plans
from kompeten.development.forms_plans import PlanCreateForm, PlanDecisionForm, PlanItemForm
from kompeten.development.models import Activity, Plan

PAGE_SIZE = 25


def _plan_or_404(request, uuid) -> Plan:
    qs = Plan.objects.filter(
        agency_id=request.membership.agency_id if request.membership else None,
        employee__in=plans_selectors.plannable_employees(actor=request.membership),
    ).select_related("employee", "employee__unit", "employee__supervisor", "decided_by")
    return get_object_or_404(qs, uuid=uuid)


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_safe
def plan_list_view(request):
    require(request, policies_plans.can_view_plans)
    actor = request.membership
    year = request.GET.get("tahun", "")
    status = request.GET.get("status", "")
    year = int(year) if year.isdigit() else None
    status = status if status in Plan.Status.values else None
    plans = plans_selectors.plan_list(actor=actor, year=year, status=status)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    own = actor.employee if actor and actor.employee_id else None
    return render(
        request,
        "development/plan_list.html",
        {
            "page": page,
            "year": year,
            "status": status,
            "statuses": Plan.Status.choices,
            "years": list(plans_services.plan_year_range()),
            "own": own,
            "query": "&".join(
                f"{k}={v}" for k, v in (("tahun", year or ""), ("status", status or "")) if v
            ),
        },
    )


def _employee_or_404(request, uuid):
    return get_object_or_404(
        plans_selectors.plannable_employees(actor=request.membership), uuid=uuid
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_employee_view(request, uuid):
    """An employee's plans by year, and a new plan for a year that has none."""
    require(request, policies_plans.can_view_plans)
    employee = _employee_or_404(request, uuid)
    actor = request.membership
    if not policies_plans.can_plan_for(actor, employee):
        raise PermissionDenied
    plans = list(
        plans_selectors.plan_list(actor=actor).filter(employee_id=employee.pk).order_by("-year")
    )
    taken = {p.year for p in plans}
    years = [y for y in plans_services.plan_year_range() if y not in taken]
    form = PlanCreateForm(request.POST or None, years=years)
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = plans_services.plan_create(
                    actor=actor, employee=employee, year=form.cleaned_data["year"]
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Rencana pengembangan dibuat."))
                return redirect("development:plan-detail", uuid=plan.uuid)
        else:
            messages.error(request, _("Pilih tahun rencana."))
    return render(
        request,
        "development/plan_employee.html",
        {"employee": employee, "plans": plans, "form": form, "years": years},
    )


def _item_form(request, plan, data=None):
    activities = Activity.objects.filter(agency_id=plan.agency_id, is_active=True).order_by("title")
    competencies = sort_competencies(Competency.objects.filter(agency_id=plan.agency_id))
    return PlanItemForm(data, activities=activities, competencies=competencies)


@require_safe
def plan_detail_view(request, uuid):
    plan = _plan_or_404(request, uuid)
    actor = request.membership
    items = plans_selectors.plan_items(plan)
    progress = plans_selectors.plan_progress(plan, items)
    can_edit = policies_plans.can_edit_plan(actor, plan)
    suggestions = []
    if can_edit:
        suggestions = plans_selectors.plan_suggestions(
            plan.employee, exclude_activity_ids=[i.activity_id for i in items if i.activity_id]
        )[:10]
    return render(
        request,
        "development/plan_detail.html",
        {
            "plan": plan,
            "employee": plan.employee,
            "progress": progress,
            "suggestions": suggestions,
            "can_edit": can_edit,
            "can_submit": policies_plans.can_submit_plan(actor, plan),
            "can_decide": policies_plans.can_decide_plan(actor, plan),
            "can_schedule": plan.status == Plan.Status.APPROVED
            and policies_plans.is_over(actor, plan.employee)
            and any(i.activity_id and not i.registration_id for i in items),
            "item_form": _item_form(request, plan) if can_edit else None,
            "decision_form": PlanDecisionForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
def plan_item_add_view(request, uuid):
    plan = _plan_or_404(request, uuid)
    if not policies_plans.can_edit_plan(request.membership, plan):
        raise PermissionDenied
    form = _item_form(request, plan, request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("development:plan-detail", uuid=plan.uuid)
    data = form.cleaned_data
    activity = competency = None
    if data["activity"]:
        activity = get_object_or_404(
            Activity.objects.filter(agency_id=plan.agency_id), code=data["activity"]
        )
    if data["competency"]:
        competency = get_object_or_404(
            Competency.objects.filter(agency_id=plan.agency_id), code=data["competency"]
        )
    try:
        plans_services.plan_item_add(
            actor=request.membership, plan=plan, activity=activity, competency=competency,
            title=data["title"], planned_cost=data["planned_cost"], planned_jp=data["planned_jp"],
        )  # fmt: skip
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Kegiatan ditambahkan ke rencana."))
    return redirect("development:plan-detail", uuid=plan.uuid)


@require_POST
def plan_item_remove_view(request, uuid, pk):
    plan = _plan_or_404(request, uuid)
    if not policies_plans.can_edit_plan(request.membership, plan):
        raise PermissionDenied
    item = get_object_or_404(plan.items.all(), pk=pk)
    plans_services.plan_item_remove(actor=request.membership, item=item)
    messages.success(request, _("Kegiatan dihapus dari rencana."))
    return redirect("development:plan-detail", uuid=plan.uuid)


@require_POST
def plan_submit_view(request, uuid):
    plan = _plan_or_404(request, uuid)
    if not policies_plans.can_submit_plan(request.membership, plan):
        raise PermissionDenied
    try:
        plans_services.plan_submit(actor=request.membership, plan=plan)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Rencana diajukan ke atasan."))
    return redirect("development:plan-detail", uuid=plan.uuid)


@require_POST
def plan_decide_view(request, uuid):
    plan = _plan_or_404(request, uuid)
    actor = request.membership
    if not policies_plans.can_decide_plan(actor, plan):
        raise PermissionDenied
    form = PlanDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan: setujui atau kembalikan."))
        return redirect("development:plan-detail", uuid=plan.uuid)
    comment = form.cleaned_data["comment"]
    try:
        if form.cleaned_data["decision"] == "approve":
            _plan, nominated = plans_services.plan_approve(actor=actor, plan=plan, comment=comment)
            messages.success(
                request,
                _("Rencana disetujui; %(n)s kegiatan diusulkan ke angkatan.")
                % {"n": len(nominated)},
            )
        else:
            plans_services.plan_return(actor=actor, plan=plan, comment=comment)
            messages.success(request, _("Rencana dikembalikan ke pegawai."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("development:plan-detail", uuid=plan.uuid)


@require_POST
def plan_schedule_view(request, uuid):
    plan = _plan_or_404(request, uuid)
    actor = request.membership
    if plan.status != Plan.Status.APPROVED or not policies_plans.is_over(actor, plan.employee):
        raise PermissionDenied
    nominated = plans_services.plan_schedule(actor=actor, plan=plan)
    messages.success(request, _("%(n)s kegiatan diusulkan ke angkatan.") % {"n": len(nominated)})
    return redirect("development:plan-detail", uuid=plan.uuid)
