"""Reports in Chromium: casey.compliance runs FinPro Access Tracking, watches the progress bar,
and downloads the CSV and the XLSX (read back with openpyxl); the run page follows a run in a
worker through htmx polling until its Download button appears.

Celery runs eagerly here (finpro.test_settings), so a run started from the page is done by the
time the page shows; the real worker is exercised by tests/reports/test_worker.py."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from firmsettings.choices import MembershipRole
from firmsettings.models import FirmMembership
from reports import services
from reports.choices import RunStatus
from reports.models import ReportRun
from tests.factories import AssociationFactory, AttestationFactory, FirmFactory, IndividualFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _firm():
    firm = FirmFactory(name="Summit Ridge Securities", crd_number=104001)
    for first, last in [("Dana", "Rep"), ("Chris", "Contractor"), ("Eve", "=HYPERLINK(1)")]:
        person = IndividualFactory(first_name=first, last_name=last)
        AssociationFactory(individual=person, firm=firm)
        UserFactory(individual=person, username=f"{first.lower()}.acct", last_access_at=timezone.now())
        if first == "Dana":
            AttestationFactory(individual=person, firm=firm, attested_at=timezone.now() - dt.timedelta(days=3))
    officer = UserFactory(username="casey.compliance", first_name="Casey", last_name="Compliance",
                          email="casey@firm.example")
    FirmMembership.objects.create(firm=firm, user=officer, role=MembershipRole.COMPLIANCE)
    return firm, officer


def test_casey_runs_access_tracking_and_downloads_csv_and_xlsx(page, base_url, axe, sign_in):
    firm, _officer = _firm()
    sign_in("casey.compliance")
    page.goto(f"{base_url}/firm/{firm.crd_number}/")
    page.get_by_role("navigation", name="Firm section").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    axe("reports-index")

    page.get_by_role("link", name="Run FinPro Access Tracking").click()
    page.get_by_label("Last accessed from").fill("2026-13-01")  # the browser's date field refuses it
    page.get_by_label("Association type").select_option("employee")
    page.get_by_label("File format").select_option("csv")
    axe("reports-new")
    page.get_by_role("button", name="Run report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("FinPro Access Tracking")
    bar = page.get_by_role("progressbar", name="Report progress")
    expect(bar).to_have_attribute("value", "100")
    expect(page.get_by_role("status")).to_contain_text("Done")
    axe("reports-run")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert rows[0][:3] == ["CRD#", "Last Name", "First Name"]
    assert {r[1] for r in rows[1:]} == {"Rep", "Contractor", "'=HYPERLINK(1)"}

    page.get_by_role("link", name="← Reports").click()
    page.get_by_role("link", name="Run FinPro Access Tracking").click()
    page.get_by_label("File format").select_option("xlsx")
    page.get_by_label("Save this report with these filters").check()
    page.get_by_label("Report name").fill("Weekly access")
    page.get_by_label("Run it on a schedule").select_option("weekly")
    page.get_by_role("button", name="Run report").click()
    expect(page.get_by_role("progressbar", name="Report progress")).to_have_attribute("value", "100")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Excel (XLSX)").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    sheet = list(book.active.iter_rows(values_only=True))
    assert sheet[0][:3] == ("CRD#", "Last Name", "First Name") and len(sheet) == 4
    assert "'=HYPERLINK(1)" in {r[1] for r in sheet[1:]}

    page.get_by_role("link", name="← Reports").click()
    expect(page.get_by_role("row", name=re.compile("Weekly access"))).to_contain_text("Weekly")
    axe("reports-index-with-runs")


def test_the_run_page_follows_a_run_in_a_worker_until_it_is_done(page, base_url, axe, sign_in):
    firm, officer = _firm()
    run = ReportRun.objects.create(firm=firm, requested_by=officer, template="access_tracking",
                                   status=RunStatus.RUNNING, rows_total=3, rows_written=1,
                                   started_at=timezone.now())
    sign_in("casey.compliance")
    page.goto(f"{base_url}/firm/{firm.crd_number}/reports/runs/{run.pk}/")
    expect(page.get_by_role("progressbar", name="Report progress")).to_have_attribute("value", "33")
    expect(page.get_by_role("status")).to_contain_text("1 of 3 rows")
    axe("reports-run-running")
    # what the worker does next: the row moves on, and the page follows without a reload
    ReportRun.objects.filter(pk=run.pk).update(rows_written=2)
    expect(page.get_by_role("progressbar", name="Report progress")).to_have_attribute("value", "66")
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED, started_at=None)
    services.run_execute(run_id=run.pk)
    expect(page.get_by_role("link", name="Download CSV")).to_be_visible(timeout=5000)
    expect(page.get_by_role("progressbar", name="Report progress")).to_have_attribute("value", "100")


def test_a_rep_reads_a_message_in_the_inbox_and_sees_the_firms_view_in_the_activity_log(page, base_url, axe,
                                                                                       sign_in):
    from notifications.services import notify
    from tests.factories import FilingFactory, VerifiedRepFactory

    firm, _officer = _firm()
    rep = VerifiedRepFactory(username="dana.inbox", email="dana.inbox@mail.example")
    AssociationFactory(individual=rep.individual, firm=firm)
    sent = notify(kind="test_message", address=rep.email, recipient=rep, context={"name": "Dana"})
    filing = FilingFactory(firm=firm, individual=rep.individual)

    sign_in("casey.compliance")  # the firm opens the person's Form U4
    page.goto(f"{base_url}/firm/{firm.crd_number}/u4/{filing.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.context.clear_cookies()

    sign_in("dana.inbox")
    inbox = page.get_by_role("link", name=re.compile(r"^Inbox"))
    expect(inbox).to_contain_text("1")
    inbox.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    expect(page.get_by_text("Check before you trust a link.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Test message for Dana"))).to_contain_text(sent.message_code)
    axe("inbox")
    page.get_by_role("link", name="Test message for Dana").click()
    expect(page.get_by_text(f"Message code: {sent.message_code}").first).to_be_visible()
    axe("inbox-message")
    page.get_by_role("link", name="← Inbox").click()
    expect(page.get_by_role("row", name=re.compile("Test message for Dana"))).to_contain_text("Read")
    expect(page.get_by_role("link", name=re.compile(r"^Inbox"))).not_to_contain_text("1")

    page.goto(f"{base_url}/record/")
    page.get_by_role("link", name="Who viewed or changed your record").click()
    row = page.get_by_role("row", name=re.compile("Casey Compliance"))
    expect(row).to_contain_text("Summit Ridge Securities")
    expect(row).to_contain_text("Viewed your details")
    axe("record-activity")
