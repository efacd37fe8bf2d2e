from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from kompeten.accounts import policies
from kompeten.core.selectors import audit_changes_labelled, audit_event_list, dashboard_figures


@require_safe
def dashboard(request):
    actor = request.membership
    context = {"figures": dashboard_figures(actor=actor) if actor else None}
    return render(request, "core/dashboard.html", context)


@require_safe
def audit_list(request):
    actor = request.membership
    if not policies.can_view_audit(actor):
        raise PermissionDenied
    events = audit_event_list(
        actor=actor,
        object_type=request.GET.get("jenis", ""),
        search=request.GET.get("q", ""),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    audit_changes_labelled(page.object_list, agency_id=actor.agency_id)
    return render(
        request,
        "core/audit_list.html",
        {"page": page, "object_types": OBJECT_TYPE_LABELS, "filters": request.GET},
    )


OBJECT_TYPE_LABELS = {
    "employees.employee": _("Pegawai"),
    "employees.position": _("Jabatan"),
    "agencies.unit": _("Unit kerja"),
    "agencies.agency": _("Instansi"),
    "accounts.membership": _("Keanggotaan"),
    "accounts.apitoken": _("Token API"),
}
