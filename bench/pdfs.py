"""`make bench` section "pdfs": each PDF against WeasyPrint's hello-world, per page, warm
(issue 16, point 5; DESIGN.md: ≤ 5 × hello-world per page, ≤ 0.35 s warm).

`hello_world_seconds()` and `pdf_row()` are for other PDF sections to import (bench/u5_pdf.py):
time your document with `pdf_row(label, make)` where `make()` returns PDF bytes, and compare
per page with the same run's hello-world."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

PDF_MAX_RATIO = 5.0
PDF_MAX_SECONDS = 0.35
ROUNDS = 5

HELLO = "<!doctype html><html><body><p>Hello, world.</p></body></html>"


def best_seconds(make: Callable[[], bytes], rounds: int = ROUNDS) -> tuple[float, bytes]:
    """Warm (one render first, not counted), then the best of `rounds`: the shared machine's
    load only ever adds time."""
    content = make()
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        content = make()
        best = min(best, time.perf_counter() - started)
    return best, content


def hello_world_seconds() -> float:
    """WeasyPrint's floor on this machine now: a one-page hello-world, warm, best of ROUNDS."""
    from weasyprint import HTML

    return best_seconds(lambda: HTML(string=HELLO).write_pdf())[0]


def page_count(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def pdf_row(label: str, make: Callable[[], bytes], *, hello: float) -> str:
    seconds, content = best_seconds(make)
    pages = page_count(content)
    per_page = seconds / pages
    ratio = per_page / hello
    ok = ratio <= PDF_MAX_RATIO and seconds <= PDF_MAX_SECONDS
    return (f"  {label:40s} {seconds:6.3f} s, {pages} page(s), {per_page:6.3f} s/page   {ratio:5.1f} × hello   "
            f"{f'≤ {PDF_MAX_RATIO:g} ×, ≤ {PDF_MAX_SECONDS} s':18s} {'PASS' if ok else 'FAIL'}")


def _record_pdf() -> bytes:
    from django.utils import timezone

    from accounts.models import User
    from crd.documents import record_pdf_bytes

    individual_id = User.objects.get(username="dana.rep").individual_id
    return record_pdf_bytes(individual_id=individual_id, now=timezone.now()).content


def _u4_pdf() -> bytes:
    from u4.documents import filing_pdf
    from u4.models import Filing

    from .extra_pages import u4_entry_path

    pk = int(u4_entry_path().strip("/").split("/")[-1])  # dana's filing (made once by the page row)
    return filing_pdf(filing=Filing.objects.get(pk=pk)).content


def run(ctx) -> None:
    out = ctx.out
    hello = hello_world_seconds()
    out(f"PDFs (warm, best of {ROUNDS}; WeasyPrint hello-world {hello * 1000:.1f} ms per page in this run)")
    out(pdf_row("Record PDF (dana)", _record_pdf, hello=hello))
    out(pdf_row("Form U4 PDF, a draft (dana's filing)", _u4_pdf, hello=hello))
