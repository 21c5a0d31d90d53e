"""The firm section beyond roles: someone with a CRD record verifies their identity first;
firm staff without one keep their path, and a firm admin among them needs MFA."""

import pytest
from django.urls import reverse

from firmsettings.choices import MembershipRole
from tests import factories
from tests.firmsettings.factories import with_mfa
from tests.firmsettings.test_roster import _person

pytestmark = pytest.mark.django_db

PAGES = ["home", "roster", "roster_csv", "settings", "history", "flex_funding"]


def _member(firm, user, role):
    factories.FirmMembershipFactory(firm=firm, user=user, role=role)
    return user


def _get(client, firm, name):
    return client.get(reverse(f"firm:{name}", kwargs={"crd_number": firm.crd_number}))


@pytest.mark.parametrize("name", PAGES)
def test_an_unverified_rep_with_a_membership_is_sent_to_identity_verification(client, firm, name):
    _person(firm, last_name="Quartermaine")
    rep = _member(firm, factories.VerifiedRepFactory(identity_verified_at=None), MembershipRole.VIEWER)
    client.force_login(rep)
    response = _get(client, firm, name)
    assert response.status_code == 302 and response["Location"] == reverse("identity:start")
    assert b"Quartermaine" not in response.content


@pytest.mark.parametrize("role", [MembershipRole.VIEWER, MembershipRole.ADMIN])
def test_a_verified_rep_uses_the_firm_section(client, firm, role):
    _person(firm, last_name="Quartermaine")
    client.force_login(_member(firm, factories.VerifiedRepFactory(), role))
    response = _get(client, firm, "roster")
    assert response.status_code == 200 and "Quartermaine" in response.content.decode()


def test_firm_staff_without_a_crd_record_keep_their_path(client, firm):
    client.force_login(_member(firm, factories.UserFactory(), MembershipRole.COMPLIANCE))
    for name in PAGES:
        assert _get(client, firm, name).status_code == 200, name


def test_a_firm_admin_without_a_crd_record_needs_mfa(client, firm):
    admin = _member(firm, factories.UserFactory(), MembershipRole.ADMIN)
    client.force_login(admin)
    for name in [*PAGES, "members", "invite"]:
        response = _get(client, firm, name)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), name
    with_mfa(admin)
    assert _get(client, firm, "members").status_code == 200
