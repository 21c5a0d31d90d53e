"""accounts.demo.seed: security questions and profiles for demo users, sign-up personas; idempotent."""

import datetime as dt
import random

import pytest

from accounts import demo, selectors
from accounts.models import Profile, SecurityAnswer
from tests.factories import IndividualFactory, UserFactory

pytestmark = pytest.mark.django_db


class FakeDemo:
    """The DemoData interface seed() uses (the real one lives in portal/demo.py)."""

    def __init__(self, users, people):
        self.rng, self.today = random.Random(1), dt.date(2026, 6, 1)
        self.firms, self.users, self.people, self.personas = {}, users, people, []

    def add_persona(self, *, key, label, username, note):
        self.personas.append((key, label, username, note))


def test_seed_gives_users_security_questions_and_profiles_and_lists_signup_personas():
    user = UserFactory(username="pat.phone", individual=IndividualFactory())
    new = IndividualFactory(first_name="Nia", last_name="New", ssn="345-67-8901", date_of_birth=dt.date(1991, 5, 6))
    no_ssn = IndividualFactory(first_name="Omar", last_name="Nossn", ssn=None, crd_number=6543210)
    data = FakeDemo({"verify_phone": user}, {"new_ssn": new, "new_no_ssn": no_ssn})
    demo.seed(data)
    demo.seed(data)  # idempotent
    assert selectors.has_security_questions(user=user)
    assert SecurityAnswer.objects.filter(user=user).count() == 3 and Profile.objects.filter(user=user).count() == 1
    notes = " ".join(p[3] for p in data.personas)
    assert "SSN 345-67-8901" in notes and "05/06/1991" in notes and "CRD# 6543210" in notes
