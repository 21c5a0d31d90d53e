"""Form U5 and the programs in Chromium, on the demo data, with axe on each page: casey.compliance
files a full Form U5 for jesse.leaving (after confirming the password); Jesse gets the email in the
development mailbox, downloads the PDF (read back with pypdf), sees the MQP banner in Reminders,
enrolls in MQP and in AG EVEP (the risk acknowledgment, a declined card then the sandbox card)
and launches the first module of the year's plan. Screenshots at 1280 and 390 px in var/screenshots/."""

import datetime as dt
import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.demo import DEMO_PASSWORD
from crd.models import Association
from programs.models import Enrollment
from tests.e2e.test_u4_journey import _check
from u5.models import Filing

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(p, base_url, username):
    p.goto(f"{base_url}/accounts/login/")
    p.get_by_label("User ID").fill(username)
    p.get_by_label("Password").first.fill(DEMO_PASSWORD)
    p.get_by_role("button", name="Sign In").click()


def _pay(p, number):
    p.get_by_label("Name on Card").fill("Jesse Hartwell")
    p.get_by_label("Card Number").fill(number)
    p.get_by_label("Expiration Month (MM)").fill("12")
    p.get_by_label("Expiration Year (YYYY)").fill(str(timezone.localdate().year + 3))
    p.get_by_label("Security Code (CVC)").fill("123")


def test_casey_files_a_u5_and_jesse_enrolls_in_mqp_and_ag_evep(page, base_url, browser, browser_context_args):
    call_command("seed_demo", stdout=StringIO())
    _sign_in(page, base_url, "casey.compliance")
    page.goto(f"{base_url}/firm/104001/u5/")
    _check(page, "u5-firm-list")
    page.get_by_role("link", name="File a Form U5").click()
    page.get_by_label("Individual CRD#").fill("7100999")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("not currently associated with your firm")).to_be_visible()
    _check(page, "u5-firm-create-refused")
    page.get_by_label("Individual CRD#").fill("7100051")
    page.get_by_role("button", name="Continue").click()
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name=re.compile("Confirm|Re-authenticate", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Form U5 for Jesse Hartwell")
    on = timezone.localdate() - dt.timedelta(days=2)
    page.get_by_label("Date of termination").fill(on.isoformat())
    page.get_by_label("3 Reason for termination (full termination)").select_option("discharged")
    page.get_by_role("button", name="Sign and file Form U5").click()
    expect(page.get_by_text("Explain the termination (required unless it was voluntary).")).to_be_visible()
    expect(page.get_by_text("Nothing was filed.")).to_be_visible()
    _check(page, "u5-firm-file-errors")
    assert not Filing.objects.filter(individual__crd_number=7100051).exists()
    page.get_by_label("3 Reason for termination (full termination)").select_option("voluntary")
    page.get_by_label("8A Your full name, as the firm's signature").fill("Casey Moreno")
    page.get_by_label(re.compile("I acknowledge, for the firm")).check()
    page.get_by_role("button", name="Sign and file Form U5").click()
    expect(page.get_by_text("Form U5 filed for Jesse Hartwell.")).to_be_visible()
    _check(page, "u5-firm-detail")
    assert Association.objects.get(individual__crd_number=7100051, firm__crd_number=104001).end_date == on
    page.get_by_role("link", name="Form U5", exact=True).click()
    expect(page.get_by_role("row", name=re.compile("Jesse Hartwell.*On time"))).to_be_visible()

    rep = browser.new_context(**browser_context_args, accept_downloads=True).new_page()
    rep.goto(f"{base_url}/dev/mailbox/")
    rep.get_by_role("link", name=re.compile("A new Form U5 is on file")).first.click()
    expect(rep.locator("body")).not_to_contain_text("Summit Ridge")
    rep.locator("a[href$='/u5/']").first.click()
    _sign_in(rep, base_url, "jesse.leaving")
    expect(rep.get_by_role("heading", name="Reminders")).to_be_visible()
    expect(rep.get_by_text("Keep your qualification: Maintaining Qualifications Program (MQP).")).to_be_visible()
    _check(rep, "u5-rep-dashboard-banner")
    rep.goto(f"{base_url}/u5/")
    _check(rep, "u5-rep-list")
    with rep.expect_download() as download:
        rep.get_by_role("link", name=re.compile("Download")).first.click()
    with open(download.value.path(), "rb") as pdf:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert "Form U5" in text and "Jesse Hartwell" in text and "Summit Ridge Securities" in text

    rep.goto(f"{base_url}/")
    rep.get_by_role("link", name=re.compile("Learn more about the Maintaining Qualifications")).click()
    expect(rep.get_by_text(re.compile("You qualify because"))).to_be_visible()
    _check(rep, "programs-learn-more-mqp")
    rep.get_by_role("link", name="Continue").click()
    rep.get_by_label("This is my email address and I read it").check()
    _check(rep, "programs-enroll-mqp")
    rep.get_by_role("button", name="Save and continue").click()
    _pay(rep, "4242 4242 4242 4242")
    _check(rep, "programs-pay-mqp")
    rep.get_by_role("button", name="Pay $100.00").click()
    expect(rep.get_by_text(re.compile("You are enrolled in the Maintaining Qualifications"))).to_be_visible()
    _check(rep, "programs-overview-enrolled")

    rep.get_by_role("link", name=re.compile("Learn more about the Agent Exam Validity")).click()
    expect(rep.get_by_role("heading", name="The extension holds only in participating jurisdictions")).to_be_visible()
    rep.get_by_role("link", name="Continue").click()
    rep.get_by_label("This is my email address and I read it").check()
    rep.get_by_role("button", name="Save and continue").click()
    expect(rep.get_by_text("Acknowledge that the extension holds only")).to_be_visible()
    rep.get_by_label("This is my email address and I read it").check()
    rep.get_by_label(re.compile("I understand the extension holds only")).check()
    _check(rep, "programs-enroll-ag-evep")
    rep.get_by_role("button", name="Save and continue").click()
    _pay(rep, "4000 0000 0000 0002")
    rep.get_by_role("button", name="Pay $35.00").click()
    expect(rep.get_by_text(re.compile("Your card was declined. Nothing was charged"))).to_be_visible()
    _check(rep, "programs-pay-declined")
    _pay(rep, "4242 4242 4242 4242")
    rep.get_by_role("button", name="Pay $35.00").click()
    expect(rep.get_by_text(re.compile("You are enrolled in the Agent Exam Validity"))).to_be_visible()
    statuses = dict(Enrollment.objects.filter(individual__crd_number=7100051).values_list("program__code", "status"))
    assert statuses == {"MQP": "active", "AG_EVEP": "active"}
    assert Enrollment.objects.get(program__code="AG_EVEP", individual__crd_number=7100051).risk_acknowledged_at

    rep.get_by_role("link", name="Go to this year's plan").first.click()
    rep.get_by_role("link", name=re.compile("^Launch ")).first.click()
    expect(rep.get_by_role("button", name=re.compile("^Next"))).to_be_visible()
    _check(rep, "programs-first-module")
