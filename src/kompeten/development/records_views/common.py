"""Read helpers shared by the record and compliance pages."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kompeten.core.exports import export_response
from kompeten.development.records_selectors import compliance_units, record_list

PAGE_SIZE = 25
STATUS_CLASSES = {"reported": "warning", "verified": "success", "rejected": "danger"}


def record_or_404(request, uuid):
    """A record the actor may see; another agency's or another person's is a 404."""
    return get_object_or_404(record_list(actor=request.membership), uuid=uuid)


def unit_or_404(request, code: str):
    return get_object_or_404(compliance_units(actor=request.membership), code=code)


def optional_unit(request, code: str | None):
    code = (code or "").strip()
    return unit_or_404(request, code) if code else None


def year_param(request, default: int | None = None) -> int:
    """The `tahun` parameter: a year between 2000 and next year, else this year."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return default or this_year
    return year if 2000 <= year <= this_year + 1 else default or this_year


def query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def export_file(request, fmt: str, stem: str, headers, rows, title: str):
    """A CSV/XLSX download named `<stem>-<agency>-<stamp>`; other formats are 404."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return export_response(fmt, f"{stem}-{request.agency.slug}-{stamp}", headers, rows, title)
