from django.db import models

from finpro.events import FirmEvent


class ApiScope(models.TextChoices):
    """What a firm API key may do; every operation of /api/v1/ names the one it needs."""

    READ_ROSTER = "roster:read", "Read the roster and people's record summaries"
    READ_FILINGS = "filings:read", "Read Form U4 and Form U5 filings and their status"
    READ_CE = "ce:read", "Read CE status"
    READ_NOTIFICATIONS = "notifications:read", "Read notifications sent to the firm's people"
    MANAGE_WEBHOOKS = "webhooks:manage", "Read the firm's webhook endpoints and deliveries"


EVENT_CHOICES = [
    (FirmEvent.ATTESTATION_RECORDED.value, "Attestation recorded"),
    (FirmEvent.U4_SIGNED.value, "Form U4 signed"),
    (FirmEvent.U4_SUBMITTED.value, "Form U4 submitted"),
    (FirmEvent.U5_FILED.value, "Form U5 filed"),
    (FirmEvent.CE_STATUS_CHANGED.value, "CE status changed"),
    (FirmEvent.EXAM_SCHEDULED.value, "Exam scheduled"),
    (FirmEvent.EXAM_RESULT_RECORDED.value, "Exam result recorded"),
    (FirmEvent.PROGRAM_ENROLLED.value, "Program enrolled"),
]
EVENT_LABELS = dict(EVENT_CHOICES)

# Key lifetimes a firm admin may choose (days).
KEY_LIFETIME_CHOICES = [(30, "30 days"), (90, "90 days"), (180, "180 days"), (365, "1 year")]

KEY_PREFIX = "fpk"  # keys look like fpk_<lookup>_<secret>
LAST_USED_RESOLUTION_SECONDS = 60  # last_used_at is written at most once a minute per key


class EndpointStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DISABLED = "disabled", "Disabled"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RETRYING = "retrying", "Retrying"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed"
