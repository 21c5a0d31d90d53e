"""The sandbox provider's own table: what it "charged"."""

from django.db import models
from django.utils import timezone


class SandboxCharge(models.Model):
    """One charge the sandbox provider processed (its equivalent of the provider's dashboard)."""

    reference = models.CharField(max_length=40, unique=True)
    idempotency_key = models.CharField(max_length=80, unique=True)
    amount_cents = models.PositiveIntegerField()
    purpose = models.CharField(max_length=40)
    card_last4 = models.CharField(max_length=4)
    outcome = models.CharField(max_length=12)
    refunded = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "payments"

    def __str__(self):
        return f"{self.reference} {self.outcome} {self.amount_cents}"
