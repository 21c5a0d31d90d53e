"""Exam windows opened by Form U4 exam requests (or by the person, for the SIE), the test
centers and their sessions, appointments, and extension requests."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .choices import ACTIVE_WINDOW_STATUSES, AppointmentStatus, ExtensionStatus, WindowStatus


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone such as America/Chicago.")


class ExamWindow(models.Model):
    """The enrollment window in which one person may take one exam: opened by a submitted U4's
    exam request (firm and filing set) or, for the SIE, by the person (no firm). Its status moves
    only through exams.services."""

    individual = models.ForeignKey("crd.Individual", on_delete=models.CASCADE, related_name="exam_windows")
    exam = models.ForeignKey("crd.Exam", on_delete=models.PROTECT, related_name="windows")
    firm = models.ForeignKey("crd.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="exam_windows",
                             help_text="The sponsoring firm; empty for an SIE the person enrolled in.")
    filing = models.ForeignKey("u4.Filing", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="exam_windows", help_text="The Form U4 whose exam request opened it.")
    status = models.CharField(max_length=12, choices=WindowStatus.choices, default=WindowStatus.OPEN)
    opened_on = models.DateField()
    closes_on = models.DateField()
    original_closes_on = models.DateField(help_text="The end before any extension.")
    extended_on = models.DateField(null=True, blank=True)
    result = models.ForeignKey("crd.ExamResult", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", help_text="The result that completed or closed the window.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["individual", "status"]), models.Index(fields=["status", "closes_on"])]
        constraints = [
            models.CheckConstraint(name="exams_window_closes_after_opening",
                                   condition=Q(closes_on__gte=F("opened_on"))),
            models.CheckConstraint(name="exams_window_extension_not_shorter",
                                   condition=Q(closes_on__gte=F("original_closes_on"))),
            models.UniqueConstraint(fields=["individual", "exam"], condition=Q(status__in=ACTIVE_WINDOW_STATUSES),
                                    name="exams_window_one_active_per_exam"),
        ]

    def __str__(self):
        return f"{self.exam_id} window for {self.individual_id} ({self.get_status_display()})"


class TestCenter(models.Model):
    """A (fictitious) test center where sessions are held, with its IANA time zone (reference data)."""

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=160)
    address_line1 = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    postal_code = models.CharField("ZIP", max_length=10)
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["state", "city", "name"]
        indexes = [models.Index(fields=["state"]), models.Index(fields=["postal_code"])]

    def __str__(self):
        return f"{self.name} ({self.city}, {self.state})"


    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class ExamSession(models.Model):
    """One sitting at a test center: its start and its seats. `seats_taken` changes only under
    a row lock in exams.services, and never passes `capacity`."""

    center = models.ForeignKey(TestCenter, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=225)
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    seats_taken = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "center_id"]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["center", "starts_at"])]
        constraints = [
            models.CheckConstraint(name="exams_session_seats_within_capacity",
                                   condition=Q(seats_taken__lte=F("capacity"))),
            models.CheckConstraint(name="exams_session_capacity_positive", condition=Q(capacity__gte=1)),
        ]

    def __str__(self):
        return f"{self.center_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def seats_left(self) -> int:
        return self.capacity - self.seats_taken

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.center.zone)


class Appointment(models.Model):
    """A booked seat in a session for a window. A reschedule ends this one (Rescheduled) and books
    another; at most one appointment of a window is Booked."""

    window = models.ForeignKey(ExamWindow, on_delete=models.CASCADE, related_name="appointments")
    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT, related_name="appointments")
    status = models.CharField(max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED)
    booked_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When it was cancelled or rescheduled.")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["-booked_at", "-id"]
        indexes = [models.Index(fields=["status", "reminder_sent_at"])]
        constraints = [
            models.UniqueConstraint(fields=["window"], condition=Q(status=AppointmentStatus.BOOKED),
                                    name="exams_appointment_one_booked_per_window"),
        ]

    def __str__(self):
        return f"Appointment {self.pk} ({self.get_status_display()})"


class ExtensionRequest(models.Model):
    """The one request a person may make to extend a window (no seat before it ends); support
    approves or declines it in the admin."""

    window = models.OneToOneField(ExamWindow, on_delete=models.CASCADE, related_name="extension_request")
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(name="exams_extension_decided_has_time",
                                   condition=Q(status=ExtensionStatus.PENDING) | Q(decided_at__isnull=False)),
        ]

    def __str__(self):
        return f"Extension of window {self.window_id} ({self.get_status_display()})"
