"""Year end, around midnight Eastern: not Satisfied → CE Inactive, in-progress modules restart,
registrations move to CE Inactive; finishing later restores them; two years → terminated."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ce import services, tasks
from ce.choices import ModuleStatus, PlanStatus
from ce.models import LearningPlan
from crd.choices import RegistrationStatus
from crd.models import Registration
from notifications.models import Notification

from .conftest import complete, make_content

pytestmark = pytest.mark.django_db

ET = ZoneInfo("America/New_York")
DEC31_2359 = dt.datetime(2026, 12, 31, 23, 59, tzinfo=ET)
JAN1_0001 = dt.datetime(2027, 1, 1, 0, 1, tzinfo=ET)


@pytest.fixture
def plan_2026(dana):
    make_content(2026)
    make_content(2027)
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=ET), tick=False):
        plan = services.learning_plan_assign(individual=dana.individual, year=2026)
        pm = plan.plan_modules.first()
        services.module_page_advance(plan_module=pm, page=1)
        services.module_page_advance(plan_module=pm, page=2)
    return plan


def _gs(dana):
    return Registration.objects.get(individual=dana.individual, category__code="GS")


def test_nothing_happens_at_dec_31_2359_eastern(plan_2026, dana):
    with time_machine.travel(DEC31_2359, tick=False):
        assert tasks.year_end() == 0
    plan_2026.refresh_from_db()
    assert plan_2026.status == PlanStatus.IN_PROGRESS
    assert _gs(dana).status == RegistrationStatus.APPROVED


def test_at_jan_1_0001_eastern_the_person_becomes_ce_inactive(plan_2026, dana):
    with time_machine.travel(JAN1_0001, tick=False):
        assert tasks.year_end() == 1
    plan_2026.refresh_from_db()
    assert plan_2026.status == PlanStatus.CE_INACTIVE
    gs = _gs(dana)
    assert gs.status == RegistrationStatus.CE_INACTIVE and gs.status_date == dt.date(2027, 1, 1)
    assert gs.history.first().history_change_reason == "2026 Regulatory Element not completed by Dec 31"
    pm = plan_2026.plan_modules.first()
    assert pm.status == ModuleStatus.NOT_STARTED and pm.furthest_page == 0, "restarts from the beginning"


def test_year_end_is_idempotent(plan_2026, dana):
    with time_machine.travel(JAN1_0001, tick=False):
        tasks.year_end()
        assert tasks.year_end() == 0
    assert _gs(dana).history.count() == 2  # created, then moved once


def test_a_satisfied_plan_is_left_alone(plan_2026, dana):
    with time_machine.travel(dt.datetime(2026, 12, 30, 9, tzinfo=ET), tick=False):
        for pm in plan_2026.plan_modules.all():
            complete(pm)
    with time_machine.travel(JAN1_0001, tick=False):
        assert tasks.year_end() == 0
    assert _gs(dana).status == RegistrationStatus.APPROVED


def test_finishing_the_plan_later_returns_the_registrations_to_approved(plan_2026, dana):
    with time_machine.travel(JAN1_0001, tick=False):
        tasks.year_end()
    with time_machine.travel(dt.datetime(2027, 2, 3, 10, tzinfo=ET), tick=False):
        for pm in plan_2026.plan_modules.all():
            complete(pm)
    plan_2026.refresh_from_db()
    assert plan_2026.status == PlanStatus.SATISFIED
    gs = _gs(dana)
    assert gs.status == RegistrationStatus.APPROVED and gs.status_date == dt.date(2027, 2, 3)
    assert "completed after CE Inactive" in gs.history.first().history_change_reason


def test_two_ce_inactive_years_terminate_the_registrations_and_tell_the_person(plan_2026, dana):
    with time_machine.travel(JAN1_0001, tick=False):
        tasks.year_end()
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=ET), tick=False):
        plan_2027 = services.learning_plan_assign(individual=dana.individual, year=2027)
    assert plan_2027 is not None
    with time_machine.travel(dt.datetime(2028, 1, 1, 0, 1, tzinfo=ET), tick=False):
        assert tasks.year_end() == 1
    gs = _gs(dana)
    assert gs.status == RegistrationStatus.TERMINATED and gs.terminated_on == dt.date(2028, 1, 1)
    assert "CE Inactive for 2 consecutive years" in gs.history.first().history_change_reason
    told = Notification.objects.get(kind="ce_terminated", individual=dana.individual)
    assert told.address == dana.email and "administratively terminated" in told.body_text
    assert LearningPlan.objects.get(pk=plan_2027.pk).status == PlanStatus.CE_INACTIVE


def test_one_inactive_year_after_a_satisfied_one_does_not_terminate(plan_2026, dana):
    with time_machine.travel(dt.datetime(2026, 12, 30, 9, tzinfo=ET), tick=False):
        for pm in plan_2026.plan_modules.all():
            complete(pm)
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=ET), tick=False):
        services.learning_plan_assign(individual=dana.individual, year=2027)
    with time_machine.travel(dt.datetime(2028, 1, 1, 0, 1, tzinfo=ET), tick=False):
        tasks.year_end()
    assert _gs(dana).status == RegistrationStatus.CE_INACTIVE
