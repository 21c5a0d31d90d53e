"""MQP (FINRA) and the EVEPs (NASAA): the programs as reference data, the jurisdictions that
take part in each EVEP, each person's eligibility as last computed, their enrollments, program
years and the audit trail. Writes go through programs.services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .choices import (
    DEFAULT_ELECT_WITHIN_DAYS,
    DEFAULT_MAX_YEARS,
    DEFAULT_REGISTERED_DAYS_BEFORE,
    EndReason,
    EnrollmentStatus,
    EventKind,
    ProgramCode,
)


class Program(models.Model):
    """One program and its rules (reference data): which registration categories it keeps, the
    fee per program year, the windows, and the CE group of its Practical Element."""

    code = models.CharField(max_length=12, choices=ProgramCode.choices, unique=True)
    name = models.CharField(max_length=160)
    sponsor = models.CharField(max_length=12, help_text="FINRA or NASAA.")
    description = models.TextField(help_text="The Learn more text.")
    categories = models.ManyToManyField("crd.RegistrationCategory", related_name="programs")
    fee_cents = models.PositiveIntegerField()
    max_years = models.PositiveSmallIntegerField(default=DEFAULT_MAX_YEARS)
    registered_days_before = models.PositiveSmallIntegerField(default=DEFAULT_REGISTERED_DAYS_BEFORE)
    elect_within_days = models.PositiveSmallIntegerField(default=DEFAULT_ELECT_WITHIN_DAYS)
    practical_group_name = models.CharField(max_length=120, help_text="CE category group of the Practical Element.")
    is_evep = models.BooleanField(default=False, help_text="Valid only in participating jurisdictions.")
    checks_iar_ce = models.BooleanField(default=False, help_text="Refuse people with an IAR CE deficiency.")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def fee_label(self) -> str:
        return f"${self.fee_cents / 100:.2f}"


class ParticipatingJurisdiction(models.Model):
    """A jurisdiction that recognises an EVEP's extension, from its adoption date (reference data)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participants")
    jurisdiction = models.ForeignKey("crd.Jurisdiction", on_delete=models.PROTECT, related_name="+")
    adopted_on = models.DateField()

    class Meta:
        ordering = ["program", "jurisdiction__code"]
        constraints = [models.UniqueConstraint(fields=["program", "jurisdiction"],
                                               name="programs_one_participation_per_jurisdiction")]

    def __str__(self):
        return f"{self.jurisdiction_id} in {self.program_id} since {self.adopted_on}"


class DisqualificationFlag(models.Model):
    """That a disclosure on the record is a statutory disqualification (set by support staff)."""

    disclosure = models.OneToOneField("crd.Disclosure", on_delete=models.CASCADE, related_name="sd_flag")
    individual = models.ForeignKey("crd.Individual", on_delete=models.CASCADE, related_name="+")
    flagged_on = models.DateField(default=timezone.localdate)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"SD of {self.individual_id} ({self.disclosure_id})"


class Eligibility(models.Model):
    """A person's eligibility for a program as last computed from CRD, with the reasons."""

    individual = models.ForeignKey("crd.Individual", on_delete=models.CASCADE, related_name="program_eligibility")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    eligible = models.BooleanField()
    reasons = models.JSONField(default=list)
    termination_date = models.DateField(null=True, blank=True)
    elect_by = models.DateField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "eligibility"
        constraints = [models.UniqueConstraint(fields=["individual", "program"], name="programs_one_eligibility")]
        indexes = [models.Index(fields=["individual", "eligible"])]

    def __str__(self):
        return f"{self.program_id} for {self.individual_id}: {'eligible' if self.eligible else 'not eligible'}"


class Enrollment(models.Model):
    """A person's participation in a program after one termination: at most one per person,
    program and termination date."""

    individual = models.ForeignKey("crd.Individual", on_delete=models.PROTECT, related_name="program_enrollments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(max_length=20, choices=EnrollmentStatus.choices,
                              default=EnrollmentStatus.AWAITING_PAYMENT)
    termination_date = models.DateField()
    ends_on = models.DateField(help_text="The last day the qualification can be kept (five years).")
    email = models.EmailField(help_text="The address the person confirmed.")
    email_confirmed_at = models.DateTimeField()
    risk_acknowledged_at = models.DateTimeField(null=True, blank=True)
    risk_text_version = models.CharField(max_length=32, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True)
    end_detail = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["individual", "program", "termination_date"],
                                    name="programs_one_enrollment_per_termination"),
            models.CheckConstraint(name="programs_ended_has_reason",
                                   condition=~Q(status=EnrollmentStatus.ENDED) | (~Q(end_reason="")
                                                                                 & Q(ended_on__isnull=False))),
            models.CheckConstraint(name="programs_active_was_enrolled",
                                   condition=~Q(status=EnrollmentStatus.ACTIVE) | Q(enrolled_at__isnull=False)),
        ]

    def __str__(self):
        return f"{self.program_id} of {self.individual_id} ({self.get_status_display()})"


class ProgramYear(models.Model):
    """One program year of an enrollment: its fee and its CE plan (the person's CE learning plan
    for the year carries the program's Regulatory and Practical Element modules)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="years")
    number = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    due_on = models.DateField()
    payment = models.OneToOneField("payments.Payment", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    fee_paid_at = models.DateTimeField(null=True, blank=True)
    ce_completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrollment", "number"]
        constraints = [models.UniqueConstraint(fields=["enrollment", "number"], name="programs_one_year_number")]

    def __str__(self):
        return f"Year {self.number} of {self.enrollment_id}"


class ProgramEvent(models.Model):
    """The audit trail of an enrollment."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    detail = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            # A warning goes out once per enrollment and threshold (a replayed job sends nothing twice).
            models.UniqueConstraint(fields=["enrollment", "detail"], condition=Q(kind="warned"),
                                    name="programs_one_warning_per_threshold"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.enrollment_id})"
