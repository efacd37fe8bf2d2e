"""What the catalog pages share: page size, exports, query strings, service errors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from kompeten.core.exports import export_response

PAGE_SIZE = 50


def export_file(request, fmt: str, stem: str, headers, rows, title: str):
    """A CSV/XLSX download named `<stem>-<agency>-<stamp>`; other formats are 404."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return export_response(fmt, f"{stem}-{request.agency.slug}-{stamp}", headers, rows, title)


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def error_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)
