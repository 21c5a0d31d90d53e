"""Reads of the reports pages, always scoped to the firm the caller got through its membership."""

from django.db.models import QuerySet

from .models import ReportRun, SavedReport


def runs_for(*, firm) -> QuerySet[ReportRun]:
    """The firm's report runs, newest first, with who asked."""
    return ReportRun.objects.filter(firm=firm).select_related("requested_by", "saved_report").order_by(
        "-created_at", "-id")


def saved_reports_for(*, firm) -> QuerySet[SavedReport]:
    return SavedReport.objects.filter(firm=firm).select_related("owner").order_by("name", "id")
