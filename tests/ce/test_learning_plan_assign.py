"""learning_plan_assign: the plan follows the person's registrations; one plan per person and year."""

import pytest
from django.db import IntegrityError, transaction

from ce import services
from ce.choices import ModuleStatus, PlanStatus
from ce.models import LearningPlan, PlanEvent
from crd.choices import RegistrationStatus
from tests.factories import CategoryRef, LearningPlanFactory, RegistrationFactory

from .conftest import complete

pytestmark = pytest.mark.django_db


def _titles(plan):
    return [pm.module.title for pm in plan.plan_modules.select_related("module")]


def test_assign_gives_the_modules_of_the_registrations_group(plan):
    assert _titles(plan) == ["Know your customer", "Cybersecurity"]
    assert plan.status == PlanStatus.CE_REQUIRED
    assert all(pm.status == ModuleStatus.NOT_STARTED for pm in plan.plan_modules.all())
    assert PlanEvent.objects.filter(plan=plan, kind="assigned").count() == 2


def test_assign_again_changes_nothing(plan, dana, year):
    again = services.learning_plan_assign(individual=dana.individual, year=year)
    assert again.pk == plan.pk
    assert _titles(again) == ["Know your customer", "Cybersecurity"]
    assert LearningPlan.objects.filter(individual=dana.individual).count() == 1


def test_registration_added_mid_year_adds_its_groups_modules_and_keeps_progress(plan, dana, summit, year):
    pm = plan.plan_modules.first()
    services.module_page_advance(plan_module=pm, page=1)
    RegistrationFactory(individual=dana.individual, firm=summit, category=CategoryRef(code="GP"))
    plan = services.learning_plan_assign(individual=dana.individual, year=year)
    assert _titles(plan) == ["Know your customer", "Cybersecurity", "Supervising remotely"]
    pm.refresh_from_db()
    assert pm.status == ModuleStatus.IN_PROGRESS and pm.furthest_page == 1
    assert plan.status == PlanStatus.IN_PROGRESS


def test_dropped_registration_removes_unstarted_modules_and_keeps_completed(plan, dana, summit, year):
    gp = RegistrationFactory(individual=dana.individual, firm=summit, category=CategoryRef(code="GP"))
    plan = services.learning_plan_assign(individual=dana.individual, year=year)
    gs = dana.individual.registrations.get(category__code="GS")
    complete(plan.plan_modules.get(module__title="Know your customer"))
    for registration in (gs, gp):
        registration.status = RegistrationStatus.TERMINATED
        registration.save()
    plan = services.learning_plan_assign(individual=dana.individual, year=year)
    assert _titles(plan) == ["Know your customer"]
    assert plan.status == PlanStatus.SATISFIED
    assert PlanEvent.objects.filter(plan=plan, kind="removed").count() == 2


def test_no_plan_without_registrations_or_without_content(dana, content, year, individual):
    assert services.learning_plan_assign(individual=individual, year=year) is None
    assert services.learning_plan_assign(individual=dana.individual, year=year + 5) is None
    assert not LearningPlan.objects.exists()


def test_pending_registration_needs_no_plan(content, year, individual, summit):
    RegistrationFactory(individual=individual, firm=summit, status=RegistrationStatus.PENDING, approved_on=None)
    assert services.learning_plan_assign(individual=individual, year=year) is None


def test_one_plan_per_person_and_year_is_a_database_constraint(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningPlanFactory(individual=plan.individual, ce_year=plan.ce_year)


def test_assign_all_covers_everyone_with_an_approved_registration(dana, content, year, summit, individual):
    RegistrationFactory(individual=individual, firm=summit, category=CategoryRef(code="GP"))
    assert services.learning_plans_assign_all(year=year) == 2
    assert services.learning_plans_assign_all(year=year) == 2
    assert LearningPlan.objects.count() == 2
