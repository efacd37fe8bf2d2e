"""Unit tree pages. Thin views over scoped selectors and audited services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts import policies
from kompeten.agencies import services
from kompeten.agencies.forms import AgencyProfileForm, UnitForm
from kompeten.agencies.selectors import unit_list, unit_tree_with_headcount
from kompeten.core.forms import apply_validation_error
from kompeten.employees.selectors import employee_list, position_list


@require_safe
def unit_tree(request):
    policies.require(request, policies.can_list_employees)
    units = unit_tree_with_headcount(actor=request.membership)
    return render(
        request,
        "agencies/unit_tree.html",
        {
            "units": units,
            "total": sum(u.direct_count for u in units),
            "can_manage": policies.can_manage_registry(request.membership),
        },
    )


def _unit_or_404(request, code):
    return get_object_or_404(unit_list(actor=request.membership), code=code)


@require_safe
def unit_detail(request, code):
    policies.require(request, policies.can_list_employees)
    actor = request.membership
    unit = _unit_or_404(request, code)
    subtree = [u for u in unit_tree_with_headcount(actor=actor) if u.path.startswith(unit.path)]
    context = {
        "unit": unit,
        "subtree": subtree,
        "this": subtree[0],
        "ancestors": unit_list(actor=actor).filter(
            path__in=[unit.path[:i] for i in range(unit.steplen, len(unit.path), unit.steplen)]
        ),
        "positions": position_list(actor=actor).filter(unit=unit).order_by("name"),
        "head_count": employee_list(actor=actor).filter(unit=unit, status="active").count(),
        "can_manage": policies.can_manage_registry(actor),
    }
    return render(request, "agencies/unit_detail.html", context)


def unit_create_view(request):
    policies.require(request, policies.can_manage_registry)
    form = UnitForm(
        request.POST or None,
        units=unit_list(actor=request.membership),
        initial={"parent": request.GET.get("induk")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                actor=request.user,
                agency=request.agency,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "agencies/unit_form.html", {"form": form})


def unit_update_view(request, code):
    policies.require(request, policies.can_manage_registry)
    unit = _unit_or_404(request, code)
    parent = unit.get_parent()
    form = UnitForm(
        request.POST or None,
        units=unit_list(actor=request.membership).exclude(path__startswith=unit.path),
        initial={"code": unit.code, "name": unit.name, "parent": parent.code if parent else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "agencies/unit_form.html", {"form": form, "unit": unit})


@require_POST
def unit_delete_view(request, code):
    policies.require(request, policies.can_manage_registry)
    unit = _unit_or_404(request, code)
    try:
        services.unit_delete(actor=request.user, unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(unit)
    messages.success(request, _("Unit %(name)s dihapus.") % {"name": unit.name})
    return redirect("agencies:unit-tree")


def agency_profile_view(request):
    """The agency's letterhead and logo for reports (agency admin only)."""
    policies.require(request, policies.can_manage_registry)
    agency = request.agency
    form = AgencyProfileForm(
        request.POST or None, request.FILES or None, initial={"letterhead": agency.letterhead}
    )
    if request.method == "POST" and form.is_valid():
        services.agency_profile_update(
            actor=request.user,
            agency=agency,
            letterhead=form.cleaned_data["letterhead"],
            logo=form.cleaned_data["logo"],
        )
        messages.success(request, _("Profil instansi disimpan."))
        return redirect("agencies:agency-profile")
    return render(request, "agencies/agency_profile.html", {"form": form, "agency": agency})


@require_safe
def agency_logo_view(request):
    """The logo, served to members of the agency only (media files are not public)."""
    from django.http import FileResponse, Http404

    agency = request.agency
    if agency is None or not agency.logo:
        raise Http404
    return FileResponse(agency.logo.open("rb"))
