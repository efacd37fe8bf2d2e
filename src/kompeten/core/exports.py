"""Spreadsheet exports (CSV/XLSX) whose cells cannot run as formulas.

A cell that begins with = + - @ (or a tab/CR, which some spreadsheet programs strip before
reading) is prefixed with an apostrophe (OWASP "CSV injection").
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def escape_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(stream, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    writer = csv.writer(stream)
    writer.writerow([escape_cell(h) for h in headers])
    for row in rows:
        writer.writerow([escape_cell(v) for v in row])


def write_xlsx(stream, headers: Sequence[str], rows: Iterable[Sequence], title="Data") -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 4)
    sheet.append([escape_cell(h) for h in headers])  # headers can carry user-made codes
    for row in rows:
        # Text cells stay text: NIPs must not turn into 1.9E+17.
        sheet.append([escape_cell(v) for v in row])
    workbook.save(stream)


def export_bytes(fmt: str, headers, rows, title="Data") -> bytes:
    if fmt == "csv":
        text = io.StringIO()
        write_csv(text, headers, rows)
        # BOM so that Excel opens UTF-8 names (Ä, é) correctly.
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        binary = io.BytesIO()
        write_xlsx(binary, headers, rows, title=title)
        return binary.getvalue()
    raise ValueError(f"unknown export format {fmt!r}")


def export_response(fmt: str, filename: str, headers, rows, title="Data") -> HttpResponse:
    response = HttpResponse(
        export_bytes(fmt, headers, rows, title), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
