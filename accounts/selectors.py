"""Reads of the accounts app."""

import hashlib

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from crd.models import Individual

from .address import fold
from .models import AccountToken, SecurityAnswer, SignInEvent, User


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


def individual_for_signup(
    *, date_of_birth, first_name: str, last_name: str, ssn: str = "", crd_number: int | None = None
) -> Individual | None:
    """The CRD Individual matching SSN (or CRD# for a person without one) and date of birth,
    whose legal first and last names match ignoring case and accents; None otherwise."""
    if ssn:
        candidates = Individual.objects.with_ssn(ssn)
    elif crd_number:
        candidates = Individual.objects.filter(crd_number=crd_number, has_no_ssn=True)
    else:
        return None
    person = candidates.filter(date_of_birth=date_of_birth).first()
    if person is None:
        return None
    if _name_key(person.first_name) != _name_key(first_name) or _name_key(person.last_name) != _name_key(last_name):
        return None
    return person


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


def recent_sign_ins(*, user, limit: int = 10) -> list[SignInEvent]:
    return list(SignInEvent.objects.filter(user=user).order_by("-at")[:limit])


def is_associated_with_firm(*, user) -> bool:
    """True when the person has a current Association (no end date, or one in the future)."""
    if not user.individual_id:
        return False
    today = timezone.localdate()
    return user.individual.associations.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).exists()


def url_after_account_setup() -> str:
    """Where a person goes once their security questions are set: identity verification."""
    return reverse("identity:start")


def password_sign_in_disabled(*, username: str) -> bool:
    if not username:
        return False
    return User.objects.filter(username__iexact=username, password_disabled_at__isnull=False).exists()
