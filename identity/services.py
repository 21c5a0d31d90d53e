"""Every write of identity verification. Each state change locks the person's case row
(`select_for_update`) inside `transaction.atomic()`."""

import contextlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from finpro.support_groups import refuse_unless_may_act_on
from notifications.choices import Channel
from notifications.services import notify

from . import selectors
from .choices import (
    PASSCODE_DIGITS,
    PASSCODE_LOCK,
    PASSCODE_MAX_WRONG,
    PASSCODE_METHODS,
    PASSCODE_TTL,
    QUESTIONS_GRACE,
    QUESTIONS_TIME_LIMIT,
    SEND_MAX_IN_WINDOW,
    SEND_MIN_INTERVAL,
    SEND_WINDOW,
    SSN_WINDOW,
    USER_WINDOW,
    FailureReason,
    LockScope,
    Method,
    Outcome,
    PasscodePurpose,
)
from .models import Attempt, Lockout, Passcode, VerificationCase
from .providers import QuizUnavailable, get_bureau

logger = logging.getLogger(__name__)


class VerificationRefused(Exception):
    """The request cannot be honoured now; `str(exc)` is a message for the person."""


class SendLimited(VerificationRefused):
    def __init__(self, wait: timedelta):
        self.wait_seconds = max(1, int(wait.total_seconds() + 0.999))
        super().__init__(
            f"A passcode was sent moments ago. You can ask for another in {self.wait_seconds} seconds."
        )


# ---- Passcodes (generic: bound to a purpose) ---------------------------------------------

def _code_hash(*, user_id: int, purpose: str, code: str) -> str:
    return salted_hmac("identity.passcode", f"{purpose}:{user_id}:{code}", algorithm="sha256").hexdigest()


def passcode_issue(*, user, purpose: str, phone: str, channel: str, now: datetime | None = None) -> str:
    """Create a passcode for `purpose` and return it (the caller sends it; only its hash is
    kept). Refuses with SendLimited beyond 1 send per 30 s or 10 per 5 min to a phone.
    Earlier unused codes for the same purpose stop working."""
    now = now or timezone.now()
    recent = list(
        Passcode.objects.filter(phone=phone, created_at__gte=now - SEND_WINDOW)
        .order_by("-created_at").values_list("created_at", flat=True)[:SEND_MAX_IN_WINDOW]
    )
    if recent and now - recent[0] < SEND_MIN_INTERVAL:
        raise SendLimited(SEND_MIN_INTERVAL - (now - recent[0]))
    if len(recent) >= SEND_MAX_IN_WINDOW:
        exc = SendLimited(recent[-1] + SEND_WINDOW - now)
        exc.args = (f"Too many passcodes were sent to this phone. Try again in {exc.wait_seconds} seconds.",)
        raise exc
    Passcode.objects.filter(user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    code = f"{secrets.randbelow(10**PASSCODE_DIGITS):0{PASSCODE_DIGITS}d}"
    Passcode.objects.create(
        user=user, purpose=purpose, phone=phone, channel=channel,
        code_hash=_code_hash(user_id=user.pk, purpose=purpose, code=code),
        created_at=now, expires_at=now + PASSCODE_TTL,
    )
    return code


def passcode_redeem(*, user, purpose: str, code: str, now: datetime | None = None) -> bool:
    """True, once, for the latest live passcode of this user and purpose; False otherwise."""
    now = now or timezone.now()
    code = (code or "").strip()
    if len(code) != PASSCODE_DIGITS or not code.isdigit():
        return False
    with transaction.atomic():
        row = (Passcode.objects.select_for_update()
               .filter(user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=now)
               .order_by("-created_at").first())
        expected = _code_hash(user_id=user.pk, purpose=purpose, code=code)
        if row is None or not constant_time_compare(row.code_hash, expected):
            return False
        row.used_at = now
        row.save(update_fields=["used_at"])
    return True


def passcode_latest(*, user, purpose: str) -> Passcode | None:
    return Passcode.objects.filter(user=user, purpose=purpose).order_by("-created_at").first()


# ---- The verification case ----------------------------------------------------------------

def _locked_case(user) -> VerificationCase:
    VerificationCase.objects.get_or_create(user=user)
    return VerificationCase.objects.select_for_update().get(user=user)


def _require_individual(user):
    if user.individual_id is None:
        raise VerificationRefused("This account is not linked to a person in CRD. Please call support.")
    return user.individual


def _apply_limits(*, user, fingerprint: str, now: datetime) -> list[Lockout]:
    """Start a lockout for each attempt limit that is reached and not already locked."""
    created = []
    in_force = {lock.scope for lock in selectors.lockouts_in_force(user=user, now=now)}
    for scope in selectors.limits_reached(user=user, fingerprint=fingerprint, now=now):
        if scope in in_force:
            continue
        if scope == LockScope.USER:
            lock = Lockout(scope=scope, user=user, fingerprint=fingerprint, until=now + USER_WINDOW,
                           reason="Too many verification attempts on this account (5 in 6 hours).")
        else:
            lock = Lockout(scope=scope, user=user, fingerprint=fingerprint, until=now + SSN_WINDOW,
                           reason="Too many verification attempts for this person across accounts (10 in 1 hour).")
        lock.created_at = now
        lock.save()
        created.append(lock)
    return created


def _refuse_if_locked(*, user, now: datetime) -> None:
    if selectors.lockouts_in_force(user=user, now=now):
        raise VerificationRefused("Verification is paused for now. Please see the page for what to do next.")


def _finish(*, attempt: Attempt, case: VerificationCase, outcome: str, reason: str = "", now: datetime) -> None:
    attempt.outcome = outcome
    attempt.failure_reason = reason
    attempt.finished_at = now
    attempt.questions = []
    attempt.save(update_fields=["outcome", "failure_reason", "finished_at", "questions"])
    case.method = ""
    if outcome != Outcome.PASSED and outcome != Outcome.ABANDONED:
        case.failed_at = now
    case.save(update_fields=["method", "failed_at", "updated_at"])
    if outcome != Outcome.PASSED:
        _apply_limits(user=case.user, fingerprint=attempt.fingerprint, now=now)


def case_start(*, user, now: datetime | None = None) -> VerificationCase:
    """The person pressed Continue on the start page."""
    with transaction.atomic():
        case = _locked_case(user)
        if case.started_at is None:
            case.started_at = now or timezone.now()
            case.save(update_fields=["started_at", "updated_at"])
    return case


def _send_passcode(*, user, attempt: Attempt, channel: str, phone: str, now: datetime) -> None:
    code = passcode_issue(user=user, purpose=PasscodePurpose.IDENTITY, phone=phone, channel=channel, now=now)
    kind = "identity_passcode" if channel == Method.SMS else "identity_passcode_voice"
    notify(
        kind=kind, channel=Channel.SMS if channel == Method.SMS else Channel.VOICE, address=phone,
        context={"code": code, "spoken_code": ", ".join(code), "minutes": int(PASSCODE_TTL.total_seconds() // 60)},
        recipient=user, individual=user.individual, sensitive=True,
    )
    logger.info("identity passcode sent for attempt %s by %s", attempt.pk, channel)


def case_choose(*, user, method: str, now: datetime | None = None) -> Attempt:
    """Begin an attempt with the chosen method: send the first passcode, or open a quiz."""
    now = now or timezone.now()
    individual = _require_individual(user)
    with transaction.atomic():
        case = _locked_case(user)
        if case.started_at is None:
            raise VerificationRefused("Press Continue on the first page to begin.")
        options = selectors.options_for(user=user)
        if not options.allows(method):
            raise VerificationRefused("That way of verifying is not available for you.")
        _refuse_if_locked(user=user, now=now)
        fingerprint = selectors.fingerprint_for(individual)
        if _apply_limits(user=user, fingerprint=fingerprint, now=now):
            raise VerificationRefused("Verification is paused for now.")
        for stale in Attempt.objects.filter(user=user, outcome=Outcome.PENDING).exclude(method=Method.MANUAL):
            _finish(attempt=stale, case=case, outcome=Outcome.ABANDONED, now=now)
        attempt = Attempt.objects.create(user=user, individual=individual, fingerprint=fingerprint,
                                         method=method, started_at=now)
        if method in PASSCODE_METHODS:
            attempt.phone_last4 = options.phone_last4
            attempt.save(update_fields=["phone_last4"])
            _send_passcode(user=user, attempt=attempt, channel=method, phone=options.phone, now=now)
        else:
            questions = get_bureau().quiz_start(individual=individual, reference=attempt.quiz_reference)
            attempt.questions = [{"prompt": q.prompt, "choices": list(q.choices)} for q in questions]
            attempt.deadline = now + QUESTIONS_TIME_LIMIT
            attempt.save(update_fields=["questions", "deadline"])
        case.method = method
        case.failed_at = None
        case.save(update_fields=["method", "failed_at", "updated_at"])
    return attempt


def _pending(case: VerificationCase, methods) -> Attempt:
    attempt = (Attempt.objects.select_for_update()
               .filter(user=case.user, outcome=Outcome.PENDING, method__in=methods).first())
    if attempt is None:
        raise VerificationRefused("There is nothing to answer right now. Start again from the options.")
    return attempt


def passcode_resend(*, user, channel: str, now: datetime | None = None) -> Attempt:
    """Send a new passcode for the open attempt, by text or by voice call."""
    now = now or timezone.now()
    if channel not in PASSCODE_METHODS:
        raise VerificationRefused("Choose text message or voice call.")
    with transaction.atomic():
        case = _locked_case(user)
        attempt = _pending(case, PASSCODE_METHODS)
        _refuse_if_locked(user=user, now=now)
        options = selectors.options_for(user=user)
        if not options.passcode:
            raise VerificationRefused("A passcode can no longer be sent to your phone.")
        _send_passcode(user=user, attempt=attempt, channel=channel, phone=options.phone, now=now)
        attempt.method = channel
        attempt.save(update_fields=["method"])
        case.method = channel
        case.save(update_fields=["method", "updated_at"])
    return attempt


@dataclass(frozen=True)
class SubmitResult:
    outcome: str  # Outcome value; PENDING means "wrong, try again"
    message: str = ""


def passcode_submit(*, user, code: str, now: datetime | None = None) -> SubmitResult:
    """Check a passcode for the open attempt. Right: the account is verified. Wrong: counted;
    the 10th wrong passcode fails the attempt and pauses passcode entry for 10 minutes."""
    now = now or timezone.now()
    with transaction.atomic():
        case = _locked_case(user)
        attempt = _pending(case, PASSCODE_METHODS)
        _refuse_if_locked(user=user, now=now)
        if passcode_redeem(user=user, purpose=PasscodePurpose.IDENTITY, code=code, now=now):
            _finish(attempt=attempt, case=case, outcome=Outcome.PASSED, now=now)
            identity_verify(user=user, now=now)
            return SubmitResult(Outcome.PASSED)
        attempt.wrong_codes += 1
        attempt.save(update_fields=["wrong_codes"])
        if attempt.wrong_codes >= PASSCODE_MAX_WRONG:
            Lockout.objects.create(scope=LockScope.PASSCODE, user=user, fingerprint=attempt.fingerprint,
                                   created_at=now, until=now + PASSCODE_LOCK,
                                   reason="Ten wrong passcodes in a row.")
            _finish(attempt=attempt, case=case, outcome=Outcome.FAILED, reason=FailureReason.WRONG_CODES, now=now)
            return SubmitResult(Outcome.FAILED)
        return SubmitResult(Outcome.PENDING, "That passcode is not right or has expired. "
                            "Check the latest message and try again.")


def questions_submit(*, user, answers: list[int | None], now: datetime | None = None) -> SubmitResult:
    """Grade the open quiz. The answers are passed to the bureau and forgotten; only the
    outcome is recorded. Late answers (past the time limit) fail the attempt."""
    now = now or timezone.now()
    bureau = get_bureau()
    with transaction.atomic():
        case = _locked_case(user)
        attempt = _pending(case, [Method.QUESTIONS])
        if attempt.deadline and now > attempt.deadline + QUESTIONS_GRACE:
            _discard_quiz(attempt)
            _finish(attempt=attempt, case=case, outcome=Outcome.EXPIRED, reason=FailureReason.TIME_UP, now=now)
            return SubmitResult(Outcome.EXPIRED)
        try:
            result = bureau.quiz_grade(reference=attempt.quiz_reference, answers=answers)
        except QuizUnavailable:
            result = None
        if result is None or not result.passed:
            _finish(attempt=attempt, case=case, outcome=Outcome.FAILED, reason=FailureReason.WRONG_ANSWERS, now=now)
            return SubmitResult(Outcome.FAILED)
        _finish(attempt=attempt, case=case, outcome=Outcome.PASSED, now=now)
        identity_verify(user=user, now=now)
        return SubmitResult(Outcome.PASSED)


def _discard_quiz(attempt: Attempt) -> None:
    with contextlib.suppress(QuizUnavailable):
        get_bureau().quiz_grade(reference=attempt.quiz_reference, answers=[])


def case_expire_stale(*, user, now: datetime | None = None) -> bool:
    """Fail an open quiz whose time ran out (called when the flow is displayed)."""
    now = now or timezone.now()
    attempt = selectors.pending_attempt(user=user)
    if attempt is None or attempt.method != Method.QUESTIONS or not attempt.deadline:
        return False
    if now <= attempt.deadline + QUESTIONS_GRACE:
        return False
    with transaction.atomic():
        case = _locked_case(user)
        attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.outcome != Outcome.PENDING:
            return False
        _discard_quiz(attempt)
        _finish(attempt=attempt, case=case, outcome=Outcome.EXPIRED, reason=FailureReason.TIME_UP, now=now)
    return True


def case_back_to_options(*, user, now: datetime | None = None) -> None:
    """"Choose another way": the open attempt is abandoned (it still counts) and the options return."""
    now = now or timezone.now()
    with transaction.atomic():
        case = _locked_case(user)
        for attempt in Attempt.objects.select_for_update().filter(user=user, outcome=Outcome.PENDING).exclude(
            method=Method.MANUAL
        ):
            if attempt.method == Method.QUESTIONS:
                _discard_quiz(attempt)
            _finish(attempt=attempt, case=case, outcome=Outcome.ABANDONED, now=now)
        case.method = ""
        case.save(update_fields=["method", "updated_at"])


def case_retry(*, user) -> None:
    """The person read the failure page and wants to try again."""
    with transaction.atomic():
        case = _locked_case(user)
        case.failed_at = None
        case.save(update_fields=["failed_at", "updated_at"])


# ---- Verified ------------------------------------------------------------------------------

def identity_verify(*, user, now: datetime | None = None, by_support: Attempt | None = None):
    """Mark the account verified (once) and email that it is ready (or, after a manual
    verification, that support verified them, when and with which call reference)."""
    now = now or timezone.now()
    User = get_user_model()
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        if account.identity_verified_at is not None:
            return account
        if account.individual_id is None:
            raise VerificationRefused("This account is not linked to a person in CRD.")
        account.identity_verified_at = now
        account.save(update_fields=["identity_verified_at"])
        VerificationCase.objects.filter(user=account).update(method="", failed_at=None)
        if account.email:
            context = {"first_name": account.individual.first_name, "username": account.username}
            if by_support is not None:
                context |= {"verified_on": timezone.localdate(now), "call_reference": by_support.call_reference}
            notify(kind="identity_verified_by_support" if by_support else "identity_verified",
                   address=account.email, recipient=account, individual=account.individual, context=context)
    user.identity_verified_at = account.identity_verified_at
    return account


def identity_verify_manually(*, user, by, reason: str, call_reference: str, now: datetime | None = None):
    """Support verified the person on a call. Needs identity.verify_manually, a reason and the
    call's reference; never one's own account nor (unless superuser) a staff account. Recorded as
    an attempt with who, when, why and the call; the person is emailed that it happened."""
    now = now or timezone.now()
    reason, call_reference = (reason or "").strip(), (call_reference or "").strip()
    if not by.has_perm("identity.verify_manually"):
        raise PermissionDenied("You may not verify people manually.")
    refuse_unless_may_act_on(by=by, user=user, permission="identity.verify_manually")
    errors = {}
    if not reason:
        errors["reason"] = "Say how you verified the person (the call and what you checked)."
    if not call_reference:
        errors["call_reference"] = "Enter the call's reference (ticket or call ID)."
    if errors:
        raise ValidationError(errors)
    individual = _require_individual(user)
    with transaction.atomic():
        case = _locked_case(user)
        for attempt in Attempt.objects.select_for_update().filter(user=user, outcome=Outcome.PENDING):
            _finish(attempt=attempt, case=case, outcome=Outcome.ABANDONED, now=now)
        manual = Attempt.objects.create(
            user=user, individual=individual, fingerprint=selectors.fingerprint_for(individual), method=Method.MANUAL,
            outcome=Outcome.PASSED, started_at=now, finished_at=now, performed_by=by, reason=reason,
            call_reference=call_reference,
        )
        return identity_verify(user=user, now=now, by_support=manual)


def lockout_clear(*, lockout: Lockout, by, reason: str = "", now: datetime | None = None) -> bool:
    """Support lifts a lockout (recorded with who, when and why). False if it was not in force.
    Nobody clears a lockout on their own account."""
    now = now or timezone.now()
    with transaction.atomic():
        lock = Lockout.objects.select_for_update().select_related("user").get(pk=lockout.pk)
        if lock.user is not None:
            refuse_unless_may_act_on(by=by, user=lock.user, permission="identity.change_lockout")
        elif by is None or not by.has_perm("identity.change_lockout"):
            raise PermissionDenied("You do not have permission to do that.")
        if lock.cleared_at is not None:
            return False
        lock.cleared_at, lock.cleared_by, lock.clear_reason = now, by, (reason or "").strip()
        lock.save(update_fields=["cleared_at", "cleared_by", "clear_reason"])
    return True


def lockouts_clear_for(*, user, by, reason: str = "", now: datetime | None = None) -> int:
    """Clear every lockout in force for this person (account, SSN fingerprint, passcode)."""
    now = now or timezone.now()
    refuse_unless_may_act_on(by=by, user=user, permission="identity.change_lockout")
    cleared = 0
    for lock in selectors.lockouts_in_force(user=user, now=now):
        cleared += lockout_clear(lockout=lock, by=by, reason=reason, now=now)
    if cleared:
        VerificationCase.objects.filter(user=user).update(failed_at=None)
    return cleared
