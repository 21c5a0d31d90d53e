"""The firm section: who works in it (memberships) and the options a firm sets for its people."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from crd.models import Firm

from .choices import FlexFundingKind, MembershipRole


class FirmMembership(models.Model):
    """A user's role in a firm's compliance section (admin, compliance, viewer)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="firm_memberships")
    firm = models.ForeignKey("crd.Firm", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=MembershipRole.choices, default=MembershipRole.VIEWER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "firm"], name="firmsettings_one_membership_per_firm")]
        ordering = ["firm__name"]

    def __str__(self):
        return f"{self.user_id} — {self.firm_id} ({self.role})"


def default_reminder_days():
    return [90, 60, 30, 14, 7, 1]


class FirmSettings(models.Model):
    """The options a firm sets for its associated persons' FinPro. One row per firm; a firm
    without a row has every feature off (see firmsettings.selectors.settings_for)."""

    firm = models.OneToOneField("crd.Firm", on_delete=models.CASCADE, related_name="finpro_settings")
    attestation_employees = models.BooleanField("Attestation for employees", default=False)
    attestation_contractors = models.BooleanField("Attestation for contractors", default=False)
    esignature_employees = models.BooleanField("Form U4 e-signature for employees", default=False)
    esignature_contractors = models.BooleanField("Form U4 e-signature for contractors", default=False)
    ce_firm_due_date = models.DateField(
        "Firm CE due date", null=True, blank=True, help_text="Must fall before Dec 31 of the year it applies to."
    )
    ce_reminders_enabled = models.BooleanField("Due-date reminder emails", default=False)
    ce_reminder_days = models.JSONField("Reminder days before the due date", default=default_reminder_days)
    ce_status_change_emails = models.BooleanField("CE status-change emails", default=False)
    ce_copy_to_email = models.EmailField("Copy notifications to", blank=True)
    iar_ce_fee_opt_in = models.BooleanField("Firm pays the IAR CE Products and Practice fee", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "firm settings"

    def __str__(self):
        return f"Settings of firm {self.firm_id}"


class FirmSettingChange(models.Model):
    """One change to a firm setting: who, when, the old and the new value (the firm can read it)."""

    firm = models.ForeignKey("crd.Firm", on_delete=models.CASCADE, related_name="setting_changes")
    setting = models.CharField(max_length=64)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["firm", "-changed_at"])]

    def __str__(self):
        return f"{self.setting}: {self.old_value} → {self.new_value}"


class FirmInvitation(models.Model):
    """An emailed invitation to join a firm's section in a role. The link carries a random
    token; only its SHA-256 is stored. Single use, expires after INVITATION_VALID_DAYS."""

    firm = models.ForeignKey("crd.Firm", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=12, choices=MembershipRole.choices, default=MembershipRole.VIEWER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["firm", "accepted_at", "revoked_at"])]

    def __str__(self):
        return f"Invitation to firm {self.firm_id} as {self.role}"

    @property
    def status(self) -> str:
        from .choices import InvitationStatus

        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING


class FlexFundingEntry(models.Model):
    """One line of a firm's Flex Funding ledger, in integer cents: deposits are positive,
    charges (the IAR CE fee) negative. Rows are never edited; the balance is their sum."""

    firm = models.ForeignKey("crd.Firm", on_delete=models.PROTECT, related_name="flex_funding_entries")
    kind = models.CharField(max_length=12, choices=FlexFundingKind.choices)
    amount_cents = models.BigIntegerField()
    memo = models.CharField(max_length=200, blank=True)
    individual = models.ForeignKey(
        "crd.Individual", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The representative a fee was paid for.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "Flex Funding entry"
        verbose_name_plural = "Flex Funding ledger"
        indexes = [models.Index(fields=["firm", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                name="firmsettings_flex_sign_matches_kind",
                condition=(models.Q(kind="deposit", amount_cents__gt=0)
                           | models.Q(~models.Q(kind="deposit"), amount_cents__lt=0)),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount_cents / 100:.2f} (firm {self.firm_id})"


class FlexFundingAccount(Firm):
    """A firm seen as the holder of a Flex Funding account (support staff's admin list;
    its balance is the sum of the firm's ledger)."""

    class Meta:
        proxy = True
        verbose_name = "Flex Funding account"
