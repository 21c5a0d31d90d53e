"""Every write of firm reports: starting a run, executing it (the Celery task calls this),
saving and scheduling reports, running the due schedules, and expiring old files."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import math
import secrets
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from . import catalog
from .choices import PROGRESS_STEPS, FileFormat, Frequency, RunStatus
from .forms import ReportFilterForm
from .models import ReportRun, SavedReport
from .writers import write_csv, write_xlsx

logger = logging.getLogger(__name__)

SCHEDULE_HOUR = 6  # scheduled reports run from 6 a.m. Eastern
# A run still "running" after the task's hard time limit (tasks.run_report) lost its worker.
RUN_STALE_AFTER = dt.timedelta(minutes=16)


def _template(template) -> catalog.ReportTemplate:
    found = template if isinstance(template, catalog.ReportTemplate) else catalog.get(str(template))
    if found is None:
        raise ValidationError({"template": "There is no such report."})
    if not found.available:
        raise ValidationError({"template": f"{found.title} is coming soon; it cannot be run yet."})
    return found


def filters_clean(*, template, filters: dict | None) -> tuple[catalog.ReportTemplate, dict]:
    """Validate a template's filters (as a query string would give them). Raises ValidationError
    with the form's errors for nonsense; returns the template and the filters to store."""
    found = _template(template)
    form = ReportFilterForm(dict(filters or {}), template=found)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return found, form.filters()


def run_start(*, firm, user, template, filters: dict | None = None, file_format: str = FileFormat.CSV,
              saved_report: SavedReport | None = None) -> ReportRun:
    """Queue a run of `template` for `firm` on behalf of `user`; the Celery task starts after commit.
    Other apps (a long roster export) call this too."""
    from .tasks import run_report

    found, clean = filters_clean(template=template, filters=filters)
    if file_format not in FileFormat.values:
        raise ValidationError({"file_format": "Choose CSV or Excel (XLSX)."})
    with transaction.atomic():
        run = ReportRun.objects.create(firm=firm, requested_by=user, template=found.key, filters=clean,
                                       file_format=file_format, saved_report=saved_report)
        run_report.delay_on_commit(run.pk)
    return run


def _claim(run_id: int) -> ReportRun | None:
    """Lock the run and mark it running; None when it is not ours to run (done, failed, expired,
    or running in another worker that has not timed out)."""
    now = timezone.now()
    with transaction.atomic():
        run = (ReportRun.objects.select_for_update(of=("self",)).select_related("firm", "requested_by")
               .filter(pk=run_id).first())
        if run is None:
            return None
        stale = run.started_at is not None and run.started_at < now - RUN_STALE_AFTER
        if not (run.status == RunStatus.QUEUED or (run.status == RunStatus.RUNNING and stale)):
            return None
        run.status, run.started_at, run.rows_written, run.error = RunStatus.RUNNING, now, 0, ""
        run.save(update_fields=["status", "started_at", "rows_written", "error"])
    return run


def run_execute(*, run_id: int) -> ReportRun | None:
    """Write the run's rows to private storage and mark it done (or failed). Safe to run twice:
    a run that is done is left alone; one whose worker died is run again from the start."""
    run = _claim(run_id)
    if run is None:
        return None
    template = catalog.get(run.template)
    try:
        form = ReportFilterForm(run.filters, template=template)
        if not form.is_valid():
            raise ValidationError("The saved filters are no longer valid.")
        filters = form.typed()
        total = template.count(firm=run.firm, filters=filters)
        ReportRun.objects.filter(pk=run.pk).update(rows_total=total)
        every = max(1, math.ceil(total / PROGRESS_STEPS))

        def on_row(n: int) -> None:
            if n % every == 0 and n < total:
                ReportRun.objects.filter(pk=run.pk).update(rows_written=n)

        rows = template.rows(firm=run.firm, filters=filters)
        written, stored_name = _write(run, template=template, rows=rows, on_row=on_row)
    except Exception as exc:
        logger.exception("report run %s failed", run.pk)
        ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, finished_at=timezone.now(),
                                                   error=(str(exc) or type(exc).__name__)[:300])
        run.refresh_from_db()
        return run
    return _finish(run, written=written, stored_name=stored_name)


def _write(run: ReportRun, *, template, rows, on_row) -> tuple[int, str]:
    stamp = timezone.localtime(run.created_at).strftime("%Y%m%d")
    name = f"reports/{run.firm_id}/{template.key}-{stamp}-{run.pk}-{secrets.token_hex(8)}.{run.file_format}"
    if run.file_format == FileFormat.XLSX:
        with tempfile.TemporaryFile(suffix=".xlsx") as fh:
            written = write_xlsx(fh, header=template.columns, rows=rows, on_row=on_row, sheet_name=template.title)
            fh.seek(0)
            stored = run.file.storage.save(name, File(fh))
    else:
        with tempfile.TemporaryFile(mode="w+", newline="", encoding="utf-8", suffix=".csv") as fh:
            written = write_csv(fh, header=template.columns, rows=rows, on_row=on_row)
            fh.seek(0)
            stored = run.file.storage.save(name, File(fh))
    return written, stored


def _finish(run: ReportRun, *, written: int, stored_name: str) -> ReportRun:
    from finpro.links import absolute_reverse
    from notifications.services import notify

    now = timezone.now()
    with transaction.atomic():
        run = ReportRun.objects.select_for_update(of=("self",)).select_related("firm", "requested_by").get(pk=run.pk)
        if run.file and run.file.name != stored_name:
            run.file.storage.delete(run.file.name)  # an earlier attempt's file
        run.file.name = stored_name
        run.status, run.rows_written, run.rows_total, run.finished_at = RunStatus.DONE, written, written, now
        run.expires_at = now + dt.timedelta(days=settings.REPORT_FILE_DAYS)
        run.save(update_fields=["file", "status", "rows_written", "rows_total", "finished_at", "expires_at"])
        from crd.activity import activity_firm_export

        activity_firm_export(firm=run.firm, user=run.requested_by, detail=f"{run.get_template_display()} report")
        user = run.requested_by
        if user is not None and user.email:
            notify(kind="report_ready", address=user.email, recipient=user, firm=run.firm, context={
                "first_name": user.first_name or user.username, "report": run.get_template_display(),
                "firm_name": run.firm.name, "rows": written, "days": settings.REPORT_FILE_DAYS,
                "link": absolute_reverse("firm:report_run", crd_number=run.firm.crd_number, pk=run.pk),
            })
    return run


# --- Saved reports and schedules ----------------------------------------------------------------


def next_run_after(*, frequency: str, moment: dt.datetime) -> dt.datetime | None:
    """The next scheduled time after `moment`: 6 a.m. Eastern the next day, the same weekday next
    week, or the same day next month (the month's last day when it is shorter)."""
    if not frequency:
        return None
    local = timezone.localtime(moment)
    day = local.date()
    if frequency == Frequency.DAILY:
        day += dt.timedelta(days=1)
    elif frequency == Frequency.WEEKLY:
        day += dt.timedelta(days=7)
    elif frequency == Frequency.MONTHLY:
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        day = day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
    else:
        raise ValidationError({"frequency": "Choose daily, weekly or monthly."})
    return timezone.make_aware(dt.datetime.combine(day, dt.time(SCHEDULE_HOUR)))


def report_save(*, firm, owner, name: str, template, filters: dict | None, file_format: str = FileFormat.CSV,
                frequency: str = Frequency.NONE, now: dt.datetime | None = None) -> SavedReport:
    """Keep a template with its filters under a name, optionally on a schedule."""
    found, clean = filters_clean(template=template, filters=filters)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the saved report a name."})
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": "Choose daily, weekly or monthly."})
    return SavedReport.objects.create(
        firm=firm, owner=owner, name=name[:120], template=found.key, filters=clean, file_format=file_format,
        frequency=frequency, next_run_at=next_run_after(frequency=frequency, moment=now or timezone.now()))


def saved_report_run(*, saved_report: SavedReport, user) -> ReportRun:
    return run_start(firm=saved_report.firm, user=user, template=saved_report.template,
                     filters=saved_report.filters, file_format=saved_report.file_format, saved_report=saved_report)


def saved_report_delete(*, saved_report: SavedReport) -> None:
    saved_report.delete()


def saved_reports_run_due(*, now: dt.datetime | None = None) -> int:
    """Beat: start a run of each scheduled report that is due and move its next time on. The row
    lock (skip locked) makes two overlapping beats start each run once. A report whose owner left
    the firm is unscheduled instead."""
    from firmsettings.models import FirmMembership

    now = now or timezone.now()
    started = 0
    with transaction.atomic():
        due = list(SavedReport.objects.select_for_update(skip_locked=True, of=("self",)).select_related("firm", "owner")
                   .exclude(frequency="").filter(next_run_at__lte=now).order_by("next_run_at")[:500])
        members = set(FirmMembership.objects.filter(
            user_id__in={s.owner_id for s in due}, firm_id__in={s.firm_id for s in due}
        ).values_list("user_id", "firm_id"))
        for saved in due:
            if (saved.owner_id, saved.firm_id) not in members:
                saved.frequency, saved.next_run_at = Frequency.NONE, None
                saved.save(update_fields=["frequency", "next_run_at"])
                continue
            try:
                saved_report_run(saved_report=saved, user=saved.owner)
            except ValidationError:
                logger.warning("saved report %s has filters that are no longer valid", saved.pk)
            saved.next_run_at = next_run_after(frequency=saved.frequency, moment=max(now, saved.next_run_at))
            saved.save(update_fields=["next_run_at"])
            started += 1
    return started


def report_files_expire(*, now: dt.datetime | None = None) -> int:
    """Beat: delete the files of runs past their expiry and mark the runs expired."""
    now = now or timezone.now()
    expired = 0
    ids = list(ReportRun.objects.filter(status=RunStatus.DONE, expires_at__lte=now).values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().filter(pk=pk, status=RunStatus.DONE).first()
            if run is None:
                continue
            if run.file:
                run.file.storage.delete(run.file.name)
            run.file.name = ""
            run.status = RunStatus.EXPIRED
            run.save(update_fields=["file", "status"])
            expired += 1
    return expired
