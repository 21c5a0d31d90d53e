"""The outbox: every email, text and voice message FinPro sends, and what became of it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import Channel, NotificationStatus, PreferredChannel


class Notification(models.Model):
    """One outgoing message. Written in the business transaction, sent after commit by
    notifications.tasks.send_notification; feeds the firm's Notifications Tracking report."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    address = models.CharField(max_length=254, help_text="Email address or E.164 phone number.")
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(max_length=64, db_index=True)
    subject = models.CharField(max_length=200, blank=True)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    individual = models.ForeignKey(
        "crd.Individual", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    firm = models.ForeignKey("crd.Firm", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications")
    related_date = models.DateField(null=True, blank=True, help_text="The due date the message is about, if any.")
    status = models.CharField(max_length=8, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sensitive = models.BooleanField(default=False, help_text="Body holds a secret (passcode); never shown in admin.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="A batch sender holds the row until then (notifications_send_batch)."
    )
    message_code = models.CharField(
        max_length=12, blank=True, db_index=True,
        help_text="Short code printed in the email and shown in the person's inbox, so a real message can be "
                  "told from phishing.")
    read_at = models.DateTimeField(null=True, blank=True, help_text="When the recipient opened it in their inbox.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["firm", "-created_at"]),
            models.Index(fields=["recipient", "-created_at"], name="notif_inbox"),
        ]

    def __str__(self):
        return f"{self.kind} to {self.get_channel_display()} ({self.status})"


class ReminderPreference(models.Model):
    """A person's choice for one optional kind of message (notifications.choices.OPTIONAL_KINDS):
    the channel, and extra reminder days before a due date. notify() honours the channel."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences")
    kind = models.CharField(max_length=64)
    channel = models.CharField(max_length=8, choices=PreferredChannel.choices, default=PreferredChannel.EMAIL)
    extra_days = models.JSONField(default=list, blank=True, help_text="Extra reminders, days before the due date.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_pref_user_kind")]

    def __str__(self):
        return f"{self.kind}: {self.channel}"
