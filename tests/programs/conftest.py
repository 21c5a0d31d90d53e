import datetime as dt

import pytest
from django.utils import timezone

from payments.providers import Card
from tests import factories

GOOD_CARD = Card(number="4242424242424242", exp_month=12, exp_year=2099, cvc="123")
DECLINED_CARD = Card(number="4000000000000002", exp_month=12, exp_year=2099, cvc="123")


def terminated_person(*, terminated_on=None, approved_on=None, categories=(("GS", "FINRA", None),), user=True):
    """A person whose registrations (GS with FINRA by default) ended on `terminated_on` (10 days
    ago), approved on `approved_on` (3 years before), with a verified account when `user`."""
    terminated_on = terminated_on or timezone.localdate() - dt.timedelta(days=10)
    approved_on = approved_on or terminated_on.replace(year=terminated_on.year - 3)
    if user:
        account = factories.VerifiedRepFactory(email="former.rep@mail.example")
        individual = account.individual
    else:
        account, individual = None, factories.IndividualFactory()
    firm = factories.FirmFactory()
    factories.AssociationFactory(individual=individual, firm=firm, start_date=approved_on, end_date=terminated_on)
    for code, sro, place in categories:
        factories.RegistrationFactory(
            individual=individual, firm=firm, category=factories.CategoryRef(code=code), sro=sro or "",
            jurisdiction=factories.JurisdictionRef(code=place) if place else None, status="terminated",
            status_date=terminated_on, approved_on=approved_on, terminated_on=terminated_on)
    return account or individual


@pytest.fixture
def former_rep(db):
    return terminated_person(categories=(("GS", "FINRA", None), ("AG", None, "NY")))


@pytest.fixture
def mqp(db):
    from programs.models import Program

    return Program.objects.get(code="MQP")


@pytest.fixture
def ag_evep(db):
    from programs.models import Program

    return Program.objects.get(code="AG_EVEP")
