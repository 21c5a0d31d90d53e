"""The sandbox payment provider: a real implementation of the interface on its own table
(SandboxCharge). Test card numbers (any future expiry, any 3-digit CVC):

    4242 4242 4242 4242   succeeds
    4000 0000 0000 0002   is declined ("Your card was declined.")
    4000 0000 0000 0119   fails with a processing error (ProviderError; nothing charged)

Any other number that passes the Luhn check is declined as unknown to the sandbox.
"""

import secrets

from django.db import IntegrityError, transaction

from .base import Card, ChargeOutcome, ChargeResult, PaymentProvider, ProviderError
from .sandbox_models import SandboxCharge

CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CARD_ERROR = "4000000000000119"


class SandboxProvider(PaymentProvider):
    name = "sandbox"

    def charge(self, *, amount_cents, purpose, idempotency_key, card: Card) -> ChargeResult:
        existing = SandboxCharge.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return self._result(existing)
        if card.number == CARD_ERROR:
            raise ProviderError("The sandbox simulated a processing error.")
        outcome = ChargeOutcome.SUCCEEDED if card.number == CARD_SUCCEEDS else ChargeOutcome.DECLINED
        try:
            with transaction.atomic():
                row = SandboxCharge.objects.create(
                    reference=f"sbx_{secrets.token_hex(12)}", idempotency_key=idempotency_key,
                    amount_cents=amount_cents, purpose=purpose, card_last4=card.last4, outcome=outcome.value)
        except IntegrityError:
            row = SandboxCharge.objects.get(idempotency_key=idempotency_key)
        return self._result(row)

    def refund(self, *, reference, idempotency_key):
        SandboxCharge.objects.filter(reference=reference, outcome=ChargeOutcome.SUCCEEDED.value).update(refunded=True)

    @staticmethod
    def _result(row: SandboxCharge) -> ChargeResult:
        outcome = ChargeOutcome(row.outcome)
        message = "" if outcome == ChargeOutcome.SUCCEEDED else "Your card was declined."
        return ChargeResult(outcome=outcome, reference=row.reference, message=message)
