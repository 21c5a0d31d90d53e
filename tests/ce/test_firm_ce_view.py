"""The firm's CE view at /firm/<CRD#>/ce/: each associated person's Regulatory Element status,
modules done of total, the dates; filters, search, paging, CSV; a flat query count."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ce import services
from crd.choices import AssociationKind
from firmsettings.choices import MembershipRole
from firmsettings.models import FirmSettings
from tests.factories import AssociationFactory, CategoryRef, FirmFactory, IndividualFactory, RegistrationFactory
from tests.firmsettings.factories import MembershipFactory

from .conftest import complete

pytestmark = pytest.mark.django_db

ET = ZoneInfo("America/New_York")


@pytest.fixture
def viewer(summit):
    return MembershipFactory(firm=summit, role=MembershipRole.VIEWER).user


def _person(firm, *, last, kind=AssociationKind.EMPLOYEE, year, progress=0):
    person = IndividualFactory(last_name=last, first_name="Pat")
    AssociationFactory(individual=person, firm=firm, kind=kind)
    RegistrationFactory(individual=person, firm=firm, category=CategoryRef(code="GS"))
    plan = services.learning_plan_assign(individual=person, year=year)
    for pm in list(plan.plan_modules.all())[:progress]:
        complete(pm)
    return person


@pytest.fixture
def people(summit, content, year, plan):
    other = FirmFactory()
    return {
        "done": _person(summit, last="Allen", year=year, progress=2),
        "half": _person(summit, last="Baker", year=year, progress=1, kind=AssociationKind.INDEPENDENT_CONTRACTOR),
        "elsewhere": _person(other, last="Zed", year=year),
        "noplan": AssociationFactory(firm=summit, individual=IndividualFactory(last_name="Carter")).individual,
    }


def _get(client, firm, **params):
    return client.get(reverse("firm:ce", args=[firm.crd_number]), params)


def test_lists_the_firms_people_with_status_and_modules_done(client, viewer, summit, people, year):
    client.force_login(viewer)
    body = _get(client, summit).content.decode()
    assert "Allen, Pat" in body and "Baker, Pat" in body and "Rivera, Dana" in body and "Carter" in body
    assert "Zed" not in body
    assert "Satisfied" in body and "In Progress" in body and "CE Required" in body and "No plan" in body
    assert "2 of 2" in body and "1 of 2" in body and "0 of 2" in body
    assert f"12/31/{year}" in body and "None set" in body
    assert "4 people" in body


def test_filters_and_search(client, viewer, summit, people):
    client.force_login(viewer)
    body = _get(client, summit, status="satisfied").content.decode()
    assert "Allen" in body and "Baker" not in body
    body = _get(client, summit, kind="contractor").content.decode()
    assert "Baker" in body and "Allen" not in body
    body = _get(client, summit, status="none").content.decode()
    assert "Carter" in body and "Allen" not in body
    body = _get(client, summit, q="bak").content.decode()
    assert "Baker" in body and "Allen" not in body
    body = _get(client, summit, q=str(people["done"].crd_number)).content.decode()
    assert "Allen" in body and "Baker" not in body


@pytest.mark.parametrize("month,overdue", [(5, False), (7, True)])
def test_overdue_is_everyone_not_satisfied_once_the_firm_date_passed(client, viewer, summit, people, year, month,
                                                                      overdue):
    FirmSettings.objects.filter(firm=summit).update(ce_firm_due_date=dt.date(year, 6, 1))
    with time_machine.travel(dt.datetime(year, month, 2, 12, tzinfo=ET), tick=False):
        client.force_login(viewer)
        body = _get(client, summit, overdue="on").content.decode()
    assert ("Baker" in body and "Rivera" in body) is overdue
    assert "Allen" not in body and "Carter" not in body
    assert ("No one matches" in body) is not overdue


def test_paging(client, viewer, summit, content, year):
    for n in range(27):
        _person(summit, last=f"Person{n:02d}", year=year)
    client.force_login(viewer)
    body = _get(client, summit).content.decode()
    assert "Page 1 of 2" in body and "27 people" in body
    assert "Person26" in _get(client, summit, page=2).content.decode()


def test_csv_export_follows_the_filters(client, viewer, summit, people):
    client.force_login(viewer)
    response = client.get(reverse("firm:ce_csv", args=[summit.crd_number]), {"status": "in_progress"})
    text = b"".join(response.streaming_content).decode()
    lines = text.strip().splitlines()
    assert lines[0].startswith("CRD#,Last Name,First Name,Employee or Contractor,Regulatory Element Status")
    assert len(lines) == 2 and "Baker" in lines[1] and "In Progress,1,2" in lines[1]


def test_query_count_does_not_grow_with_people(client, viewer, summit, content, year):
    client.force_login(viewer)
    counts = []
    for batch in (2, 20):
        for n in range(batch):
            _person(summit, last=f"P{batch}x{n}", year=year, progress=n % 2)
        _get(client, summit)
        with CaptureQueriesContext(connection) as ctx:
            assert _get(client, summit).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_person_still_ce_inactive_from_last_year_is_shown_and_filtered(client, viewer, summit, content, year):
    from .conftest import make_content

    make_content(year - 1)
    person = _person(summit, last="Late", year=year)
    last = services.learning_plan_assign(individual=person, year=year - 1)
    services.plan_year_end(plan_id=last.pk)
    _person(summit, last="Fine", year=year)
    client.force_login(viewer)
    body = _get(client, summit).content.decode()
    assert f"CE Inactive since {year - 1}" in body
    body = _get(client, summit, status="ce_inactive").content.decode()
    assert "Late" in body and "Fine" not in body
