import pytest

from . import factories

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and throttles live in the cache; no test inherits another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def firm(db):
    return factories.FirmFactory()


@pytest.fixture
def individual(db):
    return factories.IndividualFactory()


@pytest.fixture
def rep(db):
    """A verified rep (user linked to an Individual) with the password PASSWORD."""
    return factories.VerifiedRepFactory()


@pytest.fixture
def rep_client(client, rep):
    client.force_login(rep)
    return client


@pytest.fixture
def staff_user(db):
    from django.contrib.auth.models import Group

    user = factories.UserFactory(is_staff=True, username="support.agent")
    user.groups.add(Group.objects.get(name="Support agent"))
    return user


@pytest.fixture
def superuser(db):
    return factories.UserFactory(is_staff=True, is_superuser=True, username="support.admin")


@pytest.fixture
def without_identity_gate(settings):
    """Take the identity gate out, to prove a view refuses unverified users on its own too."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("IdentityGateMiddleware")]
