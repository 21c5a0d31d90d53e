"""Codes and constants of exam windows, appointments and extensions."""

from django.db import models


class WindowStatus(models.TextChoices):
    OPEN = "open", "Open"
    SCHEDULED = "scheduled", "Scheduled"
    EXPIRED = "expired", "Expired"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed (not passed)"


ACTIVE_WINDOW_STATUSES = (WindowStatus.OPEN, WindowStatus.SCHEDULED)


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    RESCHEDULED = "rescheduled", "Rescheduled"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


# Defaults of the settings (finpro/settings.py reads them from the environment).
DEFAULT_WINDOW_DAYS = 120
DEFAULT_CANCEL_CUTOFF_BUSINESS_DAYS = 2
DEFAULT_EXTENSION_ASK_DAYS = 10
DEFAULT_EXTENSION_DAYS = 30
DEFAULT_RETAKE_WAIT_DAYS = 30
DEFAULT_RETAKE_LONG_WAIT_DAYS = 180
DEFAULT_RETAKE_LONG_AFTER_FAILURES = 3
DEFAULT_REMINDER_DAYS = 3
