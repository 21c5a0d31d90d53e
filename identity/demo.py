"""Sandbox bureau data for the demo personas (called by `manage.py seed_demo` after the
accounts app). Idempotent: running it again changes nothing while a lockout is in force.

Personal phones come from accounts.demo.PERSONAL_PHONES, which the accounts app's demo
profiles use too, so the phone on the profile is the one the bureau knows.
"""

import random

from django.utils import timezone

from accounts.demo import PERSONAL_PHONES

from .choices import USER_WINDOW, FailureReason, LockScope, Method, Outcome
from .models import Attempt, BureauFact, BureauPhone, BureauSubject, Lockout
from .providers.sandbox_models import FactKind, PhoneOwnership

# What the bureau knows about each persona's phone: tied to them alone, a multi-party plan,
# or nothing (the bureau does not tie the profile phone to them).
PHONE_OWNERSHIP = {
    "verify_phone": PhoneOwnership.INDIVIDUAL,
    "verify_multiparty": PhoneOwnership.MULTI_PARTY,
    "verify_locked": PhoneOwnership.INDIVIDUAL,
    "rep": PhoneOwnership.INDIVIDUAL,
    "contractor": PhoneOwnership.MULTI_PARTY,
    "former": PhoneOwnership.INDIVIDUAL,
    "compliance": PhoneOwnership.INDIVIDUAL,
    "new_ssn": PhoneOwnership.INDIVIDUAL,  # signs up with this phone, is offered a passcode
    # new_no_ssn: a full file but no phone, so knowledge questions
}
# Personas whose bureau file is too thin for questions.
THIN_FILE = {"verify_support"}

_VEHICLES = ["2019 Toyota Highlander", "2015 Honda Civic", "2021 Subaru Forester", "2012 Ford Fusion",
             "2017 Mazda 3", "2020 Hyundai Tucson", "2014 Chevrolet Impala", "2022 Kia Telluride"]
_LENDERS = ["Hudson Valley Federal Credit Union", "Greenleaf Mortgage Company", "Atlantic Coast Auto Finance",
            "Sterling Plains Bank", "Tidewater Home Loans", "Cascade Community Credit Union"]


def _facts_for(key: str, individual) -> list[tuple[str, str]]:
    rng = random.Random(f"bureau-{individual.crd_number}")  # deterministic per person
    facts = [(FactKind.ADDRESS, f"{individual.address_line1}, {individual.city}, {individual.state}".strip(", "))]
    if key in THIN_FILE:
        return facts
    for row in individual.residence_history.all()[:4]:
        facts.append((FactKind.ADDRESS, f"{row.address_line1}, {row.city}, {row.state}".strip(", ")))
    employers = [e.employer_name for e in individual.employment_history.all()[:4] if e.employer_name]
    employers = employers or [a.firm.name for a in individual.associations.select_related("firm")[:2]]
    facts += [(FactKind.EMPLOYER, name) for name in employers]
    facts += [(FactKind.VEHICLE, v) for v in rng.sample(_VEHICLES, 2)]
    facts += [(FactKind.LENDER, v) for v in rng.sample(_LENDERS, 2)]
    if not employers:  # still three kinds of facts
        facts.append((FactKind.VEHICLE, rng.choice([v for v in _VEHICLES if (FactKind.VEHICLE, v) not in facts])))
    return facts


def seed_person(*, key: str, individual) -> BureauSubject:
    subject, _ = BureauSubject.objects.get_or_create(individual=individual)
    ownership = PHONE_OWNERSHIP.get(key)
    if ownership and key in PERSONAL_PHONES:
        BureauPhone.objects.update_or_create(subject=subject, number=PERSONAL_PHONES[key],
                                             defaults={"ownership": ownership})
    for kind, value in _facts_for(key, individual):
        BureauFact.objects.get_or_create(subject=subject, kind=kind, value=value[:200])
    return subject


def _lock(user, individual) -> None:
    from .selectors import fingerprint_for

    now = timezone.now()
    if Lockout.objects.in_force(now).filter(user=user, scope=LockScope.USER).exists():
        return
    fingerprint = fingerprint_for(individual)
    for minutes in (50, 40, 30, 20, 10):
        Attempt.objects.create(user=user, individual=individual, fingerprint=fingerprint, method=Method.QUESTIONS,
                               outcome=Outcome.FAILED, failure_reason=FailureReason.WRONG_ANSWERS,
                               started_at=now - timezone.timedelta(minutes=minutes),
                               finished_at=now - timezone.timedelta(minutes=minutes - 3))
    Lockout.objects.create(scope=LockScope.USER, user=user, fingerprint=fingerprint, created_at=now,
                           until=now + USER_WINDOW,
                           reason="Too many verification attempts on this account (5 in 6 hours).")


def seed(demo) -> None:
    for key in [*PERSONAL_PHONES]:
        individual = demo.people.get(key)
        if individual is None:
            continue
        seed_person(key=key, individual=individual)
    user = demo.users.get("verify_locked")
    if user is not None and demo.people.get("verify_locked") is not None and user.identity_verified_at is None:
        _lock(user, demo.people["verify_locked"])
