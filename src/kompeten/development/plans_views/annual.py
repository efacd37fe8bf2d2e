"""The agency's annual development plan: approved IDP items and the needs analysis against
the year's budget, with XLSX and PDF (RKA-style) exports.

The admin sees the agency and enters the budget; a unit head reads their subtree (without
the agency budget); everybody else is refused (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts.policies import require
from kompeten.competencies import pdf
from kompeten.competencies.analysis_views.common import Sheet, optional_unit, workbook_response
from kompeten.competencies.selectors import analytics_units
from kompeten.development import plans_selectors, plans_services, policies_plans
from kompeten.development.forms_plans import AnnualFilterForm, BudgetForm


def _filters(request):
    actor = request.membership
    units = analytics_units(actor=actor).order_by("path")
    form = AnnualFilterForm(request.GET or None, units=units)
    year = timezone.localdate().year
    unit = None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["tahun"] or year
        unit = optional_unit(request, form.cleaned_data["unit"])
    return form, year, unit


@require_safe
def annual_plan_view(request):
    require(request, policies_plans.can_view_annual_plan)
    form, year, unit = _filters(request)
    plan = plans_selectors.annual_plan(actor=request.membership, year=year, unit=unit)
    budget_form = None
    if policies_plans.can_set_budget(request.membership):
        budget_form = BudgetForm(
            initial={
                "year": year,
                "amount": plan.budget.amount if plan.budget else "",
                "notes": plan.budget.notes if plan.budget else "",
            }
        )
    query = request.GET.urlencode()
    return render(
        request,
        "development/annual_plan.html",
        {
            "form": form,
            "plan": plan,
            "year": year,
            "unit": unit,
            "budget_form": budget_form,
            "query": query,
        },
    )


@require_POST
def annual_budget_view(request):
    require(request, policies_plans.can_set_budget)
    form = BudgetForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("development:annual-plan")
    data = form.cleaned_data
    try:
        plans_services.annual_budget_set(
            actor=request.membership, year=data["year"], amount=data["amount"], notes=data["notes"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Pagu anggaran %(year)s disimpan.") % {"year": data["year"]})
    return redirect(f"{reverse('development:annual-plan')}?tahun={data['year']}")


# Files use fixed Indonesian words whatever the UI language (docs/decisions.md).
RKA_HEADERS = [
    "No", "Kode Unit", "Unit", "Kode Kompetensi", "Kompetensi", "Kegiatan", "Sumber",
    "Peserta", "Biaya satuan", "Jumlah",
]  # fmt: skip
NEED_HEADERS = [
    "Kode Unit", "Unit", "Kode Kompetensi", "Kompetensi", "Pegawai dengan gap", "Total gap",
    "Tercakup IDP", "Tercakup katalog", "Belum tercakup", "Kegiatan katalog",
]  # fmt: skip
SOURCE_WORDS = {plans_selectors.SOURCE_PLAN: "IDP", plans_selectors.SOURCE_NEED: "Kebutuhan"}


def _rka_rows(plan):
    for number, r in enumerate(plan.rows, start=1):
        yield [
            number, r.unit.code, r.unit.name, r.competency.code if r.competency else "",
            r.competency.name if r.competency else "", r.activity_title,
            SOURCE_WORDS[r.source], r.participants, r.unit_cost, r.total,
        ]  # fmt: skip
    yield ["", "", "", "", "", "Jumlah", "", plan.participants, "", plan.total]
    if plan.budget is not None:
        yield ["", "", "", "", "", "Pagu anggaran", "", "", "", plan.budget.amount]
        yield ["", "", "", "", "", "Kekurangan anggaran", "", "", "", plan.shortfall]


def _need_rows(plan):
    for n in plan.needs:
        yield [
            n.unit.code, n.unit.name, n.competency.code, n.competency.name, n.n_gap, n.sum_gap,
            n.by_plan, n.by_catalog, n.uncovered, n.activity.title if n.activity else "",
        ]  # fmt: skip


@require_safe
def annual_export_view(request, fmt):
    require(request, policies_plans.can_view_annual_plan)
    if fmt not in {"xlsx", "pdf"}:
        raise Http404
    _form, year, unit = _filters(request)
    plan = plans_selectors.annual_plan(actor=request.membership, year=year, unit=unit)
    scope = unit.code if unit else request.agency.slug
    filename = f"rencana-pengembangan-{year}-{scope}"
    if fmt == "xlsx":
        return workbook_response(
            filename,
            [
                Sheet("RKA", RKA_HEADERS, _rka_rows(plan)),
                Sheet("Kebutuhan", NEED_HEADERS, _need_rows(plan)),
            ],
        )
    context = pdf.letterhead_context(request.agency)
    context.update(
        {
            "plan": plan,
            "year": year,
            "unit": unit,
            "printed_at": timezone.localtime(),
            "printed_by": request.user.get_full_name() or request.user.get_username(),
        }
    )
    content = pdf.render_pdf("development/pdf_annual.html", context)
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{filename}.pdf"',
            "Cache-Control": "private, no-cache",
        },
    )
