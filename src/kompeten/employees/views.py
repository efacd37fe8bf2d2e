"""Employee and position pages. Thin: scoped selectors in, services for writes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts import policies
from kompeten.agencies.selectors import unit_list
from kompeten.core.exports import export_response
from kompeten.core.forms import apply_validation_error
from kompeten.employees import services
from kompeten.employees.columns import EMPLOYEE_HEADERS, employee_rows
from kompeten.employees.filters import EmployeeFilter
from kompeten.employees.forms import EmployeeForm, PositionForm
from kompeten.employees.models import Position
from kompeten.employees.selectors import employee_list, position_list

PAGE_SIZE = 25


def _filtered(request):
    actor = request.membership
    return EmployeeFilter(
        request.GET or None, queryset=employee_list(actor=actor), units=unit_list(actor=actor)
    )


@require_safe
def employee_list_view(request):
    policies.require(request, policies.can_list_employees)
    employee_filter = _filtered(request)
    page = Paginator(employee_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("urut", None)
    context = {
        "filter": employee_filter,
        "page": page,
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "sort": request.GET.get("urut", "nama"),
        "units": unit_list(actor=request.membership).only("code", "name", "depth", "path"),
        "can_manage": policies.can_manage_registry(request.membership),
    }
    if request.htmx:
        # The table is swapped in place when the filters change (id="employee-table").
        return render(request, "employees/partials/employee_table.html", context)
    return render(request, "employees/employee_list.html", context)


@require_safe
def employee_export_view(request, fmt):
    """Exactly the filtered rows of the list page, in the import template's columns."""
    policies.require(request, policies.can_list_employees)
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    rows = employee_rows(_filtered(request).qs)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return export_response(
        fmt, f"pegawai-{request.agency.slug}-{stamp}", EMPLOYEE_HEADERS, rows, "Pegawai"
    )


def _employee_or_404(request, uuid):
    return get_object_or_404(employee_list(actor=request.membership), uuid=uuid)


@require_safe
def employee_detail_view(request, uuid):
    actor = request.membership
    employee = _employee_or_404(request, uuid)
    context = {
        "employee": employee,
        "show_contact": policies.can_view_contact(actor, employee),
        "can_manage": policies.can_manage_registry(actor),
        "assignments": employee.assignments.select_related("unit", "position"),
        "subordinates": employee_list(actor=actor).filter(supervisor=employee).order_by("name"),
    }
    return render(request, "employees/employee_detail.html", context)


def _employee_form(request, instance=None):
    actor = request.membership
    return EmployeeForm(
        request.POST or None,
        instance=instance,
        units=unit_list(actor=actor),
        positions=position_list(actor=actor).order_by("unit__path", "name"),
        supervisors=employee_list(actor=actor),
    )


def employee_create_view(request):
    policies.require(request, policies.can_manage_registry)
    form = _employee_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.employee_create(
                actor=request.user, agency=request.agency, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Pegawai %(name)s disimpan.") % {"name": employee.full_name}
            )
            return redirect(employee)
    return render(request, "employees/employee_form.html", {"form": form})


def employee_update_view(request, uuid):
    policies.require(request, policies.can_manage_registry)
    employee = _employee_or_404(request, uuid)
    form = _employee_form(request, instance=employee)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        moved_on = data.pop("moved_on", None)
        try:
            services.employee_update(
                actor=request.user, employee=employee, moved_on=moved_on, **data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perubahan data pegawai disimpan."))
            return redirect(employee)
    return render(request, "employees/employee_form.html", {"form": form, "employee": employee})


@require_POST
def employee_delete_view(request, uuid):
    policies.require(request, policies.can_manage_registry)
    employee = _employee_or_404(request, uuid)
    services.employee_delete(actor=request.user, employee=employee)
    messages.success(request, _("Data pegawai %(name)s dihapus.") % {"name": employee.full_name})
    return redirect("employees:employee-list")


@require_safe
def position_list_view(request):
    policies.require(request, policies.can_list_employees)
    positions = position_list(actor=request.membership).order_by("unit__path", "name")
    term = request.GET.get("q", "").strip()
    if term:
        positions = positions.filter(name__icontains=term)
    kind = request.GET.get("jenis_jabatan", "")
    if kind:
        positions = positions.filter(kind=kind)
    positions = positions.annotate(holders=Count("employees", filter=Q(employees__status="active")))
    page = Paginator(positions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "employees/position_list.html",
        {
            "page": page,
            "kinds": Position._meta.get_field("kind").choices,
            "q": term,
            "kind": kind,
            "can_manage": policies.can_manage_registry(request.membership),
        },
    )


def position_create_view(request):
    policies.require(request, policies.can_manage_registry)
    form = PositionForm(request.POST or None, units=unit_list(actor=request.membership))
    if request.method == "POST" and form.is_valid():
        try:
            services.position_create(actor=request.user, agency=request.agency, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Jabatan disimpan."))
            return redirect("employees:position-list")
    return render(request, "employees/position_form.html", {"form": form})


def position_update_view(request, uuid):
    policies.require(request, policies.can_manage_registry)
    position = get_object_or_404(position_list(actor=request.membership), uuid=uuid)
    form = PositionForm(
        request.POST or None, instance=position, units=unit_list(actor=request.membership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.position_update(actor=request.user, position=position, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Jabatan disimpan."))
            return redirect("employees:position-list")
    return render(request, "employees/position_form.html", {"form": form, "position": position})
