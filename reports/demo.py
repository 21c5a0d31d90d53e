"""Demo data of firm reports (called by `manage.py seed_demo`; idempotent): casey.compliance has a
weekly saved FinPro Access Tracking report at Summit Ridge and one finished run of it."""

from .choices import FileFormat, Frequency, RunStatus
from .models import ReportRun, SavedReport
from .services import report_save, run_execute

DEMO_REPORT_NAME = "Weekly access check (demo)"


def seed(demo) -> None:
    summit = demo.firms["summit"]
    compliance = demo.users.get("compliance")
    if compliance is None:
        return
    saved = SavedReport.objects.filter(firm=summit, name=DEMO_REPORT_NAME).first()
    if saved is None:
        saved = report_save(firm=summit, owner=compliance, name=DEMO_REPORT_NAME, template="access_tracking",
                            filters={}, file_format=FileFormat.CSV, frequency=Frequency.WEEKLY)
    if not ReportRun.objects.filter(saved_report=saved, status=RunStatus.DONE).exists():
        run = ReportRun.objects.create(firm=summit, requested_by=compliance, template=saved.template,
                                       filters=saved.filters, file_format=saved.file_format, saved_report=saved)
        run_execute(run_id=run.pk)
