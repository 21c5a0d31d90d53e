"""The roster page and its CSV export: who is on it, search, filters, paging, query count, SSN masking."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crd.choices import AssociationKind, AttestationAnswer, RegistrationStatus
from firmsettings.selectors import AttestationStatus, RosterFilters, roster
from tests.factories import (
    AssociationFactory,
    CategoryRef,
    FirmFactory,
    IndividualFactory,
    JurisdictionRef,
    RegistrationFactory,
    VerifiedRepFactory,
)
from tests.record.factories import AttestationFactory, FirmSettingsFactory

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


def _attest(person, firm, *, days_ago=0, answer=AttestationAnswer.CORRECT):
    return AttestationFactory(
        individual=person, firm=firm, answer=answer,
        comment="My exam list is missing the Series 63." if answer == AttestationAnswer.NEEDS_UPDATE else "",
        attested_at=timezone.now() - dt.timedelta(days=days_ago),
    )


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
    FirmSettingsFactory(firm=firm, attestation_employees=True)
    urls = [_roster_url(firm), _roster_url(firm, q="Example"),
            _roster_url(firm, attestation_status=AttestationStatus.DUE_AGAIN, has_account="yes")]
    for i in range(3):
        _attest(_person(firm, account=True), firm, days_ago=400 + i)
    small = [_count_queries(client, url) for url in urls]
    for i in range(25):
        person = _person(firm, account=i % 2 == 0, status=RegistrationStatus.CE_INACTIVE if i % 3 else "approved")
        _attest(person, firm, days_ago=i * 20, answer=AttestationAnswer.NEEDS_UPDATE if i % 4 == 0 else "correct")
    large = [_count_queries(client, url) for url in urls]
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
    for i in range(20):
        _attest(_person(firm, account=i % 2 == 0), firm, days_ago=i * 30)
    assert count() == small


@pytest.fixture
def attestation_people(firm, other_firm):
    """Attestation on for employees, off for contractors; one person per status."""
    FirmSettingsFactory(firm=firm, attestation_employees=True, attestation_contractors=False)
    people = {
        "certified": _person(firm, last_name="Certified"),
        "needs_update": _person(firm, last_name="Needsupdate"),
        "due_again": _person(firm, last_name="Dueagain"),
        "never": _person(firm, last_name="Never"),
        "elsewhere": _person(firm, last_name="Elsewhere"),
        "contractor": _person(firm, last_name="Contractor", kind=AssociationKind.INDEPENDENT_CONTRACTOR),
        "changed_mind": _person(firm, last_name="Changedmind"),
    }
    _attest(people["certified"], firm, days_ago=10)
    _attest(people["needs_update"], firm, days_ago=3, answer=AttestationAnswer.NEEDS_UPDATE)
    _attest(people["due_again"], firm, days_ago=400)
    # Certified for another firm only: nothing for this one.
    _attest(people["elsewhere"], other_firm, days_ago=5)
    # Attestation is off for contractors here, whatever they answered before.
    _attest(people["contractor"], firm, days_ago=20)
    # The latest answer counts: reported a problem, then certified after the fix.
    _attest(people["changed_mind"], firm, days_ago=30, answer=AttestationAnswer.NEEDS_UPDATE)
    _attest(people["changed_mind"], firm, days_ago=2)
    return people


@pytest.mark.parametrize(("status", "expected"), [
    (AttestationStatus.CERTIFIED, ["Certified", "Changedmind"]),
    (AttestationStatus.NEEDS_UPDATE, ["Needsupdate"]),
    (AttestationStatus.DUE_AGAIN, ["Dueagain"]),
    (AttestationStatus.NOT_ATTESTED, ["Elsewhere", "Never"]),
    (AttestationStatus.OFF, ["Contractor"]),
])
def test_roster_attestation_status_filter(firm, attestation_people, status, expected):
    rows = roster(firm=firm, filters=RosterFilters(attestation_status=status))
    assert sorted(p.last_name for p in rows) == sorted(expected)
    assert {p.attestation_status for p in rows} == {status}


def test_attestation_status_is_per_firm(firm, other_firm, attestation_people):
    """At the other firm (attestation on for everyone) the person who certified there is certified."""
    FirmSettingsFactory(firm=other_firm, attestation_employees=True, attestation_contractors=True)
    AssociationFactory(individual=attestation_people["elsewhere"], firm=other_firm)
    AssociationFactory(individual=attestation_people["certified"], firm=other_firm)
    statuses = {p.last_name: p.attestation_status for p in roster(firm=other_firm)}
    assert statuses == {"Elsewhere": AttestationStatus.CERTIFIED, "Certified": AttestationStatus.NOT_ATTESTED}


def test_attestation_off_for_everyone_when_the_firm_never_set_it(firm):
    person = _person(firm, last_name="Nosettings")
    _attest(person, firm, days_ago=1)
    (row,) = roster(firm=firm)
    assert row.attestation_status == AttestationStatus.OFF


def test_roster_page_filters_and_shows_attestation_and_access(as_user, staff, firm, attestation_people):
    account = VerifiedRepFactory(individual=attestation_people["certified"])
    account.last_access_at = dt.datetime(2026, 3, 4, 2, 30, tzinfo=dt.UTC)  # 03/03/2026 in New York
    account.save(update_fields=["last_access_at"])
    VerifiedRepFactory(individual=attestation_people["never"], last_access_at=None)
    client = as_user(staff["viewer"])
    html = " ".join(client.get(_roster_url(firm)).content.decode().split())
    assert '<label for="id_attestation_status">Attestation status</label>' in html
    for label in ("Certified correct", "Needs update", "Due again (over a year old)", "Not yet attested",
                  "Attestation off"):
        assert label in html
    attested_on = timezone.localtime(timezone.now() - dt.timedelta(days=10)).date()
    assert f"Certified {attested_on:%m/%d/%Y}" in html
    assert "Last accessed 03/03/2026" in html and "Never accessed" in html
    only = client.get(_roster_url(firm, attestation_status="needs_update")).content.decode()
    assert "Needsupdate" in only and "Certified, " not in only and "Dueagain" not in only
    assert "1 person" in only


def test_roster_csv_has_attestation_and_access_columns(as_user, staff, firm, attestation_people):
    account = VerifiedRepFactory(individual=attestation_people["certified"])
    account.last_access_at = dt.datetime(2026, 3, 4, 2, 30, tzinfo=dt.UTC)
    account.save(update_fields=["last_access_at"])
    url = reverse("firm:roster_csv", kwargs={"crd_number": firm.crd_number})
    response = as_user(staff["viewer"]).get(url + "?attestation_status=certified")
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert header[-4:] == ["Has FinPro Account", "Last Accessed", "Attestation Status", "Last Attested"]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_name) == {"Certified", "Changedmind"}
    certified = by_name["Certified"]
    assert certified["Has FinPro Account"] == "Yes" and certified["Last Accessed"] == "03/03/2026"
    assert certified["Attestation Status"] == "Certified correct"
    ten_days_ago = timezone.localtime(timezone.now() - dt.timedelta(days=10)).date()
    assert certified["Last Attested"] == f"{ten_days_ago:%m/%d/%Y}"
    assert by_name["Changedmind"]["Has FinPro Account"] == "No" and by_name["Changedmind"]["Last Accessed"] == ""


def _csv(client, url):
    return list(csv.reader(io.StringIO(b"".join(client.get(url).streaming_content).decode())))


def test_roster_csv_reads_the_roster_in_one_query_whatever_its_size(as_user, staff, firm):
    """Issue 16: no prefetch per chunk. One SELECT of the people (registrations aggregated in
    it), the same with 3 people as with 40; the rest is the signed-in page's own reads."""
    client = as_user(staff["viewer"])
    url = reverse("firm:roster_csv", kwargs={"crd_number": firm.crd_number})

    def people_queries():
        with CaptureQueriesContext(connection) as ctx:
            rows = _csv(client, url)
        sql = [q["sql"] for q in ctx.captured_queries]
        assert not [q for q in sql if q.startswith('SELECT') and 'FROM "crd_registration"' in q.split(" WHERE ")[0]
                    and "crd_individual" not in q], sql  # no registrations query of its own
        return len([q for q in sql if 'FROM "crd_individual"' in q]), len(sql), len(rows)

    for _ in range(3):
        _person(firm)
    small = people_queries()
    for i in range(37):
        _attest(_person(firm, account=i % 2 == 0), firm, days_ago=i * 30)
    large = people_queries()
    assert small[0] == large[0] == 1 and small[1] == large[1]
    assert (small[2], large[2]) == (4, 41)


def test_roster_csv_of_the_one_query_matches_the_model_rows(as_user, staff, firm):
    """The SQL export (PostgreSQL) writes exactly what the queryset of the roster page gives."""
    from firmsettings.selectors import roster_export
    from firmsettings.views import roster_export_rows, roster_rows

    FirmSettingsFactory(firm=firm, attestation_employees=True)
    _person(firm, first_name="Ann", last_name="Archer", ssn="123-45-6789", account=True)
    _person(firm, first_name="+SUM(1)", last_name="Baker", kind=AssociationKind.INDEPENDENT_CONTRACTOR,
            end=dt.date(2025, 5, 1), status=RegistrationStatus.CE_INACTIVE)
    _attest(_person(firm, last_name="Cole", ssn=None, has_no_ssn=True, account=True), firm, days_ago=400)
    _attest(_person(firm, last_name="Dunn"), firm, answer=AttestationAnswer.NEEDS_UPDATE)
    export = roster_export(firm=firm)
    if export is None:
        pytest.skip("the one-query export is PostgreSQL's (string_agg); SQLite uses the model rows")
    assert list(roster_export_rows(export)) == list(roster_rows(roster(firm=firm)))
