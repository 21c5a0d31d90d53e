"""Writes of the accounts app: every state change is one function here."""

import datetime as dt
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from crd.models import Individual
from finpro.support_groups import refuse_unless_may_act_on
from notifications.services import notify

from . import selectors, signin_throttle
from .address import fold
from .choices import (
    ACTIVATION_LINK_HOURS,
    EMAIL_CHANGE_LINK_HOURS,
    RESET_LINK_MINUTES,
    SIGN_IN_FREE_FAILURES,
    EmailKind,
    TokenPurpose,
)
from .models import AccountToken, PrivacyAcknowledgment, Profile, SecurityAnswer, SignInEvent, User


class AccountExists(Exception):
    """The Individual already has a FinPro account."""


@dataclass(frozen=True)
class NewProfile:
    """The cleaned Create Profile form."""

    individual_id: int
    username: str
    first_name: str
    last_name: str
    middle_name: str
    prefix: str
    suffix: str
    personal_email: str
    business_email: str
    business_phone: str
    personal_phone: str
    address_line1: str
    city: str
    state: str
    postal_code: str
    country: str
    address_confirmed_as_entered: bool


def _clip(value: str, n: int = 300) -> str:
    return (value or "")[:n]


def privacy_acknowledge(*, version: str, ip_address: str | None, user_agent: str) -> PrivacyAcknowledgment:
    return PrivacyAcknowledgment.objects.create(version=version, ip_address=ip_address, user_agent=_clip(user_agent))


def _token_issue(*, user: User, purpose: str, lifetime: timedelta, new_email: str = "", email_field: str = "") -> str:
    raw = secrets.token_urlsafe(32)
    AccountToken.objects.create(
        user=user, purpose=purpose, token_hash=selectors.token_hash(raw), new_email=new_email,
        email_field=email_field, expires_at=timezone.now() + lifetime,
    )
    return raw


def _send_activation(*, user: User, link_base: str) -> None:
    # Older activation links stop working once a new one is sent.
    AccountToken.objects.filter(user=user, purpose=TokenPurpose.ACTIVATION, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    raw = _token_issue(user=user, purpose=TokenPurpose.ACTIVATION, lifetime=timedelta(hours=ACTIVATION_LINK_HOURS))
    notify(
        kind="account_activation", address=user.email, recipient=user, individual=user.individual,
        context={"user_id": user.username, "first_name": user.first_name, "hours": ACTIVATION_LINK_HOURS,
                 "link": link_base + reverse("accounts:activate", args=[raw])},
        sensitive=True,
    )


def account_create(*, data: NewProfile, acknowledgment_id: int | None, link_base: str) -> User:
    """Create the account for a matched Individual, its profile, and send the activation link.
    Raises AccountExists when the Individual already has an account (checked under a row lock)."""
    with transaction.atomic():
        individual = Individual.objects.select_for_update().get(pk=data.individual_id)
        if selectors.individual_has_account(individual=individual):
            raise AccountExists
        user = User(
            username=data.username, first_name=data.first_name, last_name=data.last_name,
            email=data.personal_email, individual=individual,
        )
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise ValidationError({"username": "That User ID is taken. Choose another or generate one."}) from exc
        Profile.objects.create(
            user=user, prefix=data.prefix, middle_name=data.middle_name, suffix=data.suffix,
            business_phone=data.business_phone, personal_phone=data.personal_phone,
            business_email=data.business_email, address_line1=data.address_line1, city=data.city,
            state=data.state, postal_code=data.postal_code, country=data.country,
            address_confirmed_as_entered=data.address_confirmed_as_entered,
        )
        if acknowledgment_id:
            PrivacyAcknowledgment.objects.filter(pk=acknowledgment_id, user__isnull=True).update(user=user)
        _send_activation(user=user, link_base=link_base)
    return user


def user_id_suggest(*, first_name: str, last_name: str) -> str:
    """A free User ID built from the name with a random number, e.g. jordan.example4821. Never
    the bare name: whether that is free would tell a stranger whether a User ID exists."""
    base = ".".join(p for p in (fold(first_name).replace(" ", ""), fold(last_name).replace(" ", "")) if p)
    base = "".join(c for c in base if c.isascii() and (c.isalnum() or c in "._-"))[:24] or "finpro.user"
    if len(base) < 4:
        base = f"{base}.user"
    for _ in range(50):
        candidate = f"{base}{secrets.randbelow(9000) + 1000}"
        if selectors.user_id_is_free(username=candidate):
            return candidate
    return f"user{secrets.token_hex(4)}"


def activation_resend(*, token: AccountToken, link_base: str) -> bool:
    """Send a fresh activation link for an expired or used one, when the account still has no password."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=token.user_id)
        if user.has_usable_password() or not user.is_active:
            return False
        _send_activation(user=user, link_base=link_base)
    return True


def password_set_from_token(*, raw: str, purpose: str, password: str) -> User:
    """Set the password from an activation or reset link. The link is used up; a reset also
    ends every other session (Django drops sessions whose password hash changed) and lifts
    the failed-sign-in lock. Raises ValidationError for an unusable link."""
    with transaction.atomic():
        token = AccountToken.objects.select_for_update().filter(
            token_hash=selectors.token_hash(raw), purpose=purpose
        ).first()
        if token is None or not token.is_usable:
            raise ValidationError("This link has expired or was already used.", code="link_unusable")
        user = User.objects.select_for_update().get(pk=token.user_id)
        user.set_password(password)
        user.failed_sign_ins = 0
        user.password_disabled_at = None
        user.save(update_fields=["password", "failed_sign_ins", "password_disabled_at"])
        signin_throttle.clear(username=user.username)
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
        AccountToken.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(used_at=token.used_at)
        if purpose == TokenPurpose.ACTIVATION:
            # Following the emailed link proves the personal email; the person just entered both.
            Profile.objects.filter(user=user).update(contact_emails_confirmed_on=timezone.localdate())
    return user


def normalise_answer(answer: str) -> str:
    return fold(answer)


def security_questions_set(*, user: User, answers: list[tuple[str, str]]) -> None:
    """Store three different questions with hashed, normalised answers (replacing any earlier ones)."""
    questions = [q for q, _ in answers]
    if len(answers) != 3 or len(set(questions)) != 3:
        raise ValidationError("Choose three different questions.")
    if any(not normalise_answer(a) for _, a in answers):
        raise ValidationError("Answer each question.")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        SecurityAnswer.objects.filter(user=user).delete()
        SecurityAnswer.objects.bulk_create(
            SecurityAnswer(user=user, question=q, answer_hash=make_password(normalise_answer(a))) for q, a in answers
        )


def security_answer_check(*, user: User, question: str, answer: str) -> bool:
    stored = SecurityAnswer.objects.filter(user=user, question=question).first()
    return bool(stored) and check_password(normalise_answer(answer), stored.answer_hash)


def sign_in_record(*, user: User, ip_address: str | None, user_agent: str, method: str = "") -> SignInEvent:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_sign_ins=0, last_access_at=timezone.now())
        return SignInEvent.objects.create(
            user=user, ip_address=ip_address, user_agent=_clip(user_agent), method=method[:20]
        )


def sign_in_failure_record(*, username: str) -> None:
    """Count a failed password sign-in (consecutive, shown to support). When the count reaches
    the point where sign-in attempts start to be delayed, the owner is emailed: how to get in
    (a password reset) and that nothing is needed if it was them."""
    if not username:
        return
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username__iexact=username).first()
        if user is None:
            return
        user.failed_sign_ins += 1
        user.save(update_fields=["failed_sign_ins"])
        if user.failed_sign_ins == SIGN_IN_FREE_FAILURES and user.email:
            notify(kind="sign_in_failures", address=user.email, recipient=user, individual=user.individual,
                   context={"first_name": user.first_name, "failures": user.failed_sign_ins})


def account_unlock(*, user: User, by: User) -> None:
    """Support lifts the failed-sign-in lock (never their own, nor a staff account unless superuser)."""
    refuse_unless_may_act_on(by=by, user=user, permission="accounts.change_user")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).update(failed_sign_ins=0, password_disabled_at=None)
    signin_throttle.clear(username=user.username)


def activation_resend_by_support(*, user: User, by: User, link_base: str) -> bool:
    """Support sends a fresh activation link to the account's own email. False when the account
    already has a password (then only a reset email leads to a new one) or is inactive."""
    refuse_unless_may_act_on(by=by, user=user, permission="accounts.change_user")
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        if account.has_usable_password() or not account.is_active or not account.email:
            return False
        _send_activation(user=account, link_base=link_base)
    return True


STAFF_ONLY_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions", "password")


def user_admin_save(*, user: User, by: User, form=None) -> User:
    """Save a User edited in the admin. Only superusers edit accounts there (support staff use the
    Unlock and Resend activation actions); a staff account is never linked to a CRD Individual."""
    if by is None or not by.is_superuser:
        raise PermissionDenied("Only a superuser can edit accounts.")
    if (user.is_staff or user.is_superuser) and user.individual_id:
        raise ValidationError({"individual": "A staff account cannot be linked to a person in CRD. "
                                             "Use a separate account for the person's own record."})
    with transaction.atomic():
        user.save()
        if form is not None:
            form.save_m2m()
    return user


def password_reset_request(*, identifier: str, link_base: str) -> None:
    """Email a 30-minute single-use reset link to the personal email of the account whose
    User ID or personal email is `identifier`. Does nothing visible when there is none."""
    user = selectors.user_for_identifier(identifier=identifier)
    if user is None or not user.email:
        return
    with transaction.atomic():
        AccountToken.objects.filter(user=user, purpose=TokenPurpose.PASSWORD_RESET, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        raw = _token_issue(user=user, purpose=TokenPurpose.PASSWORD_RESET,
                           lifetime=timedelta(minutes=RESET_LINK_MINUTES))
        notify(
            kind="password_reset", address=user.email, recipient=user, individual=user.individual,
            context={"user_id": user.username, "first_name": user.first_name, "minutes": RESET_LINK_MINUTES,
                     "link": link_base + reverse("accounts:reset_password", args=[raw])},
            sensitive=True,
        )


def user_id_reminder_request(*, email: str) -> None:
    """Email the User ID(s) registered to a personal email; nothing visible when there is none."""
    users = selectors.users_for_email(email=email)
    if not users:
        return
    with transaction.atomic():
        notify(
            kind="user_id_reminder", address=users[0].email, recipient=users[0], individual=users[0].individual,
            context={"first_name": users[0].first_name, "user_ids": [u.username for u in users],
                     "login_path": reverse("account_login")},
        )


def email_change_request(*, user: User, kind: str, new_email: str, link_base: str) -> None:
    """Send a confirmation link to the new address; nothing changes until it is followed."""
    with transaction.atomic():
        AccountToken.objects.filter(user=user, purpose=TokenPurpose.EMAIL_CHANGE, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        raw = _token_issue(user=user, purpose=TokenPurpose.EMAIL_CHANGE, new_email=new_email, email_field=kind,
                           lifetime=timedelta(hours=EMAIL_CHANGE_LINK_HOURS))
        notify(
            kind="email_change_confirm", address=new_email, recipient=user, individual=user.individual,
            context={"first_name": user.first_name, "label": EmailKind(kind).label,
                     "hours": EMAIL_CHANGE_LINK_HOURS,
                     "link": link_base + reverse("account:confirm_email", args=[raw])},
            sensitive=True,  # the link changes the account's email: a secret like a passcode
        )


def email_change_confirm(*, raw: str) -> User:
    """Switch the address named in the link and tell the old address. Single use."""
    with transaction.atomic():
        token = AccountToken.objects.select_for_update().filter(
            token_hash=selectors.token_hash(raw), purpose=TokenPurpose.EMAIL_CHANGE
        ).first()
        if token is None or not token.is_usable:
            raise ValidationError("This link has expired or was already used.", code="link_unusable")
        user = User.objects.select_for_update().get(pk=token.user_id)
        profile = Profile.objects.select_for_update().get(user=user)
        if token.email_field == EmailKind.PERSONAL:
            old = user.email
            user.email = token.new_email
            user.save(update_fields=["email"])
        else:
            old = profile.business_email
            profile.business_email = token.new_email
            profile.save(update_fields=["business_email", "updated_at"])
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
        if old:
            notify(
                kind="email_changed_notice", address=old, recipient=user, individual=user.individual,
                context={"first_name": user.first_name, "label": EmailKind(token.email_field).label},
            )
    return user


def contact_emails_confirm(*, user: User) -> Profile:
    """The person says their personal and business emails are still correct (My Account)."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(user=user)
        profile.contact_emails_confirmed_on = timezone.localdate()
        profile.save(update_fields=["contact_emails_confirmed_on", "updated_at"])
    return profile


def profile_update_phones(*, user: User, business_phone: str, personal_phone: str) -> Profile:
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(user=user)
        profile.business_phone = business_phone
        profile.personal_phone = personal_phone
        profile.save(update_fields=["business_phone", "personal_phone", "updated_at"])
    return profile


def profile_update_address(
    *, user: User, address_line1: str, city: str, state: str, postal_code: str, country: str,
    confirmed_as_entered: bool,
) -> Profile:
    """Change the residential address; refused while the person is associated with a firm
    (the firm's compliance department files the change)."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(user=user)
        if selectors.is_associated_with_firm(user=user):
            raise ValidationError(
                "You are associated with a firm. Ask your firm's compliance department to update your address."
            )
        profile.address_line1, profile.city, profile.state = address_line1, city, state
        profile.postal_code, profile.country = postal_code, country
        profile.address_confirmed_as_entered = confirmed_as_entered
        profile.save()
    return profile



def social_account_connect(*, user: User, provider: str, uid: str, extra_data: dict) -> None:
    """Connect a Google account (from a first-time Google sign-in) to the account just created."""
    from allauth.socialaccount.models import SocialAccount

    with transaction.atomic():
        if SocialAccount.objects.filter(provider=provider, uid=uid).exists():
            return
        SocialAccount.objects.create(user=user, provider=provider, uid=uid, extra_data=extra_data or {})


def user_last_access_record(*, user, interval: dt.timedelta, now: dt.datetime | None = None) -> bool:
    """Stamp `last_access_at` unless it was stamped within `interval`: at most one UPDATE per
    user per interval, and none at all while the stamp is fresh (checked on the loaded user).
    Returns whether it wrote."""
    now = now or timezone.now()
    last = user.last_access_at
    if last is not None and now - last < interval:
        return False
    updated = User.objects.filter(pk=user.pk).filter(
        Q(last_access_at__isnull=True) | Q(last_access_at__lt=now - interval)).update(last_access_at=now)
    user.last_access_at = now
    return bool(updated)
