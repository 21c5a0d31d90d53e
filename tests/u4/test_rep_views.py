"""The person's Form U4 pages at /u4/: only their own filings, only the sections opened to them,
return to firm, and e-signature after a fresh re-authentication."""

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import PASSWORD
from u4 import services
from u4.choices import EventAction, FilingStatus, Section
from u4.models import FilingEvent
from u4.sections import content_as_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def riley(client, person):
    """The person signed in with their password (so re-authentication is fresh)."""
    client.post(reverse("account_login"), {"login": person.username, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


@pytest.fixture
def with_rep(draft, compliance):
    return services.filing_allow_rep_edits(filing=draft, sections=[Section.FINGERPRINT, Section.OTHER_NAMES],
                                           user=compliance)


def test_anonymous_is_sent_to_sign_in(client, with_rep):
    for url in (reverse("u4:overview"), reverse("u4:entry", args=[with_rep.pk])):
        assert client.get(url)["Location"].startswith(reverse("account_login"))


def test_a_firm_draft_not_yet_shown_to_the_person_is_a_404(riley, draft):
    assert riley.get(reverse("u4:entry", args=[draft.pk])).status_code == 404
    assert "No Form U4 is waiting for you." in riley.get(reverse("u4:overview")).content.decode()


def test_another_persons_filing_is_a_404(client, with_rep):
    client.force_login(factories.VerifiedRepFactory())
    for name in ("u4:entry", "u4:form", "u4:sign"):
        assert client.get(reverse(name, args=[with_rep.pk])).status_code in (404, 302)
    assert client.get(reverse("u4:entry", args=[with_rep.pk])).status_code == 404
    assert client.post(reverse("u4:return", args=[with_rep.pk])).status_code == 404


def test_the_task_and_the_data_entry_view(riley, with_rep):
    from u4.mytasks import tasks_for

    [task] = tasks_for(with_rep.individual.account)
    assert task.title == f"Complete your Form U4 for {with_rep.firm.name}"
    assert task.url == reverse("u4:entry", args=[with_rep.pk])
    page = riley.get(task.url).content.decode()
    assert page.count("badge-info\">Yours to fill in") == 2
    assert reverse("u4:section", args=[with_rep.pk, Section.FINGERPRINT]) in page
    assert reverse("u4:section", args=[with_rep.pk, Section.GENERAL]) not in page


def test_a_section_not_opened_is_a_404_and_nothing_saves(riley, with_rep):
    url = reverse("u4:section", args=[with_rep.pk, Section.GENERAL])
    assert riley.get(url).status_code == 404
    assert riley.post(url, {"general-first_name": "X", "version": "0"}).status_code == 404


def test_the_person_saves_a_section_and_returns_the_form(riley, with_rep):
    url = reverse("u4:section", args=[with_rep.pk, Section.FINGERPRINT])
    assert "Fingerprint Information" in riley.get(url).content.decode()
    bad = riley.post(url, {"version": "0"})
    assert bad.status_code == 400 and "This field is required." in bad.content.decode()
    response = riley.post(url, {"fingerprint-fingerprint_status": "exempt", "version": "0"})
    assert response["Location"] == reverse("u4:entry", args=[with_rep.pk])
    with_rep.refresh_from_db()
    assert with_rep.section(Section.FINGERPRINT) == {"fingerprint_status": "exempt"}
    form_view = riley.get(reverse("u4:form", args=[with_rep.pk])).content.decode()
    assert "I am exempt from the fingerprint requirement" in form_view and "***-**-" in form_view
    riley.post(reverse("u4:return", args=[with_rep.pk]))
    with_rep.refresh_from_db()
    assert with_rep.status == FilingStatus.RETURNED
    assert riley.get(url).status_code == 404


def _send_for_signature(filing, compliance):
    from .conftest import complete_content, save_all

    factories.FirmSettingsFactory(firm=filing.firm, esignature_employees=True)
    filing = save_all(filing, compliance, complete_content(first_name="Riley", last_name="Rep"))
    return services.filing_send_for_signature(filing=filing, user=compliance)


def test_signing_asks_for_the_password_again_after_five_minutes(riley, draft, compliance):
    import datetime as dt

    import time_machine

    filing = _send_for_signature(draft, compliance)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=6)):
        response = riley.get(reverse("u4:sign", args=[filing.pk]))
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]


def test_the_person_signs_the_final_version(riley, draft, compliance):
    filing = _send_for_signature(draft, compliance)
    url = reverse("u4:sign", args=[filing.pk])
    page = riley.get(url, HTTP_USER_AGENT="RileyPhone").content.decode()
    assert 'value="Riley Rep"' in page and "15A Individual/Applicant" in page
    assert services.content_hash(filing) in page
    assert FilingEvent.objects.get(filing=filing, action=EventAction.OPENED).user_agent == "RileyPhone"
    refused = riley.post(url, {"signature_name": "Riley Rep"})
    assert refused.status_code == 400 and "Check the box to agree" in refused.content.decode()
    response = riley.post(url, {"signature_name": "Riley Rep", "consent": "on"}, follow=True)
    assert "You signed your Form U4." in response.content.decode()
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SIGNED and filing.signature_hash == services.content_hash(filing)
    assert riley.get(url)["Location"] == reverse("u4:overview")


def test_a_section_save_by_the_person_is_changed_data_the_firm_can_see(riley, with_rep, person):
    riley.post(reverse("u4:section", args=[with_rep.pk, Section.OTHER_NAMES]), {
        **content_as_data(Section.OTHER_NAMES, {"rows": [{"other_name": "Riley Maiden"}]}), "version": "0"})
    event = FilingEvent.objects.get(filing=with_rep, action=EventAction.SECTION_SAVED)
    assert (event.actor, event.detail["by"], event.detail["changed"]) == (person, "rep", ["rows"])
