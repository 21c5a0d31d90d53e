import pytest

from tests.factories import (
    ApiKeyFactory,
    AssociationFactory,
    FilingFactory,
    FirmFactory,
    NotificationFactory,
    RegistrationFactory,
)


@pytest.fixture
def other_firm(db):
    return FirmFactory(name="Other Street Securities")


@pytest.fixture
def person(db, firm):
    """Someone on `firm`'s roster with an approved registration and a Form U4 draft."""
    association = AssociationFactory(firm=firm)
    RegistrationFactory(individual=association.individual, firm=firm)
    return association.individual


@pytest.fixture
def outsider_person(db, other_firm):
    """Someone only on the other firm's roster."""
    return AssociationFactory(firm=other_firm).individual


@pytest.fixture
def filing(db, firm, person):
    return FilingFactory(firm=firm, individual=person)


@pytest.fixture
def notification(db, firm, person):
    return NotificationFactory(firm=firm, individual=person, address="jordan.example@mail.example")


@pytest.fixture
def api_key(db, firm):
    return ApiKeyFactory(firm=firm)


@pytest.fixture
def api(client, api_key):
    """The test client sending `api_key` (or another key passed as key=)."""

    def call(path, key=None, **kwargs):
        token = api_key.plain_key if key is None else key
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return client.get(path, headers=headers, **kwargs)

    return call


@pytest.fixture
def receiver():
    from .receiver import start_receiver

    found, server = start_receiver()
    yield found
    server.shutdown()
    server.server_close()
