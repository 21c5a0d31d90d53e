"""Payment providers. `get_provider()` returns the one settings.PAYMENT_PROVIDER names."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Card, ChargeOutcome, ChargeResult, PaymentProvider, ProviderError

DEFAULT_PROVIDER = "payments.providers.sandbox.SandboxProvider"

__all__ = ["Card", "ChargeOutcome", "ChargeResult", "PaymentProvider", "ProviderError", "get_provider"]


def get_provider() -> PaymentProvider:
    return import_string(getattr(settings, "PAYMENT_PROVIDER", DEFAULT_PROVIDER))()
