"""The rep's CRD record as a PDF: build the data (selectors), render it (finpro.pdf)."""

from __future__ import annotations

import datetime as dt

from finpro.pdf import RenderedPdf, render_pdf

from . import selectors


def record_document_context(*, individual_id: int, now: dt.datetime) -> dict:
    individual = selectors.record_prefetched(individual_id=individual_id)
    associations = selectors.current_associations(individual=individual)
    return {
        "individual": individual,
        "associations": associations,
        "registrations": individual.registrations.all(),
        "exam_results": individual.exam_results.all(),
        "employment": individual.employment_history.all(),
        "residences": individual.residence_history.all(),
        "disclosures": individual.disclosures.all(),
        "attestations": individual.attestations.all(),
        "sro_ce_due": selectors.sro_ce_due_date(),
        "generated_at": now,
    }


def record_pdf_bytes(*, individual_id: int, now: dt.datetime) -> RenderedPdf:
    context = record_document_context(individual_id=individual_id, now=now)
    return render_pdf(template_name="pdf/record.html", context=context,
                      filename=f"crd-record-{context['individual'].crd_number}.pdf")
