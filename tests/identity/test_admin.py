"""Support override in the admin: find the person, see attempts and lockouts, verify
manually (reason required; who and when recorded), clear a lockout; permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from identity import services
from identity.choices import Method, Outcome
from identity.models import Attempt, Lockout
from tests.factories import UserFactory

from .factories import person_to_verify, wrong_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _fail_once(user):
    services.case_start(user=user)
    attempt = services.case_choose(user=user, method=Method.QUESTIONS)
    services.questions_submit(user=user, answers=wrong_answers(user, attempt.questions))


def test_support_groups_hold_the_custom_permission():
    perm = Permission.objects.get(codename="verify_manually", content_type__app_label="identity")
    assert perm in Group.objects.get(name="Support agent").permissions.all()
    assert perm in Group.objects.get(name="Support admin").permissions.all()


def test_find_person_and_see_attempts_and_lockouts(agent_client, person):
    _fail_once(person)
    Lockout.objects.create(scope="user", user=person, fingerprint="x", reason="Too many attempts for the test.",
                           until=timezone.now() + timezone.timedelta(hours=1))
    response = agent_client.get("/admin/identity/verificationsubject/", {"q": person.username})
    assert response.status_code == 200 and person.username in response.content.decode()
    assert "Locked" in response.content.decode()
    body = agent_client.get(f"/admin/identity/verificationsubject/{person.pk}/change/").content.decode()
    assert "Knowledge questions" in body and "Failed" in body
    assert "Too many attempts for the test." in body
    assert "Verify identity manually" in body and "Clear lockouts" in body
    assert person.individual.ssn not in body


def test_verify_manually_needs_a_reason_and_records_who(agent_client, person, staff_user,
                                                       django_capture_on_commit_callbacks):
    url = f"/admin/identity/verificationsubject/{person.pk}/verify/"
    response = agent_client.post(url, {"reason": "  "})
    assert "Say how you verified the person." in response.content.decode()
    person.refresh_from_db()
    assert person.identity_verified_at is None
    response = agent_client.post(url, {"reason": "Called in; checked DOB, address and ID.", "call_reference": ""})
    assert "Enter the call&#x27;s reference" in response.content.decode()
    person.refresh_from_db()
    assert person.identity_verified_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(url, {"reason": "Called in; checked DOB, address and ID.",
                                           "call_reference": "CALL-20261201-0042"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.identity_verified_at is not None
    manual = Attempt.objects.get(user=person, method=Method.MANUAL)
    assert manual.performed_by == staff_user and manual.outcome == Outcome.PASSED
    assert manual.reason == "Called in; checked DOB, address and ID." and manual.finished_at is not None
    assert manual.call_reference == "CALL-20261201-0042"
    [message] = [m for m in mail.outbox if m.to == [person.email]]
    assert message.subject == "FinPro support verified your identity"
    assert "CALL-20261201-0042" in message.body and "If you did not call FinPro support" in message.body


def test_clear_lockouts_records_who(agent_client, person, staff_user):
    lock = Lockout.objects.create(scope="user", user=person, fingerprint="x", reason="r",
                                  until=timezone.now() + timezone.timedelta(hours=1))
    url = f"/admin/identity/verificationsubject/{person.pk}/clear-lockouts/"
    assert "Say why" in agent_client.post(url, {"reason": ""}).content.decode()
    assert agent_client.post(url, {"reason": "Confirmed on the phone"}).status_code == 302
    lock.refresh_from_db()
    assert lock.cleared_by == staff_user and lock.clear_reason == "Confirmed on the phone"


def test_staff_without_the_permission_cannot_verify(client, person):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_verificationsubject"))
    client.force_login(viewer)
    assert client.get(f"/admin/identity/verificationsubject/{person.pk}/change/").status_code == 200
    assert client.post(f"/admin/identity/verificationsubject/{person.pk}/verify/",
                       {"reason": "x"}).status_code == 403
    assert client.post(f"/admin/identity/verificationsubject/{person.pk}/clear-lockouts/",
                       {"reason": "x"}).status_code == 403
    person.refresh_from_db()
    assert person.identity_verified_at is None
    with pytest.raises(Exception, match="may not verify"):
        services.identity_verify_manually(user=person, by=viewer, reason="x", call_reference="CALL-1")


def test_person_list_query_count_is_constant(agent_client):
    def measure(n):
        for _ in range(n):
            _fail_once(person_to_verify())
        with CaptureQueriesContext(connection) as ctx:
            assert agent_client.get("/admin/identity/verificationsubject/").status_code == 200
        return len(ctx)

    agent_client.get("/admin/")  # warm up: the first request of a session stamps last access
    assert measure(1) == measure(4)
