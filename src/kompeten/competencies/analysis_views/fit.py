"""Position fit: rank the agency's employees by their JPM against a chosen position's
standard (issue 3 item 6), for rotation and promotion decisions. BKPSDM admin only.
"""

from __future__ import annotations

import math

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kompeten.accounts.policies import require
from kompeten.agencies.models import Unit
from kompeten.competencies import policies, selectors
from kompeten.competencies.analysis_views.common import PAGE_SIZE, check_fmt, query_without
from kompeten.competencies.analysis_views.forms import FitFilterForm, golongan_at_least
from kompeten.competencies.models import PositionStandard
from kompeten.core.exports import export_response
from kompeten.employees.models import Employee, PositionKind
from kompeten.employees.selectors import employee_list, position_list

EXPORT_CHUNK = 1000


@require_safe
def fit_view(request):
    """Choose a position: search by name, filter by kind."""
    require(request, policies.can_view_position_fit)
    actor = request.membership
    positions = position_list(actor=actor)
    term = request.GET.get("q", "").strip()
    if term:
        for word in term.split():
            positions = positions.filter(name__icontains=word)
    kind = request.GET.get("jenis_jabatan", "")
    if kind in PositionKind.values:
        positions = positions.filter(kind=kind)
    positions = positions.order_by("unit__path", "name")
    page = Paginator(positions, PAGE_SIZE).get_page(request.GET.get("page"))
    # Counted for the page's positions only: counting through joins for every position of
    # the agency took seconds with 100,000 employees.
    ids = [p.pk for p in page]
    holders = dict(
        Employee.objects.filter(position_id__in=ids, status=Employee.Status.ACTIVE)
        .order_by()
        .values_list("position_id")
        .annotate(n=Count("pk"))
    )
    standards = dict(
        PositionStandard.objects.filter(position_id__in=ids, required_level__isnull=False)
        .order_by()
        .values_list("position_id")
        .annotate(n=Count("pk"))
    )
    for position in page:
        position.holders = holders.get(position.pk, 0)
        position.n_standard = standards.get(position.pk, 0)
    context = {
        "page": page,
        "q": term,
        "kind": kind,
        "kinds": PositionKind.choices,
        "query": query_without(request, "page"),
    }
    if request.htmx:
        # The table is swapped in place as the search changes (id="position-table").
        return render(request, "competencies/partials/fit_positions.html", context)
    return render(request, "competencies/fit_list.html", context)


def _ranking(request, position):
    actor = request.membership
    units = selectors.analytics_units(actor=actor)
    form = FitFilterForm(request.GET or None, units=units)
    candidates = employee_list(actor=actor)
    min_jpm, complete_only = None, False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            unit = Unit.objects.get(agency_id=actor.agency_id, code=data["unit"])
            candidates = candidates.filter(unit_id__in=selectors.subtree_ids(unit))
        if data["golongan"]:
            candidates = candidates.filter(golongan__in=golongan_at_least(data["golongan"]))
        if data["jpm_min"] is not None:
            min_jpm = float(data["jpm_min"])
        complete_only = data["lengkap"]
    ranking = selectors.position_fit_ranking(
        actor=actor,
        position=position,
        candidates=candidates,
        min_jpm=min_jpm,
        complete_only=complete_only,
    )
    return form, ranking


def _position_or_404(request, uuid):
    return get_object_or_404(position_list(actor=request.membership), uuid=uuid)


@require_safe
def fit_position_view(request, uuid):
    require(request, policies.can_view_position_fit)
    position = _position_or_404(request, uuid)
    form, ranking = _ranking(request, position)
    page = _ranking_page(ranking, request.GET.get("page"))
    rows = ranking.hydrate(page.object_list, start_rank=page.start_index())
    n_candidates = ranking.candidates.count()
    context = {
        "position": position,
        "standard": ranking.standard,
        "form": form,
        "page": page,
        "rows": rows,
        "n_candidates": n_candidates,
        "n_unranked": n_candidates - page.paginator.count,
        "filtered": bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values())),
        "query": query_without(request, "page"),
    }
    if request.htmx:
        # The ranking is swapped in place when the filters change (id="fit-table").
        return render(request, "competencies/partials/fit_table.html", context)
    return render(request, "competencies/fit_detail.html", context)


class _LoadedPage:
    """What a Paginator asks of its list, when the one page it will show is loaded."""

    def __init__(self, rows: list, total: int):
        self.rows, self.total = rows, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        return self.rows


def _ranking_page(ranking, number):
    """The requested page of the ranking with one aggregation (an out-of-range page
    falls back to the last one, as Paginator.get_page does)."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    rows, total = ranking.slice((number - 1) * PAGE_SIZE, PAGE_SIZE)
    if not rows and number > 1:
        total = ranking.count()
        number = max(1, math.ceil(total / PAGE_SIZE))
        rows, total = ranking.slice((number - 1) * PAGE_SIZE, PAGE_SIZE)
    return Paginator(_LoadedPage(rows, total), PAGE_SIZE).page(number)


FIT_HEADERS = [
    "Peringkat", "NIP", "Nama", "Unit", "Jabatan saat ini", "Golongan", "JPM",
    "JPM tanpa batas", "Lengkap", "Kategori seleksi", "Kategori pemetaan", "Total gap",
    "Gap per kompetensi", "Belum dinilai",
]  # fmt: skip


@require_safe
def fit_export_view(request, uuid, fmt):
    require(request, policies.can_view_position_fit)
    position = _position_or_404(request, uuid)
    check_fmt(fmt)
    _form, ranking = _ranking(request, position)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return export_response(
        fmt, f"kesesuaian-jabatan-{stamp}", FIT_HEADERS, _fit_rows(ranking), "Kesesuaian"
    )


def _fit_rows(ranking):
    """Every ranked candidate, read in chunks (one levels query per chunk)."""
    from kompeten.competencies import rules

    values = list(ranking.rows)
    for start in range(0, len(values), EXPORT_CHUNK):
        for row in ranking.hydrate(values[start : start + EXPORT_CHUNK], start_rank=start + 1):
            m, e = row.match, row.employee
            yield [
                row.rank, e.nip, e.full_name, e.unit.name,
                e.position.name if e.position_id else "", e.golongan,
                float(m.jpm), float(m.jpm_uncapped), "ya" if m.complete else "tidak",
                m.selection_category.upper(), rules.MAPPING_LABELS[m.category], row.total_gap,
                ", ".join(f"{g.code} ({g.gap})" for g in row.gaps),
                ", ".join(m.unassessed),
            ]  # fmt: skip
