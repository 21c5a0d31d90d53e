"""A Form U4 disclosure amendment in Chromium, with axe on each page: casey.compliance amends
Dana's submitted Form U4 (a bankruptcy under 14K), is refused submitting before Dana has seen it,
asks Dana to acknowledge; Dana reads the change beside the filed version and acknowledges it;
casey submits the amendment without a new signature and CRD holds the new disclosure.
Screenshots at 1280 and 390 px under var/screenshots/."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from crd.models import Disclosure
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership
from tests.e2e.test_u4_journey import _check, _sign_in
from tests.factories import FirmFactory, FirmSettingsFactory, IndividualFactory, UserFactory, VerifiedRepFactory
from tests.u4.conftest import complete_content, save_all
from u4 import services
from u4.choices import EventAction, FilingKind, FilingStatus
from u4.models import Filing

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


def test_a_disclosure_amendment_acknowledged_by_the_rep_and_filed_without_a_new_signature(
        page, base_url, browser, browser_context_args):
    firm = FirmFactory(name="Summit Ridge Securities", crd_number=104001)
    FirmSettingsFactory(firm=firm, esignature_employees=True)
    casey = UserFactory(username="casey.compliance", first_name="Casey", last_name="Compliance")
    FirmMembership.objects.create(firm=firm, user=casey, role=MembershipRole.COMPLIANCE)
    rep = VerifiedRepFactory(username="dana.rep", individual=IndividualFactory(first_name="Dana", last_name="Rep"))
    filing = services.filing_create(firm=firm, user=casey, individual=rep.individual)
    filing = save_all(filing, casey, complete_content(first_name="Dana", last_name="Rep"))
    filing = services.filing_record_wet_signature(filing=filing, user=casey)
    filing = services.filing_submit(filing=filing, user=casey)
    facts = timezone.localdate() - dt.timedelta(days=5)

    _sign_in(page, base_url, "casey.compliance")
    page.goto(f"{base_url}/firm/{firm.crd_number}/u4/{filing.pk}/")
    page.get_by_role("link", name="Amend this filing").click()
    _check(page, "u4-firm-amend")
    page.get_by_role("button", name="Start the amendment").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()  # no date of the facts
    page.get_by_label("Date of the facts").fill(facts.isoformat())
    page.get_by_role("button", name="Start the amendment").click()
    due = (facts + dt.timedelta(days=30)).strftime("%m/%d/%Y")
    expect(page.get_by_text(re.compile(f"Amendment started, due {due}"))).to_be_visible()
    amendment = Filing.objects.get(kind=FilingKind.AMENDMENT)

    page.get_by_role("link", name="Edit 14 Disclosure Questions").click()
    page.get_by_role("group", name=re.compile("14K Financial")).get_by_label("Yes").check()
    entry = page.get_by_role("group", name="Entry 2")
    entry.get_by_label("Question").select_option("14K")
    entry.get_by_label("Date of Event").fill(facts.isoformat())
    page.get_by_role("button", name="Save 14 Disclosure Questions").click()
    expect(page.get_by_role("group", name="Entry 2").get_by_text("This field is required.")).to_be_visible()
    _check(page, "u4-firm-amend-disclosures-error")
    page.get_by_role("group", name="Entry 2").get_by_label("Summary of Event").fill(
        "Chapter 7 bankruptcy petition filed.")
    page.get_by_role("button", name="Save 14 Disclosure Questions").click()
    expect(page.get_by_text("14 Disclosure Questions saved.")).to_be_visible()
    expect(page.get_by_text("Amended", exact=True)).to_be_visible()
    _check(page, "u4-firm-amendment-detail")

    expect(page.get_by_role("link", name="Submit the amendment")).to_have_count(0)  # not before Dana has seen it
    page.goto(f"{base_url}/firm/{firm.crd_number}/u4/{amendment.pk}/submit/")
    page.get_by_role("button", name="Submit Form U4").click()
    expect(page.get_by_text(re.compile("must acknowledge the change in FinPro"))).to_be_visible()
    page.get_by_role("link", name="See what changed").click()
    expect(page.get_by_role("heading", name="Changed by this amendment")).to_be_visible()
    expect(page.get_by_text("Chapter 7 bankruptcy petition filed.").first).to_be_visible()
    _check(page, "u4-firm-changes-amendment")
    page.get_by_role("link", name="Back to the Form U4 for Dana Rep").click()
    page.get_by_role("button", name="Ask Dana Rep to acknowledge").click()
    expect(page.get_by_text("Sent to the person to acknowledge. We emailed them.")).to_be_visible()

    rep_page = browser.new_context(**browser_context_args).new_page()
    _sign_in(rep_page, base_url, "dana.rep")
    rep_page.get_by_role("link", name="Acknowledge an amended disclosure for Summit Ridge Securities").first.click()
    expect(rep_page.get_by_role("heading", level=1)).to_have_text(
        "Acknowledge an amended disclosure for Summit Ridge Securities")
    expect(rep_page.get_by_text("Chapter 7 bankruptcy petition filed.").first).to_be_visible()
    _check(rep_page, "u4-rep-acknowledge")
    rep_page.get_by_role("button", name="Acknowledge").click()
    expect(rep_page.get_by_text("Check the box to acknowledge the amended disclosures.")).to_be_visible()
    rep_page.get_by_label("I have read the amended disclosures and acknowledge them").check()
    rep_page.get_by_role("button", name="Acknowledge").click()
    expect(rep_page.get_by_text(re.compile("You acknowledged the amended disclosures"))).to_be_visible()

    page.reload()
    expect(page.get_by_text("Acknowledged", exact=True).first).to_be_visible()
    page.get_by_role("link", name="Submit the amendment").click()
    _check(page, "u4-firm-submit-amendment")
    page.get_by_role("button", name="Submit Form U4").click()
    expect(page.get_by_text("Form U4 amendment submitted. CRD is updated.")).to_be_visible()
    expect(page.get_by_text("Acknowledged by the person").first).to_be_visible()
    page.goto(f"{base_url}/firm/{firm.crd_number}/u4/?sort=due")
    expect(page.get_by_role("row", name=re.compile("Dana Rep.*Amendment.*Submitted"))).to_be_visible()
    _check(page, "u4-firm-list-amendments")

    amendment.refresh_from_db()
    assert amendment.status == FilingStatus.SUBMITTED and amendment.signature_hash == ""
    assert amendment.events.filter(action=EventAction.ACKNOWLEDGED, actor=rep).exists()
    assert Disclosure.objects.filter(individual=rep.individual, summary="Chapter 7 bankruptcy petition filed.").exists()
