"""Support staff in Django admin: masked SSNs, search by CRD#, name and SSN digits, groups."""

import pytest
from django.contrib.auth.models import Group

from crd.models import Individual
from tests.factories import IndividualFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_support_groups_exist_with_sensible_permissions():
    agent = Group.objects.get(name="Support agent")
    admin = Group.objects.get(name="Support admin")
    agent_perms = set(agent.permissions.values_list("codename", flat=True))
    admin_perms = set(admin.permissions.values_list("codename", flat=True))
    assert {"view_individual", "view_registration", "view_notification", "change_user"} <= agent_perms
    assert "change_individual" not in agent_perms and "delete_individual" not in agent_perms
    assert {"add_individual", "change_individual", "change_exam"} <= admin_perms
    assert "delete_individual" not in admin_perms


def test_individual_list_shows_only_masked_ssn(agent_client):
    IndividualFactory(last_name="Quartermaine", ssn="321-54-9876")
    page = agent_client.get("/admin/crd/individual/").content.decode()
    assert "Quartermaine" in page
    assert "***-**-9876" in page
    assert "321549876" not in page and "321-54-9876" not in page


@pytest.mark.parametrize("term", ["9876", "321-54-9876", "321549876", "Quartermaine", "7654321"])
def test_search_finds_by_last4_whole_ssn_name_and_crd_number(agent_client, term):
    IndividualFactory(last_name="Quartermaine", ssn="321-54-9876", crd_number=7654321)
    IndividualFactory(last_name="Somebody", ssn="222-33-4444")
    page = agent_client.get("/admin/crd/individual/", {"q": term}).content.decode()
    assert "Quartermaine" in page
    assert "Somebody" not in page


def test_change_form_never_renders_the_ssn(client, superuser):
    person = IndividualFactory(ssn="321-54-9876")
    client.force_login(superuser)
    page = client.get(f"/admin/crd/individual/{person.pk}/change/").content.decode()
    assert "***-**-9876" in page
    assert "321549876" not in page and "321-54-9876" not in page


def test_support_admin_replaces_an_ssn_and_a_bad_one_is_refused(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Support admin"))
    client.force_login(user)
    person = IndividualFactory(ssn="321-54-9876")
    url = f"/admin/crd/individual/{person.pk}/change/"
    form = {
        "crd_number": person.crd_number, "first_name": person.first_name, "last_name": person.last_name,
        "date_of_birth": "04/12/1985", "address_line1": "1 Main St", "city": "Albany", "state": "NY",
        "postal_code": "12207", "country": "US",
        **{f"{p}-TOTAL_FORMS": "0" for p in ("associations", "registrations", "exam_results",
                                             "employment_history", "residence_history", "disclosures")},
        **{f"{p}-INITIAL_FORMS": "0" for p in ("associations", "registrations", "exam_results",
                                               "employment_history", "residence_history", "disclosures")},
    }
    bad = client.post(url, {**form, "new_ssn": "666-12-3456"})
    assert bad.status_code == 200
    assert "Enter a valid US Social Security number" in bad.content.decode()
    assert Individual.objects.get(pk=person.pk).ssn == "321549876"

    good = client.post(url, {**form, "new_ssn": "456-78-9012"})
    assert good.status_code == 302
    person.refresh_from_db()
    assert person.ssn == "456789012" and person.ssn_last4 == "9012"


def test_agent_cannot_edit_crd_rows(agent_client):
    person = IndividualFactory()
    assert agent_client.get(f"/admin/crd/individual/{person.pk}/change/").status_code == 200  # read-only view
    response = agent_client.post(f"/admin/crd/individual/{person.pk}/change/", {"first_name": "X"})
    assert response.status_code == 403


def test_admin_sign_in_goes_through_rate_limited_allauth(client, staff_user):
    assert client.get("/admin/login/").status_code == 302
    for _ in range(5):
        client.post("/accounts/login/", {"login": staff_user.username, "password": "wrong password here"})
    locked = client.post(
        "/accounts/login/", {"login": staff_user.username, "password": "correct horse battery staple"}
    )
    # FinPro's growing delay (accounts/signin_throttle.py) answers first, before allauth's own limit
    assert "Too many failed sign-ins. Try again in" in locked.content.decode()
