"""The Central Registration Depository: firms, individuals and everything on a record.

FinPro is the system of record. Writes go through crd.services; reads through
crd.selectors, which scope every query to the person or firm asking.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from localflavor.us.models import USStateField
from simple_history.models import HistoricalRecords

from finpro import encryption

from .choices import (
    SRO,
    AssociationKind,
    AttestationAnswer,
    DisclosureKind,
    DisclosureStatus,
    EmploymentKind,
    ExamOutcome,
    FirmKind,
    JurisdictionKind,
    NamePrefix,
    NameSuffix,
    RegistrationStatus,
)
from .ssn import mask_last4, normalize_ssn

CRD_NUMBER_MAX = 9_999_999


def crd_number_field(**kwargs):
    return models.PositiveIntegerField(
        "CRD#", unique=True, validators=[MinValueValidator(1), MaxValueValidator(CRD_NUMBER_MAX)], **kwargs
    )


class Jurisdiction(models.Model):
    """A US state, district or territory that registers agents and advisers (reference data)."""

    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=JurisdictionKind.choices, default=JurisdictionKind.STATE)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Exam(models.Model):
    """A qualification examination such as the SIE or Series 7 (reference data)."""

    code = models.CharField(max_length=12, unique=True, help_text="Short code, e.g. SIE, S7, S66.")
    name = models.CharField(max_length=160)
    validity_years = models.PositiveSmallIntegerField(
        default=2, help_text="Years a passed exam stays valid once out of a registration (SIE: 4)."
    )
    requires_sponsor = models.BooleanField(default=True, help_text="Needs a firm's U4 request (the SIE does not).")
    corequisites = models.ManyToManyField("self", symmetrical=False, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class RegistrationCategory(models.Model):
    """A registration category such as GS (General Securities Representative) (reference data)."""

    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=160)
    qualifying_exams = models.ManyToManyField(Exam, blank=True, related_name="categories")
    is_state = models.BooleanField(default=False, help_text="Granted by a state (e.g. AG, RA) rather than an SRO.")
    is_principal = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "registration categories"

    def __str__(self):
        return f"{self.code} — {self.name}"


class Firm(models.Model):
    """A broker-dealer and/or investment adviser firm, identified by its CRD#."""

    crd_number = crd_number_field()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=FirmKind.choices, default=FirmKind.BROKER_DEALER)
    main_office_city = models.CharField(max_length=100, blank=True)
    main_office_state = USStateField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(Lower("name"), name="crd_firm_name_lower")]

    def __str__(self):
        return f"{self.name} (CRD# {self.crd_number})"


class IndividualQuerySet(models.QuerySet):
    def with_ssn(self, ssn: str):
        """Individuals whose SSN equals `ssn` (any usual format), found by blind index."""
        return self.filter(ssn_index=encryption.blind_index(normalize_ssn(ssn)))


class Individual(models.Model):
    """A person in CRD. The SSN is stored encrypted, with a blind index and its last four digits.

    A person without a US SSN has `has_no_ssn` set and is matched by CRD# and date of birth.
    """

    crd_number = crd_number_field()
    first_name = models.CharField("First Name", max_length=80)
    middle_name = models.CharField("Middle Name", max_length=80, blank=True)
    last_name = models.CharField("Last Name", max_length=80)
    prefix = models.CharField(max_length=8, choices=NamePrefix.choices, blank=True)
    suffix = models.CharField(max_length=8, choices=NameSuffix.choices, blank=True)
    has_no_ssn = models.BooleanField("Has no US SSN", default=False)
    ssn_ciphertext = models.TextField(blank=True, editable=False)
    ssn_index = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    ssn_last4 = models.CharField(max_length=4, blank=True, editable=False, db_index=True)
    date_of_birth = models.DateField("Date of Birth")
    address_line1 = models.CharField("Residential Address Line 1", max_length=200)
    address_line2 = models.CharField("Residential Address Line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, blank=True, help_text="US state or territory code; blank abroad.")
    postal_code = models.CharField("Postal Code", max_length=20)
    country = models.CharField(max_length=2, default="US")
    address_confirmed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["ssn_ciphertext", "ssn_index"])

    objects = IndividualQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "crd_number"]
        indexes = [
            models.Index(Lower("last_name"), Lower("first_name"), name="crd_individual_name_lower"),
        ]
        constraints = [
            models.CheckConstraint(
                name="crd_individual_ssn_xor_no_ssn",
                condition=(Q(has_no_ssn=True, ssn_index__isnull=True) | Q(has_no_ssn=False, ssn_index__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} (CRD# {self.crd_number})"

    @property
    def full_name(self) -> str:
        parts = [self.first_name, self.middle_name, self.last_name, self.suffix]
        return " ".join(p for p in parts if p)

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()

    @property
    def masked_ssn(self) -> str:
        return mask_last4(self.ssn_last4) if not self.has_no_ssn else "None on file"

    @property
    def ssn(self) -> str:
        """The plaintext SSN (nine digits). Raises DecryptionError if the stored value was
        tampered with or belongs to another row (the blind index no longer matches)."""
        if self.has_no_ssn or not self.ssn_ciphertext:
            return ""
        plain = encryption.decrypt(self.ssn_ciphertext)
        if encryption.blind_index(plain) != self.ssn_index:
            raise encryption.DecryptionError("SSN ciphertext does not match this record.")
        return plain

    def set_ssn(self, value: str | None) -> None:
        """Store an SSN (any usual format), or clear it when value is empty and has_no_ssn."""
        if not value:
            self.has_no_ssn = True
            self.ssn_ciphertext, self.ssn_index, self.ssn_last4 = "", None, ""
            return
        digits = normalize_ssn(value)
        self.has_no_ssn = False
        self.ssn_ciphertext = encryption.encrypt(digits)
        self.ssn_index = encryption.blind_index(digits)
        self.ssn_last4 = digits[-4:]

    def clean(self):
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            raise ValidationError({"date_of_birth": "Date of birth cannot be in the future."})
        if self.date_of_birth and self.date_of_birth.year < today.year - 120:
            raise ValidationError({"date_of_birth": "Date of birth is more than 120 years ago."})


class Association(models.Model):
    """An individual's association with a firm, as employee or independent contractor."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="associations")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="associations")
    kind = models.CharField(max_length=12, choices=AssociationKind.choices, default=AssociationKind.EMPLOYEE)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                name="crd_association_dates_ordered",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
            models.UniqueConstraint(
                fields=["individual", "firm"], condition=Q(end_date__isnull=True), name="crd_association_one_current"
            ),
        ]
        indexes = [models.Index(fields=["firm", "end_date"])]

    def __str__(self):
        return f"{self.individual_id} at {self.firm_id} ({self.get_kind_display()})"

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()


class Registration(models.Model):
    """A registration in one category with one SRO or one state, through one firm."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="registrations")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="registrations")
    category = models.ForeignKey(RegistrationCategory, on_delete=models.PROTECT, related_name="registrations")
    sro = models.CharField("SRO", max_length=8, choices=SRO.choices, blank=True)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, null=True, blank=True)
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING)
    status_date = models.DateField()
    approved_on = models.DateField(null=True, blank=True)
    terminated_on = models.DateField(null=True, blank=True)
    exam_qualified_on = models.DateField(
        null=True, blank=True,
        help_text="When a passed exam met this pending registration's exam requirement (exams.services).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["firm_id", "category__code"]
        constraints = [
            models.CheckConstraint(
                name="crd_registration_sro_xor_jurisdiction",
                condition=(Q(sro="", jurisdiction__isnull=False) | (~Q(sro="") & Q(jurisdiction__isnull=True))),
            ),
            models.CheckConstraint(
                name="crd_registration_terminated_after_approved",
                condition=Q(terminated_on__isnull=True) | Q(approved_on__isnull=True)
                | Q(terminated_on__gte=F("approved_on")),
            ),
        ]
        indexes = [models.Index(fields=["individual", "status"]), models.Index(fields=["firm", "status"])]

    def __str__(self):
        return f"{self.category_id} {self.regulator_label} ({self.get_status_display()})"

    @property
    def regulator_label(self) -> str:
        return self.sro or (self.jurisdiction.code if self.jurisdiction_id else "")


class ExamResult(models.Model):
    """One sitting of a qualification exam and its outcome."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="exam_results")
    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="results")
    taken_on = models.DateField()
    outcome = models.CharField(max_length=8, choices=ExamOutcome.choices)
    score = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(100)])
    valid_until = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-taken_on"]
        constraints = [
            models.CheckConstraint(
                name="crd_examresult_score_range", condition=Q(score__isnull=True) | Q(score__lte=100)
            ),
            models.CheckConstraint(
                name="crd_examresult_validity_after_taken",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("taken_on")),
            ),
        ]

    def __str__(self):
        return f"{self.exam_id} on {self.taken_on}: {self.outcome}"


class EmploymentHistory(models.Model):
    """One entry of the 10-year employment history (work, military, unemployment, education)."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="employment_history")
    kind = models.CharField(max_length=16, choices=EmploymentKind.choices)
    employer_name = models.CharField(max_length=200, blank=True)
    position = models.CharField(max_length=120, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    country = models.CharField(max_length=2, default="US")
    investment_related = models.BooleanField(default=False)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name_plural = "employment history"
        constraints = [
            models.CheckConstraint(
                name="crd_employment_dates_ordered",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
            models.CheckConstraint(
                name="crd_employment_employer_named",
                condition=Q(kind__in=["unemployed"]) | ~Q(employer_name=""),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.employer_name or '—'} from {self.start_date}"


class ResidenceHistory(models.Model):
    """One address in the residential history."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="residence_history")
    address_line1 = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="US")
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-from_date"]
        verbose_name_plural = "residence history"
        constraints = [
            models.CheckConstraint(
                name="crd_residence_dates_ordered",
                condition=Q(to_date__isnull=True) | Q(to_date__gte=F("from_date")),
            ),
        ]

    def __str__(self):
        return f"{self.city}, {self.state} from {self.from_date}"


class Disclosure(models.Model):
    """A disclosure event (criminal, regulatory, civil, customer complaint, …) on the record."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="disclosures")
    kind = models.CharField(max_length=24, choices=DisclosureKind.choices)
    event_date = models.DateField()
    summary = models.TextField()
    status = models.CharField(max_length=12, choices=DisclosureStatus.choices, default=DisclosureStatus.PENDING)
    reported_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-event_date"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.event_date}"


class Attestation(models.Model):
    """A rep's certification, for one firm, that their CRD record is correct or needs to be updated.

    `record_changed_at` keeps the time of the latest change to the record the rep saw when
    certifying (from the record's history tables), so a later change asks again.
    """

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="attestations")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="attestations")
    association_kind = models.CharField(max_length=12, choices=AssociationKind.choices)
    answer = models.CharField(max_length=16, choices=AttestationAnswer.choices)
    comment = models.TextField(blank=True)
    attested_at = models.DateTimeField(default=timezone.now)
    record_changed_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-attested_at", "-id"]
        indexes = [
            models.Index(fields=["individual", "firm", "-attested_at"]),
            models.Index(fields=["firm", "-attested_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="crd_attestation_comment_when_needs_update",
                condition=~Q(answer="needs_update") | ~Q(comment=""),
            ),
        ]

    def __str__(self):
        return f"{self.get_answer_display()} ({self.firm_id}, {self.attested_at:%Y-%m-%d})"


class RecordActivity(models.Model):
    """Who looked at or changed a person's record, for the person's own activity log
    (/record/activity/): firm staff opening their details, support staff in the admin (kept by
    role, never shown by name), and exports. An export of a firm's people is ONE row with the firm
    and no individual; the person's log shows the exports of the firms they were with at the time.
    Kept RECORD_ACTIVITY_YEARS years (a beat job purges older rows)."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed your details"
        CHANGED = "changed", "Changed your record"
        EXPORTED = "exported", "Exported the firm's people (you included)"

    class ActorKind(models.TextChoices):
        FIRM = "firm", "Firm staff"
        SUPPORT = "support", "FinPro support"

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="activity")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, null=True, blank=True, related_name="record_activity")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_kind = models.CharField(max_length=8, choices=ActorKind.choices)
    actor_label = models.CharField(max_length=120, help_text="Firm staff: their name; support: their role only.")
    action = models.CharField(max_length=8, choices=Action.choices)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["individual", "-at"], name="crd_activity_person"),
            models.Index(fields=["firm", "-at"], name="crd_activity_firm", condition=Q(individual__isnull=True)),
            models.Index(fields=["at"], name="crd_activity_at"),
        ]
        constraints = [
            models.CheckConstraint(name="crd_activity_has_subject",
                                   condition=Q(individual__isnull=False) | Q(firm__isnull=False)),
        ]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor_label} at {self.at:%Y-%m-%d %H:%M}"
