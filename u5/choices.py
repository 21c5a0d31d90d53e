"""Codes and constants of Form U5, with the form's labels."""

from django.db import models

from crd.choices import DisclosureKind


class FilingKind(models.TextChoices):
    FULL = "full", "Full termination"
    PARTIAL = "partial", "Partial termination"
    AMENDMENT = "amendment", "Amendment"


class TerminationReason(models.TextChoices):
    DISCHARGED = "discharged", "Discharged"
    PERMITTED_TO_RESIGN = "permitted_to_resign", "Permitted to Resign"
    VOLUNTARY = "voluntary", "Voluntary"
    DECEASED = "deceased", "Deceased"
    OTHER = "other", "Other"


class Question(models.TextChoices):
    """Section 7 disclosure questions."""

    Q7A = "7A", "7A Investigation"
    Q7B = "7B", "7B Internal review"
    Q7C = "7C", "7C Criminal"
    Q7D = "7D", "7D Regulatory action"
    Q7E = "7E", "7E Customer complaint / arbitration"
    Q7F = "7F", "7F Termination"


# A "Yes" to a question becomes a disclosure of this kind on the CRD record.
QUESTION_KIND = {
    Question.Q7A: DisclosureKind.REGULATORY, Question.Q7B: DisclosureKind.TERMINATION,
    Question.Q7C: DisclosureKind.CRIMINAL, Question.Q7D: DisclosureKind.REGULATORY,
    Question.Q7E: DisclosureKind.CUSTOMER_COMPLAINT, Question.Q7F: DisclosureKind.TERMINATION,
}

# The firm files within this many days of the termination date [F].
FILING_DEADLINE_DAYS = 30
# A person not with a firm keeps their residential address current this long after their last
# registration ends [F].
ADDRESS_CURRENT_YEARS = 2
# What an amendment may change (DOMAIN.md): disclosures, date, reason, residential address.
AMENDABLE = ("termination_date", "reason", "reason_explanation", "address", "disclosures")
ACKNOWLEDGMENT_TEXT_VERSION = "u5-8a-2026-1"
