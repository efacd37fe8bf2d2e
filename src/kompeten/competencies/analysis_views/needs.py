"""Development needs, competency part (Analisis Kebutuhan Pengembangan Kompetensi):
gaps per competency and unit from the stored unit summaries, ranked by priority.

The BKPSDM admin sees the agency, a unit head their subtree; others are refused (403).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kompeten.accounts.policies import require
from kompeten.agencies.models import Unit
from kompeten.competencies import policies, selectors
from kompeten.competencies.analysis_views.common import PAGE_SIZE, check_fmt, query_without
from kompeten.competencies.analysis_views.forms import NeedsFilterForm
from kompeten.competencies.models import Competency
from kompeten.core.exports import export_response

KIND_WORDS = {
    "managerial": "Manajerial",
    "socio_cultural": "Sosial Kultural",
    "technical": "Teknis",
}


def _filters(request):
    actor = request.membership
    units = selectors.analytics_units(actor=actor)
    competencies = selectors.needs_competencies(actor=actor)
    form = NeedsFilterForm(request.GET or None, units=units, competencies=competencies)
    unit = competency = None
    if form.is_bound and form.is_valid():
        if form.cleaned_data["unit"]:
            unit = Unit.objects.get(agency_id=actor.agency_id, code=form.cleaned_data["unit"])
        if form.cleaned_data["kompetensi"]:
            competency = Competency.objects.get(
                agency_id=actor.agency_id, code=form.cleaned_data["kompetensi"]
            )
    return form, unit, competency


@require_safe
def needs_view(request):
    require(request, policies.can_view_needs)
    actor = request.membership
    form, unit, competency = _filters(request)
    rows = selectors.needs_analysis(actor=actor, unit=unit, competency=competency)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = selectors.needs_by_competency(actor=actor, unit=unit, competency=competency)
    context = {
        "form": form,
        "unit": unit,
        "competency": competency,
        "page": page,
        "summary": summary,
        "summary_max": max((r["sum_gap"] for r in summary), default=0),
        "query": query_without(request, "page"),
    }
    if request.htmx:
        # The results are swapped in place when the filters change (id="needs-results").
        return render(request, "competencies/partials/needs_results.html", context)
    return render(request, "competencies/needs_list.html", context)


# Files use fixed Indonesian words whatever the UI language (docs/decisions.md).
NEEDS_HEADERS = [
    "Prioritas", "Kode Unit", "Unit", "Kode Kompetensi", "Kompetensi", "Jenis",
    "Pemangku dipersyaratkan", "Sudah dinilai", "Pegawai dengan gap", "Total gap",
    "Rata-rata gap", "Pegawai dengan gap (%)",
]  # fmt: skip


@require_safe
def needs_export_view(request, fmt):
    require(request, policies.can_view_needs)
    check_fmt(fmt)
    _form, unit, competency = _filters(request)
    rows = selectors.needs_analysis(actor=request.membership, unit=unit, competency=competency)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return export_response(
        fmt,
        f"kebutuhan-pengembangan-{request.agency.slug}-{stamp}",
        NEEDS_HEADERS,
        _needs_rows(rows),
        "Kebutuhan",
    )


def _needs_rows(rows):
    for rank, s in enumerate(rows.iterator(chunk_size=2000), start=1):
        yield [
            rank, s.unit.code, s.unit.name, s.competency.code, s.competency.name,
            KIND_WORDS.get(s.competency.kind, s.competency.kind), s.n_required, s.n_assessed,
            s.n_gap, s.sum_gap, round(s.mean_gap, 2), round(s.share_gap * 100, 1),
        ]  # fmt: skip
