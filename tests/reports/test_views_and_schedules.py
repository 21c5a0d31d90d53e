"""The reports pages: form errors, another firm's run or file, the expired page, the htmx progress
partial, saving and scheduling, and the beat job that runs due schedules."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.choices import Frequency, RunStatus
from reports.models import ReportRun, SavedReport
from tests.factories import FirmFactory, ReportRunFactory

from .conftest import person

pytestmark = pytest.mark.django_db


def _url(name, firm, **kwargs):
    return reverse(f"firm:{name}", kwargs={"crd_number": firm.crd_number, **kwargs})


def test_the_reports_page_lists_the_templates_and_recent_runs(client, firm, casey, django_assert_max_num_queries):
    client.force_login(casey)
    for _ in range(3):
        ReportRunFactory(firm=firm, requested_by=casey)
    client.get(_url("reports", firm))
    with django_assert_max_num_queries(12):
        few = client.get(_url("reports", firm))
    for _ in range(20):
        ReportRunFactory(firm=firm, requested_by=casey)
    with django_assert_max_num_queries(12):
        many = client.get(_url("reports", firm))
    page = many.content.decode()
    for title in ("FinPro Access Tracking", "E-Signature Tracking", "Notifications Tracking", "CE Status"):
        assert title in page
    assert few.status_code == many.status_code == 200


def test_nonsense_filters_show_errors_next_to_the_fields(client, firm, casey):
    client.force_login(casey)
    response = client.post(_url("report_new", firm, template="access_tracking"),
                           {"date_from": "2026-13-45", "association_type": "robot", "file_format": "pdf"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid date." in page and "Select a valid choice." in page
    assert 'id="id_date_from_error"' in page
    assert not ReportRun.objects.exists()


def test_an_unknown_template_is_404(client, firm, casey):
    client.force_login(casey)
    assert client.get(_url("report_new", firm, template="payroll")).status_code == 404


def test_running_a_report_redirects_to_its_progress_and_the_file_downloads(client, firm, casey,
                                                                           django_capture_on_commit_callbacks):
    person(firm, last_name="Adams")
    client.force_login(casey)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("report_new", firm, template="access_tracking"),
                               {"association_type": "employee", "file_format": "csv"})
    run = ReportRun.objects.get()
    assert response["Location"] == _url("report_run", firm, pk=run.pk)
    assert run.status == RunStatus.DONE
    page = client.get(response["Location"]).content.decode()
    assert "Download CSV" in page and 'value="100"' in page
    download = client.get(_url("report_download", firm, pk=run.pk))
    assert download.status_code == 200 and download["Cache-Control"] == "no-store, private"
    body = b"".join(download.streaming_content).decode()
    assert body.startswith("CRD#,Last Name") and "Adams" in body


def test_the_progress_partial_polls_while_running_and_stops_when_done(client, firm, casey):
    client.force_login(casey)
    run = ReportRunFactory(firm=firm, requested_by=casey, status=RunStatus.RUNNING, rows_total=200, rows_written=50)
    partial = client.get(_url("report_run_progress", firm, pk=run.pk), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    text = partial.content.decode()
    assert 'hx-trigger="every 1s"' in text and 'value="25"' in text and "50 of 200 rows" in text
    services.run_execute(run_id=ReportRunFactory(firm=firm, requested_by=casey).pk)
    done = ReportRun.objects.filter(status=RunStatus.DONE).get()
    finished = client.get(_url("report_run_progress", firm, pk=done.pk), HTTP_HX_REQUEST="true")
    assert finished.status_code == 286 and "hx-trigger" not in finished.content.decode()


def test_another_firms_run_and_file_are_404_through_your_own_firm(client, firm, casey, outsider, other_firm):
    run = ReportRunFactory(firm=firm, requested_by=casey)
    services.run_execute(run_id=run.pk)
    client.force_login(outsider)
    for name in ("report_run", "report_run_progress", "report_download"):
        assert client.get(_url(name, other_firm, pk=run.pk)).status_code == 404


def test_an_expired_file_shows_a_clear_page(client, firm, casey):
    run = ReportRunFactory(firm=firm, requested_by=casey)
    services.run_execute(run_id=run.pk)
    services.report_files_expire(now=timezone.now() + dt.timedelta(days=400))
    client.force_login(casey)
    response = client.get(_url("report_download", firm, pk=run.pk))
    assert response.status_code == 410
    assert "This report file has expired" in response.content.decode()


def test_a_file_not_written_yet_says_so(client, firm, casey):
    run = ReportRunFactory(firm=firm, requested_by=casey)
    client.force_login(casey)
    response = client.get(_url("report_download", firm, pk=run.pk))
    assert response.status_code == 409 and "no file to download" in response.content.decode()


def test_saving_a_report_with_a_schedule(client, firm, casey, django_capture_on_commit_callbacks):
    client.force_login(casey)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("report_new", firm, template="notifications_tracking"),
                    {"status": "sent", "file_format": "xlsx", "save": "on", "name": "Sent mail", "frequency": "weekly"})
    saved = SavedReport.objects.get()
    assert (saved.name, saved.template, saved.filters, saved.file_format, saved.frequency) == (
        "Sent mail", "notifications_tracking", {"status": "sent"}, "xlsx", "weekly")
    assert timezone.localtime(saved.next_run_at).hour == 6
    assert ReportRun.objects.get().saved_report == saved
    page = client.get(_url("report_saved", firm, pk=saved.pk)).content.decode()
    assert "Sent mail" in page and "Status: Sent" in page


def test_a_schedule_without_saving_is_an_error(client, firm, casey):
    client.force_login(casey)
    response = client.post(_url("report_new", firm, template="access_tracking"),
                           {"file_format": "csv", "frequency": "daily"})
    assert response.status_code == 400 and "A scheduled report is a saved one" in response.content.decode()


def test_saved_report_run_now_and_delete(client, firm, casey):
    saved = services.report_save(firm=firm, owner=casey, name="Everyone", template="access_tracking", filters={})
    client.force_login(casey)
    response = client.post(_url("report_saved", firm, pk=saved.pk), {"action": "run"})
    run = ReportRun.objects.get()
    assert response["Location"] == _url("report_run", firm, pk=run.pk) and run.saved_report == saved
    client.post(_url("report_saved", firm, pk=saved.pk), {"action": "delete"})
    assert not SavedReport.objects.exists()


def test_next_run_times():
    moment = timezone.make_aware(dt.datetime(2026, 1, 31, 9, 0))
    local = lambda f: timezone.localtime(services.next_run_after(frequency=f, moment=moment))  # noqa: E731
    assert local(Frequency.DAILY).replace(tzinfo=None) == dt.datetime(2026, 2, 1, 6, 0)
    assert local(Frequency.WEEKLY).replace(tzinfo=None) == dt.datetime(2026, 2, 7, 6, 0)
    assert local(Frequency.MONTHLY).replace(tzinfo=None) == dt.datetime(2026, 2, 28, 6, 0)
    assert services.next_run_after(frequency="", moment=moment) is None


def test_due_schedules_run_once_and_move_on(firm, casey, outsider, django_capture_on_commit_callbacks):
    now = timezone.now()
    saved = services.report_save(firm=firm, owner=casey, name="Daily", template="access_tracking", filters={},
                                 frequency=Frequency.DAILY, now=now - dt.timedelta(days=2))
    left = services.report_save(firm=FirmFactory(), owner=outsider, name="Not my firm any more",
                                template="access_tracking", filters={}, frequency=Frequency.MONTHLY,
                                now=now - dt.timedelta(days=40))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.saved_reports_run_due(now=now) == 1
        assert services.saved_reports_run_due(now=now) == 0
    run = ReportRun.objects.get()
    assert run.saved_report == saved and run.requested_by == casey and run.status == RunStatus.DONE
    saved.refresh_from_db()
    assert saved.next_run_at > now
    left.refresh_from_db()
    assert left.frequency == "" and left.next_run_at is None
