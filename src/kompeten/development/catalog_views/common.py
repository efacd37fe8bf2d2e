"""What the catalog pages share: page size, exports and query strings (the competency
registry's helpers), and service errors as messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from kompeten.competencies.registry_views.common import export_file, query_without_page

__all__ = ["PAGE_SIZE", "error_messages", "export_file", "query_without_page"]

PAGE_SIZE = 50


def error_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)
