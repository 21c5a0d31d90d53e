"""Celery tasks of firm reports: each loads an id and calls a service; all are safe to run twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True, time_limit=15 * 60, soft_time_limit=14 * 60)
def run_report(run_id: int) -> None:
    services.run_execute(run_id=run_id)


@shared_task(ignore_result=True)
def run_scheduled_reports() -> int:
    """Beat, every 15 minutes: start the saved reports whose time has come."""
    return services.saved_reports_run_due()


@shared_task(ignore_result=True)
def expire_report_files() -> int:
    """Beat, daily: delete report files older than REPORT_FILE_DAYS."""
    return services.report_files_expire()
