"""Issue 13 points 9 and 10 end to end, and who sees the full date of birth: every step of a
filing is an audit event with who, IP, user agent (and the consent version where it applies),
shown on the firm's page; two people saving one section lose nothing; a viewer never receives
the full date of birth."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from firmsettings.choices import MembershipRole
from tests.firmsettings.factories import MembershipFactory
from u4 import services
from u4.choices import CONSENT_VERSION, EventAction, Section
from u4.sections import content_as_data

from .conftest import complete_content, save_all

pytestmark = pytest.mark.django_db
FIRM_PC = services.Origin(ip_address="198.51.100.4", user_agent="FirmBrowser/2")
REP_PHONE = services.Origin(ip_address="203.0.113.50", user_agent="RepPhone/9")


def _url(name, firm, **kwargs):
    return reverse(f"firm:{name}", kwargs={"crd_number": firm.crd_number, **kwargs})


def test_every_step_is_an_audit_event_with_who_ip_user_agent_and_consent(firm, compliance, person, esign_on,
                                                                          client):
    filing = services.filing_create(firm=firm, user=compliance, individual=person.individual, origin=FIRM_PC)
    filing = services.filing_allow_rep_edits(filing=filing, sections=[Section.FINGERPRINT], user=compliance,
                                             origin=FIRM_PC)
    filing = services.filing_section_save(
        filing=filing, section=Section.FINGERPRINT, user=person, by_rep=True, origin=REP_PHONE, expected_version=0,
        data=content_as_data(Section.FINGERPRINT, {"fingerprint_status": "exempt"}))
    filing = services.filing_return_to_firm(filing=filing, user=person, origin=REP_PHONE)
    content = complete_content(first_name="Riley", last_name="Rep")
    content[Section.FINGERPRINT] = {"fingerprint_status": "exempt"}
    filing = save_all(filing, compliance, content)
    filing = services.filing_allow_rep_edits(filing=filing, sections=[Section.OTHER_NAMES], user=compliance,
                                             origin=FIRM_PC)
    filing = services.filing_withdraw_rep_edits(filing=filing, user=compliance, origin=FIRM_PC)
    filing = services.filing_send_for_signature(filing=filing, user=compliance, origin=FIRM_PC)
    services.filing_opened(filing=filing, user=person, origin=REP_PHONE)
    filing = services.filing_stop_signing(filing=filing, user=compliance, origin=FIRM_PC)
    filing = services.filing_send_for_signature(filing=filing, user=compliance, origin=FIRM_PC)
    filing = services.filing_sign(filing=filing, user=person, signature_name="Riley Rep", consent=True,
                                  origin=REP_PHONE)
    filing = services.filing_submit(filing=filing, user=compliance, origin=FIRM_PC)
    amendment = services.amendment_create(filing=filing, user=compliance, facts_date=timezone.localdate(),
                                          origin=FIRM_PC)
    amendment = services.filing_section_save(
        filing=amendment, section=Section.OTHER_BUSINESS, user=compliance, origin=FIRM_PC, expected_version=0,
        data=content_as_data(Section.OTHER_BUSINESS, {"answer": "yes", "description": "Volunteer coach."}))
    amendment = services.amendment_submit(filing=amendment, user=compliance, origin=FIRM_PC)

    by_person = {EventAction.SECTION_SAVED, EventAction.RETURNED, EventAction.OPENED, EventAction.SIGNED}
    events = list(filing.events.all()) + list(amendment.events.all())
    seen = {e.action for e in events}
    assert seen >= {EventAction.CREATED, EventAction.REP_EDITS_ALLOWED, EventAction.REP_EDITS_WITHDRAWN,
                    EventAction.SECTION_SAVED, EventAction.RETURNED, EventAction.SENT_FOR_SIGNATURE,
                    EventAction.OPENED, EventAction.STOPPED, EventAction.SIGNED, EventAction.SUBMITTED,
                    EventAction.AMENDED}
    for event in events:
        if event.actor == person:
            assert (event.ip_address, event.user_agent) == ("203.0.113.50", "RepPhone/9"), event
        elif event.action != EventAction.SECTION_SAVED:  # save_all saves without an origin
            assert (event.ip_address, event.user_agent) == ("198.51.100.4", "FirmBrowser/2"), event
    assert {e.action for e in events if e.actor == person} == by_person
    signed = filing.events.get(action=EventAction.SIGNED)
    assert signed.consent_version == CONSENT_VERSION and signed.actor == person
    assert filing.events.get(action=EventAction.OPENED).consent_version == CONSENT_VERSION

    client.force_login(compliance)
    trail = client.get(_url("u4_detail", firm, pk=filing.pk)).content.decode()
    for label in ("Opened by the person", "Signed", "Signing stopped", "Submitted", "Returned to firm",
                  "Rep edits withdrawn", f"Consent {CONSENT_VERSION}", "203.0.113.50", "RepPhone/9"):
        assert label in trail, label
    assert "Amended" in client.get(_url("u4_detail", firm, pk=amendment.pk)).content.decode()


def test_two_firm_users_saving_one_section_the_second_sees_both_and_loses_nothing(client, firm, draft, compliance):
    from django.test import Client

    colleague = MembershipFactory(firm=firm, role=MembershipRole.COMPLIANCE).user
    other = Client()
    client.force_login(compliance)
    other.force_login(colleague)
    url = _url("u4_section", firm, pk=draft.pk, section=Section.OTHER_NAMES)
    assert 'name="version" value="0"' in client.get(url).content.decode()  # both open it at version 0
    assert 'name="version" value="0"' in other.get(url).content.decode()
    rows = {"other_names-rows-TOTAL_FORMS": "1", "other_names-rows-INITIAL_FORMS": "0", "version": "0"}
    assert other.post(url, {**rows, "other_names-rows-0-other_name": "Riley Maiden"}).status_code == 302
    response = client.post(url, {**rows, "other_names-rows-0-other_name": "R. J. Rep"})
    body = response.content.decode()
    assert response.status_code == 409 and "This section changed since you opened it" in body
    assert "Riley Maiden" in body  # the colleague's saved version, shown
    assert re.search(r'value="R\. J\. Rep"', body)  # the second saver's own, still in the form
    draft.refresh_from_db()
    assert draft.section(Section.OTHER_NAMES) == {"rows": [{"other_name": "Riley Maiden"}]}
    # Saving again from the version shown keeps what they choose, knowingly; the trail keeps both.
    again = client.post(url, {**rows, "version": "1", "other_names-rows-0-other_name": "R. J. Rep"})
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.section_versions[Section.OTHER_NAMES] == 2
    saves = draft.events.filter(action=EventAction.SECTION_SAVED, section=Section.OTHER_NAMES).order_by("at", "id")
    assert [(e.actor, e.detail["before"]) for e in saves] == [
        (colleague, {}), (compliance, {"rows": [{"other_name": "Riley Maiden"}]})]


def test_a_viewer_never_receives_the_full_date_of_birth(client, firm, complete_draft, compliance):
    viewer = MembershipFactory(firm=firm, role=MembershipRole.VIEWER).user
    client.force_login(viewer)
    pages = [_url("u4_detail", firm, pk=complete_draft.pk), _url("u4_changes", firm, pk=complete_draft.pk),
             _url("u4_section", firm, pk=complete_draft.pk, section=Section.IDENTIFYING)]
    for url in pages:
        body = client.get(url).content.decode()
        assert "1990-05-17" not in body and "05/17/1990" not in body, url
    assert "**/**/1990" in client.get(pages[0]).content.decode()
    client.force_login(compliance)
    edit = client.get(pages[2]).content.decode()
    assert 'value="1990-05-17"' in edit  # compliance edits the full date


def test_the_changes_page_shows_what_the_person_changed_beside_the_version_before(client, firm, draft, compliance,
                                                                                   person):
    draft = services.filing_section_save(
        filing=draft, section=Section.FINGERPRINT, user=compliance, expected_version=0,
        data=content_as_data(Section.FINGERPRINT, {"fingerprint_status": "card_submitted"}))
    services.filing_allow_rep_edits(filing=draft, sections=[Section.FINGERPRINT], user=compliance)
    for status in ("exempt", "previously_submitted"):
        draft.refresh_from_db()
        draft = services.filing_section_save(
            filing=draft, section=Section.FINGERPRINT, user=person, by_rep=True,
            expected_version=draft.section_versions[Section.FINGERPRINT],
            data=content_as_data(Section.FINGERPRINT, {"fingerprint_status": status}))
    client.force_login(compliance)
    detail = client.get(_url("u4_detail", firm, pk=draft.pk)).content.decode()
    assert _url("u4_changes", firm, pk=draft.pk) in detail
    page = client.get(_url("u4_changes", firm, pk=draft.pk)).content.decode()
    section = page.split("Changed by Riley Rep")[1]
    assert "2 Fingerprint Information" in section and "1 General Information" not in section
    before, now = section.index("I am submitting a fingerprint card"), section.index("Fingerprints were submitted")
    assert before < now and "Changed" in section
    assert "I am exempt" not in section  # the person's intermediate save is not the "before"


def test_the_changes_page_costs_the_same_queries_for_more_rep_saves(client, firm, draft, compliance, person,
                                                                     django_assert_max_num_queries):
    services.filing_allow_rep_edits(filing=draft, sections=[Section.FINGERPRINT, Section.OTHER_NAMES],
                                    user=compliance)
    client.force_login(compliance)

    def save(n):
        for i in range(n):
            draft.refresh_from_db()
            services.filing_section_save(
                filing=draft, section=Section.OTHER_NAMES, user=person, by_rep=True,
                expected_version=draft.section_versions.get(Section.OTHER_NAMES, 0),
                data=content_as_data(Section.OTHER_NAMES, {"rows": [{"other_name": f"Name {i}"}]}))

    save(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(_url("u4_changes", firm, pk=draft.pk))
    save(8)
    with django_assert_max_num_queries(len(few)):
        client.get(_url("u4_changes", firm, pk=draft.pk))
