"""Codes and constants of continuing education, with the regulator's labels."""

from django.db import models


class ModuleStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class PlanStatus(models.TextChoices):
    CE_REQUIRED = "ce_required", "CE Required"
    IN_PROGRESS = "in_progress", "In Progress"
    SATISFIED = "satisfied", "Satisfied"
    CE_INACTIVE = "ce_inactive", "CE Inactive"


class PlanEventKind(models.TextChoices):
    ASSIGNED = "assigned", "Module added to the plan"
    REMOVED = "removed", "Module removed from the plan"
    MODULE_STARTED = "module_started", "Module started"
    MODULE_COMPLETED = "module_completed", "Module completed"
    MODULE_RESTARTED = "module_restarted", "Module restarted at year end"
    STATUS_CHANGED = "status_changed", "Plan status changed"
    FEE_CHARGED = "fee_charged", "Regulatory Element fee charged"


# The Regulatory Element session fee, charged once per person and year to their firm.
REGULATORY_ELEMENT_FEE_CENTS = 1800
class NoticeKind(models.TextChoices):
    CE_REQUIRED = "ce_required", "Status: CE Required"
    IN_PROGRESS = "in_progress", "Status: In Progress"
    SATISFIED = "satisfied", "Status: Satisfied"
    CE_INACTIVE = "ce_inactive", "Status: CE Inactive"
    TERMINATED = "terminated", "Registrations terminated for CE"
    IAR_SHORTFALL = "iar_shortfall", "IAR CE shortfall"


# Status changes that are emailed (a start of work is not news).
STATUS_CHANGE_NOTICES = {"ce_required", "satisfied", "ce_inactive"}


# Plans of consecutive CE Inactive years before registrations are administratively terminated.
CE_INACTIVE_YEARS_TO_TERMINATE = 2


# --- IAR CE (NASAA) ---------------------------------------------------------------------------


class IarComponent(models.TextChoices):
    ETHICS = "ethics", "Ethics and Professional Responsibility"
    PRODUCTS_PRACTICE = "products_practice", "Products and Practice"


class IarCreditSource(models.TextChoices):
    PROVIDER_API = "provider_api", "Reported by the provider"
    IMPORT = "import", "Imported from a provider file"
    REGULATORY_ELEMENT = "regulatory_element", "Regulatory Element carry-over"


class CarryOverPayer(models.TextChoices):
    FIRM = "firm", "Paid by the firm (Flex Funding)"
    REP = "rep", "Paid by you"


class CarryOverStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "Awaiting payment"
    APPLIED = "applied", "Applied"


IAR_CREDITS_PER_COMPONENT = 6  # 12 a year: 6 + 6, the split is mandatory
IAR_CARRY_FORWARD_MAX = 36  # unmet credits carried forward, at most (18 per component)
IAR_REPORTING_FEE_CENTS_PER_CREDIT = 300
IAR_CE_CARRY_OVER_FEE_CENTS = 1800
IAR_REGISTRATION_CATEGORY = "RA"
