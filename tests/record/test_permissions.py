"""Permission matrix of every /record/ URL: anonymous → sign-in, unverified → identity
verification (and a 404 from the view itself), owner → 200, another rep's id → 404.
A new URL missing from the matrix fails the test."""

import pytest
from django.urls import reverse

from crd import urls as record_urls
from tests.factories import AssociationFactory, FirmFactory, IndividualFactory, UserFactory, VerifiedRepFactory

from .factories import FirmSettingsFactory

pytestmark = pytest.mark.django_db

# url name -> args builder (given the owner's firm and another rep's firm)
MATRIX = {
    "overview": None, "registrations": None, "qualifications": None, "continuing-education": None,
    "employment": None, "residences": None, "disclosures": None, "attestation": None, "address": None,
    "pdf": None, "calendar": None,
    "attest": lambda mine, theirs: [mine.crd_number],
}
MATRIX["activity"] = None
ID_BEARING = {"attest": lambda mine, theirs: [theirs.crd_number]}


def test_every_record_url_is_in_the_matrix():
    names = {p.name for p in record_urls.urlpatterns}
    assert names == set(MATRIX), f"add to the matrix: {names - set(MATRIX)}"


def _url(name, mine, theirs, builder=None):
    builder = builder or MATRIX[name]
    return reverse(f"record:{name}", args=builder(mine, theirs) if builder else [])


@pytest.fixture
def setup(summit, employee):
    theirs = FirmFactory()
    FirmSettingsFactory(firm=theirs, attestation_employees=True)
    other = VerifiedRepFactory()
    AssociationFactory(individual=other.individual, firm=theirs)
    return summit, theirs


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_goes_to_sign_in(client, setup, name):
    response = client.get(_url(name, *setup))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_unverified_user_is_sent_to_identity_verification(client, setup, name):
    client.force_login(UserFactory(individual=IndividualFactory(), identity_verified_at=None))
    response = client.get(_url(name, *setup))
    assert response.status_code == 302 and response.url == reverse("identity:start")


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_unverified_user_gets_404_even_without_the_gate(client, setup, name, without_identity_gate):
    client.force_login(UserFactory(individual=IndividualFactory(), identity_verified_at=None))
    assert client.get(_url(name, *setup)).status_code == 404


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_owner_gets_200(employee_client, setup, name):
    assert employee_client.get(_url(name, *setup)).status_code == 200


@pytest.mark.parametrize("name", sorted(ID_BEARING))
def test_another_reps_id_is_404(employee_client, setup, name):
    assert employee_client.get(_url(name, *setup, builder=ID_BEARING[name])).status_code == 404
