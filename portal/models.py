"""Portal-wide state edited by support staff: the system status and its maintenance switch,
the scheduled-maintenance and incident messages shown on /status/, and the help center's FAQ
and announcements."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .choices import Audience, FaqSection


class SystemState(models.TextChoices):
    OPERATIONAL = "operational", "All systems operational"
    DEGRADED = "degraded", "Some features are slow or unavailable"
    OUTAGE = "outage", "Unexpected outage"


class MessageKind(models.TextChoices):
    MAINTENANCE = "maintenance", "Scheduled maintenance"
    INCIDENT = "incident", "Incident"
    NOTICE = "notice", "Notice"


class SystemStatus(models.Model):
    """The one row saying how FinPro is doing. `maintenance_mode` takes the portal down for
    everyone but support staff ("System Is Currently Unavailable", HTTP 503)."""

    state = models.CharField(max_length=16, choices=SystemState.choices, default=SystemState.OPERATIONAL)
    note = models.TextField("Status note", blank=True, help_text="Shown on the System Status page.")
    maintenance_mode = models.BooleanField(
        "System unavailable (maintenance mode)", default=False,
        help_text="Every user except support staff sees “System Is Currently Unavailable”.",
    )
    maintenance_message = models.TextField(
        blank=True, help_text="Shown on the unavailable page, e.g. when FinPro is expected back.")
    retry_after_minutes = models.PositiveIntegerField(
        "Expected back in (minutes)", default=60, help_text="Sent to browsers as Retry-After.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        db_table = "finpro_systemstatus"  # the table predates the portal app
        verbose_name = "system status"
        verbose_name_plural = "system status"
        constraints = [models.CheckConstraint(name="finpro_systemstatus_singleton", condition=Q(pk=1))]

    def __str__(self):
        return "System status"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)


class StatusMessage(models.Model):
    """A message on the System Status page: scheduled maintenance, an incident or a notice."""

    kind = models.CharField(max_length=16, choices=MessageKind.choices, default=MessageKind.MAINTENANCE)
    title = models.CharField(max_length=160)
    body = models.TextField(blank=True)
    starts_at = models.DateTimeField(help_text="Eastern Time.")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Eastern Time; blank while open-ended.")
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "finpro_statusmessage"  # the table predates the portal app
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["published", "ends_at"], name="finpro_stat_publish_1ee2f6_idx")]
        constraints = [
            models.CheckConstraint(
                name="finpro_statusmessage_ends_after_start",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "The end must come after the start."})


class FaqEntry(models.Model):
    """One question and answer of the help center's FAQ, written by support staff. The answer is
    Markdown (rendered safely by finpro.markdown) and may say {support_phone} and {support_hours},
    which show the values of the settings."""

    section = models.CharField(max_length=32, choices=FaqSection.choices)
    question = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="The answer's own link: /help/faq/<slug>/.")
    answer = models.TextField(help_text="Markdown. {support_phone} and {support_hours} show the settings' values.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within the section.")
    published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "position", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("help:faq_entry", kwargs={"slug": self.slug})


class Announcement(models.Model):
    """A dated change announced on /help/announcements/; the newest one a person has not
    dismissed is shown on their dashboard."""

    title = models.CharField(max_length=160)
    body = models.TextField(help_text="Markdown.")
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.BOTH)
    published_from = models.DateField(help_text="Shown from this day (US Eastern).")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_from", "-id"]
        indexes = [models.Index(fields=["published_from"])]

    def __str__(self):
        return self.title


class AnnouncementDismissal(models.Model):
    """A person closed an announcement on their dashboard; it is not shown to them again."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="dismissals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["announcement", "user"], name="portal_dismissal_once")]

    def __str__(self):
        return f"{self.user_id} dismissed {self.announcement_id}"
