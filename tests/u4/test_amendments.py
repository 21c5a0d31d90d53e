"""Amendments of a submitted Form U4 (issue 13, point 6): due dates, only the changed sections,
a disclosure change filed only after the person acknowledged it in FinPro, and the changed
facts written to CRD in one transaction."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from crd.models import Disclosure, ResidenceHistory
from firmsettings.choices import MembershipRole
from notifications.models import Notification
from tests import factories
from tests.conftest import PASSWORD
from tests.firmsettings.factories import MembershipFactory
from u4 import services
from u4.choices import EventAction, FilingKind, FilingStatus, Section
from u4.models import FilingEvent
from u4.mytasks import tasks_for
from u4.sections import content_as_data

pytestmark = pytest.mark.django_db
WEB = services.Origin(ip_address="203.0.113.7", user_agent="Test browser/1.0")


@pytest.fixture
def submitted(complete_draft, compliance):
    filing = services.filing_record_wet_signature(filing=complete_draft, user=compliance)
    return services.filing_submit(filing=filing, user=compliance)


@pytest.fixture
def amendment(submitted, compliance):
    return services.amendment_create(filing=submitted, user=compliance,
                                     facts_date=timezone.localdate() - dt.timedelta(days=3))


def _save(filing, user, section, content, **kwargs):
    filing.refresh_from_db()
    return services.filing_section_save(filing=filing, section=section, data=content_as_data(section, content),
                                        expected_version=filing.section_versions.get(section, 0), user=user, **kwargs)


def _with_bankruptcy(filing):
    disclosures = {**filing.section(Section.DISCLOSURES)}
    disclosures["q14K"] = "yes"
    disclosures["rows"] = [*disclosures["rows"], {"question": "14K", "event_date": "2026-01-05",
                                                  "summary": "Chapter 7 bankruptcy petition filed."}]
    return disclosures


@pytest.fixture
def disclosure_amendment(amendment, compliance):
    return _save(amendment, compliance, Section.DISCLOSURES, _with_bankruptcy(amendment))


# --- Creating an amendment -------------------------------------------------------------------


def test_an_amendment_copies_the_filing_and_is_due_30_days_after_the_facts(submitted, compliance):
    facts = timezone.localdate() - dt.timedelta(days=3)
    amendment = services.amendment_create(filing=submitted, user=compliance, facts_date=facts)
    assert amendment.kind == FilingKind.AMENDMENT and amendment.status == FilingStatus.DRAFT
    assert amendment.amends == submitted and amendment.individual == submitted.individual
    assert amendment.content == submitted.content and amendment.changed_sections == []
    assert amendment.due_date == facts + dt.timedelta(days=30)
    created = amendment.events.get(action=EventAction.CREATED)
    assert created.detail["amends"] == submitted.pk


def test_a_statutory_disqualification_is_due_in_10_days(submitted, compliance):
    facts = timezone.localdate()
    amendment = services.amendment_create(filing=submitted, user=compliance, facts_date=facts,
                                          statutory_disqualification=True)
    assert amendment.due_date == facts + dt.timedelta(days=10)


def test_amendment_create_refusals(submitted, complete_draft, compliance):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.amendment_create(filing=submitted, user=compliance,
                                  facts_date=timezone.localdate() + dt.timedelta(days=1))
    services.amendment_create(filing=submitted, user=compliance, facts_date=timezone.localdate())
    with pytest.raises(ValidationError, match="already has an open Form U4"):
        services.amendment_create(filing=submitted, user=compliance, facts_date=timezone.localdate())
    assert submitted.amendments.count() == 1


def test_only_a_submitted_filing_is_amended(draft, compliance):
    with pytest.raises(services.IllegalMove, match="Only a submitted Form U4"):
        services.amendment_create(filing=draft, user=compliance, facts_date=timezone.localdate())


def test_an_older_filing_is_not_amended_once_a_later_one_is_submitted(submitted, amendment, compliance):
    changed = _save(amendment, compliance, Section.OTHER_BUSINESS, {"answer": "yes", "description": "Tax preparer."})
    services.amendment_submit(filing=changed, user=compliance)
    with pytest.raises(ValidationError, match=f"latest submitted filing \\(#{amendment.pk}\\)"):
        services.amendment_create(filing=submitted, user=compliance, facts_date=timezone.localdate())


# --- Changed sections ------------------------------------------------------------------------


def test_only_sections_that_differ_are_changed(amendment, compliance):
    same = _save(amendment, compliance, Section.GENERAL, amendment.section(Section.GENERAL))
    assert same.changed_sections == []
    changed = _save(same, compliance, Section.DISCLOSURES, _with_bankruptcy(same))
    assert changed.changed_sections == [Section.DISCLOSURES]


def test_nothing_changed_is_not_submitted(amendment, compliance):
    with pytest.raises(ValidationError, match="Nothing is changed"):
        services.amendment_submit(filing=amendment, user=compliance)
    amendment.refresh_from_db()
    assert amendment.status == FilingStatus.DRAFT


# --- A disclosure amendment: acknowledged, then filed without a new signature ----------------


def test_a_disclosure_amendment_is_refused_before_the_person_acknowledges_it(disclosure_amendment, compliance,
                                                                               person):
    before = Disclosure.objects.filter(individual=person.individual).count()
    with pytest.raises(services.IllegalMove, match="must acknowledge"):
        services.amendment_submit(filing=disclosure_amendment, user=compliance)
    disclosure_amendment.refresh_from_db()
    assert disclosure_amendment.status == FilingStatus.DRAFT
    assert Disclosure.objects.filter(individual=person.individual).count() == before


def test_the_person_is_asked_acknowledges_and_the_firm_files_without_a_signature(disclosure_amendment,
                                                                                   compliance, person):
    asked = services.amendment_request_acknowledgment(filing=disclosure_amendment, user=compliance, origin=WEB)
    assert asked.status == FilingStatus.AWAITING_ACKNOWLEDGMENT
    mail = Notification.objects.get(kind="u4_acknowledgment_requested")
    assert mail.address == person.email and f"/u4/{asked.pk}/acknowledge/" in mail.body_text
    [task] = [t for t in tasks_for(person) if t.key.startswith("u4.")]
    assert task.title == f"Acknowledge an amended disclosure for {asked.firm.name}"

    acknowledged = services.amendment_acknowledge(filing=asked, user=person, acknowledged=True, origin=WEB)
    assert acknowledged.status == FilingStatus.ACKNOWLEDGED
    assert acknowledged.acknowledged_hash == services.content_hash(acknowledged)
    event = acknowledged.events.get(action=EventAction.ACKNOWLEDGED)
    assert (event.actor, event.ip_address, event.user_agent) == (person, "203.0.113.7", "Test browser/1.0")
    assert event.detail["content_hash"] == acknowledged.acknowledged_hash
    assert [t for t in tasks_for(person) if t.key.startswith("u4.")] == []

    residences = list(ResidenceHistory.objects.filter(individual=person.individual).values_list("id", flat=True))
    filed = services.filing_submit(filing=acknowledged, user=compliance, origin=WEB)
    assert filed.status == FilingStatus.SUBMITTED and filed.signature_hash == ""
    assert Disclosure.objects.filter(individual=person.individual, summary="Chapter 7 bankruptcy petition filed.",
                                     kind="financial").exists()
    # Only the changed section reached CRD: the residential history rows are the same rows.
    assert list(ResidenceHistory.objects.filter(individual=person.individual).values_list("id", flat=True)) \
        == residences
    amended = filed.events.get(action=EventAction.AMENDED)
    assert amended.detail["sections"] == [Section.DISCLOSURES] and amended.ip_address == "203.0.113.7"
    assert filed.pdf.name.startswith("u4/")


def test_a_change_after_the_acknowledgment_voids_it(disclosure_amendment, compliance, person):
    asked = services.amendment_request_acknowledgment(filing=disclosure_amendment, user=compliance)
    acknowledged = services.amendment_acknowledge(filing=asked, user=person, acknowledged=True)
    changed = _save(acknowledged, compliance, Section.OTHER_BUSINESS, {"answer": "yes", "description": "Coach."})
    assert changed.status == FilingStatus.AWAITING_ACKNOWLEDGMENT and changed.acknowledged_hash == ""
    assert changed.events.filter(action=EventAction.ACKNOWLEDGMENT_VOIDED).exists()
    with pytest.raises(services.IllegalMove):
        services.amendment_submit(filing=changed, user=compliance)


def test_only_the_person_acknowledges_and_only_when_asked(disclosure_amendment, compliance, person):
    with pytest.raises(services.IllegalMove, match="not possible now"):
        services.amendment_acknowledge(filing=disclosure_amendment, user=person, acknowledged=True)
    asked = services.amendment_request_acknowledgment(filing=disclosure_amendment, user=compliance)
    other = factories.VerifiedRepFactory()
    with pytest.raises(services.IllegalMove, match="Only the person"):
        services.amendment_acknowledge(filing=asked, user=other, acknowledged=True)
    with pytest.raises(ValidationError, match="Check the box"):
        services.amendment_acknowledge(filing=asked, user=person, acknowledged=False)
    asked.refresh_from_db()
    assert asked.status == FilingStatus.AWAITING_ACKNOWLEDGMENT
    assert not asked.events.filter(action=EventAction.ACKNOWLEDGED).exists()


def test_a_change_that_is_not_a_disclosure_needs_no_acknowledgment(amendment, compliance, person):
    rows = amendment.section(Section.RESIDENTIAL_HISTORY)["rows"]
    moved = [{**rows[0], "to_date": timezone.localdate().replace(day=1).isoformat()},
             {"from_date": timezone.localdate().replace(day=1).isoformat(), "to_date": None,
              "address_line1": "9 New Rd", "city": "Jersey City", "state": "NJ", "postal_code": "07302",
              "country": "US"}]
    changed = _save(amendment, compliance, Section.RESIDENTIAL_HISTORY, {"rows": moved})
    with pytest.raises(ValidationError, match="changes no disclosure"):
        services.amendment_request_acknowledgment(filing=changed, user=compliance)
    filed = services.amendment_submit(filing=changed, user=compliance)
    assert filed.status == FilingStatus.SUBMITTED
    assert ResidenceHistory.objects.filter(individual=person.individual, address_line1="9 New Rd").exists()


def test_an_initial_filing_has_no_acknowledgment(complete_draft, compliance, person):
    with pytest.raises(services.IllegalMove, match="Only an amendment"):
        services.amendment_request_acknowledgment(filing=complete_draft, user=compliance)
    with pytest.raises(services.IllegalMove, match="Only an amendment"):
        services.amendment_submit(filing=complete_draft, user=compliance)


# --- Pages ------------------------------------------------------------------------------------


def _url(name, firm, **kwargs):
    return reverse(f"firm:{name}", kwargs={"crd_number": firm.crd_number, **kwargs})


def test_the_firm_starts_an_amendment_with_errors_next_to_the_field(client, submitted, compliance, firm):
    client.force_login(compliance)
    url = _url("u4_amend", firm, pk=submitted.pk)
    response = client.post(url, {"facts_date": "not a date"})
    assert response.status_code == 400 and "Enter a valid date." in response.content.decode()
    assert submitted.amendments.count() == 0
    facts = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(url, {"facts_date": facts.isoformat(), "statutory_disqualification": "on"})
    amendment = submitted.amendments.get()
    assert response.status_code == 302 and response.url == _url("u4_detail", firm, pk=amendment.pk)
    page = client.get(response.url).content.decode()
    assert f"Filing #{submitted.pk}" in page and (facts + dt.timedelta(days=10)).strftime("%m/%d/%Y") in page


def test_a_viewer_cannot_amend(client, submitted, firm):
    viewer = MembershipFactory(firm=firm, role=MembershipRole.VIEWER).user
    client.force_login(viewer)
    response = client.post(_url("u4_amend", firm, pk=submitted.pk), {"facts_date": timezone.localdate()})
    assert response.status_code == 403 and submitted.amendments.count() == 0


def test_the_list_shows_and_sorts_by_the_due_date(client, firm, compliance, submitted):
    other = factories.VerifiedRepFactory(individual=factories.IndividualFactory(last_name="Zimmer"))
    later = services.filing_create(firm=firm, user=compliance, individual=other.individual)
    amendment = services.amendment_create(filing=submitted, user=compliance,
                                          facts_date=timezone.localdate() - dt.timedelta(days=40))
    later.updated_at = timezone.now() + dt.timedelta(minutes=1)
    later.save()  # the newest change: first by last change, after the amendment by due date
    client.force_login(compliance)
    by_change = client.get(_url("u4_list", firm)).content.decode()
    by_due = client.get(_url("u4_list", firm), {"sort": "due"}).content.decode()
    due = amendment.due_date.strftime("%m/%d/%Y")
    assert f"{due} (overdue)" in by_due
    assert by_due.index(due) < by_due.index("Zimmer")
    assert by_change.index("Zimmer") < by_change.index(due)
    assert client.get(_url("u4_list", firm), {"kind": "amendment"}).content.decode().count("Zimmer") == 0


def _open_amendments(firm, compliance, n):
    for _ in range(n):
        filing = services.filing_create(firm=firm, user=compliance, individual=factories.IndividualFactory())
        filing.status, filing.submitted_at, filing.signature_hash = FilingStatus.SUBMITTED, timezone.now(), "x" * 64
        filing.save()
        services.amendment_create(filing=filing, user=compliance, facts_date=timezone.localdate())


def test_the_list_sorted_by_due_date_costs_the_same_queries_for_more_amendments(client, firm, compliance,
                                                                                django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(compliance)
    _open_amendments(firm, compliance, 3)
    client.get(_url("u4_list", firm), {"sort": "due"})
    with CaptureQueriesContext(connection) as few:
        client.get(_url("u4_list", firm), {"sort": "due"})
    _open_amendments(firm, compliance, 6)
    with django_assert_max_num_queries(len(few)):
        client.get(_url("u4_list", firm), {"sort": "due"})


def test_the_changes_page_shows_the_amendment_beside_the_filed_version(client, firm, compliance,
                                                                         disclosure_amendment):
    client.force_login(compliance)
    page = client.get(_url("u4_changes", firm, pk=disclosure_amendment.pk)).content.decode()
    assert "Changed by this amendment" in page and "14 Disclosure Questions" in page
    assert "Chapter 7 bankruptcy petition filed." in page and "Filed before" in page
    assert "1 General Information" not in page.split("Changed by Riley Rep")[0].split("Changed by this amendment")[1]


def test_the_person_sees_the_change_and_acknowledges_it(client, disclosure_amendment, compliance, person):
    client.post(reverse("account_login"), {"login": person.username, "password": PASSWORD})
    url = reverse("u4:acknowledge", args=[disclosure_amendment.pk])
    assert client.get(url).status_code == 404  # a draft amendment is the firm's own until it asks
    services.amendment_request_acknowledgment(filing=disclosure_amendment, user=compliance)
    page = client.get(url, HTTP_USER_AGENT="Person browser")
    assert page.status_code == 200 and "Chapter 7 bankruptcy petition filed." in page.content.decode()
    assert FilingEvent.objects.filter(filing=disclosure_amendment, action=EventAction.OPENED,
                                      user_agent="Person browser").exists()
    refused = client.post(url, {})
    assert refused.status_code == 400 and "Check the box to acknowledge" in refused.content.decode()
    done = client.post(url, {"acknowledged": "on"})
    assert done.status_code == 302
    disclosure_amendment.refresh_from_db()
    assert disclosure_amendment.status == FilingStatus.ACKNOWLEDGED


def test_another_person_cannot_open_the_acknowledgment(client, disclosure_amendment, compliance):
    services.amendment_request_acknowledgment(filing=disclosure_amendment, user=compliance)
    client.force_login(factories.VerifiedRepFactory())
    assert client.get(reverse("u4:acknowledge", args=[disclosure_amendment.pk])).status_code == 404


def test_the_amendment_pdf_shows_only_its_changed_sections_and_the_acknowledgment(disclosure_amendment, compliance,
                                                                                  person):
    import io

    from pypdf import PdfReader

    asked = services.amendment_request_acknowledgment(filing=disclosure_amendment, user=compliance)
    acknowledged = services.amendment_acknowledge(filing=asked, user=person, acknowledged=True)
    filed = services.amendment_submit(filing=acknowledged, user=compliance)
    with filed.pdf.open("rb") as stored:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(stored.read())).pages)
    flat = text.replace("\n", "")
    assert "Amendment" in text and f"Amends filing #{filed.amends_id}" in flat
    assert "14 Disclosure Questions" in text and "Chapter 7 bankruptcy petition filed." in flat
    assert "11 Residential History" not in text and "1 General Information" not in text
    assert filed.acknowledged_hash[:32] in flat


def test_an_open_amendment_shows_overdue_once_its_due_date_passes(client, firm, compliance, submitted):
    import time_machine

    amendment = services.amendment_create(filing=submitted, user=compliance, facts_date=dt.date(2026, 3, 2),
                                          statutory_disqualification=True)
    assert amendment.due_date == dt.date(2026, 3, 12)
    with time_machine.travel(dt.datetime(2026, 3, 12, 15, 0, tzinfo=dt.UTC)):
        client.force_login(compliance)
        page = client.get(_url("u4_list", firm)).content.decode()
        assert "03/12/2026" in page and "(overdue)" not in page
    with time_machine.travel(dt.datetime(2026, 3, 13, 15, 0, tzinfo=dt.UTC)):
        client.force_login(compliance)
        assert "03/12/2026 (overdue)" in client.get(_url("u4_list", firm)).content.decode()
