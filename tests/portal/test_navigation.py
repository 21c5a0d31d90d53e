"""The left navigation: people who have not finished account setup or identity verification
see only "Dashboard" (which sends them on to their next step); everyone else the full list.
Deciding costs no query."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import SESSION_SETUP_DONE
from accounts.selectors import user_for_request
from portal.context_processors import portal
from tests.factories import IndividualFactory, UserFactory, VerifiedRepFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _nav_labels(page: str) -> list[str]:
    import re

    nav = re.search(r'<nav class="sidenav" aria-label="Main">(.*?)</nav>', page, re.S).group(1)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def _sign_in(client, username):
    client.post(reverse("account_login"), {"login": username, "password": PASSWORD})


def test_verified_rep_sees_the_full_navigation_even_on_a_first_page_outside_the_gates(client):
    VerifiedRepFactory(username="nav.verified")
    _sign_in(client, "nav.verified")
    labels = _nav_labels(client.get(reverse("my_account")).content.decode())  # /account/ is exempt from the gates
    assert labels[:2] == ["Dashboard", "Record"]


def test_rep_awaiting_identity_verification_sees_only_the_dashboard(client):
    UserFactory(username="nav.unverified", individual=IndividualFactory())
    _sign_in(client, "nav.unverified")
    page = client.get(reverse("my_account")).content.decode()
    assert _nav_labels(page) == ["Dashboard"]
    assert reverse("record:overview") not in page


def test_rep_without_security_questions_sees_only_the_dashboard(client):
    UserFactory(username="nav.setup", individual=IndividualFactory(), security_questions=False)
    _sign_in(client, "nav.setup")
    page = client.get(reverse("accounts:security_questions")).content.decode()
    assert _nav_labels(page) == ["Dashboard"]


def test_support_staff_without_a_record_see_only_what_they_can_use(client, staff_user):
    _sign_in(client, staff_user.username)
    assert _nav_labels(client.get(reverse("my_account")).content.decode()) == ["My Account", "Support admin"]
    assert client.get("/").url == reverse("admin:index")  # they land where their work is


def test_verified_rep_has_my_account_in_the_navigation_and_no_firm_or_admin(client):
    VerifiedRepFactory(username="nav.rep")
    _sign_in(client, "nav.rep")
    labels = _nav_labels(client.get("/").content.decode())
    assert "My Account" in labels and "Firm" not in labels and "Support admin" not in labels


def test_firm_staff_without_a_record_land_on_their_firm_and_see_no_rep_pages(client):
    from tests.factories import FirmFactory, FirmMembershipFactory

    viewer = UserFactory(username="nav.viewer", individual=None)
    summit = FirmFactory(name="Summit Ridge Securities")
    FirmMembershipFactory(firm=summit, user=viewer, role="viewer")
    _sign_in(client, "nav.viewer")
    landing = client.get("/", follow=True)
    assert landing.redirect_chain[-1][0] == reverse("firm:home", args=[summit.crd_number])
    assert _nav_labels(landing.content.decode()) == ["Firm", "My Account"]

    harbor = FirmFactory(name="Harbor Point Advisors")
    FirmMembershipFactory(firm=harbor, user=viewer, role="viewer")
    chooser = client.get("/", follow=True)
    assert chooser.redirect_chain[-1][0] == reverse("firm:switch")  # several firms: a chooser
    page = chooser.content.decode()
    assert "Summit Ridge Securities" in page and "Harbor Point Advisors" in page


def _request(user, *, setup_done: bool):
    request = RequestFactory().get("/account/")
    request.user = user_for_request(user_id=user.pk)
    request.session = SessionStore()
    if setup_done:
        request.session[SESSION_SETUP_DONE] = True
    return request


@pytest.mark.parametrize(("make", "setup_done", "expected"), [
    (lambda: VerifiedRepFactory(), True, ["Dashboard", "Record"]),
    (lambda: VerifiedRepFactory(), False, ["Dashboard"]),  # setup not finished in this session
    (lambda: UserFactory(individual=IndividualFactory()), True, ["Dashboard"]),  # not verified
])
def test_navigation_decision_costs_no_query(make, setup_done, expected):
    request = _request(make(), setup_done=setup_done)
    with CaptureQueriesContext(connection) as ctx:
        labels = [item["label"] for item in portal(request)["nav_items"]]
    assert labels[:len(expected)] == expected and ("Record" in labels) == ("Record" in expected)
    assert len(ctx) == 0
