"""PDF reports rendered by WeasyPrint from HTML templates, with the agency letterhead.

Nothing in a report is fetched over the network or from the file system by URL: the logo and
the charts are embedded as data: URIs and the fetcher refuses every other scheme, so a
crafted name or text in a template cannot make the server request anything.
"""

from __future__ import annotations

import base64
import mimetypes

from django.template.loader import render_to_string

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}


def data_uri(content: bytes, content_type: str) -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def agency_logo_uri(agency) -> str | None:
    """The agency's logo as a data: URI, or None if it has none or it cannot be read."""
    if not agency.logo:
        return None
    content_type = mimetypes.guess_type(agency.logo.name)[0]
    if content_type not in LOGO_TYPES:
        return None
    try:
        with agency.logo.open("rb") as handle:
            content = handle.read(LOGO_MAX_BYTES + 1)
    except OSError:  # a missing file must not break the report
        return None
    if len(content) > LOGO_MAX_BYTES:
        return None
    return data_uri(content, content_type)


def letterhead_context(agency) -> dict:
    lines = [line.strip() for line in (agency.letterhead or "").splitlines() if line.strip()]
    return {
        "agency": agency,
        "letterhead_lines": lines or [agency.name],
        "logo_uri": agency_logo_uri(agency),
    }


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render an HTML template to PDF bytes; only data: URLs may be loaded."""
    return render_pdf_string(render_to_string(template_name, context))


def render_pdf_string(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Anything else (http:, file:) fails to load and is left out of the document.
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
