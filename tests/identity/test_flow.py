"""The verification pages: start, options the bureau allows, passcode and questions paths,
failure, lockout, support; no skipping ahead by URL; resuming after signing in again."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from identity.choices import Method, Outcome
from identity.models import Attempt, Lockout
from identity.providers.sandbox_models import PhoneOwnership, SandboxQuiz
from identity.selectors import personal_phone_for
from notifications import sms
from tests.factories import ProfileFactory, UserFactory

from .factories import RICH_FACTS, person_to_verify, right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def _code():
    return re.search(r"\b(\d{6})\b", sms.outbox[-1]["body"]).group(1)


def _go(client, path="/identity/", data=None):
    """POST (or GET) and follow redirects; returns the final response."""
    if data is None:
        return client.get(path, follow=True)
    return client.post(path, data, follow=True)


def test_start_page_then_options(person_client):
    response = _go(person_client)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Verify your identity" in body and ">Continue<" in body
    response = _go(person_client, data={})
    assert response.redirect_chain[-1][0] == "/identity/options/"
    body = response.content.decode()
    assert "Text a passcode to my personal phone ending in 0101" in body
    assert "Call my personal phone ending in 0101" in body
    assert "Answer multiple-choice questions" in body


def test_no_skipping_ahead_by_url(person_client):
    for path in ("/identity/options/", "/identity/passcode/", "/identity/questions/", "/identity/support/",
                 "/identity/no-such-step/"):
        response = person_client.get(path)
        assert response.status_code == 302 and response["Location"] == "/identity/", path
    response = person_client.post("/identity/passcode/", {"code": "123456"})
    assert response["Location"] == "/identity/"
    assert not Attempt.objects.exists()


def test_multi_party_phone_gets_questions_only(client):
    user = person_to_verify(ownership=PhoneOwnership.MULTI_PARTY)
    client.force_login(user)
    _go(client, data={})
    body = _go(client).content.decode()
    assert "Answer multiple-choice questions" in body
    assert "Text a passcode" not in body and "shared (multi-party) plan" in body
    response = client.post("/identity/options/", {"method": Method.SMS})
    assert "Select a valid choice" in response.content.decode()
    assert not Attempt.objects.exists()


def test_phone_not_tied_and_thin_file_go_to_support(client, settings):
    user = person_to_verify(phone=None, facts=RICH_FACTS[:2])
    client.force_login(user)
    response = _go(client, data={})
    assert response.redirect_chain[-1][0] == "/identity/support/"
    body = response.content.decode()
    assert "Call us to verify your identity" in body
    assert settings.SUPPORT_PHONE in body and settings.SUPPORT_HOURS in body
    assert user.username in body


def test_options_form_requires_a_choice(person_client):
    _go(person_client, data={})
    response = person_client.post("/identity/options/", {})
    assert "Choose one way to verify your identity." in response.content.decode()


def test_passcode_path_lands_on_dashboard_with_email(person_client, person, django_capture_on_commit_callbacks):
    _go(person_client, data={})
    with django_capture_on_commit_callbacks(execute=True):
        response = _go(person_client, "/identity/options/", {"method": Method.SMS})
    assert response.redirect_chain[-1][0] == "/identity/passcode/"
    body = response.content.decode()
    assert "We texted a 6-digit passcode to your personal phone ending in 0101" in body
    assert "data-countdown-until" in body
    response = person_client.post("/identity/passcode/", {"code": "12ab"})
    assert "Enter the 6 digits of the passcode." in response.content.decode()
    wrong = "000000" if _code() != "000000" else "111111"
    response = person_client.post("/identity/passcode/", {"code": wrong})
    body = response.content.decode()
    assert "That passcode is not right" in body and "You have 9 tries left." in body
    with django_capture_on_commit_callbacks(execute=True):
        response = _go(person_client, "/identity/passcode/", {"code": _code()})
    assert response.redirect_chain[-1][0] == "/"
    assert "Your identity is verified" in response.content.decode()
    person.refresh_from_db()
    assert person.identity_verified_at is not None
    [email] = mail.outbox
    assert email.subject == "Your FinPro account is ready" and email.to == [person.email]
    attempt = Attempt.objects.get(user=person)
    assert attempt.outcome == Outcome.PASSED and attempt.method == Method.SMS and attempt.phone_last4 == "0101"
    assert _go(person_client, "/identity/").redirect_chain[-1][0] == "/"


def test_resend_too_soon_shows_a_message(person_client):
    _go(person_client, data={})
    _go(person_client, "/identity/options/", {"method": Method.SMS})
    response = _go(person_client, "/identity/passcode/", {"action": "resend-voice"})
    assert "You can ask for another in" in response.content.decode()


def test_questions_path_wrong_then_pass(person_client, person, django_capture_on_commit_callbacks):
    _go(person_client, data={})
    response = _go(person_client, "/identity/options/", {"method": Method.QUESTIONS})
    assert response.redirect_chain[-1][0] == "/identity/questions/"
    body = response.content.decode()
    assert body.count("<span>None of the Above</span>") == 5 and "Time left" in body
    attempt = Attempt.objects.get(user=person, outcome=Outcome.PENDING)
    # Missing answers: errors next to the questions, nothing graded.
    response = person_client.post("/identity/questions/", {"q0": "0"})
    assert "Choose an answer to this question." in response.content.decode()
    assert SandboxQuiz.objects.count() == 1
    answers = wrong_answers(person, attempt.questions)
    response = _go(person_client, "/identity/questions/", {f"q{i}": str(a) for i, a in enumerate(answers)})
    assert response.redirect_chain[-1][0] == "/identity/failed/"
    body = response.content.decode()
    assert "Some of your answers did not match" in body and "4 more times" in body
    attempt.refresh_from_db()
    assert attempt.outcome == Outcome.FAILED and attempt.questions == []
    assert not SandboxQuiz.objects.exists()
    response = _go(person_client, "/identity/failed/", {})
    assert response.redirect_chain[-1][0] == "/identity/options/"
    _go(person_client, "/identity/options/", {"method": Method.QUESTIONS})
    attempt = Attempt.objects.get(user=person, outcome=Outcome.PENDING)
    answers = right_answers(person, attempt.questions)
    with django_capture_on_commit_callbacks(execute=True):
        response = _go(person_client, "/identity/questions/", {f"q{i}": str(a) for i, a in enumerate(answers)})
    assert response.redirect_chain[-1][0] == "/"
    person.refresh_from_db()
    assert person.identity_verified_at is not None
    assert len(mail.outbox) == 1


def test_resume_after_signing_in_again(client, person):
    client.force_login(person)
    _go(client, data={})
    _go(client, "/identity/options/", {"method": Method.QUESTIONS})
    first = Attempt.objects.get(user=person).questions
    client.logout()
    client.force_login(person)
    assert client.get("/").status_code == 302
    response = _go(client, "/")
    assert response.redirect_chain[-1][0] == "/identity/questions/"
    assert Attempt.objects.get(user=person).questions == first
    assert "Answer questions about your history" in response.content.decode()


def test_choose_another_way_goes_back_and_abandons(person_client, person):
    _go(person_client, data={})
    _go(person_client, "/identity/options/", {"method": Method.QUESTIONS})
    response = _go(person_client, "/identity/questions/", {"action": "back"})
    assert response.redirect_chain[-1][0] == "/identity/options/"
    assert Attempt.objects.get(user=person).outcome == Outcome.ABANDONED


def test_locked_page(person_client, person):
    from django.utils import timezone

    Lockout.objects.create(scope="user", user=person, fingerprint="x", reason="test",
                           until=timezone.now() + timezone.timedelta(hours=6))
    response = _go(person_client)
    assert response.redirect_chain[-1][0] == "/identity/locked/"
    body = response.content.decode()
    assert "Verification is paused" in body and "Eastern Time" in body and "Have these at hand" in body


def test_account_without_an_individual_gets_a_clear_page(client):
    user = UserFactory()
    client.force_login(user)
    response = _go(client, "/")
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/identity/no-record/"
    assert "Nothing to verify" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/identity/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_personal_phone_prefers_the_profile(person):
    assert personal_phone_for(person) == "+15550100101"  # no profile yet: the bureau's number

    ProfileFactory(user=person, personal_phone="+15550100177")
    person.refresh_from_db()
    assert personal_phone_for(person) == "+15550100177"


@pytest.mark.parametrize("step", ["options", "questions"])
def test_pages_cost_constant_queries(client, step):
    def measure(extra_attempts):
        user = person_to_verify()
        client.force_login(user)
        _go(client, data={})
        for _ in range(extra_attempts):
            _go(client, "/identity/options/", {"method": Method.QUESTIONS})
            _go(client, "/identity/questions/", {"action": "back"})
        if step == "questions":
            _go(client, "/identity/options/", {"method": Method.QUESTIONS})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/identity/{step}/").status_code == 200
        return len(ctx)

    assert measure(0) == measure(3)
