"""Form U5 filings: a firm's notice that a person's association (or some of their registrations)
ended. Each section of the form is kept as validated columns; the disclosure answers of Section 7
as {question: "yes"/"no"} with one DisclosureReportingPage per "Yes".

A filing is written once, by u5.services.filing_submit; an amendment is a new row pointing at the
original (`amends`), carrying the whole form as it stands after the change.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .choices import FilingKind, Question, TerminationReason


class Filing(models.Model):
    """One Form U5 (full, partial) of a firm for one person, or an amendment of one."""

    firm = models.ForeignKey("crd.Firm", on_delete=models.PROTECT, related_name="u5_filings")
    individual = models.ForeignKey("crd.Individual", on_delete=models.PROTECT, related_name="u5_filings")
    kind = models.CharField(max_length=12, choices=FilingKind.choices)
    amends = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments",
                               help_text="For an amendment: the full or partial filing it amends.")
    # Section 2: current residential address
    address_line1 = models.CharField("Address", max_length=200)
    address_line2 = models.CharField("Address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField("ZIP / postal code", max_length=20)
    country = models.CharField(max_length=2, default="US")
    # Section 3 (full) or 5 (partial): the termination
    termination_date = models.DateField()
    reason = models.CharField(max_length=24, choices=TerminationReason.choices, blank=True)
    reason_explanation = models.TextField(blank=True)
    partial_sros = models.JSONField(default=list, blank=True, help_text="5A: SROs whose registrations end.")
    partial_jurisdictions = models.JSONField(default=list, blank=True,
                                             help_text="5B: jurisdiction codes whose registrations end.")
    # Section 6: affiliated firm termination
    affiliated_firm_names = models.TextField(blank=True, help_text="Affiliated firms the person also left.")
    # Section 7: {"7A": "yes" | "no", …} (full and its amendments only)
    disclosure_answers = models.JSONField(default=dict, blank=True)
    # Section 8: the firm's acknowledgment, signed by the filing user after re-authentication
    acknowledgment_name = models.CharField(max_length=200)
    acknowledgment_version = models.CharField(max_length=32)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    registrations = models.ManyToManyField("crd.Registration", blank=True, related_name="u5_filings",
                                           help_text="The registrations this filing ended.")
    pdf = models.FileField(upload_to="u5/", blank=True, editable=False)

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["firm", "-filed_at"]), models.Index(fields=["individual", "-filed_at"])]
        constraints = [
            models.CheckConstraint(name="u5_amendment_amends",
                                   condition=Q(kind=FilingKind.AMENDMENT, amends__isnull=False)
                                   | (~Q(kind=FilingKind.AMENDMENT) & Q(amends__isnull=True))),
            models.CheckConstraint(name="u5_full_has_reason",
                                   condition=~Q(kind=FilingKind.FULL) | ~Q(reason="")),
            models.CheckConstraint(name="u5_partial_has_no_reason",
                                   condition=~Q(kind=FilingKind.PARTIAL) | Q(reason="")),
            models.CheckConstraint(
                name="u5_explanation_unless_voluntary",
                condition=Q(reason__in=["", TerminationReason.VOLUNTARY]) | ~Q(reason_explanation="")),
            models.CheckConstraint(name="u5_acknowledged", condition=~Q(acknowledgment_name="")),
            models.CheckConstraint(name="u5_not_amending_itself", condition=~Q(amends=F("pk"))),
        ]

    def __str__(self):
        return f"Form U5 #{self.pk} ({self.get_kind_display()}) of {self.individual_id} at {self.firm_id}"

    @property
    def original(self):
        return self.amends if self.kind == FilingKind.AMENDMENT else self

    @property
    def is_partial(self) -> bool:
        return self.original.kind == FilingKind.PARTIAL

    @property
    def deadline(self):
        from datetime import timedelta

        from .choices import FILING_DEADLINE_DAYS

        return self.termination_date + timedelta(days=FILING_DEADLINE_DAYS)

    @property
    def is_late(self) -> bool:
        return self.kind != FilingKind.AMENDMENT and timezone.localdate(self.filed_at) > self.deadline

    def yes_questions(self) -> list[str]:
        return [q for q in Question.values if self.disclosure_answers.get(q) == "yes"]


class DisclosureReportingPage(models.Model):
    """The details of one "Yes" answer in Section 7 (a DRP)."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="drps")
    question = models.CharField(max_length=2, choices=Question.choices)
    event_date = models.DateField()
    summary = models.TextField()

    class Meta:
        ordering = ["filing", "question"]
        verbose_name = "disclosure reporting page"
        constraints = [models.UniqueConstraint(fields=["filing", "question"], name="u5_one_drp_per_question")]

    def __str__(self):
        return f"DRP {self.question} of U5 #{self.filing_id}"
