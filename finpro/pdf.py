"""PDF rendering: one function turns a template and its data into PDF bytes with WeasyPrint.

Callers build the data, call `render_pdf`, then store or serve the bytes through a
permission-checked view. The document's SHA-256 fingerprint is computed over the rendered
HTML of its content (everything but the fingerprint itself) and printed in its footer, so
the same data and generation time always give the same fingerprint, and any change to the
content gives another.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    fingerprint: str
    filename: str = "document.pdf"


def content_fingerprint(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def render_pdf(*, template_name: str, context: dict, filename: str = "document.pdf") -> RenderedPdf:
    """Render `template_name` with `context` to PDF. The template receives `fingerprint`
    (empty on the first pass, over which the hash is computed) and prints it in the footer."""
    from weasyprint import HTML  # heavy import, only when a PDF is made

    unsigned = render_to_string(template_name, {**context, "fingerprint": ""})
    fingerprint = content_fingerprint(unsigned)
    html = render_to_string(template_name, {**context, "fingerprint": fingerprint})
    content = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return RenderedPdf(content=content, fingerprint=fingerprint, filename=filename)


def stored_pdf_response(*, stored, render, filename: str):
    """A filing's PDF as a download: the stored file when there is one, else `render()` (a
    RenderedPdf) now. Never cached (it holds personal data)."""
    from django.http import HttpResponse

    if stored:
        with stored.open("rb") as f:
            content = f.read()
    else:
        content = render().content
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
