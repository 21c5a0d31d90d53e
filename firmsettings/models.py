"""The firm section: who works in it (memberships) and the options a firm sets for its people."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import MembershipRole


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
