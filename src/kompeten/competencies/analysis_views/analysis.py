"""The agency view and the unit view: heatmap, JPM distribution, employees by category.

Everything comes from the stored figures through selectors: the unit summaries for the
heatmap, the stored JPM rows for the distribution and the lists. Unit heads see their
subtree only; admins and assessors the whole agency; employees are refused (403).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kompeten.accounts.policies import require
from kompeten.competencies import policies, rules, selectors
from kompeten.competencies.analysis_views.common import (
    PAGE_SIZE,
    Role,
    Sheet,
    check_fmt,
    gap_colour,
    query_without,
    share_colour,
    unit_or_404,
    visible_ancestors,
    workbook_response,
)

EMPLOYEES_TARGET = "analysis-employees"
CATEGORY_FILTERS = {*rules.MAPPING_LABELS, selectors.NO_CATEGORY}
COMPLETE_FILTERS = {"ya": True, "tidak": False}


@require_safe
def analysis_view(request):
    """The agency view; a unit head's "agency" is their own unit and its subtree."""
    require(request, policies.can_view_analytics)
    actor = request.membership
    if actor.role == Role.UNIT_HEAD:
        return redirect("competencies:analysis-unit", code=actor.unit.code)
    return _analysis_page(request, None)


@require_safe
def analysis_unit_view(request, code):
    require(request, policies.can_view_analytics)
    return _analysis_page(request, unit_or_404(request, code))


def _employee_filters(request) -> dict:
    category = request.GET.get("kategori", "")
    selection = request.GET.get("seleksi", "")
    complete = request.GET.get("lengkap", "")
    return {
        "category": category if category in CATEGORY_FILTERS else None,
        "selection": selection if selection in rules.SELECTION_LABELS else None,
        "complete": COMPLETE_FILTERS.get(complete),
    }


def _employees_context(request, unit) -> dict:
    filters = _employee_filters(request)
    rows = selectors.jpm_employee_list(actor=request.membership, unit=unit, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "emp_page": page,
        "emp_filters": filters,
        "emp_query": query_without(request, "page"),
        "category_choices": [
            *rules.MAPPING_LABELS.items(),
            (selectors.NO_CATEGORY, _("Tanpa JPM")),
        ],
        "selection_choices": list(rules.SELECTION_LABELS.items()),
        "list_url": request.path,
    }


def heat_view_rows(competencies, rows) -> list[dict]:
    """Rows of the heatmap with each cell's figures and colours ready for the template.

    The cells of a row are rendered here to one HTML string per metric: the template engine
    took more time for the few thousand cells of an agency than every query of the page.
    """
    result = []
    for row in rows:
        cells = [_cell(cell) for cell in row.cell_list(competencies)]
        total = _cell(row.total)
        both = [*cells, total]
        result.append(
            {
                "row": row,
                "cells": cells,
                "total": total,
                "share_html": mark_safe("".join(_cell_html(c, "share") for c in both)),
                "gap_html": mark_safe("".join(_cell_html(c, "gap") for c in both)),
            }
        )
    return result


def _cell_html(c: dict, metric: str) -> str:
    if not c["required"]:
        return '<td class="hc na">·</td>'
    coverage = f"{c['cell'].n_assessed}/{c['cell'].n_required}"
    if metric == "share":
        colour = c["share_bg"]
        value = "—" if c["share_pct"] is None else f"{c['share_pct']}%"
    else:
        colour = c["gap_bg"]
        value = "—" if c["mean_gap"] is None else floatformat(c["mean_gap"], 2)
    # Every part is a number or a colour computed here: nothing to escape.
    return (
        f'<td class="hc" style="background-color:{colour}"><div class="v">{value}</div>'
        f'<div class="cov">{coverage}</div></td>'
    )


def _cell(cell: selectors.HeatCell) -> dict:
    share, mean_gap, coverage = cell.share_meeting, cell.mean_gap, cell.coverage
    return {
        "cell": cell,
        "required": cell.n_required > 0,
        "share_pct": None
        if share is None
        else rules.div_half_up(100 * cell.n_meeting, cell.n_assessed),
        "share_bg": share_colour(share),
        "mean_gap": mean_gap,
        "gap_bg": gap_colour(mean_gap),
        "coverage_pct": None
        if coverage is None
        else rules.div_half_up(100 * cell.n_assessed, cell.n_required),
    }


def _analysis_page(request, unit):
    actor = request.membership
    context = _employees_context(request, unit)
    if request.htmx and request.htmx.target == EMPLOYEES_TARGET:
        # Only the employee list is swapped: same checks, no heatmap work.
        return render(request, "competencies/partials/analysis_employees.html", context)
    competencies, rows = selectors.heatmap(actor=actor, parent=unit)
    total = rows[-1].total if rows else selectors.HeatCell()
    context.update(
        {
            "unit": unit,
            "ancestors": visible_ancestors(request, unit),
            "competencies": competencies,
            "heat_rows": heat_view_rows(competencies, rows),
            "overall": _cell(total),
            "distribution": selectors.jpm_distribution(actor=actor, unit=unit),
            "can_view_needs": policies.can_view_needs(actor),
            "is_agency_view": unit is None,
            "share_legend": [share_colour(x) for x in (0, 0.5, 1)],
            "gap_legend": [gap_colour(x) for x in (0, 0.5, 1)],
        }
    )
    return render(request, "competencies/analysis_detail.html", context)


# --- XLSX export of the heatmap ------------------------------------------------------------


@require_safe
def analysis_export_view(request, fmt):
    require(request, policies.can_view_analytics)
    actor = request.membership
    unit = actor.unit if actor.role == Role.UNIT_HEAD else None
    return _heatmap_export(request, check_fmt(fmt, {"xlsx"}), unit)


@require_safe
def analysis_unit_export_view(request, code, fmt):
    require(request, policies.can_view_analytics)
    return _heatmap_export(request, check_fmt(fmt, {"xlsx"}), unit_or_404(request, code))


def _row_label(row) -> tuple[str, str]:
    # Files use fixed Indonesian words whatever the UI language (docs/decisions.md).
    if row.kind == "total":
        return "", "Total"
    if row.kind == "own":
        return row.unit.code, f"{row.unit.name} (pegawai langsung)"
    return row.unit.code, row.unit.name


def _heatmap_export(request, fmt, unit):
    competencies, rows = selectors.heatmap(actor=request.membership, parent=unit)
    view_rows = heat_view_rows(competencies, rows)
    codes = [c.code for c in competencies]
    matrix_headers = ["Kode Unit", "Unit", *codes, "Semua kompetensi"]

    def matrix(value, colour):
        values, fills = [], []
        for item in view_rows:
            cells = [*item["cells"], item["total"]]
            values.append([*_row_label(item["row"]), *(value(c) for c in cells)])
            fills.append([None, None, *(colour(c) for c in cells)])
        return values, fills

    share_rows, share_fills = matrix(
        lambda c: c["share_pct"], lambda c: c["share_bg"] if c["required"] else None
    )
    gap_rows, gap_fills = matrix(
        lambda c: None if c["mean_gap"] is None else round(c["mean_gap"], 2),
        lambda c: c["gap_bg"] if c["required"] else None,
    )
    coverage_rows, _fills = matrix(lambda c: c["coverage_pct"], lambda c: None)
    detail = []
    for item in view_rows:
        code, name = _row_label(item["row"])
        for competency, c in zip(competencies, item["cells"], strict=True):
            cell = c["cell"]
            if not cell.n_required:
                continue
            detail.append(
                [
                    code, name, competency.code, competency.name, cell.n_required,
                    cell.n_assessed, cell.n_meeting, cell.n_gap, cell.sum_gap, c["share_pct"],
                    None if c["mean_gap"] is None else round(c["mean_gap"], 2),
                    c["coverage_pct"],
                ]
            )  # fmt: skip
    scope = unit.code if unit else request.agency.slug
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return workbook_response(
        f"peta-kompetensi-{scope}-{stamp}",
        [
            Sheet("Memenuhi standar (%)", matrix_headers, share_rows, share_fills),
            Sheet("Rata-rata gap", matrix_headers, gap_rows, gap_fills),
            Sheet("Cakupan penilaian (%)", matrix_headers, coverage_rows),
            Sheet(
                "Rincian",
                [
                    "Kode Unit",
                    "Unit",
                    "Kode Kompetensi",
                    "Kompetensi",
                    "Pemangku dipersyaratkan",
                    "Sudah dinilai",
                    "Memenuhi standar",
                    "Dengan gap",
                    "Total gap",
                    "Memenuhi standar (%)",
                    "Rata-rata gap",
                    "Cakupan penilaian (%)",
                ],
                detail,
            ),  # fmt: skip
        ],
    )
