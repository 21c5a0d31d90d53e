"""Reads of the accounts app."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from crd.models import Individual

from .address import fold
from .choices import CONTACT_EMAILS_CONFIRM_DAYS, EmailKind, TokenPurpose
from .models import AccountToken, Profile, SecurityAnswer, SignInEvent, User


def _name_key(name: str) -> str:
    """Names compare ignoring case, accents, spaces and punctuation (Ávila-Núñez = avila nunez)."""
    return fold(name).replace(" ", "")


def is_rep_account(*, user) -> bool:
    """Does this account belong to a representative, who must finish account setup and verify
    their identity? Yes when it was made for a CRD person. An account with no CRD person is a
    rep's too (one who cannot go further, and is told why), unless it belongs to support staff
    or firm staff, who are not reps and work in the admin or the firm section."""
    from firmsettings.selectors import has_membership

    if user.individual_id is not None:
        return True
    return not user.is_staff and not has_membership(user=user)


def has_security_questions(*, user) -> bool:
    """True once the person has chosen their security questions (the account-setup gate)."""
    if not getattr(user, "pk", None):
        return False
    return SecurityAnswer.objects.filter(user_id=user.pk).exists()


@dataclass(frozen=True)
class SignupMatch:
    """The outcome of matching Create Profile against CRD: the person, or why not.
    `names_differ` is True when the SSN (or CRD#) and Date of Birth found one person whose legal
    name is not the one entered; which of the names differs is not said."""

    individual: Individual | None
    names_differ: bool = False


def signup_match(
    *, date_of_birth, first_name: str, last_name: str, ssn: str = "", crd_number: int | None = None
) -> SignupMatch:
    """The CRD Individual matching SSN (or CRD# for a person without one) and date of birth,
    whose legal first and last names match ignoring case, accents, spaces and punctuation."""
    if ssn:
        candidates = Individual.objects.with_ssn(ssn)
    elif crd_number:
        candidates = Individual.objects.filter(crd_number=crd_number, has_no_ssn=True)
    else:
        return SignupMatch(None)
    person = candidates.filter(date_of_birth=date_of_birth).first()
    if person is None:
        return SignupMatch(None)
    if _name_key(person.first_name) != _name_key(first_name) or _name_key(person.last_name) != _name_key(last_name):
        return SignupMatch(None, names_differ=True)
    return SignupMatch(person)


def individual_for_signup(**kwargs) -> Individual | None:
    return signup_match(**kwargs).individual


def individual_has_account(*, individual: Individual) -> bool:
    return User.objects.filter(individual=individual).exists()


def user_id_is_free(*, username: str) -> bool:
    return not User.objects.filter(username__iexact=username).exists()


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_find(*, raw: str, purpose: str) -> AccountToken | None:
    """The token for an emailed link, usable or not (the view says which)."""
    if not raw or len(raw) > 100:
        return None
    return AccountToken.objects.select_related("user").filter(token_hash=token_hash(raw), purpose=purpose).first()


def user_for_identifier(*, identifier: str) -> User | None:
    """The active account whose User ID or personal email is `identifier` (forgot password)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    return (
        User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True)
        .order_by("pk")
        .first()
    )


def users_for_email(*, email: str) -> list[User]:
    email = (email or "").strip()
    if not email:
        return []
    return list(User.objects.filter(email__iexact=email, is_active=True).order_by("username")[:5])


# Browser and system names read from a User-Agent header, first match wins (Edge and Opera
# say "Chrome" too, Chrome says "Safari", so they come first).
_BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
             ("CriOS/", "Chrome"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari")]
_SYSTEMS = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("CrOS", "ChromeOS"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux")]


def device_label(user_agent: str) -> str:
    """'Chrome on Linux' for a sign-in's User-Agent header; 'Unknown browser' when we cannot tell."""
    ua = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in ua), "")
    system = next((name for marker, name in _SYSTEMS if marker in ua), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else "Unknown browser")


def recent_sign_ins(*, user, limit: int = 10) -> list[SignInEvent]:
    """The last sign-ins, each with `device` ("Chrome on Linux") for people to read."""
    events = list(SignInEvent.objects.filter(user=user).order_by("-at")[:limit])
    for event in events:
        event.device = device_label(event.user_agent)
    return events


def is_associated_with_firm(*, user) -> bool:
    """True when the person has a current Association (no end date, or one in the future)."""
    if not user.individual_id:
        return False
    today = timezone.localdate()
    return user.individual.associations.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).exists()


def url_after_account_setup() -> str:
    """Where a person goes once their security questions are set: identity verification."""
    return reverse("identity:start")


# --- The signed-in user, loaded once per request ------------------------------------------


def user_for_request(*, user_id) -> User | None:
    """The signed-in user as the authentication backend loads it for each request: one query
    for what every page reads (the user row, and whether they are firm staff, for the
    navigation and the gates). Pages that show the Profile or a waiting email change ask
    `profile_for` / `pending_email_change` themselves (one query for both)."""
    from firmsettings.models import FirmMembership

    user = (
        User._default_manager.annotate(firm_staff=Exists(FirmMembership.objects.filter(user_id=OuterRef("pk"))))
        .filter(pk=user_id)
        .first()
    )
    if user is not None:
        user._has_firm_membership = user.firm_staff  # read by firmsettings.selectors.has_membership
    return user


def pending_email_changes(*, user_id):
    """Email-change tokens of the user whose link still works, newest first."""
    return AccountToken.objects.filter(
        user_id=user_id, purpose=TokenPurpose.EMAIL_CHANGE, used_at__isnull=True, expires_at__gt=timezone.now(),
    ).order_by("-created_at")


def profile_for(*, user) -> Profile | None:
    """The person's Profile, together with the email change they started that still waits for
    confirmation, in one query (remembered on the user object: `pending_email_change` is then
    free)."""
    if not getattr(user, "pk", None):
        return None
    if "profile" in user._state.fields_cache:
        return user._state.fields_cache["profile"]
    pending = pending_email_changes(user_id=OuterRef("user_id"))
    profile = (
        Profile.objects.filter(user_id=user.pk)
        .annotate(
            pending_email_new=Subquery(pending.values("new_email")[:1]),
            pending_email_kind=Subquery(pending.values("email_field")[:1]),
            pending_email_expires_at=Subquery(pending.values("expires_at")[:1]),
        )
        .first()
    )
    user._state.fields_cache["profile"] = profile
    if profile is not None:
        profile._state.fields_cache["user"] = user
        user.pending_email_new = profile.pending_email_new
        user.pending_email_kind = profile.pending_email_kind
        user.pending_email_expires_at = profile.pending_email_expires_at
    return profile


def mask_email(address: str) -> str:
    """j•••@mail.example: enough for the person to recognise the address, not to read it."""
    local, _, domain = (address or "").partition("@")
    if not domain:
        return "•••"
    return f"{local[:1]}•••@{domain}"


@dataclass(frozen=True)
class PendingEmailChange:
    """An email change the person started; it waits for the link sent to the new address."""

    kind: str
    new_email: str
    expires_at: dt.datetime

    @property
    def label(self) -> str:
        return EmailKind(self.kind).label if self.kind in EmailKind.values else "email"

    @property
    def masked(self) -> str:
        return mask_email(self.new_email)


def pending_email_change(*, user) -> PendingEmailChange | None:
    """The person's email change waiting for confirmation (its link still usable), or None.
    Free after `profile_for` (which loads it with the Profile); one query otherwise."""
    if not getattr(user, "pk", None):
        return None
    if not hasattr(user, "pending_email_new") and "profile" not in user._state.fields_cache:
        profile_for(user=user)
    if hasattr(user, "pending_email_new"):
        new_email, kind, expires_at = user.pending_email_new, user.pending_email_kind, user.pending_email_expires_at
    else:
        token = pending_email_changes(user_id=user.pk).first()
        if token is None:
            return None
        new_email, kind, expires_at = token.new_email, token.email_field, token.expires_at
    if not new_email or expires_at is None or expires_at <= timezone.now():
        return None
    return PendingEmailChange(kind=kind, new_email=new_email, expires_at=expires_at)


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def contact_emails_due_on(*, profile: Profile | None = None, confirmed_on: dt.date | None = None) -> dt.date | None:
    """When the personal and business emails must next be confirmed as current: one year
    after they last were (`profile.contact_emails_confirmed_on`, or `confirmed_on` given
    alone). None when they never were (confirm now, no date)."""
    confirmed = profile.contact_emails_confirmed_on if profile is not None else confirmed_on
    return _one_year_after(confirmed) if confirmed else None


def contact_emails_confirmation_due(*, profile: Profile | None = None, confirmed_on: dt.date | None = None,
                                    today: dt.date | None = None) -> bool:
    """Should the person confirm their emails? Yes when they never did, and from
    CONTACT_EMAILS_CONFIRM_DAYS before the yearly date (so the task shows as due soon
    before it is overdue)."""
    due = contact_emails_due_on(profile=profile, confirmed_on=confirmed_on)
    if due is None:
        return True
    today = today or timezone.localdate()
    return (due - today).days <= CONTACT_EMAILS_CONFIRM_DAYS
