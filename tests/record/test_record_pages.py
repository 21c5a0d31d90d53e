"""The rep's record pages: each section reads like a regulator's document, empty sections
say so, only the owner's verified record is ever shown, and query counts stay flat."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crd.choices import DisclosureKind, EmploymentKind, ExamOutcome, RegistrationStatus
from tests.factories import (
    AssociationFactory,
    CategoryRef,
    DisclosureFactory,
    EmploymentHistoryFactory,
    ExamRef,
    ExamResultFactory,
    FirmFactory,
    IndividualFactory,
    JurisdictionRef,
    RegistrationFactory,
    ResidenceHistoryFactory,
    UserFactory,
    VerifiedRepFactory,
)

pytestmark = pytest.mark.django_db

SECTION_URLS = ["registrations", "qualifications", "continuing-education", "employment", "residences", "disclosures"]


def grow(individual, firm, n):
    """Give `individual` n rows in every section of the record."""
    gs, ag = CategoryRef(code="GS"), CategoryRef(code="AG")
    ny = JurisdictionRef(code="NY")
    s7 = ExamRef(code="S7")
    for i in range(n):
        RegistrationFactory(individual=individual, firm=firm, category=gs if i % 2 else ag,
                            sro="FINRA" if i % 2 else "", jurisdiction=None if i % 2 else ny)
        ExamResultFactory(individual=individual, exam=s7, taken_on=dt.date(2015, 1, 1) + dt.timedelta(days=i))
        EmploymentHistoryFactory(individual=individual, employer_name=f"Employer {i}",
                                 start_date=dt.date(2020, 1, 1) + dt.timedelta(days=i))
        ResidenceHistoryFactory(individual=individual, city=f"Town {i}",
                                from_date=dt.date(2019, 1, 1) + dt.timedelta(days=i))
        DisclosureFactory(individual=individual, summary=f"Complaint number {i}.")


def test_registrations_read_like_a_regulators_document(rep_client, rep):
    firm = FirmFactory(name="Harbor Point Advisors", crd_number=104002)
    RegistrationFactory(individual=rep.individual, firm=firm, category=CategoryRef(code="GS"), sro="FINRA",
                        status=RegistrationStatus.APPROVED, status_date=dt.date(2018, 4, 2),
                        approved_on=dt.date(2018, 4, 2))
    RegistrationFactory(individual=rep.individual, firm=firm, category=CategoryRef(code="AG"), sro="",
                        jurisdiction=JurisdictionRef(code="NY"), status=RegistrationStatus.PENDING,
                        status_date=dt.date(2024, 7, 9), approved_on=None)
    body = rep_client.get(reverse("record:registrations")).content.decode()
    assert "Harbor Point Advisors" in body and "CRD# 104002" in body
    assert "<strong>GS</strong> General Securities Representative" in body
    assert "<strong>AG</strong>" in body and "New York (NY)" in body
    assert "04/02/2018" in body and "07/09/2024" in body
    assert "2018-04-02" not in body
    assert "Approved" in body and "Pending" in body


def test_each_section_shows_its_rows(rep_client, rep):
    ExamResultFactory(individual=rep.individual, exam=ExamRef(code="SIE"), taken_on=dt.date(2017, 11, 3),
                      outcome=ExamOutcome.PASSED, valid_until=dt.date(2021, 11, 3))
    EmploymentHistoryFactory(individual=rep.individual, kind=EmploymentKind.MILITARY,
                             employer_name="US Army Reserve", start_date=dt.date(2019, 5, 1),
                             end_date=dt.date(2020, 5, 1))
    EmploymentHistoryFactory(individual=rep.individual, employer_name="Old Job From Long Ago",
                             start_date=dt.date(1990, 1, 1), end_date=dt.date(1995, 1, 1))
    ResidenceHistoryFactory(individual=rep.individual, address_line1="12 Harbor Lane", city="Stamford",
                            state="CT", postal_code="06901", from_date=dt.date(2016, 6, 1))
    DisclosureFactory(individual=rep.individual, kind=DisclosureKind.FINANCIAL, event_date=dt.date(2012, 3, 4),
                      summary="Chapter 7 bankruptcy, discharged.")

    body = rep_client.get(reverse("record:qualifications")).content.decode()
    assert "<strong>SIE</strong>" in body and "11/03/2017" in body and "11/03/2021" in body and "Passed" in body
    body = rep_client.get(reverse("record:employment")).content.decode()
    assert "Military service" in body and "US Army Reserve" in body and "05/01/2019" in body
    assert "Old Job From Long Ago" not in body, "only the last ten years are shown"
    body = rep_client.get(reverse("record:residences")).content.decode()
    assert "12 Harbor Lane, Stamford, CT 06901" in body and "Present" in body
    body = rep_client.get(reverse("record:disclosures")).content.decode()
    assert "Financial (14K)" in body and "Chapter 7 bankruptcy, discharged." in body and "03/04/2012" in body


@pytest.mark.parametrize("slug,empty", [
    ("registrations", "No registrations are on your record."),
    ("qualifications", "No qualification examinations are on your record."),
    ("continuing-education", "No continuing education sessions are on your record."),
    ("employment", "No employment history from the last ten years is on your record."),
    ("residences", "No residential history is on your record."),
    ("disclosures", "No disclosures are on your record."),
])
def test_empty_sections_say_so(rep_client, slug, empty):
    response = rep_client.get(reverse(f"record:{slug}"))
    assert response.status_code == 200
    assert empty in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_another_persons_record_is_never_shown(rep_client, rep):
    other = IndividualFactory(first_name="Zelda", last_name="Otherperson")
    DisclosureFactory(individual=other, summary="Someone else's secret disclosure.")
    RegistrationFactory(individual=other, firm=FirmFactory(name="Not Your Firm LLC"))
    for slug in SECTION_URLS:
        body = rep_client.get(reverse(f"record:{slug}")).content.decode()
        assert "Otherperson" not in body and "secret disclosure" not in body and "Not Your Firm" not in body
    assert "Otherperson" not in rep_client.get(reverse("record:overview")).content.decode()


def test_unverified_user_never_sees_a_record(client, without_identity_gate):
    user = UserFactory(individual=IndividualFactory(), identity_verified_at=None)
    client.force_login(user)
    for name in ["overview", *SECTION_URLS, "attestation", "address", "pdf", "calendar"]:
        assert client.get(reverse(f"record:{name}")).status_code == 404, name


def test_user_without_an_individual_gets_404(client, without_identity_gate):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("record:overview")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("record:registrations"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _queries(client, url):
    client.get(url)  # warm: last-access stamp, caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])


@pytest.mark.parametrize("name", ["overview", *SECTION_URLS, "attestation"])
def test_record_pages_use_a_fixed_number_of_queries(client, name):
    firm = FirmFactory()
    small, large = VerifiedRepFactory(), VerifiedRepFactory()
    for user, n in ((small, 1), (large, 50)):
        AssociationFactory(individual=user.individual, firm=firm)
        grow(user.individual, firm, n)
    url = reverse(f"record:{name}")
    client.force_login(small)
    few = _queries(client, url)
    client.force_login(large)
    many = _queries(client, url)
    assert few == many, f"{name}: {few} queries with 1 row, {many} with 50"
    assert many <= 6, "session (database sessions only), user and at most four reads of the record"


def test_large_record_is_all_there(client):
    firm = FirmFactory()
    user = VerifiedRepFactory()
    grow(user.individual, firm, 50)
    client.force_login(user)
    body = client.get(reverse("record:disclosures")).content.decode()
    assert body.count("Complaint number") == 50
