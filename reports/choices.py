"""Constants of firm reports."""

from django.db import models


class TemplateKey(models.TextChoices):
    ACCESS_TRACKING = "access_tracking", "FinPro Access Tracking"
    ESIGNATURE_TRACKING = "esignature_tracking", "E-Signature Tracking"
    NOTIFICATIONS_TRACKING = "notifications_tracking", "Notifications Tracking"
    CE_STATUS = "ce_status", "CE Status"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class Frequency(models.TextChoices):
    NONE = "", "Not scheduled"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


# The run row's progress is written at most this many times per run (plus start and end), so the
# number of queries does not grow with the number of rows.
PROGRESS_STEPS = 10
