import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import IndividualFactory

SSN = "123-45-6789"
DOB = dt.date(1985, 4, 12)


@pytest.fixture
def person(db):
    """A CRD person without an account: José Ávila-Núñez, SSN 123-45-6789, born 04/12/1985."""
    return IndividualFactory(first_name="José", last_name="Ávila-Núñez", ssn=SSN, date_of_birth=DOB)


@pytest.fixture
def person_no_ssn(db):
    return IndividualFactory(first_name="Aiko", last_name="Tanaka", ssn=None, crd_number=7654321,
                             date_of_birth=dt.date(1990, 2, 28))


def profile_data(**overrides) -> dict:
    data = {
        "prefix": "", "first_name": "Jose", "middle_name": "", "last_name": "avila-nunez", "suffix": "",
        "username": "jose.avila", "has_ssn": "yes", "ssn": "123 45 6789", "crd_number": "",
        "date_of_birth": "04/12/1985", "address_line1": "350 Fifth Ave", "city": "New York", "state": "NY",
        "postal_code": "10118", "country": "US", "business_phone": "(212) 555-0134",
        "personal_phone": "917-555-0142", "business_email": "", "personal_email": "jose@mail.example",
        "captcha_0": "x", "captcha_1": "PASSED",
    }
    data.update(overrides)
    return data


@pytest.fixture
def acknowledged(client):
    """A browser session that has acknowledged the privacy statement."""
    response = client.post(reverse("accounts:privacy"), {"acknowledge": "on"})
    assert response.status_code == 302
    return client


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth's rate-limit counters live in the cache; each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run the code under test and send its outbox messages (notify() sends after commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
