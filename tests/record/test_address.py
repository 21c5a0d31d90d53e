"""A person not with a firm keeps their residential address current: task, confirm, update."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from crd import mytasks
from crd.models import Individual, ResidenceHistory
from tests.factories import AssociationFactory, ResidenceHistoryFactory, VerifiedRepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def former(summit):
    user = VerifiedRepFactory()
    AssociationFactory(individual=user.individual, firm=summit, start_date=dt.date(2015, 1, 1),
                       end_date=timezone.localdate() - dt.timedelta(days=240))
    ResidenceHistoryFactory(individual=user.individual, from_date=dt.date(2016, 6, 1))
    return user


def address_tasks(user):
    user = type(user).objects.get(pk=user.pk)
    return [t for t in mytasks.tasks_for(user) if t.key == "crd.address"]


def test_task_when_not_with_a_firm_and_never_confirmed(former):
    [task] = address_tasks(former)
    assert task.title == "Update your residential address"
    assert task.url == reverse("record:address")


def test_no_task_while_with_a_firm(employee):
    assert address_tasks(employee) == []


def test_task_returns_a_year_after_confirming(client, former):
    client.force_login(former)
    response = client.post(reverse("record:address"), {"action": "confirm"})
    assert response.status_code == 302
    assert Individual.objects.get(pk=former.individual_id).address_confirmed_on == timezone.localdate()
    assert address_tasks(former) == []
    with time_machine.travel(timezone.now() + dt.timedelta(days=366), tick=False):
        assert len(address_tasks(former)) == 1


def test_update_moves_the_address_and_the_history(client, former):
    client.force_login(former)
    response = client.post(reverse("record:address"), {
        "action": "update", "address_line1": "9 Elm Street", "address_line2": "", "city": "Hartford",
        "state": "CT", "postal_code": "06103"})
    assert response.status_code == 302
    person = Individual.objects.get(pk=former.individual_id)
    assert (person.address_line1, person.city, person.state, person.postal_code) == (
        "9 Elm Street", "Hartford", "CT", "06103")
    rows = list(ResidenceHistory.objects.filter(individual=person).order_by("from_date"))
    assert rows[0].to_date == timezone.localdate() and rows[-1].address_line1 == "9 Elm Street"
    assert rows[-1].to_date is None
    assert address_tasks(former) == []


def test_bad_address_shows_errors_next_to_fields_and_changes_nothing(client, former):
    client.force_login(former)
    before = Individual.objects.get(pk=former.individual_id).address_line1
    response = client.post(reverse("record:address"), {
        "action": "update", "address_line1": "", "city": "Hartford", "state": "CT", "postal_code": "ABCDE"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a ZIP code as 12345 or 12345-6789." in body
    assert 'aria-invalid="true"' in body and 'id="id_postal_code-error"' in body
    assert Individual.objects.get(pk=former.individual_id).address_line1 == before


def test_with_a_firm_the_page_explains_and_refuses(employee_client, employee):
    body = employee_client.get(reverse("record:address")).content.decode()
    assert "your firm keeps your residential address current on Form U4" in body
    employee_client.post(reverse("record:address"), {"action": "confirm"})
    assert Individual.objects.get(pk=employee.individual_id).address_confirmed_on is None
