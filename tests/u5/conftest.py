import datetime as dt

import pytest
from django.utils import timezone

from firmsettings.choices import MembershipRole
from tests import factories
from tests.firmsettings.factories import MembershipFactory
from u5 import services
from u5.choices import Question


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


@pytest.fixture
def compliance(db, firm):
    return MembershipFactory(firm=firm, role=MembershipRole.COMPLIANCE,
                             user=factories.UserFactory(username="casey.compliance", email="casey@firm.example")).user


@pytest.fixture
def person(db, firm):
    """A rep with a verified account, associated with `firm` since 2018: GS with FINRA, AG in NY and NJ."""
    user = factories.VerifiedRepFactory(username="riley.rep", email="riley@mail.example",
                                        individual=factories.IndividualFactory(first_name="Riley", last_name="Rep"))
    individual = user.individual
    factories.AssociationFactory(individual=individual, firm=firm, start_date=dt.date(2018, 3, 1))
    factories.RegistrationFactory(individual=individual, firm=firm)
    ag = factories.CategoryRef(code="AG", name="Agent")
    for code in ("NY", "NJ"):
        factories.RegistrationFactory(individual=individual, firm=firm, category=ag, sro="",
                                      jurisdiction=factories.JurisdictionRef(code=code))
    return user


def address(**overrides):
    return services.Address(**{"address_line1": "12 Elm St", "city": "Hoboken", "state": "NJ",
                               "postal_code": "07030", **overrides})


def ack(name="Casey Compliance"):
    return services.Acknowledgment(name=name, acknowledged=True)


def all_no():
    return dict.fromkeys(Question.values, "no")


def full(on=None, *, reason="voluntary", explanation="", answers=None, drps=()):
    return services.Termination(termination_date=on or timezone.localdate() - dt.timedelta(days=3), reason=reason,
                                reason_explanation=explanation, answers=answers or all_no(), drps=list(drps))


def file_full(firm, person, user, **kwargs):
    return services.filing_submit(firm=firm, individual=person.individual, kind="full", address=address(),
                                  termination=full(**kwargs), acknowledgment=ack(), user=user)
