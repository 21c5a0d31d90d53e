from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    VOICE = "voice", "Voice call"
    INBOX = "inbox", "FinPro inbox"


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


class PreferredChannel(models.TextChoices):
    """How a person wants an optional message (My Account, Reminder preferences)."""

    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    INBOX = "inbox", "FinPro inbox only"


# Messages a person may choose the channel of (or keep to the FinPro inbox). Every other kind is
# regulatory or about the account's security and is always sent by email.
# CE reminders and status changes join once the CE fan-out hands notify() the people's
# preferences with the chunk (a lookup per person would break its fixed query budget).
OPTIONAL_KINDS = {
    "report_ready": "Firm report ready",
}
# Shown on the preferences page as the messages that cannot be turned off.
REGULATORY_MESSAGES = [
    "Account activation, password reset, passcodes and sign-in warnings",
    "Form U4 signature requests and filings made for you",
    "Continuing education: you are CE Inactive or your registration was terminated",
    "Identity verification results",
]
MAX_EXTRA_REMINDER_DAYS = 5
