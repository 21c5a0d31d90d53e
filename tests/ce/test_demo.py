"""ce.demo.seed: a complete fictitious curriculum for last, this and next year, plans for
everyone registered, and the personas' progress; running it twice changes nothing."""

import random
from types import SimpleNamespace

import pytest
from django.db.models import Count
from django.utils import timezone

from ce import demo
from ce.choices import ModuleStatus, PlanStatus
from ce.models import CategoryGroup, CEYear, IarCeAdoption, IarCeCredit, LearningPlan, Module
from crd.choices import RegistrationStatus
from tests.factories import AssociationFactory, CategoryRef, FirmFactory, RegistrationFactory, VerifiedRepFactory

pytestmark = pytest.mark.django_db


def _person(firm, *codes):
    user = VerifiedRepFactory()
    AssociationFactory(individual=user.individual, firm=firm)
    for code in codes:
        RegistrationFactory(individual=user.individual, firm=firm, category=CategoryRef(code=code))
    return user


def test_seed_loads_a_full_curriculum_and_the_personas_progress():
    today = timezone.localdate()
    summit = FirmFactory(name="Summit Ridge Securities")
    rep, compliance, contractor = _person(summit, "GS", "IR"), _person(summit, "GS", "GP", "CR"), _person(summit, "GS")
    data = SimpleNamespace(rng=random.Random(1), today=today, firms={"summit": summit},
                           people={"rep": rep.individual, "compliance": compliance.individual,
                                   "contractor": contractor.individual},
                           users={"rep": rep, "compliance": compliance, "contractor": contractor})
    demo.seed(data)
    demo.seed(data)
    assert set(CEYear.objects.values_list("year", flat=True)) == {today.year - 1, today.year, today.year + 1}
    for year in (today.year, today.year + 1):
        groups = CategoryGroup.objects.filter(ce_year__year=year).annotate(n=Count("modules"))
        assert groups.count() >= 4 and all(3 <= g.n <= 6 for g in groups)
        modules = Module.objects.filter(group__ce_year__year=year).annotate(
            pages_n=Count("pages", distinct=True), questions_n=Count("questions", distinct=True))
        assert all(m.pages_n >= 3 and m.questions_n >= 3 for m in modules)
    assert LearningPlan.objects.filter(ce_year__year=today.year).count() == 3
    rep_plan = LearningPlan.objects.get(individual=rep.individual, ce_year__year=today.year)
    assert rep_plan.status == PlanStatus.IN_PROGRESS
    assert rep_plan.plan_modules.filter(status=ModuleStatus.COMPLETED).count() == 1
    casey = LearningPlan.objects.get(individual=compliance.individual, ce_year__year=today.year)
    assert casey.status == PlanStatus.SATISFIED
    assert IarCeCredit.objects.filter(individual=compliance.individual, component="ethics").count() == 2
    assert IarCeAdoption.objects.filter(jurisdiction__code="CT", adopted=True).exists()
    last = LearningPlan.objects.get(individual=contractor.individual, ce_year__year=today.year - 1)
    assert last.status == PlanStatus.CE_INACTIVE
    assert set(contractor.individual.registrations.values_list("status", flat=True)) == {RegistrationStatus.CE_INACTIVE}
