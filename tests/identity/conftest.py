import pytest

from notifications import sms

from .factories import person_to_verify


@pytest.fixture(autouse=True)
def _clear_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def person(db):
    """Unverified, phone tied to them alone, enough facts for questions."""
    return person_to_verify()


@pytest.fixture
def person_client(client, person):
    client.force_login(person)
    return client
