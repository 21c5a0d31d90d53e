"""Codes and constants of the MQP and EVEP programs. Windows, counts and fees live on the
Program reference rows (editable by support staff); these are their defaults."""

from django.db import models


class ProgramCode(models.TextChoices):
    MQP = "MQP", "Maintaining Qualifications Program (MQP)"
    AG_EVEP = "AG_EVEP", "Agent Exam Validity Extension Program (AG EVEP)"
    IAR_EVEP = "IAR_EVEP", "Investment Adviser Representative Exam Validity Extension Program (IAR EVEP)"


class EnrollmentStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "Awaiting payment"
    ACTIVE = "active", "Participating"
    ENDED = "ended", "Ended"


class EndReason(models.TextChoices):
    EXPIRED = "expired", "Five years after termination"
    MISSED_CE = "missed_ce", "Annual CE not completed"
    DISQUALIFIED = "disqualified", "Statutory disqualification"
    REREGISTERED = "reregistered", "Registered again"


class EventKind(models.TextChoices):
    STARTED = "started", "Enrollment started"
    EMAIL_CONFIRMED = "email_confirmed", "Email address confirmed"
    RISK_ACKNOWLEDGED = "risk_acknowledged", "Participating-jurisdictions risk acknowledged"
    PAYMENT_DECLINED = "payment_declined", "Payment declined"
    ENROLLED = "enrolled", "Enrolled"
    YEAR_STARTED = "year_started", "Program year started"
    FEE_PAID = "fee_paid", "Annual fee paid"
    WARNED = "warned", "Expiry warning sent"
    ENDED = "ended", "Participation ended"


DEFAULT_MAX_YEARS = 5
DEFAULT_REGISTERED_DAYS_BEFORE = 365  # at least one year registered right before termination
DEFAULT_ELECT_WITHIN_DAYS = 730  # elect within two years of termination
CE_INACTIVE_YEARS_IN_A_ROW = 2
EXPIRY_WARNING_DAYS = (90, 30)
RISK_TEXT_VERSION = "evep-risk-2026-1"
