"""A Form U5 as a PDF: build the data, render it (finpro.pdf), store it privately on the row.
Downloads go through the permission-checked views only."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from finpro.pdf import RenderedPdf, render_pdf

from .choices import Question
from .models import Filing


def filing_document_context(*, filing: Filing) -> dict:
    drps = {d.question: d for d in filing.drps.all()}
    return {
        "filing": filing,
        "questions": [{"code": q.value, "label": q.label, "answer": filing.disclosure_answers.get(q.value, ""),
                       "drp": drps.get(q.value)} for q in Question],
        "registrations": list(filing.registrations.select_related("category", "jurisdiction")),
        "generated_at": timezone.now(),
    }


def filing_pdf(*, filing: Filing) -> RenderedPdf:
    return render_pdf(template_name="pdf/u5.html", context=filing_document_context(filing=filing),
                      filename=f"form-u5-{filing.pk}.pdf")


def filing_pdf_store(*, filing: Filing) -> None:
    document = filing_pdf(filing=filing)
    filing.pdf.save(document.filename, ContentFile(document.content), save=False)
