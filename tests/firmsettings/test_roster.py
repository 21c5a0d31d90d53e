"""The roster page and its CSV export: who is on it, search, filters, paging, query count, SSN masking."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crd.choices import AssociationKind, RegistrationStatus
from firmsettings.selectors import RosterFilters, roster
from tests.factories import (
    AssociationFactory,
    CategoryRef,
    FirmFactory,
    IndividualFactory,
    JurisdictionRef,
    RegistrationFactory,
    VerifiedRepFactory,
)

pytestmark = pytest.mark.django_db


def _person(firm, *, kind=AssociationKind.EMPLOYEE, end=None, status=RegistrationStatus.APPROVED, account=False,
            **names):
    person = IndividualFactory(**names)
    AssociationFactory(individual=person, firm=firm, kind=kind, end_date=end)
    RegistrationFactory(individual=person, firm=firm, status=status)
    RegistrationFactory(individual=person, firm=firm, sro="", jurisdiction=JurisdictionRef(),
                        category=CategoryRef(code="AG", name="Agent"), status=RegistrationStatus.APPROVED)
    if account:
        VerifiedRepFactory(individual=person)
    return person


def _roster_url(firm, **params):
    from urllib.parse import urlencode

    base = reverse("firm:roster", kwargs={"crd_number": firm.crd_number})
    return f"{base}?{urlencode(params)}" if params else base


def test_roster_lists_current_and_recently_terminated_people_of_this_firm_only(firm):
    today = timezone.localdate()
    current = _person(firm, last_name="Current")
    recent = _person(firm, last_name="Recent", end=today - dt.timedelta(days=300))
    _person(firm, last_name="Longgone", end=today - dt.timedelta(days=800))
    _person(FirmFactory(), last_name="Elsewhere")
    assert list(roster(firm=firm)) == [current, recent]


def test_a_person_who_left_and_came_back_appears_once_with_the_latest_association(firm):
    person = IndividualFactory(last_name="Returner")
    AssociationFactory(individual=person, firm=firm, start_date=dt.date(2019, 1, 1), end_date=dt.date(2024, 12, 31),
                       kind=AssociationKind.INDEPENDENT_CONTRACTOR)
    AssociationFactory(individual=person, firm=firm, start_date=dt.date(2025, 6, 1))
    (row,) = roster(firm=firm)
    assert row.assoc_kind == AssociationKind.EMPLOYEE and row.assoc_end is None


def test_roster_search_and_filters(firm):
    ann = _person(firm, first_name="Ann", last_name="Archer", account=True)
    bob = _person(firm, first_name="Bob", last_name="Baker", kind=AssociationKind.INDEPENDENT_CONTRACTOR,
                  status=RegistrationStatus.CE_INACTIVE)
    cid = _person(firm, first_name="Cid", last_name="Carter", status=RegistrationStatus.PENDING,
                  end=timezone.localdate() - dt.timedelta(days=10))

    def names(**kw):
        return [p.last_name for p in roster(firm=firm, filters=RosterFilters(**kw))]

    assert names(q="ann arch") == ["Archer"]
    assert names(q=str(bob.crd_number)) == ["Baker"]
    assert names(q=f"#{cid.crd_number}") == ["Carter"]
    assert names(kind="contractor") == ["Baker"]
    assert names(kind="employee") == ["Archer", "Carter"]
    assert names(registration_status="ce_inactive") == ["Baker"]
    assert names(registration_status="pending") == ["Carter"]
    assert names(ce_status="ce_inactive") == ["Baker"]
    assert names(ce_status="current") == ["Archer", "Carter"]
    assert names(has_account="yes") == ["Archer"]
    assert names(has_account="no") == ["Baker", "Carter"]
    assert names(association="terminated") == ["Carter"]
    assert names(association="current") == ["Archer", "Baker"]
    assert ann.account is not None


def test_roster_page_shows_masked_ssn_never_the_whole_number(as_user, staff, firm):
    _person(firm, first_name="Sasha", last_name="Secret", ssn="123-45-6789")
    response = as_user(staff["viewer"]).get(_roster_url(firm))
    html = response.content.decode()
    assert "Secret, Sasha" in html
    assert "***-**-6789" in html
    assert "123-45-6789" not in html and "123456789" not in html and "45-6789" not in html.replace("**-6789", "")


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_roster_page_query_count_does_not_grow(as_user, staff, firm):
    client = as_user(staff["viewer"])
    for i in range(3):
        _person(firm, account=i % 2 == 0)
    small = _count_queries(client, _roster_url(firm, q="Example"))
    for i in range(25):
        _person(firm, account=i % 2 == 0, status=RegistrationStatus.CE_INACTIVE if i % 3 else "approved")
    large = _count_queries(client, _roster_url(firm, q="Example"))
    assert large == small


def test_roster_paging(as_user, staff, firm):
    for i in range(30):
        _person(firm, last_name=f"Person{i:02d}")
    client = as_user(staff["viewer"])
    first = client.get(_roster_url(firm)).content.decode()
    second = client.get(_roster_url(firm, page=2)).content.decode()
    assert "Person00" in first and "Person24" in first and "Person25" not in first
    assert "Person25" in second and "Person29" in second and "Person00" not in second
    assert "Page 2 of 2" in second


def test_roster_csv_streams_the_filtered_list(as_user, staff, firm):
    _person(firm, first_name="Ann", last_name="Archer", ssn="123-45-6789", account=True)
    _person(firm, first_name="=HYPERLINK(1)", last_name="Baker", kind=AssociationKind.INDEPENDENT_CONTRACTOR)
    url = reverse("firm:roster_csv", kwargs={"crd_number": firm.crd_number})
    response = as_user(staff["viewer"]).get(url + "?kind=contractor")
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["CRD#", "Last Name", "First Name"]
    assert len(rows) == 2
    assert rows[1][1] == "Baker" and rows[1][2] == "'=HYPERLINK(1)"
    assert rows[1][5] == "Contractor"
    everyone = b"".join(as_user(staff["viewer"]).get(url).streaming_content).decode()
    assert "***-**-6789" in everyone and "123-45-6789" not in everyone
    assert "AG NY Approved; GS FINRA Approved" in everyone


def test_roster_csv_query_count_does_not_grow(as_user, staff, firm):
    client = as_user(staff["viewer"])
    url = reverse("firm:roster_csv", kwargs={"crd_number": firm.crd_number})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get(url).streaming_content)
        return len(ctx.captured_queries)

    for _ in range(2):
        _person(firm)
    small = count()
    for _ in range(20):
        _person(firm)
    assert count() == small
