"""Form U4 filings and their audit trail.

Content: each of the 15 sections is kept as validated JSON in `Filing.content`
(`{section: {...}}`), with `schema_version` saying which shape it has. One Django form per
section (u4.sections) defines and validates that shape: a section is only ever written by
`services.filing_section_save`, which binds the section's form to the input and stores its
cleaned data, so the JSON never holds what the form would refuse. We chose JSON over one
model per section because the filing is a document that is drafted, signed (a hash of the
canonical JSON) and submitted as a whole; CRD's own tables receive it only on submission.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from crd.choices import AssociationKind

from .choices import CONSENT_VERSION, SCHEMA_VERSION, EventAction, FilingKind, FilingStatus, Section


class Filing(models.Model):
    """One Form U4 of a firm for one person: an existing Individual, or a new person (who gets a
    CRD# when the filing is submitted). Its status moves only through u4.services."""

    firm = models.ForeignKey("crd.Firm", on_delete=models.PROTECT, related_name="u4_filings")
    individual = models.ForeignKey(
        "crd.Individual", on_delete=models.PROTECT, null=True, blank=True, related_name="u4_filings",
        help_text="Empty for a new person until the filing is submitted.",
    )
    kind = models.CharField(max_length=12, choices=FilingKind.choices, default=FilingKind.INITIAL)
    status = models.CharField(max_length=20, choices=FilingStatus.choices, default=FilingStatus.DRAFT)
    association_kind = models.CharField(
        max_length=12, choices=AssociationKind.choices, default=AssociationKind.EMPLOYEE)
    schema_version = models.PositiveSmallIntegerField(default=SCHEMA_VERSION)
    content = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # {section: n}: bumped by every save of that section (the optimistic version check).
    section_versions = models.JSONField(default=dict, blank=True)
    complete_sections = models.JSONField(
        default=list, blank=True, editable=False,
        help_text="Sections that passed the completeness check at the last save (the list's progress).")
    rep_sections = models.JSONField(
        default=list, blank=True, help_text="Sections the person may edit (Allow Rep Edits).")
    # A new person's SSN, encrypted like crd.Individual's; written to CRD on submission.
    new_ssn_ciphertext = models.TextField(blank=True, editable=False)
    new_ssn_last4 = models.CharField(max_length=4, blank=True, editable=False)
    signature_name = models.CharField(max_length=200, blank=True)
    signature_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the signed content.")
    signature_wet = models.BooleanField(default=False, help_text="The firm holds a wet signature.")
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    consent_version = models.CharField(max_length=32, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Amendments: the submitted filing amended, the date of the facts reported (the due date is
    # 30 days after it, 10 for a statutory disqualification), and the sections that differ from
    # the amended filing (only these are written to CRD).
    amends = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments",
                               help_text="The submitted filing this amendment changes.")
    facts_date = models.DateField(null=True, blank=True, help_text="When the facts being reported happened.")
    statutory_disqualification = models.BooleanField(default=False)
    due_date = models.DateField(null=True, blank=True)
    changed_sections = models.JSONField(default=list, blank=True, editable=False)
    # A disclosure amendment the person acknowledged in FinPro instead of signing again: the
    # SHA-256 of the content they were shown (any later change voids it, like a signature).
    acknowledged_hash = models.CharField(max_length=64, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="u4/", blank=True, editable=False,
                           help_text="The submitted filing in form view, in private storage.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["firm", "status", "-updated_at"]),
            models.Index(fields=["individual", "status"]),
            models.Index(fields=["firm", "due_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="u4_filing_amendment_has_individual",
                condition=~Q(kind=FilingKind.AMENDMENT) | Q(individual__isnull=False)),
            models.CheckConstraint(
                name="u4_filing_signed_has_signature",
                condition=~Q(status__in=[FilingStatus.SIGNED, FilingStatus.SUBMITTED])
                | ~Q(signature_hash="") | Q(kind=FilingKind.AMENDMENT, status=FilingStatus.SUBMITTED)),
            models.CheckConstraint(
                name="u4_filing_amendment_has_base_and_due_date",
                condition=~Q(kind=FilingKind.AMENDMENT)
                | Q(amends__isnull=False, facts_date__isnull=False, due_date__isnull=False)),
            models.CheckConstraint(
                name="u4_filing_acknowledged_has_hash",
                condition=~Q(status=FilingStatus.ACKNOWLEDGED) | ~Q(acknowledged_hash="")),
            models.CheckConstraint(
                name="u4_filing_submitted_has_individual",
                condition=~Q(status=FilingStatus.SUBMITTED) | Q(individual__isnull=False, submitted_at__isnull=False)),
            models.CheckConstraint(name="u4_filing_schema_version_positive", condition=Q(schema_version__gte=1)),
            models.UniqueConstraint(
                fields=["firm", "individual", "kind"], condition=~Q(status=FilingStatus.SUBMITTED),
                name="u4_filing_one_open_per_person_and_kind"),
        ]

    def __str__(self):
        return f"Form U4 #{self.pk} ({self.get_kind_display()}, {self.get_status_display()})"

    def section(self, key: str) -> dict:
        return (self.content or {}).get(key) or {}

    @property
    def person_name(self) -> str:
        general = self.section(Section.GENERAL)
        name = " ".join(p for p in (general.get("first_name"), general.get("middle_name"),
                                    general.get("last_name")) if p)
        if name:
            return name
        return self.individual.full_name if self.individual_id else "New person"

    @property
    def masked_ssn(self) -> str:
        if self.individual_id:
            return self.individual.masked_ssn
        return f"***-**-{self.new_ssn_last4}" if self.new_ssn_last4 else "None given"


class FilingEvent(models.Model):
    """One step in a filing's life (the audit trail the firm sees and E-Signature Tracking reads):
    who, when, from which IP and user agent, which section, which consent text."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=24, choices=EventAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    section = models.CharField(max_length=24, choices=Section.choices, blank=True)
    consent_version = models.CharField(max_length=32, blank=True)
    detail = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["filing", "-at"]), models.Index(fields=["action", "-at"])]
        constraints = [
            models.CheckConstraint(
                name="u4_event_section_saved_names_section",
                condition=~Q(action=EventAction.SECTION_SAVED) | ~Q(section="")),
            models.CheckConstraint(
                name="u4_event_signed_has_consent_version",
                condition=~Q(action=EventAction.SIGNED) | ~Q(consent_version="")),
        ]

    def __str__(self):
        return f"{self.get_action_display()} on filing {self.filing_id} at {self.at:%Y-%m-%d %H:%M}"


__all__ = ["CONSENT_VERSION", "Filing", "FilingEvent"]
