"""Pieces shared by the profile, analysis, fit and needs pages: colours, units, workbooks."""

from __future__ import annotations

import colorsys
import io
from collections.abc import Iterable, Sequence

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from kompeten.accounts.models import Membership
from kompeten.competencies import selectors
from kompeten.core.exports import CONTENT_TYPES, escape_cell

Role = Membership.Role
PAGE_SIZE = 25
EMPTY_COLOUR = "#f1f3f5"
# Hue from red (0) to green (130); light enough that dark text stays readable on every cell.
GREEN_HUE = 130
LIGHTNESS = 0.80
SATURATION = 0.62


def _hsl_hex(hue: float) -> str:
    r, g, b = colorsys.hls_to_rgb(hue / 360, LIGHTNESS, SATURATION)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def share_colour(share: float | None) -> str:
    """Share of holders meeting the standard: 0 red … 1 green; no data grey."""
    if share is None:
        return EMPTY_COLOUR
    return _hsl_hex(GREEN_HUE * max(0.0, min(1.0, share)))


def gap_colour(mean_gap: float | None) -> str:
    """Mean gap in levels: 0 green … 1 or more red (a whole level short on average is
    serious: most units sit between 0 and 0.5, which a wider scale would paint all green);
    no data grey."""
    if mean_gap is None:
        return EMPTY_COLOUR
    return _hsl_hex(GREEN_HUE * (1 - max(0.0, min(1.0, mean_gap))))


def unit_or_404(request, code: str):
    """A unit the actor may analyse: the agency's, or within a unit head's subtree."""
    return get_object_or_404(selectors.analytics_units(actor=request.membership), code=code)


def optional_unit(request, code: str | None):
    """The unit of a filter parameter, or None; a unit the actor may not see is a 404."""
    code = (code or "").strip()
    return unit_or_404(request, code) if code else None


def visible_ancestors(request, unit) -> list:
    """Breadcrumb units above `unit` that the actor may open (a unit head stops at theirs)."""
    if unit is None:
        return []
    paths = [unit.path[:i] for i in range(unit.steplen, len(unit.path), unit.steplen)]
    if not paths:
        return []
    return list(
        selectors.analytics_units(actor=request.membership).filter(path__in=paths).order_by("depth")
    )


def safe_reverse(name: str, **kwargs) -> str | None:
    """A URL of another area that may not exist yet in every deployment of the code."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def check_fmt(fmt: str, allowed: Iterable[str] = ("csv", "xlsx")) -> str:
    if fmt not in allowed:
        raise Http404
    return fmt


def query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


# --- workbooks with several sheets and coloured cells (the heatmap export) -----------------


class Sheet:
    """One sheet of a workbook: headers, rows, and optional fill colours per cell."""

    def __init__(self, title: str, headers: Sequence[str], rows: Iterable[Sequence], fills=None):
        self.title = title[:31]
        self.headers = list(headers)
        self.rows = rows
        self.fills = fills  # None or an iterable of per-row lists of "#rrggbb" or None


def workbook_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(title=spec.title)
        for index, header in enumerate(spec.headers, start=1):
            width = 34 if index <= 2 else max(10, len(header) + 2)
            sheet.column_dimensions[get_column_letter(index)].width = width
        header_cells = []
        for header in spec.headers:
            cell = WriteOnlyCell(sheet, value=escape_cell(header))
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        fills = iter(spec.fills) if spec.fills is not None else None
        for row in spec.rows:
            colours = next(fills) if fills is not None else None
            if not colours:
                sheet.append([escape_cell(v) for v in row])
                continue
            cells = []
            for value, colour in zip(row, colours, strict=False):
                cell = WriteOnlyCell(sheet, value=escape_cell(value))
                if colour:
                    rgb = colour.lstrip("#").upper()
                    cell.fill = PatternFill(start_color=rgb, end_color=rgb, fill_type="solid")
                cells.append(cell)
            cells.extend(WriteOnlyCell(sheet, value=escape_cell(v)) for v in row[len(colours) :])
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
