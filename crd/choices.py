"""Codes and constants of the CRD record, with the regulator's labels."""

from django.db import models


class FirmKind(models.TextChoices):
    BROKER_DEALER = "BD", "Broker-dealer"
    INVESTMENT_ADVISER = "IA", "Investment adviser"
    BOTH = "BD_IA", "Broker-dealer and investment adviser"


class AssociationKind(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    INDEPENDENT_CONTRACTOR = "contractor", "Independent contractor"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    DEFICIENT = "deficient", "Deficient"
    TERMINATED = "terminated", "Terminated"
    CE_INACTIVE = "ce_inactive", "CE Inactive"
    INACTIVE = "inactive", "Inactive"


class SRO(models.TextChoices):
    FINRA = "FINRA", "FINRA"
    NYSE = "NYSE", "NYSE"
    NASDAQ = "NASDAQ", "Nasdaq"
    CBOE = "CBOE", "Cboe"
    MSRB = "MSRB", "MSRB"


class JurisdictionKind(models.TextChoices):
    STATE = "state", "State"
    DISTRICT = "district", "District"
    TERRITORY = "territory", "Territory"


class ExamOutcome(models.TextChoices):
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    WAIVED = "waived", "Waived"


class EmploymentKind(models.TextChoices):
    FULL_TIME = "full_time", "Full-time employment"
    PART_TIME = "part_time", "Part-time employment"
    SELF_EMPLOYED = "self_employed", "Self-employment"
    MILITARY = "military", "Military service"
    UNEMPLOYED = "unemployed", "Unemployment"
    EDUCATION = "education", "Full-time education"


class DisclosureKind(models.TextChoices):
    CRIMINAL = "criminal", "Criminal (14A, 14B)"
    REGULATORY = "regulatory", "Regulatory action (14C, 14D, 14E, 14F, 14G)"
    CIVIL_JUDICIAL = "civil_judicial", "Civil judicial (14H)"
    CUSTOMER_COMPLAINT = "customer_complaint", "Customer complaint / arbitration / civil litigation (14I)"
    TERMINATION = "termination", "Termination (14J)"
    FINANCIAL = "financial", "Financial (14K)"
    BOND = "bond", "Bond (14L)"
    JUDGMENT_LIEN = "judgment_lien", "Judgment / lien (14M)"


class DisclosureStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    FINAL = "final", "Final"
    ON_APPEAL = "on_appeal", "On appeal"
    RESOLVED = "resolved", "Resolved"
    DENIED = "denied", "Denied"
    SETTLED = "settled", "Settled"


class NamePrefix(models.TextChoices):
    MR = "Mr.", "Mr."
    MS = "Ms.", "Ms."
    MRS = "Mrs.", "Mrs."
    MX = "Mx.", "Mx."
    DR = "Dr.", "Dr."


class NameSuffix(models.TextChoices):
    JR = "Jr.", "Jr."
    SR = "Sr.", "Sr."
    II = "II", "II"
    III = "III", "III"
    IV = "IV", "IV"


class AttestationAnswer(models.TextChoices):
    CORRECT = "correct", "My record is correct"
    NEEDS_UPDATE = "needs_update", "My record needs to be updated"


# A certification is asked for again this many days after the last one.
ATTESTATION_VALID_DAYS = 365
# A person not with a firm confirms their residential address at least this often.
ADDRESS_CONFIRM_DAYS = 365
