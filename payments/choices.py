"""Codes of payments."""

from django.db import models


class PaymentStatus(models.TextChoices):
    CREATED = "created", "Awaiting card"
    SUCCEEDED = "succeeded", "Paid"
    DECLINED = "declined", "Declined"
    FAILED = "failed", "Failed"
    REFUNDED = "refunded", "Refunded"


class PaymentPurpose(models.TextChoices):
    IAR_CE_CARRY_OVER = "iar_ce_carry_over", "IAR CE: Regulatory Element to Products and Practice"
    MQP = "mqp", "Maintaining Qualifications Program"
    EVEP = "evep", "Exam Validity Extension Program"
    SIE = "sie", "SIE exam"


# A payment that can still be tried with a card.
PAYABLE_STATUSES = {PaymentStatus.CREATED, PaymentStatus.DECLINED, PaymentStatus.FAILED}
