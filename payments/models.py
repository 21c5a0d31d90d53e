"""Payments made by reps in FinPro (fees the person pays themself). Firm fees never come
here: they are debits of the firm's Flex Funding ledger (firmsettings)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import PaymentPurpose, PaymentStatus
from .providers.sandbox_models import SandboxCharge  # noqa: F401


class Payment(models.Model):
    """One payment: what for, how much (integer cents), its status and the provider's reference.
    `idempotency_key` names the business request (e.g. "iar-ce-carry-over:2026:<individual>"), so
    asking twice gives the same payment and a card is charged at most once."""

    individual = models.ForeignKey("crd.Individual", on_delete=models.PROTECT, related_name="payments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    purpose = models.CharField(max_length=40, choices=PaymentPurpose.choices)
    amount_cents = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.CREATED)
    idempotency_key = models.CharField(max_length=80, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider = models.CharField(max_length=40, blank=True)
    provider_reference = models.CharField(max_length=80, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    failure_message = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="payments_amount_positive", condition=models.Q(amount_cents__gt=0)),
            models.CheckConstraint(name="payments_paid_has_reference",
                                   condition=~models.Q(status="succeeded") | ~models.Q(provider_reference="")),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.amount_cents / 100:.2f} ({self.get_status_display()})"
