"""A Form U4 as a PDF in form view: build the data, render it (finpro.pdf), store it privately
on submission. Downloads go through the permission-checked views only."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from finpro.pdf import RenderedPdf, render_pdf

from . import sections as u4_sections
from .choices import FilingKind, FilingStatus, Section
from .models import Filing


def filing_document_context(*, filing: Filing) -> dict:
    """An amendment shows only the sections it changes (and 15, the signatures)."""
    amendment = filing.kind == FilingKind.AMENDMENT
    return {
        "filing": filing,
        "sections": [
            {"key": key, "label": spec.label,
             "display": u4_sections.display(key, filing.section(key), mask_dob=True)}
            for key, spec in u4_sections.SPECS.items()
            if not amendment or key in filing.changed_sections or key == Section.SIGNATURES],
        "changed_labels": [Section(key).label for key in filing.changed_sections] if amendment else [],
        "is_draft": filing.status != FilingStatus.SUBMITTED,
        "generated_at": timezone.now(),
    }


def filing_pdf(*, filing: Filing) -> RenderedPdf:
    return render_pdf(template_name="pdf/u4.html", context=filing_document_context(filing=filing),
                      filename=f"form-u4-{filing.pk}.pdf")


def filing_pdf_store(*, filing: Filing) -> None:
    """Render the filing and keep the PDF in private storage on the (locked) row."""
    document = filing_pdf(filing=filing)
    filing.pdf.save(document.filename, ContentFile(document.content), save=False)
