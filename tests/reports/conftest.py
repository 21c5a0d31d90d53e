import datetime as dt

import pytest
from django.utils import timezone

from crd.choices import AssociationKind
from firmsettings.choices import MembershipRole
from tests.factories import AssociationFactory, AttestationFactory, IndividualFactory, UserFactory
from tests.firmsettings.conftest import other_firm, outsider, staff  # noqa: F401 - fixtures shared with the firm tests


@pytest.fixture
def casey(staff):  # noqa: F811
    """The firm's compliance user."""
    return staff[MembershipRole.COMPLIANCE]


def person(firm, *, last_name, first_name="Avery", kind=AssociationKind.EMPLOYEE, account=True, last_access=None,
           ended=False):
    """A person associated with `firm`, with a FinPro account unless account=False."""
    individual = IndividualFactory(last_name=last_name, first_name=first_name)
    AssociationFactory(individual=individual, firm=firm, kind=kind,
                       end_date=timezone.localdate() - dt.timedelta(days=40) if ended else None)
    if account:
        UserFactory(individual=individual, username=f"u.{last_name.lower()[:20]}", last_access_at=last_access)
    return individual


def attest(individual, firm, *, answer="correct", days_ago=0):
    return AttestationFactory(individual=individual, firm=firm, answer=answer,
                              comment="My address changed." if answer == "needs_update" else "",
                              attested_at=timezone.now() - dt.timedelta(days=days_ago))
