"""The module player at /ce/: the plan with Launch buttons, one page at a time with progress,
Back/Next, resume after signing out, the knowledge check with per-answer feedback. Plain
links and forms only, so it works without JavaScript."""

import re

import pytest
from django.urls import reverse

from ce.choices import ModuleStatus
from ce.models import ModuleAnswer
from tests.factories import VerifiedRepFactory

from .conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana_client(client, dana, plan):
    client.force_login(dana)
    return client


def _first(plan):
    return plan.plan_modules.select_related("module").first()


def test_overview_lists_modules_with_status_and_a_launch_button(dana_client, plan, year):
    body = dana_client.get(reverse("ce:overview")).content.decode()
    assert "Current Annual Regulatory Element CE" in body
    assert "Know your customer" in body and "Cybersecurity" in body
    assert body.count(">Not started<") == 2
    assert f'href="{reverse("ce:launch", args=[_first(plan).pk])}"' in body
    assert "Launch" in body and f"12/31/{year}" in body and "CE Required" in body


def test_launch_opens_page_one_and_shows_progress(dana_client, plan):
    pm = _first(plan)
    response = dana_client.get(reverse("ce:launch", args=[pm.pk]))
    assert response["Location"] == reverse("ce:page", args=[pm.pk, 1])
    body = dana_client.get(response["Location"]).content.decode()
    assert "Page 1 of 3" in body and "Content of page 1 of Know your customer." in body
    assert '<progress class="ce-progress"' in body and "<script" not in body.split("</head>")[1]


def test_next_moves_on_and_back_is_a_link(dana_client, plan):
    pm = _first(plan)
    response = dana_client.post(reverse("ce:page", args=[pm.pk, 1]))
    assert response["Location"] == reverse("ce:page", args=[pm.pk, 2])
    body = dana_client.get(response["Location"]).content.decode()
    assert "Page 2 of 3" in body
    assert f'href="{reverse("ce:page", args=[pm.pk, 1])}">Back</a>' in body
    pm.refresh_from_db()
    assert pm.status == ModuleStatus.IN_PROGRESS


def test_a_later_page_by_url_sends_you_to_where_you_are(dana_client, plan):
    pm = _first(plan)
    response = dana_client.get(reverse("ce:page", args=[pm.pk, 3]))
    assert response["Location"] == reverse("ce:page", args=[pm.pk, 1])
    assert dana_client.get(reverse("ce:check", args=[pm.pk]))["Location"] == reverse("ce:page", args=[pm.pk, 1])
    assert dana_client.get(reverse("ce:page", args=[pm.pk, 99])).status_code == 404


def test_resume_after_signing_out_goes_to_the_first_unseen_page(client, dana, plan):
    pm = _first(plan)
    client.force_login(dana)
    client.post(reverse("ce:page", args=[pm.pk, 1]))
    client.post(reverse("ce:page", args=[pm.pk, 2]))
    client.logout()
    client.force_login(dana)
    assert "Resume" in client.get(reverse("ce:overview")).content.decode()
    assert client.get(reverse("ce:launch", args=[pm.pk]))["Location"] == reverse("ce:page", args=[pm.pk, 3])


def _to_check(client, pm):
    for n in range(1, 4):
        client.post(reverse("ce:page", args=[pm.pk, n]))


def test_knowledge_check_gives_feedback_per_answer_with_the_explanation(dana_client, plan):
    pm = _first(plan)
    _to_check(dana_client, pm)
    questions = list(pm.module.questions.all())
    data = {f"q{q.pk}": q.options.get(is_correct=True).pk for q in questions}
    data[f"q{questions[0].pk}"] = questions[0].options.filter(is_correct=False).first().pk
    response = dana_client.post(reverse("ce:check", args=[pm.pk]), data)
    assert response["Location"] == reverse("ce:check", args=[pm.pk])
    body = dana_client.get(response["Location"]).content.decode()
    assert "Module completed. You answered 2 of 3 questions correctly." in body
    assert body.count("Correct.") == 2 and body.count("Not quite.") == 1
    assert "The right answer is: Answer 1" in body
    for n in (1, 2, 3):
        assert f"Because of rule {n}." in body
    assert "Next module: Cybersecurity" in body


def test_an_answer_that_is_not_an_option_is_a_clear_error(dana_client, plan):
    pm = _first(plan)
    _to_check(dana_client, pm)
    questions = list(pm.module.questions.all())
    data = {f"q{q.pk}": q.options.first().pk for q in questions}
    data[f"q{questions[1].pk}"] = "999999"
    response = dana_client.post(reverse("ce:check", args=[pm.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "That answer is not one of the options of this question." in body
    assert f'aria-describedby="q{questions[1].pk}-error"' in body
    assert not ModuleAnswer.objects.exists()


def test_a_missing_answer_keeps_the_others_chosen(dana_client, plan):
    pm = _first(plan)
    _to_check(dana_client, pm)
    q1, _q2, _q3 = pm.module.questions.all()
    chosen = q1.options.last().pk
    response = dana_client.post(reverse("ce:check", args=[pm.pk]), {f"q{q1.pk}": chosen})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose an answer." in body
    assert re.search(rf'value="{chosen}"\s+checked', body)


def test_a_replayed_check_post_changes_nothing(dana_client, plan):
    pm = _first(plan)
    complete(pm)
    q = pm.module.questions.first()
    response = dana_client.post(reverse("ce:check", args=[pm.pk]), {f"q{q.pk}": q.options.last().pk})
    assert response.status_code == 302
    assert ModuleAnswer.objects.get(plan_module=pm, question=q).is_correct


@pytest.mark.parametrize("name,args", [("launch", []), ("page", [1]), ("check", [])])
def test_another_persons_module_is_404(client, plan, name, args):
    client.force_login(VerifiedRepFactory())
    assert client.get(reverse(f"ce:{name}", args=[_first(plan).pk, *args])).status_code == 404
    assert client.post(reverse(f"ce:{name}", args=[_first(plan).pk, *args])).status_code in (404, 405)
