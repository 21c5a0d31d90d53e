from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    VOICE = "voice", "Voice call"


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


# Messages a person is waiting for right now: a lost one is re-sent within a minute
# (NOTIFICATION_URGENT_STALE_AFTER + the urgent sweep's interval), not after the 10-minute sweep.
URGENT_KINDS = frozenset({
    "account_activation", "password_reset", "identity_passcode", "identity_passcode_voice",
    "email_change_confirm", "firm_invitation",
})
