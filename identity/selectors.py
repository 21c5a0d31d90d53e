"""Reads for identity verification: options, lockouts, attempt counts."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Q
from django.utils import timezone

from .choices import SSN_ATTEMPTS, SSN_WINDOW, USER_ATTEMPTS, USER_WINDOW, LockScope, Method, Outcome
from .models import Attempt, Lockout, VerificationCase
from .providers import PhoneMatch, get_bureau


def needs_verification(*, user) -> bool:
    """Must this signed-in account verify its identity before seeing rep pages?

    Accounts made for a CRD person must, until verified. An account with no CRD person is a
    rep who cannot verify (the flow explains why), unless it belongs to support staff or firm
    staff, who are not reps and use the admin or the firm section."""
    from accounts.selectors import is_rep_account

    return not user.is_identity_verified and is_rep_account(user=user)


def fingerprint_for(individual) -> str:
    """The key that ties attempts to a person across accounts: the SSN's blind index, or the
    CRD# for a person without an SSN."""
    return individual.ssn_index or f"crd:{individual.crd_number}"


def personal_phone_for(user) -> str | None:
    """The person's personal phone in E.164. Reads `user.profile.personal_phone` when the
    account has a profile (accounts app); otherwise the phone the bureau has on file."""
    profile = getattr(user, "profile", None)
    if profile is not None and hasattr(profile, "personal_phone"):
        phone = profile.personal_phone
        if not phone:
            return None
        return getattr(phone, "as_e164", None) or str(phone)
    if user.individual_id is None:
        return None
    return get_bureau().phone_on_file(individual=user.individual)


@dataclass(frozen=True)
class Options:
    """What the bureau allows this person to verify with."""

    phone: str | None
    phone_match: PhoneMatch
    questions: bool

    @property
    def passcode(self) -> bool:
        return self.phone_match is PhoneMatch.INDIVIDUAL

    @property
    def phone_last4(self) -> str:
        return self.phone[-4:] if self.phone else ""

    @property
    def any(self) -> bool:
        return self.passcode or self.questions

    def allows(self, method: str) -> bool:
        if method in (Method.SMS, Method.VOICE):
            return self.passcode
        return method == Method.QUESTIONS and self.questions


def options_for(*, user) -> Options:
    bureau = get_bureau()
    individual = user.individual
    phone = personal_phone_for(user)
    match = bureau.phone_match(individual=individual, phone=phone) if phone else PhoneMatch.NOT_FOUND
    return Options(phone=phone, phone_match=match, questions=bureau.can_quiz(individual=individual))


def case_for(*, user) -> VerificationCase | None:
    return VerificationCase.objects.filter(user=user).first()


def pending_attempt(*, user) -> Attempt | None:
    return Attempt.objects.filter(user=user, outcome=Outcome.PENDING).exclude(method=Method.MANUAL).first()


def lockouts_in_force(*, user, now: datetime | None = None) -> list[Lockout]:
    if user.individual_id is None:
        return list(Lockout.objects.in_force(now).filter(user=user))
    fingerprint = fingerprint_for(user.individual)
    return list(Lockout.objects.in_force(now).for_person(user=user, fingerprint=fingerprint).order_by("-until"))


def _last_cleared(*, scope: str, **match) -> datetime | None:
    return Lockout.objects.filter(scope=scope, cleared_at__isnull=False, **match).aggregate(m=Max("cleared_at"))["m"]


def _counted(**match):
    """Attempts that count towards the limits: every try that did not pass (support's manual
    verification does not count)."""
    return Attempt.objects.filter(**match).exclude(outcome=Outcome.PASSED).exclude(method=Method.MANUAL)


def user_attempts_since(*, user, now: datetime) -> int:
    since = now - USER_WINDOW
    cleared = _last_cleared(scope=LockScope.USER, user=user)
    if cleared and cleared > since:
        since = cleared
    return _counted(user=user, started_at__gt=since).count()


def fingerprint_attempts_since(*, fingerprint: str, now: datetime) -> int:
    since = now - SSN_WINDOW
    cleared = _last_cleared(scope=LockScope.SSN, fingerprint=fingerprint)
    if cleared and cleared > since:
        since = cleared
    return _counted(fingerprint=fingerprint, started_at__gt=since).count()


def attempts_left(*, user, now: datetime | None = None) -> int:
    return max(0, USER_ATTEMPTS - user_attempts_since(user=user, now=now or timezone.now()))


def limits_reached(*, user, fingerprint: str, now: datetime) -> list[str]:
    """Which attempt limits (LockScope values) are reached right now."""
    reached = []
    if user_attempts_since(user=user, now=now) >= USER_ATTEMPTS:
        reached.append(LockScope.USER)
    if fingerprint_attempts_since(fingerprint=fingerprint, now=now) >= SSN_ATTEMPTS:
        reached.append(LockScope.SSN)
    return reached


def attempts_for_support(*, user=None, fingerprint: str | None = None):
    """A person's attempts for the admin, newest first (never answers or codes: none are stored)."""
    q = Q(user=user) if user is not None else Q()
    if fingerprint:
        q |= Q(fingerprint=fingerprint)
    return Attempt.objects.filter(q).select_related("user", "performed_by").order_by("-started_at")
