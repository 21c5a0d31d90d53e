"""The record PDF (read back with pypdf) and the deadlines calendar (parsed with icalendar)."""

import datetime as dt
import hashlib
import io
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from crd.documents import record_document_context, record_pdf_bytes
from tests.factories import (
    AssociationFactory,
    CategoryRef,
    DisclosureFactory,
    EmploymentHistoryFactory,
    ExamRef,
    ExamResultFactory,
    IndividualFactory,
    RegistrationFactory,
    ResidenceHistoryFactory,
    UserFactory,
    VerifiedRepFactory,
)

from .factories import AttestationFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def full_record(employee, summit):
    person = employee.individual
    RegistrationFactory(individual=person, firm=summit, category=CategoryRef(code="GS"), sro="FINRA",
                        approved_on=dt.date(2018, 4, 2), status_date=dt.date(2018, 4, 2))
    ExamResultFactory(individual=person, exam=ExamRef(code="S7"), taken_on=dt.date(2018, 2, 15))
    EmploymentHistoryFactory(individual=person, employer_name="Summit Ridge Securities",
                             start_date=dt.date(2018, 3, 1))
    ResidenceHistoryFactory(individual=person, address_line1="77 Quarry Road", city="Albany", state="NY",
                            postal_code="12203", from_date=dt.date(2016, 6, 1))
    DisclosureFactory(individual=person, summary="Customer alleged unsuitable recommendation.")
    AttestationFactory(individual=person, firm=summit)
    return employee


def test_pdf_has_every_section_time_and_fingerprint(client, full_record):
    client.force_login(full_record)
    response = client.get(reverse("record:pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert f'filename="crd-record-{full_record.individual.crd_number}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    flat = re.sub(r"\s+", " ", text)
    for heading in ["Registrations", "Qualifications", "Continuing Education", "Employment history",
                    "Residential history", "Disclosures", "Attestation history"]:
        assert heading in flat
    assert "Dana Rivera" in flat and f"CRD# {full_record.individual.crd_number}" in flat
    assert "General Securities Representative" in flat and "04/02/2018" in flat
    assert "77 Quarry Road" in flat and "Customer alleged unsuitable recommendation." in flat
    assert "Generated " + timezone.localtime().strftime("%m/%d/%Y") in flat
    fingerprint = response["X-Document-Fingerprint"]
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint)
    assert fingerprint in re.sub(r"\s+", "", text), "the fingerprint is printed in the footer"


def test_fingerprint_is_the_sha256_of_the_content_and_changes_with_it(full_record):
    now = timezone.now()
    individual_id = full_record.individual_id
    first = record_pdf_bytes(individual_id=individual_id, now=now)
    html = render_to_string("pdf/record.html", {**record_document_context(individual_id=individual_id, now=now),
                                                "fingerprint": ""})
    assert first.fingerprint == hashlib.sha256(html.encode()).hexdigest()
    assert record_pdf_bytes(individual_id=individual_id, now=now).fingerprint == first.fingerprint
    DisclosureFactory(individual=full_record.individual, summary="A new event.")
    assert record_pdf_bytes(individual_id=individual_id, now=now).fingerprint != first.fingerprint


def test_pdf_of_an_empty_record_says_so(rep_client):
    text = re.sub(r"\s+", " ", pdf_text(rep_client.get(reverse("record:pdf")).content))
    assert "No registrations are on your record." in text and "No disclosures are on your record." in text


def test_pdf_is_served_only_to_its_owner(client, full_record, without_identity_gate):
    stranger = VerifiedRepFactory(individual__last_name="Stranger")
    client.force_login(stranger)
    text = pdf_text(client.get(reverse("record:pdf")).content)
    assert "Stranger" in text and "Rivera" not in text and "77 Quarry Road" not in text
    client.force_login(UserFactory(individual=IndividualFactory(), identity_verified_at=None))
    assert client.get(reverse("record:pdf")).status_code == 404
    client.logout()
    assert client.get(reverse("record:pdf")).status_code == 302


def test_pdf_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries, summit):
    user = VerifiedRepFactory()
    AssociationFactory(individual=user.individual, firm=summit)
    for i in range(30):
        DisclosureFactory(individual=user.individual, summary=f"Event {i}")
        RegistrationFactory(individual=user.individual, firm=summit)
    client.force_login(user)
    client.get(reverse("record:pdf"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("record:pdf")).status_code == 200


def test_calendar_has_the_sro_and_firm_ce_due_dates(client, employee, summit):
    today = timezone.localdate()
    summit.finpro_settings.ce_firm_due_date = dt.date(today.year, 12, 1)
    summit.finpro_settings.save()
    RegistrationFactory(individual=employee.individual, firm=summit)
    client.force_login(employee)
    response = client.get(reverse("record:calendar"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    sro = events["Regulatory Element CE due (SRO deadline)"]
    firm = events["Regulatory Element CE due (Summit Ridge Securities deadline)"]
    assert sro.decoded("dtstart") == dt.date(today.year, 12, 31)
    assert firm.decoded("dtstart") == dt.date(today.year, 12, 1)
    assert len({str(e["uid"]) for e in events.values()}) == 2
    assert str(calendar["version"]) == "2.0"


def test_calendar_without_registrations_has_no_events(rep_client):
    calendar = Calendar.from_ical(rep_client.get(reverse("record:calendar")).content)
    assert calendar.walk("VEVENT") == []
