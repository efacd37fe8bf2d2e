"""The competency profile of one employee: page, radar chart (SVG) and PDF.

Who sees it: the employee their own, a unit head their subtree, assessors and admins the
agency (selectors.viewable_employees); anyone else gets the same 404 as for a missing one.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kompeten.competencies import charts, figures, pdf, policies, profile_panels, selectors
from kompeten.competencies.analysis_views.common import safe_reverse

# The chart holds personal data: never cached by shared caches, nothing in it may run.
SVG_HEADERS = {
    "Cache-Control": "private, no-cache",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
}


def _employee_or_404(request, uuid):
    return get_object_or_404(
        selectors.viewable_employees(actor=request.membership).select_related(
            "unit", "position", "supervisor"
        ),
        uuid=uuid,
    )


def _profile_context(request, employee) -> dict:
    actor = request.membership
    profile = selectors.employee_profile(employee)
    years = figures.validity_years(employee.agency_id)
    today = timezone.localdate()
    create_url = None
    if policies.can_record_assessments(actor):
        create_url = safe_reverse("competencies:assessment-create")
        if create_url:
            create_url = f"{create_url}?pegawai={employee.uuid}"
    return {
        "employee": employee,
        "profile": profile,
        "match": profile.match,
        "history": selectors.result_history(employee, validity_years=years, today=today),
        "validity_years": years,
        "today": today,
        "assessment_create_url": create_url,
        "is_own": actor is not None and actor.employee_id == employee.pk,
        "panels": profile_panels.panels_for(request, employee),
    }


@require_safe
def profile_view(request, uuid):
    employee = _employee_or_404(request, uuid)
    return render(request, "competencies/profile_detail.html", _profile_context(request, employee))


@require_safe
def profile_radar_view(request, uuid):
    employee = _employee_or_404(request, uuid)
    profile = selectors.employee_profile(employee)
    svg = charts.radar_svg(charts.profile_radar_axes(profile))
    return HttpResponse(svg, content_type="image/svg+xml", headers=SVG_HEADERS)


@require_safe
def profile_pdf_view(request, uuid):
    employee = _employee_or_404(request, uuid)
    context = _profile_context(request, employee)
    svg = charts.radar_svg(charts.profile_radar_axes(context["profile"]))
    context.update(pdf.letterhead_context(request.agency))
    context.update(
        {
            "radar_uri": pdf.data_uri(svg.encode("utf-8"), "image/svg+xml"),
            "printed_at": timezone.localtime(),
            "printed_by": request.user.get_full_name() or request.user.get_username(),
        }
    )
    content = pdf.render_pdf("competencies/pdf_profile.html", context)
    filename = f"profil-kompetensi-{employee.nip}.pdf"
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "private, no-cache",
        },
    )
