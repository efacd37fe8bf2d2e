"""The 20 JP rule: compliance of the agency and its units (admins; unit heads their
subtree), the employees behind pace with export, and the employee's own JP bar."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kompeten.accounts.policies import require
from kompeten.development import policies_records as policies
from kompeten.development.records_selectors import (
    BehindPaceIds,
    Role,
    behind_pace_rows,
    compliance_overview,
    employee_jp,
    employees_for_compliance,
    jp_of,
    jp_rows,
    record_list,
    targets,
)
from kompeten.development.records_views.common import (
    PAGE_SIZE,
    export_file,
    optional_unit,
    query_without,
    unit_or_404,
    year_param,
)

BEHIND_HEADERS = [
    "NIP", "Nama", "Unit", "Jabatan", "Jenis Pegawai", "JP", "Target Hari Ini", "JP Minimal",
    "Kekurangan",
]  # fmt: skip


@require_safe
def compliance_view(request):
    """The agency; a unit head's view starts at their own unit."""
    require(request, policies.can_view_compliance)
    actor = request.membership
    if actor.role == Role.UNIT_HEAD:
        url = redirect("development:compliance-unit", code=actor.unit.code).url
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)
    return _page(request, None)


@require_safe
def compliance_unit_view(request, code):
    require(request, policies.can_view_compliance)
    return _page(request, unit_or_404(request, code))


def _ancestors(request, unit):
    """Breadcrumb units above `unit` that the actor may open (a unit head stops at theirs)."""
    if unit is None:
        return []
    paths = [unit.path[:i] for i in range(unit.steplen, len(unit.path), unit.steplen)]
    from kompeten.development.records_selectors import compliance_units

    return list(compliance_units(actor=request.membership).filter(path__in=paths).order_by("path"))


def _behind_page(request, unit, t, behind: int):
    """One page of the employees behind pace; `behind` is their number from the summary,
    which counted the same employees (used when there is no search)."""
    search = (request.GET.get("q") or "").strip()
    employees = employees_for_compliance(actor=request.membership, unit=unit)
    # Sort and slice the ids only, then load the page's rows: SQLite sorting 100,000 whole
    # rows (with unit and position) took eight times as long as sorting their ids.
    if search:
        ids = behind_pace_rows(employees, t, search=search).values_list("pk", flat=True)
    else:
        ids = BehindPaceIds(request.membership.agency_id, t, unit, behind)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    by_pk = {row.pk: row for row in jp_rows(employees.filter(pk__in=list(page.object_list)), t)}
    page.object_list = [by_pk[pk] for pk in page.object_list]
    for row in page:
        row.jp = jp_of(row)
        row.pace = row.pace_h / 100
        row.required = row.required_h // 100
    return page, search


def _page(request, unit):
    actor = request.membership
    year = year_param(request)
    overview = compliance_overview(actor=actor, unit=unit, year=year)
    t = overview["targets"]
    page, search = _behind_page(request, unit, t, overview["summary"].behind)
    this_year = timezone.localdate().year
    context = {
        "unit": unit,
        "ancestors": _ancestors(request, unit),
        "year": year,
        "years": list(range(this_year, this_year - 6, -1)),
        "targets": t,
        "summary": overview["summary"],
        "rows": overview["rows"],
        "page": page,
        "search": search,
        "query": query_without(request, "page"),
        "export_query": query_without(request, "page"),
        "list_url": request.path,
        "top_is_unit": actor.role == Role.UNIT_HEAD,
    }
    if request.htmx and request.htmx.target == "behind-table":
        # Swapped in place when searching or paging (id="behind-table").
        return render(request, "development/partials/compliance_behind.html", context)
    return render(request, "development/compliance_overview.html", context)


@require_safe
def compliance_export_view(request, fmt):
    """The employees behind pace of the agency or of `?unit=` (a unit head: their subtree)."""
    require(request, policies.can_view_compliance)
    unit = optional_unit(request, request.GET.get("unit"))
    t = targets(request.membership.agency_id, year_param(request))
    rows = behind_pace_rows(
        employees_for_compliance(actor=request.membership, unit=unit),
        t,
        search=(request.GET.get("q") or "").strip(),
    )
    data = (
        (
            r.nip, r.full_name, r.unit.name, r.position.name if r.position else "",
            r.employment_type, jp_of(r), r.pace_h / 100, r.required_h // 100,
            max(0, r.required_h - r.jp_h) / 100,
        )
        for r in rows.iterator(chunk_size=2000)
    )  # fmt: skip
    return export_file(request, fmt, f"belum-capai-jp-{t.year}", BEHIND_HEADERS, data, "JP")


@require_safe
def my_jp_view(request):
    """The employee's JP this year (or `?tahun=`) as a bar, with the records of that year."""
    require(request, policies.can_view_own_jp)
    actor = request.membership
    employee = actor.employee
    year = year_param(request)
    figures = employee_jp(employee=employee, year=year)
    records = (
        record_list(actor=actor)
        .filter(employee_id=employee.pk, year=year)
        .order_by("-end_date", "-id")
    )
    this_year = timezone.localdate().year
    context = {
        "employee": employee,
        "jp": figures,
        "year": year,
        "years": list(range(this_year, this_year - 6, -1)),
        "records": records,
        "can_report": policies.can_report_records(actor),
    }
    return render(request, "development/my_jp.html", context)
