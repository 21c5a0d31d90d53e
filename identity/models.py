"""Identity verification: where each account stands, every attempt, lockouts, passcodes.

No answer to a knowledge question and no passcode is ever stored: attempts keep the
method, outcome and times; passcodes keep a keyed hash only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import User

from .choices import FailureReason, LockScope, Method, Outcome, PasscodePurpose
from .providers.sandbox_models import BureauFact, BureauPhone, BureauSubject, SandboxQuiz  # noqa: F401


class VerificationCase(models.Model):
    """Where one account stands in the verification flow, so it can resume after signing in
    again: when the person pressed Continue, the method chosen, an unacknowledged failure."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_case")
    started_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=12, choices=Method.choices, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Verification case of user {self.user_id}"


class Attempt(models.Model):
    """One try at verifying (a passcode session, a quiz, or a support agent's manual check).
    `questions` holds the prompts and choices shown while a quiz is open and is emptied when
    it ends; the answers are never stored, only the outcome."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="identity_attempts")
    individual = models.ForeignKey("crd.Individual", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="identity_attempts")
    fingerprint = models.CharField(max_length=80, db_index=True,
                                   help_text="SSN blind index, or the CRD# for a person without an SSN.")
    method = models.CharField(max_length=12, choices=Method.choices)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    failure_reason = models.CharField(max_length=16, choices=FailureReason.choices, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    phone_last4 = models.CharField(max_length=4, blank=True)
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    questions = models.JSONField(default=list, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="identity_verifications_performed")
    reason = models.TextField(blank=True)
    call_reference = models.CharField(max_length=64, blank=True,
                                      help_text="For a manual verification: the support call's ticket or call ID.")

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["user", "started_at"]), models.Index(fields=["fingerprint", "started_at"])]
        permissions = [("verify_manually", "Can verify a person's identity manually after a support call")]

    def __str__(self):
        return f"{self.get_method_display()} — {self.get_outcome_display()}"

    @property
    def quiz_reference(self) -> str:
        return f"attempt-{self.pk}"


class LockoutQuerySet(models.QuerySet):
    def in_force(self, now=None):
        return self.filter(cleared_at__isnull=True, until__gt=now or timezone.now())

    def for_person(self, *, user, fingerprint: str):
        return self.filter(Q(user=user, scope__in=[LockScope.USER, LockScope.PASSCODE])
                           | Q(scope=LockScope.SSN, fingerprint=fingerprint))


class Lockout(models.Model):
    """A pause on verification after too many attempts: for one account, for one person
    across accounts (SSN fingerprint), or for passcode entry. Support may clear it."""

    scope = models.CharField(max_length=12, choices=LockScope.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="identity_lockouts")
    fingerprint = models.CharField(max_length=80, db_index=True)
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="identity_lockouts_cleared")
    clear_reason = models.TextField(blank=True)

    objects = LockoutQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_scope_display()} until {self.until:%m/%d/%Y %H:%M} UTC"

    @property
    def in_force(self) -> bool:
        return self.cleared_at is None and self.until > timezone.now()


class Passcode(models.Model):
    """A one-time passcode sent by text or voice: a keyed hash bound to user and purpose,
    valid for 10 minutes, good once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passcodes")
    purpose = models.CharField(max_length=16, choices=PasscodePurpose.choices)
    phone = models.CharField(max_length=20)
    channel = models.CharField(max_length=8)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["phone", "created_at"]), models.Index(fields=["user", "purpose", "created_at"])]

    def __str__(self):
        return f"Passcode for {self.get_purpose_display()} to …{self.phone[-4:]}"


class VerificationSubject(User):
    """An account as support sees it for identity verification (a proxy of accounts.User):
    find the person, see attempts and lockouts, verify manually, clear a lockout."""

    class Meta:
        proxy = True
        verbose_name = "person to verify"
        verbose_name_plural = "people to verify"
