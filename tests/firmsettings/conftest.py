import pytest

from firmsettings.choices import MembershipRole
from tests.factories import FirmFactory, UserFactory

from .factories import MembershipFactory, with_mfa


@pytest.fixture
def staff(db, firm):
    """One firm-staff user per role in `firm` (none has a CRD record; the admin has MFA on)."""
    people = {
        role: MembershipFactory(firm=firm, role=role, user=UserFactory(username=f"{role}.staff")).user
        for role in (MembershipRole.ADMIN, MembershipRole.COMPLIANCE, MembershipRole.VIEWER)
    }
    with_mfa(people[MembershipRole.ADMIN])
    return people


@pytest.fixture
def other_firm(db):
    return FirmFactory(name="Other Street Securities")


@pytest.fixture
def outsider(db, other_firm):
    """An admin of another firm."""
    return with_mfa(MembershipFactory(firm=other_firm, role=MembershipRole.ADMIN,
                                      user=UserFactory(username="other.admin")).user)


@pytest.fixture
def as_user(client):
    def _as(user):
        client.force_login(user)
        client.get("/firm/")  # the first request of a session stamps last access; measure after it
        return client

    return _as
