"""The dashboard shows the CE status with a Launch CE link, and the My Task list asks to
complete the Regulatory Element by the earlier of the firm's date and Dec 31."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from ce import mytasks
from firmsettings.models import FirmSettings

from .conftest import complete

pytestmark = pytest.mark.django_db


def test_task_due_on_dec_31_without_a_firm_date(dana, plan, year):
    [task] = mytasks.tasks_for(dana)
    assert task.title == "Complete your Regulatory Element CE"
    assert task.due_date == dt.date(year, 12, 31) and task.url == reverse("ce:overview")
    assert "0 of 2 modules completed" in task.detail


def test_task_due_on_the_firms_earlier_date(dana, plan, summit, year):
    FirmSettings.objects.filter(firm=summit).update(ce_firm_due_date=dt.date(year, 11, 15))
    [task] = mytasks.tasks_for(dana)
    assert task.due_date == dt.date(year, 11, 15)


def test_no_task_once_satisfied_or_without_a_plan(dana, plan, rep):
    assert mytasks.tasks_for(rep) == []
    for pm in plan.plan_modules.all():
        complete(pm)
    dana.__dict__.pop("_ce_status", None)
    assert mytasks.tasks_for(dana) == []


def test_dashboard_shows_status_and_launch_ce(client, dana, plan):
    complete(plan.plan_modules.first())
    client.force_login(dana)
    body = client.get("/").content.decode()
    assert "Complete your Regulatory Element CE" in body
    assert f"{plan.ce_year.year} CE status" in body
    assert "In Progress" in body and "1 of 2 modules" in body
    assert f'<a href="{reverse("ce:overview")}">Launch CE</a>' in body


@override_settings(MYTASK_PROVIDER_APPS=["crd", "ce"])
def test_dashboard_query_count_is_flat_with_ce(client, dana, plan, content, summit):
    from tests.factories import CategoryRef, ModuleFactory, RegistrationFactory

    def count():
        client.get("/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])

    client.force_login(dana)
    small = count()
    group = content[1]["kyc"].group
    for _ in range(10):
        ModuleFactory(group=group)
    RegistrationFactory(individual=dana.individual, firm=summit, category=CategoryRef(code="GP"))
    from ce import services

    services.learning_plan_assign(individual=dana.individual, year=plan.ce_year.year)
    for pm in plan.plan_modules.all()[:5]:
        complete(pm)
    assert count() == small
