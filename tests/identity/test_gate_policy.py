"""Who the identity gate stops: accounts of CRD people until verified; staff without a record pass."""

import pytest

from firmsettings.models import FirmMembership
from tests.factories import FirmFactory, IndividualFactory, UserFactory, VerifiedRepFactory

pytestmark = pytest.mark.django_db


def test_unverified_rep_is_sent_to_verification(client):
    client.force_login(UserFactory(individual=IndividualFactory()))
    assert client.get("/").url == "/identity/"


def test_verified_rep_reaches_the_dashboard(client):
    client.force_login(VerifiedRepFactory())
    assert client.get("/").status_code == 200


def test_support_staff_without_a_record_pass_to_their_landing_the_admin(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/").url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_firm_staff_without_a_record_pass_to_their_landing_the_firm(client):
    user = UserFactory()
    firm = FirmFactory()
    FirmMembership.objects.create(user=user, firm=firm, role="viewer")
    client.force_login(user)
    response = client.get("/", follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == f"/firm/{firm.crd_number}/"


def test_account_with_no_record_and_no_staff_role_is_sent_to_verification(client):
    client.force_login(UserFactory())
    assert client.get("/").url == "/identity/"


def test_staff_who_are_also_unverified_reps_are_still_stopped(client, staff_user):
    staff_user.individual = IndividualFactory()
    staff_user.save()
    client.force_login(staff_user)
    assert client.get("/").url == "/identity/"
