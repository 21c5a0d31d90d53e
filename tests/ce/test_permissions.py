"""Permission matrix of every /ce/ URL: anonymous → sign-in, unverified → identity
verification (and a 404 from the view itself), owner → 200 or a redirect into the player,
another person's module → 404. A new URL missing from the matrix fails the test."""

import pytest
from django.urls import reverse

from ce import urls as ce_urls
from tests.factories import IndividualFactory, UserFactory, VerifiedRepFactory

pytestmark = pytest.mark.django_db

MATRIX = {
    "overview": (lambda pm: [], 200),
    "launch": (lambda pm: [pm.pk], 302),
    "page": (lambda pm: [pm.pk, 1], 200),
    "check": (lambda pm: [pm.pk], 302),  # pages not yet read: back to page 1
    "iar": (lambda pm: [], 200),
    "iar_apply": (lambda pm: [], 200),
    "iar_pay": (lambda pm: [], 404),  # nothing to pay yet
}
# For IAR CE providers, with a bearer token (tests/ce/test_iar.py), not for signed-in reps.
NOT_REP = {"provider_completions"}
ID_BEARING = {"launch", "page", "check"}


def test_every_ce_url_is_in_the_matrix():
    assert {p.name for p in ce_urls.urlpatterns} == set(MATRIX) | NOT_REP


def _url(name, pm):
    return reverse(f"ce:{name}", args=MATRIX[name][0](pm))


@pytest.fixture
def pm(plan):
    return plan.plan_modules.first()


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_goes_to_sign_in(client, pm, name):
    response = client.get(_url(name, pm))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_unverified_user_is_sent_to_identity_verification(client, pm, name):
    client.force_login(UserFactory(individual=IndividualFactory(), identity_verified_at=None))
    response = client.get(_url(name, pm))
    assert response.status_code == 302 and response.url == reverse("identity:start")


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_unverified_user_gets_404_even_without_the_gate(client, pm, name, without_identity_gate):
    client.force_login(UserFactory(individual=IndividualFactory(), identity_verified_at=None))
    assert client.get(_url(name, pm)).status_code == 404


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_owner(client, dana, pm, name):
    client.force_login(dana)
    assert client.get(_url(name, pm)).status_code == MATRIX[name][1]


@pytest.mark.parametrize("name", sorted(ID_BEARING))
def test_another_persons_id_is_404(client, pm, name):
    client.force_login(VerifiedRepFactory())
    assert client.get(_url(name, pm)).status_code == 404
