"""Firm reports: a run of a report template (its status, progress and file) and the reports a
firm user saved, with an optional schedule."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .choices import FileFormat, Frequency, RunStatus, TemplateKey


class SavedReport(models.Model):
    """A report template with filters that a firm user keeps, optionally run on a schedule
    (daily, weekly, monthly) by celery beat."""

    firm = models.ForeignKey("crd.Firm", on_delete=models.CASCADE, related_name="saved_reports")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_reports")
    name = models.CharField(max_length=120)
    template = models.CharField(max_length=32, choices=TemplateKey.choices)
    filters = models.JSONField(default=dict, blank=True)
    file_format = models.CharField(max_length=4, choices=FileFormat.choices, default=FileFormat.CSV)
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.NONE, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["next_run_at"], condition=~Q(frequency=""), name="reports_saved_due")]
        constraints = [
            models.CheckConstraint(name="reports_saved_scheduled_has_next_run",
                                   condition=Q(frequency="") | Q(next_run_at__isnull=False)),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_template_display()})"


class ReportRun(models.Model):
    """One run of a report template for a firm: who asked, with which filters, its status and
    progress, and the file it wrote to private storage (deleted when it expires)."""

    firm = models.ForeignKey("crd.Firm", on_delete=models.CASCADE, related_name="report_runs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="report_runs")
    saved_report = models.ForeignKey(SavedReport, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="runs")
    template = models.CharField(max_length=32, choices=TemplateKey.choices)
    filters = models.JSONField(default=dict, blank=True)
    file_format = models.CharField(max_length=4, choices=FileFormat.choices, default=FileFormat.CSV)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_written = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="reports/", blank=True, editable=False, max_length=200)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["firm", "-created_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]
        constraints = [
            models.CheckConstraint(name="reports_run_done_has_finish",
                                   condition=~Q(status="done") | Q(finished_at__isnull=False)),
        ]

    def __str__(self):
        return f"{self.get_template_display()} run {self.pk} ({self.status})"

    @property
    def progress_percent(self) -> int:
        if self.status in (RunStatus.DONE, RunStatus.EXPIRED):
            return 100
        if not self.rows_total:
            return 0
        return min(100, int(100 * self.rows_written / self.rows_total))

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
