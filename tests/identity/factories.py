"""Sandbox bureau data and identity-flow helpers for tests."""

from identity.providers.questions import NONE_OF_THE_ABOVE, normalize
from identity.providers.sandbox import facts_for
from identity.providers.sandbox_models import BureauFact, BureauPhone, BureauSubject, FactKind, PhoneOwnership
from tests.factories import IndividualFactory, UserFactory

PHONE = "+15550100101"

RICH_FACTS = [
    (FactKind.ADDRESS, "12 Quarry Lane, Albany, NY"),
    (FactKind.ADDRESS, "88 Pier Street, Hoboken, NJ"),
    (FactKind.EMPLOYER, "Summit Ridge Securities"),
    (FactKind.EMPLOYER, "Harbor Point Advisors"),
    (FactKind.VEHICLE, "2018 Toyota Corolla"),
    (FactKind.LENDER, "Hudson Valley Federal Credit Union"),
]


def bureau_file(individual, *, phone=None, ownership=PhoneOwnership.INDIVIDUAL, facts=RICH_FACTS):
    subject, _ = BureauSubject.objects.get_or_create(individual=individual)
    if phone:
        BureauPhone.objects.create(subject=subject, number=phone, ownership=ownership)
    for kind, value in facts:
        BureauFact.objects.create(subject=subject, kind=kind, value=value)
    return subject


def person_to_verify(*, phone=PHONE, ownership=PhoneOwnership.INDIVIDUAL, facts=RICH_FACTS, **user_kwargs):
    """An unverified account linked to a CRD person with a sandbox bureau file."""
    individual = IndividualFactory()
    user = UserFactory(individual=individual, **user_kwargs)
    bureau_file(individual, phone=phone, ownership=ownership, facts=facts)
    return user


def right_answers(user, questions) -> list[int]:
    """What the person would answer: the choice that is one of their facts, else None of the Above."""
    facts = {normalize(v) for values in facts_for(user.individual).values() for v in values}
    answers = []
    for q in questions:
        hits = [i for i, c in enumerate(q["choices"]) if normalize(c) in facts]
        answers.append(hits[0] if hits else q["choices"].index(NONE_OF_THE_ABOVE))
    return answers


def wrong_answers(user, questions) -> list[int]:
    right = right_answers(user, questions)
    return [(a + 1) % len(q["choices"]) for a, q in zip(right, questions, strict=True)]
