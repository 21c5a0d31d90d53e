"""Form U4 in Chromium, with axe on each page: casey.compliance starts a draft for a rep in CRD
and opens two sections to them; the rep fills them in and returns it; the firm sends it for
e-signature; the rep signs; the firm submits. Screenshots at 1280 and 390 px under var/screenshots/."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership
from tests.conftest import PASSWORD
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import FirmFactory, FirmSettingsFactory, IndividualFactory, UserFactory, VerifiedRepFactory
from tests.u4.conftest import complete_content, save_all
from u4.choices import FilingStatus, Section
from u4.models import Filing

pytestmark = pytest.mark.django_db(transaction=True)
OPENED = (Section.FINGERPRINT, Section.OTHER_NAMES)


def _check(p, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    bad = [v for v in Axe().run(p).response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"axe on {name}: " + "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in bad)
    width = p.viewport_size["width"]
    p.set_viewport_size({"width": 390, "height": 844})
    p.screenshot(path=str(SCREENSHOTS / f"{name}-390.png"), full_page=True)
    p.set_viewport_size({"width": width, "height": 860})


def _sign_in(p, base_url, username):
    p.goto(f"{base_url}/accounts/login/")
    p.get_by_label("User ID").fill(username)
    p.get_by_label("Password").first.fill(PASSWORD)
    p.get_by_role("button", name="Sign In").click()


def test_u4_from_draft_to_submission(page, base_url, browser, browser_context_args):
    firm = FirmFactory(name="Summit Ridge Securities", crd_number=104001)
    FirmSettingsFactory(firm=firm, esignature_employees=True)
    casey = UserFactory(username="casey.compliance", first_name="Casey", last_name="Compliance")
    FirmMembership.objects.create(firm=firm, user=casey, role=MembershipRole.COMPLIANCE)
    rep = VerifiedRepFactory(username="dana.rep", individual=IndividualFactory(first_name="Dana", last_name="Rep",
                                                                               ssn="212-45-6789"))

    _sign_in(page, base_url, "casey.compliance")
    page.goto(f"{base_url}/firm/{firm.crd_number}/u4/")
    _check(page, "u4-firm-list-empty")
    page.get_by_role("link", name="Start a Form U4").click()
    page.get_by_label("Individual CRD#").fill(str(rep.individual.crd_number))
    _check(page, "u4-firm-create")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Form U4 for Dana Rep")
    expect(page.locator("body")).not_to_contain_text("212-45-6789")
    filing = Filing.objects.get()
    content = complete_content(first_name="Dana", last_name="Rep")
    save_all(filing, casey, {k: v for k, v in content.items() if k not in OPENED})

    page.get_by_role("link", name="Edit 1 General Information").click()
    expect(page.get_by_label("First Name")).to_have_value("Dana")
    _check(page, "u4-firm-section-general")
    page.get_by_label("Office Postal Code").fill("ABC")
    page.get_by_role("button", name="Save 1 General Information").click()
    expect(page.get_by_text("Enter a ZIP code like 10118 or 10118-0110.")).to_be_visible()
    page.get_by_label("Office Postal Code").fill("10001")
    page.get_by_role("button", name="Save 1 General Information").click()
    page.get_by_role("link", name="Allow Rep Edits").click()
    for section in OPENED:
        page.get_by_label(Section(section).label).check()
    _check(page, "u4-firm-rep-edits")
    page.get_by_role("button", name="Allow Rep Edits").click()
    expect(page.get_by_text("2 sections opened to Dana Rep")).to_be_visible()
    _check(page, "u4-firm-detail-with-rep")

    rep_page = browser.new_context(**browser_context_args).new_page()
    _sign_in(rep_page, base_url, "dana.rep")
    rep_page.get_by_role("link", name="Complete your Form U4 for Summit Ridge Securities").first.click()
    _check(rep_page, "u4-rep-entry")
    rep_page.get_by_role("link", name="Fill in 2 Fingerprint Information").click()
    rep_page.get_by_label("I am exempt from the fingerprint requirement").check()
    _check(rep_page, "u4-rep-section")
    rep_page.get_by_role("button", name="Save 2 Fingerprint Information").click()
    rep_page.get_by_role("link", name="Fill in 10 Other Names").click()
    rep_page.get_by_label("Other Name").first.fill("Dana Maiden")
    rep_page.get_by_role("button", name="Save 10 Other Names").click()
    expect(rep_page.get_by_text("10 Other Names saved.")).to_be_visible()
    rep_page.get_by_role("button", name="Return to firm").click()
    expect(rep_page.get_by_text("Your Form U4 is back with Summit Ridge Securities.")).to_be_visible()

    page.reload()
    expect(page.get_by_text("Returned to firm").first).to_be_visible()
    page.get_by_role("button", name="Send for e-signature").click()
    expect(page.get_by_text("Sent for e-signature. We emailed the person.")).to_be_visible()

    rep_page.goto(f"{base_url}/u4/{filing.pk}/sign/")
    if "/reauthenticate/" in rep_page.url:
        rep_page.get_by_label("Password").fill(PASSWORD)
        rep_page.get_by_role("button", name=re.compile("Confirm|Re-authenticate", re.I)).click()
    expect(rep_page.get_by_label("Signature (your full legal name)")).to_have_value("Dana Rep")
    _check(rep_page, "u4-rep-sign")
    rep_page.get_by_label(re.compile("I agree to the Section 15A")).check()
    rep_page.get_by_role("button", name="Sign Form U4").click()
    expect(rep_page.get_by_text("You signed your Form U4.")).to_be_visible()

    page.reload()
    page.get_by_role("link", name="Submit").click()
    _check(page, "u4-firm-submit")
    page.get_by_role("button", name="Submit Form U4").click()
    expect(page.get_by_text("Form U4 submitted. CRD is updated.")).to_be_visible()
    _check(page, "u4-firm-detail-submitted")
    page.goto(f"{base_url}/firm/{firm.crd_number}/u4/")
    expect(page.get_by_role("row", name=re.compile("Dana Rep.*Submitted"))).to_be_visible()
    _check(page, "u4-firm-list")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    _rep_schedules_the_series_7(rep_page, base_url, rep)


def _rep_schedules_the_series_7(rep_page, base_url, rep):
    """After submission the rep has a Series 7 window: they find a seat in New York, book it and
    download the .ics, read back here with icalendar."""
    import datetime as dt
    import zoneinfo

    from django.utils import timezone
    from icalendar import Calendar

    from exams.models import Appointment
    from tests.factories import ExamSessionFactory, TestCenterFactory

    new_york = zoneinfo.ZoneInfo("America/New_York")
    center = TestCenterFactory(name="Midtown Exam Center", city="New York", state="NY", postal_code="10018",
                               address_line1="410 W 37th Street", time_zone="America/New_York")
    day = timezone.localdate() + dt.timedelta(days=14)
    session = ExamSessionFactory(center=center, capacity=12, seats_taken=11,
                                 starts_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=new_york))
    rep_page.goto(f"{base_url}/")
    rep_page.get_by_role("link", name="Schedule your Series 7 exam").first.click()
    expect(rep_page.get_by_role("heading", level=1)).to_contain_text("Schedule your Series 7")
    rep_page.get_by_label("or State").select_option("NY")
    rep_page.get_by_role("button", name="Search").click()
    when = f"{day:%a %m/%d/%Y} 9 a.m. {session.local_start.tzname()} (America/New_York)"
    expect(rep_page.get_by_role("cell", name=when, exact=True)).to_be_visible()
    _check(rep_page, "exams-sessions")
    rep_page.get_by_role("button", name=f"Book {when} at Midtown Exam Center").click()
    expect(rep_page.get_by_text("We emailed you a confirmation.")).to_be_visible()
    expect(rep_page.get_by_text("Scheduled").first).to_be_visible()
    _check(rep_page, "exams-overview-scheduled")
    with rep_page.expect_download() as download:
        rep_page.get_by_role("link", name=re.compile("Add the S7 appointment to your calendar")).click()
    with open(download.value.path(), "rb") as ics:
        [event] = Calendar.from_ical(ics.read()).walk("VEVENT")
    assert event.decoded("dtstart") == session.starts_at
    assert str(event["dtstart"].params["TZID"]) == "America/New_York"
    assert "Series 7" in str(event["summary"]) and "Midtown Exam Center" in str(event["location"])
    assert Appointment.objects.get(window__individual=rep.individual).session == session
