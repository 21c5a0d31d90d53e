"""The payment provider interface, in FinPro's words: create a payment for an amount and a
purpose under an idempotency key, confirm it with a card, refund it. The sandbox provider
(payments.providers.sandbox) implements it on its own table; a real provider (Stripe, Adyen,
…) is one more adapter named in settings.PAYMENT_PROVIDER."""

import enum
from dataclasses import dataclass


class ChargeOutcome(enum.Enum):
    SUCCEEDED = "succeeded"
    DECLINED = "declined"


@dataclass(frozen=True)
class Card:
    """A card as typed; never stored. Only the last four digits reach our tables."""

    number: str
    exp_month: int
    exp_year: int
    cvc: str

    @property
    def last4(self) -> str:
        return self.number[-4:]


@dataclass(frozen=True)
class ChargeResult:
    outcome: ChargeOutcome
    reference: str
    message: str = ""


class ProviderError(Exception):
    """The provider could not process the request (network, outage): nothing was charged."""


class PaymentProvider:
    """What FinPro needs from a payment provider. Every method is keyword-only and idempotent
    on `idempotency_key`: a second call with the same key returns the first call's result."""

    name = "base"

    def charge(self, *, amount_cents: int, purpose: str, idempotency_key: str, card: Card) -> ChargeResult:
        raise NotImplementedError

    def refund(self, *, reference: str, idempotency_key: str) -> None:
        raise NotImplementedError
