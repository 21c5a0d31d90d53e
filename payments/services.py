"""Every write of payments: ask for a payment, pay it with a card, refund it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .choices import PAYABLE_STATUSES, PaymentStatus
from .models import Payment
from .providers import Card, ChargeOutcome, ProviderError, get_provider


def payment_request(*, individual, purpose: str, amount_cents: int, idempotency_key: str, user=None) -> Payment:
    """The payment a business service needs, created once per idempotency key."""
    if not isinstance(amount_cents, int) or amount_cents <= 0:
        raise ValidationError("A payment must be a positive amount.")
    existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return Payment.objects.create(individual=individual, user=user, purpose=purpose,
                                              amount_cents=amount_cents, idempotency_key=idempotency_key)
        except IntegrityError:
            existing = Payment.objects.get(idempotency_key=idempotency_key)
    if (existing.individual_id, existing.purpose, existing.amount_cents) != (individual.pk, purpose, amount_cents):
        raise ValidationError("This payment key belongs to another payment.")
    return existing


def payment_pay(*, payment: Payment, card: Card) -> Payment:
    """Charge the card for the payment. A paid payment is returned unchanged (a replay charges
    nothing); a declined or failed one may be tried again with another card."""
    provider = get_provider()
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status == PaymentStatus.SUCCEEDED:
            return locked
        if locked.status not in PAYABLE_STATUSES:
            raise ValidationError("This payment can no longer be paid.")
        locked.attempts += 1
        locked.provider = provider.name
        locked.card_last4 = card.last4
        try:
            result = provider.charge(amount_cents=locked.amount_cents, purpose=locked.purpose,
                                     idempotency_key=f"{locked.idempotency_key}:{locked.attempts}", card=card)
        except ProviderError:
            locked.status = PaymentStatus.FAILED
            locked.failure_message = "The payment could not be processed. Nothing was charged; try again."
        else:
            locked.provider_reference = result.reference
            if result.outcome == ChargeOutcome.SUCCEEDED:
                locked.status, locked.paid_at, locked.failure_message = PaymentStatus.SUCCEEDED, timezone.now(), ""
            else:
                locked.status, locked.failure_message = PaymentStatus.DECLINED, result.message[:200]
        locked.save()
        return locked


def payment_refund(*, payment: Payment) -> Payment:
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != PaymentStatus.SUCCEEDED:
            raise ValidationError("Only a paid payment can be refunded.")
        get_provider().refund(reference=locked.provider_reference, idempotency_key=f"refund:{locked.idempotency_key}")
        locked.status = PaymentStatus.REFUNDED
        locked.save(update_fields=["status"])
        return locked
