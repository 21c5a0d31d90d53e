from django.db import models


class MembershipRole(models.TextChoices):
    ADMIN = "admin", "Admin"
    COMPLIANCE = "compliance", "Compliance"
    VIEWER = "viewer", "Viewer"


ROLE_RANK = {MembershipRole.VIEWER: 0, MembershipRole.COMPLIANCE: 1, MembershipRole.ADMIN: 2}


def role_allows(role: str, required: str) -> bool:
    """Does a member with `role` hold at least the `required` role (viewer < compliance < admin)?"""
    return ROLE_RANK[MembershipRole(role)] >= ROLE_RANK[MembershipRole(required)]


# Due-date reminder increments a firm may pick (days before the firm CE due date).
REMINDER_DAY_CHOICES = [90, 60, 30, 14, 7, 1]

INVITATION_VALID_DAYS = 7
ROSTER_TERMINATED_WINDOW_DAYS = 730  # terminated people stay on the roster for two years
IAR_CE_FEE_CENTS = 1800


class FlexFundingKind(models.TextChoices):
    DEPOSIT = "deposit", "Deposit"
    IAR_CE_FEE = "iar_ce_fee", "IAR CE Products and Practice fee"
    REGULATORY_ELEMENT_FEE = "re_fee", "Regulatory Element session fee"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"
