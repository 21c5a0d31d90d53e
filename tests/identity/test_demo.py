"""identity/demo.py gives each verification persona the bureau file its story needs, and is idempotent."""

import random
from types import SimpleNamespace

import phonenumbers
import pytest

from identity import demo
from identity.models import BureauFact, BureauPhone, Lockout
from identity.providers import PhoneMatch
from identity.selectors import lockouts_in_force, options_for
from tests.factories import IndividualFactory, ResidenceHistoryFactory, UserFactory

pytestmark = pytest.mark.django_db

KEYS = ["verify_phone", "verify_questions", "verify_support", "verify_multiparty", "verify_locked",
        "rep", "contractor", "former", "compliance"]


def _demo():
    people = {key: IndividualFactory() for key in KEYS}
    for person in people.values():
        ResidenceHistoryFactory(individual=person, address_line1="9 Old Mill Road", city="Albany", state="NY")
    users = {key: UserFactory(individual=people[key]) for key in KEYS if key.startswith("verify_")}
    return SimpleNamespace(people=people, users=users, rng=random.Random(1))


def test_personas_get_the_options_their_story_needs():
    data = _demo()
    demo.seed(data)
    opts = {key: options_for(user=user) for key, user in data.users.items()}
    assert opts["verify_phone"].passcode and opts["verify_phone"].questions
    assert not opts["verify_questions"].passcode and opts["verify_questions"].questions
    assert not opts["verify_support"].any
    assert opts["verify_multiparty"].phone_match is PhoneMatch.MULTI_PARTY
    assert not opts["verify_multiparty"].passcode and opts["verify_multiparty"].questions
    assert lockouts_in_force(user=data.users["verify_locked"])
    for number in demo.PERSONAL_PHONES.values():  # fictitious 555-01xx, yet valid to our validation
        assert phonenumbers.is_valid_number(phonenumbers.parse(number)) and number[5:9] == "5550"


def test_seed_is_idempotent():
    data = _demo()
    demo.seed(data)
    counts = (BureauFact.objects.count(), BureauPhone.objects.count(), Lockout.objects.count())
    demo.seed(data)
    assert (BureauFact.objects.count(), BureauPhone.objects.count(), Lockout.objects.count()) == counts
