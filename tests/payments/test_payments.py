"""payments: the sandbox provider's test cards, idempotency, refunds and the card form."""

import pytest
from django.core.exceptions import ValidationError

from payments import services
from payments.choices import PaymentStatus
from payments.forms import CardForm
from payments.models import Payment
from payments.providers import Card
from payments.providers.sandbox import CARD_DECLINED, CARD_ERROR, CARD_SUCCEEDS
from payments.providers.sandbox_models import SandboxCharge

pytestmark = pytest.mark.django_db


def _card(number):
    return Card(number=number, exp_month=12, exp_year=2099, cvc="123")


@pytest.fixture
def payment(individual):
    return services.payment_request(individual=individual, purpose="iar_ce_carry_over", amount_cents=1800,
                                    idempotency_key=f"iar-ce-carry-over:2026:{individual.pk}")


def test_the_same_key_gives_the_same_payment(payment, individual):
    again = services.payment_request(individual=individual, purpose="iar_ce_carry_over", amount_cents=1800,
                                     idempotency_key=payment.idempotency_key)
    assert again.pk == payment.pk and Payment.objects.count() == 1
    with pytest.raises(ValidationError, match="another payment"):
        services.payment_request(individual=individual, purpose="iar_ce_carry_over", amount_cents=999,
                                 idempotency_key=payment.idempotency_key)


def test_the_success_card_pays_once_even_when_replayed(payment):
    paid = services.payment_pay(payment=payment, card=_card(CARD_SUCCEEDS))
    assert paid.status == PaymentStatus.SUCCEEDED and paid.paid_at and paid.card_last4 == "4242"
    assert paid.provider == "sandbox" and paid.provider_reference.startswith("sbx_")
    again = services.payment_pay(payment=payment, card=_card(CARD_SUCCEEDS))
    assert again.provider_reference == paid.provider_reference
    assert SandboxCharge.objects.count() == 1


def test_a_declined_card_can_be_followed_by_a_good_one(payment):
    declined = services.payment_pay(payment=payment, card=_card(CARD_DECLINED))
    assert declined.status == PaymentStatus.DECLINED and declined.failure_message == "Your card was declined."
    assert services.payment_pay(payment=payment, card=_card(CARD_SUCCEEDS)).status == PaymentStatus.SUCCEEDED
    assert list(SandboxCharge.objects.order_by("pk").values_list("outcome", flat=True)) == ["declined", "succeeded"]


def test_a_processing_error_charges_nothing(payment):
    failed = services.payment_pay(payment=payment, card=_card(CARD_ERROR))
    assert failed.status == PaymentStatus.FAILED and "Nothing was charged" in failed.failure_message
    assert not SandboxCharge.objects.exists()


def test_refund_only_a_paid_payment(payment):
    with pytest.raises(ValidationError):
        services.payment_refund(payment=payment)
    services.payment_pay(payment=payment, card=_card(CARD_SUCCEEDS))
    assert services.payment_refund(payment=payment).status == PaymentStatus.REFUNDED
    assert SandboxCharge.objects.get().refunded
    with pytest.raises(ValidationError, match="no longer be paid"):
        services.payment_pay(payment=payment, card=_card(CARD_SUCCEEDS))


@pytest.mark.parametrize("number,ok", [("4242 4242 4242 4242", True), ("4242-4242-4242-4241", False),
                                       ("abcd", False), ("4000 0000 0000 0002", True)])
def test_card_form_checks_the_number(number, ok):
    form = CardForm({"name": "Dana Rivera", "number": number, "exp_month": 12, "exp_year": 2099, "cvc": "123"})
    assert form.is_valid() is ok
    if not ok:
        assert form.errors["number"] == ["Enter a valid card number."]


def test_card_form_refuses_an_expired_card():
    form = CardForm({"name": "Dana", "number": CARD_SUCCEEDS, "exp_month": 1, "exp_year": 2001, "cvc": "123"})
    assert not form.is_valid() and form.errors["exp_month"] == ["This card has expired."]
