"""IAR CE (NASAA): which jurisdictions adopted it, the approved providers and their courses,
the credits providers report, the $3 per credit reporting fee, and applying the Regulatory
Element to the Products and Practice component for $18."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..choices import CarryOverPayer, CarryOverStatus, IarComponent, IarCreditSource


class IarCeAdoption(models.Model):
    """Whether a jurisdiction has adopted IAR CE, and from which year (reference data)."""

    jurisdiction = models.OneToOneField("crd.Jurisdiction", on_delete=models.CASCADE, related_name="iar_ce_adoption")
    adopted = models.BooleanField(default=False)
    effective_year = models.PositiveSmallIntegerField(null=True, blank=True,
                                                      validators=[MinValueValidator(2000), MaxValueValidator(2100)])

    class Meta:
        verbose_name = "IAR CE adoption"
        ordering = ["jurisdiction__code"]
        constraints = [
            models.CheckConstraint(name="ce_iar_adoption_has_year",
                                   condition=Q(adopted=False) | Q(effective_year__isnull=False)),
        ]

    def __str__(self):
        return f"{self.jurisdiction_id}: {'adopted ' + str(self.effective_year) if self.adopted else 'not adopted'}"


class IarCeProvider(models.Model):
    """An approved IAR CE course provider (reference data)."""

    name = models.CharField(max_length=160)
    provider_number = models.CharField(max_length=20, unique=True, help_text="The provider's ID, e.g. P-1042.")
    approved = models.BooleanField(default=True)

    class Meta:
        verbose_name = "IAR CE provider"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.provider_number})"


class IarCeProviderToken(models.Model):
    """An API token of a provider. Only its SHA-256 is stored; revocable, may expire."""

    provider = models.ForeignKey(IarCeProvider, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "IAR CE provider token"

    def __str__(self):
        return f"Token {self.label or self.pk} of {self.provider_id}"


class IarCeCourse(models.Model):
    """An approved course of a provider: its credits count toward one component."""

    provider = models.ForeignKey(IarCeProvider, on_delete=models.CASCADE, related_name="courses")
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    credits = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(12)])
    component = models.CharField(max_length=20, choices=IarComponent.choices)

    class Meta:
        verbose_name = "IAR CE course"
        ordering = ["provider", "code"]
        constraints = [models.UniqueConstraint(fields=["provider", "code"], name="ce_iar_course_code_unique")]

    def __str__(self):
        return f"{self.code} {self.title}"


class IarCeCredit(models.Model):
    """Credits one person earned in one reporting year: a course a provider reported, or the
    Regulatory Element carried over to Products and Practice."""

    individual = models.ForeignKey("crd.Individual", on_delete=models.CASCADE, related_name="iar_ce_credits")
    year = models.PositiveSmallIntegerField()
    component = models.CharField(max_length=20, choices=IarComponent.choices)
    credits = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    source = models.CharField(max_length=20, choices=IarCreditSource.choices)
    provider = models.ForeignKey(IarCeProvider, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    course = models.ForeignKey(IarCeCourse, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    completed_on = models.DateField()
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "IAR CE credit"
        ordering = ["-completed_on", "-id"]
        indexes = [models.Index(fields=["individual", "year"])]
        constraints = [
            models.UniqueConstraint(fields=["provider", "course", "individual", "completed_on"],
                                    condition=Q(course__isnull=False), name="ce_iar_credit_once_per_completion"),
            models.UniqueConstraint(fields=["individual", "year"], condition=Q(source="regulatory_element"),
                                    name="ce_iar_one_carry_over_per_year"),
            models.CheckConstraint(name="ce_iar_credit_course_unless_carry_over",
                                   condition=Q(source="regulatory_element") | Q(course__isnull=False)),
        ]

    def __str__(self):
        return f"{self.credits} {self.component} credits for {self.individual_id} ({self.year})"


class IarCeReportingFee(models.Model):
    """The $3 per credit fee a provider owes for a reported completion."""

    provider = models.ForeignKey(IarCeProvider, on_delete=models.PROTECT, related_name="reporting_fees")
    credit = models.OneToOneField(IarCeCredit, on_delete=models.PROTECT, related_name="reporting_fee")
    amount_cents = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "IAR CE reporting fee"

    def __str__(self):
        return f"{self.amount_cents / 100:.2f} owed by {self.provider_id}"


class IarCeCarryOver(models.Model):
    """Applying a completed Regulatory Element to the 6 Products and Practice credits of one
    year, for $18 paid by the firm (Flex Funding) or the person (a Payment). One per person and year."""

    individual = models.ForeignKey("crd.Individual", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=CarryOverStatus.choices, default=CarryOverStatus.AWAITING_PAYMENT)
    paid_by = models.CharField(max_length=8, choices=CarryOverPayer.choices, blank=True)
    firm = models.ForeignKey("crd.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    flex_entry = models.OneToOneField("firmsettings.FlexFundingEntry", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+")
    payment = models.OneToOneField("payments.Payment", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    credit = models.OneToOneField(IarCeCredit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "IAR CE Regulatory Element carry-over"
        constraints = [
            models.UniqueConstraint(fields=["individual", "year"], name="ce_iar_one_carry_over_request_per_year"),
            models.CheckConstraint(name="ce_iar_carry_over_applied_has_credit",
                                   condition=~Q(status="applied") | Q(credit__isnull=False)),
        ]

    def __str__(self):
        return f"Carry-over {self.year} of {self.individual_id} ({self.status})"
