"""Report runs: each template's columns and filters, the CSV and XLSX files (read back), formula
neutralising, progress, the email, the query count, expiry and the refusals of run_start."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from crd.choices import AssociationKind
from notifications.models import Notification
from reports import catalog, services
from reports.choices import PROGRESS_STEPS, RunStatus
from reports.models import ReportRun
from tests.factories import FilingEventFactory, FilingFactory, FirmFactory, NotificationFactory, UserFactory

from .conftest import attest, person

pytestmark = pytest.mark.django_db


def _run(firm, user, template="access_tracking", filters=None, file_format="csv"):
    run = services.run_start(firm=firm, user=user, template=template, filters=filters, file_format=file_format)
    return services.run_execute(run_id=run.pk)


def _csv(run) -> list[list[str]]:
    with run.file.open("rb") as fh:
        return list(csv.reader(io.StringIO(fh.read().decode("utf-8"))))


def _xlsx(run) -> list[tuple]:
    with run.file.open("rb") as fh:
        book = openpyxl.load_workbook(io.BytesIO(fh.read()), read_only=True)
        return list(book.active.iter_rows(values_only=True))


def test_access_tracking_lists_only_people_with_an_account_and_their_latest_attestation(firm, casey):
    seen = timezone.now() - dt.timedelta(days=2)
    avery = person(firm, last_name="Adams", last_access=seen)
    attest(avery, firm, answer="needs_update", days_ago=30)
    attest(avery, firm, answer="correct", days_ago=1)
    person(firm, last_name="Baker", kind=AssociationKind.INDEPENDENT_CONTRACTOR)
    person(firm, last_name="Nobody", account=False)
    person(FirmFactory(), last_name="Elsewhere")

    run = _run(firm, casey)

    assert run.status == RunStatus.DONE and run.rows_written == 2 and run.progress_percent == 100
    header, *rows = _csv(run)
    assert header == catalog.get("access_tracking").columns
    assert [r[1] for r in rows] == ["Adams", "Baker"]
    adams = dict(zip(header, rows[0], strict=True))
    assert adams["CRD#"] == str(avery.crd_number)
    assert adams["Association Type"] == "Employee"
    assert adams["Latest Attestation"] == "My record is correct"
    assert adams["Attestations on Record"] == "2"
    assert adams["Last Accessed"] == timezone.localtime(seen).strftime("%m/%d/%Y %H:%M")
    baker = dict(zip(header, rows[1], strict=True))
    assert baker["Association Type"] == "Contractor" and baker["Latest Attestation"] == "Not yet attested"


def test_access_tracking_filters_by_association_type_status_and_last_accessed(firm, casey):
    today = timezone.localdate()
    old = timezone.now() - dt.timedelta(days=90)
    attest(person(firm, last_name="Adams", last_access=timezone.now()), firm, answer="needs_update")
    person(firm, last_name="Baker", kind=AssociationKind.INDEPENDENT_CONTRACTOR, last_access=old)

    def names(filters):
        return [r[1] for r in _csv(_run(firm, casey, filters=filters))[1:]]

    assert names({"association_type": "contractor"}) == ["Baker"]
    assert names({"status": "needs_update"}) == ["Adams"]
    assert names({"status": "not_attested"}) == ["Baker"]
    assert names({"date_from": (today - dt.timedelta(days=7)).isoformat(), "date_to": today.isoformat()}) == ["Adams"]


@pytest.mark.parametrize("filters, field", [
    ({"date_from": "yesterday"}, "date_from"),
    ({"date_from": "2026-05-01", "date_to": "2026-04-01"}, "date_to"),
    ({"association_type": "robot"}, "association_type"),
    ({"status": "'; drop table"}, "status"),
])
def test_nonsense_filters_are_refused_with_the_fields_error_and_nothing_queued(firm, casey, filters, field):
    with pytest.raises(ValidationError) as refused:
        services.run_start(firm=firm, user=casey, template="access_tracking", filters=filters)
    assert field in refused.value.message_dict
    assert not ReportRun.objects.exists()


def test_an_unknown_template_is_refused(firm, casey):
    with pytest.raises(ValidationError):
        services.run_start(firm=firm, user=casey, template="payroll", filters={})


def test_formulas_are_neutralised_in_csv_and_xlsx(firm, casey):
    for last_name in ("=HYPERLINK(\"http://evil\")", "+1+2", "-3", "@SUM(A1)", " =cmd"):
        person(firm, last_name=last_name, first_name="Eve")
    csv_names = sorted(r[1] for r in _csv(_run(firm, casey))[1:])
    assert csv_names == sorted(["'=HYPERLINK(\"http://evil\")", "'+1+2", "'-3", "'@SUM(A1)", "' =cmd"])
    xlsx_rows = _xlsx(_run(firm, casey, file_format="xlsx"))
    assert sorted(r[1] for r in xlsx_rows[1:]) == csv_names


def test_xlsx_reads_back_with_openpyxl_with_dates_as_dates(firm, casey):
    avery = person(firm, last_name="Adams", last_access=timezone.now())
    attest(avery, firm)
    run = _run(firm, casey, file_format="xlsx")
    assert run.file.name.endswith(".xlsx")
    header, row = _xlsx(run)
    assert list(header) == catalog.get("access_tracking").columns
    values = dict(zip(header, row, strict=True))
    assert values["CRD#"] == avery.crd_number
    assert isinstance(values["Latest Attestation Date"], dt.datetime)
    assert values["Latest Attestation Date"].date() == timezone.localdate()


def test_esignature_tracking_lists_the_signing_trail_of_the_firms_filings(firm, casey):
    filing = FilingFactory(firm=firm, status="signed", signed_at=timezone.now(), signature_name="Avery Adams",
                           signature_hash="ab" * 32,
                           consent_version="v1")
    FilingEventFactory(filing=filing, action="created", actor=casey)
    FilingEventFactory(filing=filing, action="sent_for_signature", actor=casey)
    FilingEventFactory(filing=filing, action="signed", consent_version="v1", ip_address="198.51.100.4")
    FilingEventFactory(filing=FilingFactory(), action="sent_for_signature")  # another firm's
    header, *rows = _csv(_run(firm, casey, template="esignature_tracking"))
    assert header == catalog.get("esignature_tracking").columns
    assert [r[header.index("Event")] for r in rows] == ["Sent for signature", "Signed"]
    assert rows[0][header.index("By Whom")] == f"{casey.first_name} {casey.last_name}"
    assert rows[1][header.index("IP Address")] == "198.51.100.4"
    assert rows[1][header.index("Filing Status")] == "Signed"
    assert _csv(_run(firm, casey, template="esignature_tracking", filters={"status": "draft"}))[1:] == []


def test_notifications_tracking_masks_addresses_and_keeps_to_the_firms_people(firm, casey):
    avery = person(firm, last_name="Adams")
    due = dt.date(2026, 12, 31)
    NotificationFactory(individual=avery, address="avery.adams@mail.example", kind="ce_reminder", status="sent",
                        sent_at=timezone.now(), related_date=due)
    NotificationFactory(individual=avery, address="+12125550123", channel="sms", kind="identity_passcode")
    NotificationFactory(individual=person(FirmFactory(), last_name="Other"), address="x@mail.example")
    header, *rows = _csv(_run(firm, casey, template="notifications_tracking"))
    assert header == catalog.get("notifications_tracking").columns
    by_kind = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    assert set(by_kind) == {"Ce reminder", "Identity passcode"}
    assert by_kind["Ce reminder"]["Address"] == "a***@mail.example"
    assert by_kind["Ce reminder"]["Related Due Date"] == "12/31/2026"
    assert by_kind["Ce reminder"]["Delivery Status"] == "Sent"
    assert by_kind["Identity passcode"]["Address"] == "***-***-0123"
    assert "avery.adams" not in run_text(firm, casey)
    sent_only = _csv(_run(firm, casey, template="notifications_tracking", filters={"status": "sent"}))[1:]
    assert [r[0] for r in sent_only] == ["Ce reminder"]


def run_text(firm, user):
    with _run(firm, user, template="notifications_tracking").file.open("rb") as fh:
        return fh.read().decode()


def test_ce_status_lists_current_people_with_their_plan_status(firm, casey):
    person(firm, last_name="Adams")
    person(firm, last_name="Gone", ended=True)
    header, *rows = _csv(_run(firm, casey, template="ce_status"))
    assert header == catalog.get("ce_status").columns
    assert [(r[1], r[header.index("Regulatory Element Status")]) for r in rows] == [("Adams", "No plan")]
    assert _csv(_run(firm, casey, template="ce_status", filters={"status": "satisfied"}))[1:] == []


def test_every_template_is_available_or_coming():
    for template in catalog.templates().values():
        assert template.available  # all four apps are installed in this project
        assert template.columns


def test_the_run_emails_who_asked_a_link_and_never_the_data(firm, casey):
    person(firm, last_name="Zebulon")
    run = _run(firm, casey)
    message = Notification.objects.get(kind="report_ready")
    assert message.recipient == casey and message.address == casey.email
    assert f"/firm/{firm.crd_number}/reports/runs/{run.pk}/" in message.body_text
    assert "Zebulon" not in message.body_text + message.body_html


def test_the_query_count_does_not_grow_with_rows(firm, casey, django_assert_max_num_queries):
    for i in range(3):
        person(firm, last_name=f"Small{i}")
    small = services.run_start(firm=firm, user=casey, template="access_tracking", filters={})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        services.run_execute(run_id=small.pk)
    for i in range(60):
        attest(person(firm, last_name=f"Big{i:02d}"), firm)
    big = services.run_start(firm=firm, user=casey, template="access_tracking", filters={})
    with django_assert_max_num_queries(len(few.captured_queries) + PROGRESS_STEPS + 1):  # + the progress updates
        services.run_execute(run_id=big.pk)


def test_progress_is_recorded_while_the_rows_are_written(firm, casey, monkeypatch):
    for i in range(40):
        person(firm, last_name=f"P{i:02d}")
    run = services.run_start(firm=firm, user=casey, template="access_tracking", filters={})
    seen = []
    original = catalog.ReportTemplate.rows

    def watching(self, **kwargs):
        for n, row in enumerate(original(self, **kwargs), start=1):
            if n % 10 == 0:
                seen.append(ReportRun.objects.values_list("status", "rows_written", "rows_total").get(pk=run.pk))
            yield row

    monkeypatch.setattr(catalog.ReportTemplate, "rows", watching)
    services.run_execute(run_id=run.pk)
    assert seen[0][0] == RunStatus.RUNNING and all(total == 40 for _s, _n, total in seen)
    assert [n for _s, n, _t in seen] == sorted(n for _s, n, _t in seen) and seen[-1][1] > seen[0][1] > 0


def test_running_twice_writes_once(firm, casey):
    person(firm, last_name="Adams")
    run = services.run_start(firm=firm, user=casey, template="access_tracking", filters={})
    done = services.run_execute(run_id=run.pk)
    assert services.run_execute(run_id=run.pk) is None
    assert ReportRun.objects.get(pk=run.pk).file.name == done.file.name
    assert Notification.objects.filter(kind="report_ready").count() == 1


def test_a_failing_run_is_marked_failed(firm, casey, monkeypatch):
    run = services.run_start(firm=firm, user=casey, template="access_tracking", filters={})

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "write_csv", lambda fh, **kw: broken())
    failed = services.run_execute(run_id=run.pk)
    assert failed.status == RunStatus.FAILED and failed.error == "disk full"


def test_files_expire_after_the_settings_days(firm, casey, settings, time_machine):
    settings.REPORT_FILE_DAYS = 3
    run = _run(firm, casey)
    name = run.file.name
    assert default_storage.exists(name)
    assert services.report_files_expire(now=timezone.now() + dt.timedelta(days=2)) == 0
    assert services.report_files_expire(now=timezone.now() + dt.timedelta(days=3, minutes=1)) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.EXPIRED and not run.file and not default_storage.exists(name)


def test_run_start_is_callable_for_other_apps_with_keyword_arguments(firm):
    user = UserFactory()
    run = services.run_start(firm=firm, user=user, template="access_tracking", filters={"association_type": "employee"})
    assert run.status == RunStatus.QUEUED and run.filters == {"association_type": "employee"}
