"""The Form U4 PDF: stored privately on submission, downloadable by the firm and the person,
read back with pypdf (names, sections, the signature's hash)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests import factories
from u4 import services

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def submitted(complete_draft, compliance):
    filing = services.filing_record_wet_signature(filing=complete_draft, user=compliance)
    return services.filing_submit(filing=filing, user=compliance)


def test_submission_stores_the_pdf_with_names_sections_and_the_signature_hash(submitted):
    assert submitted.pdf.name.startswith("u4/form-u4-")
    with submitted.pdf.open("rb") as stored:
        text = _text(stored.read())
    assert "Riley Rep" in text and submitted.firm.name in text
    for heading in ("1 General Information", "11 Residential History", "14 Disclosure Questions", "15 Signatures"):
        assert heading in text
    assert submitted.signature_hash[:32] in text.replace("\n", "")
    assert "Draft" not in text
    assert "**/**/1990" in text and "05/17/1990" not in text


def test_the_firm_and_the_person_download_it_and_no_one_else(client, submitted, compliance, person):
    client.force_login(compliance)
    firm_url = reverse("firm:u4_pdf", kwargs={"crd_number": submitted.firm.crd_number, "pk": submitted.pk})
    response = client.get(firm_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Riley Rep" in _text(response.content)
    client.force_login(person)
    assert client.get(reverse("u4:pdf", args=[submitted.pk])).status_code == 200
    client.force_login(factories.VerifiedRepFactory())
    assert client.get(reverse("u4:pdf", args=[submitted.pk])).status_code == 404


def test_a_draft_downloads_marked_as_a_draft(client, draft, compliance):
    client.force_login(compliance)
    response = client.get(reverse("firm:u4_pdf", kwargs={"crd_number": draft.firm.crd_number, "pk": draft.pk}))
    assert "Draft: Draft. Not submitted." in _text(response.content)
