"""Security questions, the account-setup gate, recent sign-ins and the 12-hour session cap."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from accounts import selectors, services
from accounts.models import SecurityAnswer, SignInEvent
from tests.factories import UserFactory, VerifiedRepFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"question_1": "first_pet", "answer_1": "  Rex ", "question_2": "first_car", "answer_2": "Volvo",
           "question_3": "best_man", "answer_3": "Sam"}


def test_gate_sends_a_user_without_security_questions_to_them(client):
    user = UserFactory(security_questions=False)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("accounts:security_questions")
    assert client.get(reverse("my_account")).status_code == 200  # /account/ is exempt


def test_security_questions_need_three_different_ones_from_at_least_eight(client):
    from accounts.choices import SecurityQuestion

    assert len(SecurityQuestion.choices) >= 8
    user = UserFactory(security_questions=False)
    client.force_login(user)
    response = client.post(reverse("accounts:security_questions"), {**ANSWERS, "question_3": "first_pet"})
    assert "Choose a question you have not chosen above" in response.content.decode()
    response = client.post(reverse("accounts:security_questions"), {**ANSWERS, "answer_2": "   "})
    assert response.status_code == 200
    assert SecurityAnswer.objects.count() == 0


def test_answers_are_stored_hashed_and_normalised_then_the_person_goes_on(client):
    user = UserFactory(security_questions=False)
    client.force_login(user)
    response = client.post(reverse("accounts:security_questions"), ANSWERS)
    assert response.status_code == 302
    assert response.url == selectors.url_after_account_setup()
    stored = SecurityAnswer.objects.filter(user=user)
    assert stored.count() == 3 and all("Rex" not in a.answer_hash for a in stored)
    assert services.security_answer_check(user=user, question="first_pet", answer="REX")
    assert not services.security_answer_check(user=user, question="first_pet", answer="Max")
    assert selectors.has_security_questions(user=user)
    assert client.get("/").url == reverse("identity:start")  # setup done: identity verification is next


def test_after_setup_goes_to_identity_verification():
    assert selectors.url_after_account_setup() == reverse("identity:start")


def test_sign_in_is_recorded_with_time_ip_and_browser(client):
    user = UserFactory(username="recorded")
    client.post(reverse("account_login"), {"login": "recorded", "password": "correct horse battery staple"},
                HTTP_USER_AGENT="Mozilla/5.0 Test", REMOTE_ADDR="203.0.113.9")
    event = SignInEvent.objects.get(user=user)
    assert event.ip_address == "203.0.113.9" and event.user_agent == "Mozilla/5.0 Test"


def test_session_ends_12_hours_after_sign_in_however_active(client, settings):
    VerifiedRepFactory(username="long.day")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("account_login"), {"login": "long.day", "password": "correct horse battery staple"})
        assert SESSION_KEY in client.session
    for minutes in range(10, 12 * 60, 10):  # active every 10 minutes, never idle 15
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=12, minutes=1), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and response.url == reverse("account_login")
        assert SESSION_KEY not in client.session
