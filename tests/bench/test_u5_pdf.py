"""The bench section "u5_pdf" measures a real Form U5 against WeasyPrint's hello-world and prints
one verdict line (timings are judged by `make bench`, not here)."""

import pytest

from bench import sections, u5_pdf
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_section_is_registered_and_prints_its_figures(settings, tmp_path):
    assert "u5_pdf" in sections.SECTIONS
    filing = factories.U5FilingFactory()
    figures = u5_pdf.measure(filing=filing, rounds=1)
    assert figures.pages >= 1 and figures.hello_s > 0 and figures.u5_s > figures.hello_s
    lines = []
    sections.run_section("u5_pdf", sections.SectionContext(args=None, env={}, out=lines.append))
    assert lines[0].startswith("Form U5 PDF") and "hello-world" in lines[1]
    assert lines[2].rstrip().endswith(("PASS", "FAIL")) and f"#{filing.pk}" in lines[2]
