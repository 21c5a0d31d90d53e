"""`make bench` section "u5_pdf": the Form U5 PDF, warm, against WeasyPrint's hello-world in the
same run. Budget (DESIGN.md): ≤ 0.35 s warm, ≤ 5 × hello-world per page."""

from __future__ import annotations

import io
import statistics
import time
from dataclasses import dataclass

WARM_LIMIT_S = 0.35
PER_PAGE_FACTOR = 5.0
ROUNDS = 7


@dataclass
class PdfFigures:
    u5_s: float
    hello_s: float
    pages: int

    @property
    def per_page_ratio(self) -> float:
        return self.u5_s / self.pages / self.hello_s

    @property
    def ok(self) -> bool:
        return self.u5_s <= WARM_LIMIT_S and self.per_page_ratio <= PER_PAGE_FACTOR


def _median(fn, rounds: int) -> float:
    fn()  # warm: fonts, CSS, templates
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(*, filing, rounds: int = ROUNDS) -> PdfFigures:
    from pypdf import PdfReader
    from weasyprint import HTML

    from u5.documents import filing_pdf

    hello = _median(lambda: HTML(string="<p>Hello, world</p>").write_pdf(), rounds)
    u5 = _median(lambda: filing_pdf(filing=filing), rounds)
    pages = len(PdfReader(io.BytesIO(filing_pdf(filing=filing).content)).pages)
    return PdfFigures(u5_s=u5, hello_s=hello, pages=pages)


def run(ctx) -> None:
    from bench.run import BenchError
    from u5.models import Filing

    filing = Filing.objects.select_related("firm", "individual").order_by("pk").first()
    if filing is None:
        raise BenchError("No Form U5 in the bench database (seed_demo files one for morgan.former).")
    f = measure(filing=filing)
    verdict = "PASS" if f.ok else "FAIL"
    ctx.out(f"Form U5 PDF (warm, median of {ROUNDS})")
    ctx.out(f"  WeasyPrint hello-world           {f.hello_s * 1000:8.1f} ms")
    ctx.out(f"  Form U5 #{filing.pk} ({f.pages} page{'s' if f.pages != 1 else ''})        {f.u5_s * 1000:8.1f} ms   "
            f"≤ {WARM_LIMIT_S * 1000:.0f} ms and ≤ {PER_PAGE_FACTOR:.0f} × hello-world per page "
            f"({f.per_page_ratio:.2f} ×)   {verdict}")
