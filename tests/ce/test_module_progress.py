"""Module and plan status: pages in order, the knowledge check, completion, replays."""

import pytest
from django.core.exceptions import ValidationError

from ce import services
from ce.choices import ModuleStatus, PlanStatus
from ce.models import ModuleAnswer, PlanEvent
from tests.factories import ModuleFactory

from .conftest import complete

pytestmark = pytest.mark.django_db


def test_first_next_starts_the_module_and_the_plan(plan):
    pm = plan.plan_modules.first()
    services.module_page_advance(plan_module=pm, page=1)
    pm.refresh_from_db()
    plan.refresh_from_db()
    assert pm.status == ModuleStatus.IN_PROGRESS and pm.furthest_page == 1 and pm.started_at
    assert plan.status == PlanStatus.IN_PROGRESS
    assert PlanEvent.objects.filter(plan=plan, kind="module_started").count() == 1


def test_pages_are_read_in_order(plan):
    pm = plan.plan_modules.first()
    with pytest.raises(ValidationError, match="comes later"):
        services.module_page_advance(plan_module=pm, page=2)
    with pytest.raises(ValidationError, match="not part of this module"):
        services.module_page_advance(plan_module=pm, page=9)
    pm.refresh_from_db()
    assert pm.status == ModuleStatus.NOT_STARTED and pm.furthest_page == 0


def test_going_back_and_next_again_changes_nothing(plan):
    pm = plan.plan_modules.first()
    services.module_page_advance(plan_module=pm, page=1)
    services.module_page_advance(plan_module=pm, page=2)
    services.module_page_advance(plan_module=pm, page=1)
    pm.refresh_from_db()
    assert pm.furthest_page == 2


def test_check_refused_before_every_page_was_seen(plan):
    pm = plan.plan_modules.first()
    services.module_page_advance(plan_module=pm, page=1)
    q = pm.module.questions.first()
    with pytest.raises(ValidationError, match="Read every page"):
        services.module_check_submit(plan_module=pm, answers={q.pk: q.options.first().pk})


def _read_all(pm):
    for n in range(1, pm.module.pages.count() + 1):
        services.module_page_advance(plan_module=pm, page=n)


def test_an_answer_that_is_not_an_option_of_the_question_is_refused_and_nothing_saved(plan):
    pm = plan.plan_modules.first()
    _read_all(pm)
    questions = list(pm.module.questions.all())
    other_module_option = ModuleFactory().questions.first().options.first()
    answers = {q.pk: q.options.first().pk for q in questions}
    answers[questions[0].pk] = other_module_option.pk
    with pytest.raises(ValidationError) as exc:
        services.module_check_submit(plan_module=pm, answers=answers)
    assert exc.value.message_dict[str(questions[0].pk)] == ["That answer is not one of the options of this question."]
    answers[questions[0].pk] = "not-a-number"
    with pytest.raises(ValidationError):
        services.module_check_submit(plan_module=pm, answers=answers)
    del answers[questions[1].pk]
    with pytest.raises(ValidationError) as exc:
        services.module_check_submit(plan_module=pm, answers=answers)
    assert exc.value.message_dict[str(questions[1].pk)] == ["Choose an answer."]
    assert not ModuleAnswer.objects.exists()
    pm.refresh_from_db()
    assert pm.status == ModuleStatus.IN_PROGRESS


def test_check_completes_the_module_with_each_answer_marked(plan):
    pm = plan.plan_modules.first()
    result = complete(pm, wrong=True)
    assert result.just_completed
    assert [a.is_correct for a in result.answers] == [False, True, True]
    pm.refresh_from_db()
    assert pm.status == ModuleStatus.COMPLETED and pm.completed_at
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_PROGRESS


def test_a_replayed_completion_changes_nothing(plan):
    pm = plan.plan_modules.first()
    complete(pm)
    first_done = pm.__class__.objects.get(pk=pm.pk).completed_at
    q = pm.module.questions.first()
    wrong = q.options.filter(is_correct=False).first()
    result = services.module_check_submit(plan_module=pm, answers={q.pk: wrong.pk})
    assert not result.just_completed
    assert ModuleAnswer.objects.filter(plan_module=pm).count() == 3
    assert ModuleAnswer.objects.get(plan_module=pm, question=q).is_correct
    assert pm.__class__.objects.get(pk=pm.pk).completed_at == first_done
    services.module_page_advance(plan_module=pm, page=1)  # a stale Next on a completed module
    assert pm.__class__.objects.get(pk=pm.pk).status == ModuleStatus.COMPLETED


def test_every_module_completed_satisfies_the_plan(plan):
    for pm in plan.plan_modules.all():
        complete(pm)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SATISFIED and plan.satisfied_at
    labels = list(PlanEvent.objects.filter(plan=plan, kind="status_changed").values_list("detail", flat=True))
    assert "In Progress → Satisfied" in labels and "CE Required → In Progress" in labels
