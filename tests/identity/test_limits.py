"""Attempt limits and lockouts, with time travel: 10 wrong passcodes → 10-minute lock;
5 attempts per 6 hours per account; 10 per hour per SSN across accounts; the question
time limit; support clearing a lockout."""

import datetime as dt

import pytest
import time_machine

from identity import selectors, services
from identity.choices import FailureReason, LockScope, Method, Outcome
from identity.models import Attempt, Lockout
from tests.factories import UserFactory

from .factories import person_to_verify, right_answers, wrong_answers

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


def at(**delta):
    return time_machine.travel(T0 + dt.timedelta(**delta), tick=False)


def fail_quiz(user):
    attempt = services.case_choose(user=user, method=Method.QUESTIONS)
    result = services.questions_submit(user=user, answers=wrong_answers(user, attempt.questions))
    assert result.outcome == Outcome.FAILED
    services.case_retry(user=user)
    return attempt


def test_ten_wrong_passcodes_lock_passcode_entry_for_ten_minutes(person):
    with at():
        services.case_start(user=person)
        services.case_choose(user=person, method=Method.SMS)
        for i in range(9):
            result = services.passcode_submit(user=person, code="000000" if i % 2 else "999999")
            assert result.outcome == Outcome.PENDING
        result = services.passcode_submit(user=person, code="123123")
        assert result.outcome == Outcome.FAILED
        attempt = Attempt.objects.get(user=person)
        assert attempt.failure_reason == FailureReason.WRONG_CODES and attempt.wrong_codes == 10
        [lock] = selectors.lockouts_in_force(user=person)
        assert lock.scope == LockScope.PASSCODE
        with pytest.raises(services.VerificationRefused):
            services.case_choose(user=person, method=Method.SMS)
    with at(minutes=9, seconds=59):
        assert selectors.lockouts_in_force(user=person)
    with at(minutes=10, seconds=1):
        assert not selectors.lockouts_in_force(user=person)
        services.case_retry(user=person)
        services.case_choose(user=person, method=Method.SMS)


def test_right_passcode_after_wrong_ones_verifies(person, django_capture_on_commit_callbacks):
    from notifications import sms

    with at(), django_capture_on_commit_callbacks(execute=True):
        services.case_start(user=person)
        services.case_choose(user=person, method=Method.SMS)
    code = next(tok.strip(".") for tok in sms.outbox[-1]["body"].split() if tok.strip(".").isdigit())
    with at(minutes=1):
        assert services.passcode_submit(user=person, code="000001" if code != "000001" else "000002").outcome == \
            Outcome.PENDING
        assert services.passcode_submit(user=person, code=code).outcome == Outcome.PASSED
    person.refresh_from_db()
    assert person.identity_verified_at == T0 + dt.timedelta(minutes=1)


def test_expired_passcode_is_wrong(person, django_capture_on_commit_callbacks):
    from notifications import sms

    with at(), django_capture_on_commit_callbacks(execute=True):
        services.case_start(user=person)
        services.case_choose(user=person, method=Method.SMS)
    code = next(tok.strip(".") for tok in sms.outbox[-1]["body"].split() if tok.strip(".").isdigit())
    with at(minutes=10, seconds=1):
        assert services.passcode_submit(user=person, code=code).outcome == Outcome.PENDING
    person.refresh_from_db()
    assert person.identity_verified_at is None


def test_five_attempts_per_six_hours_per_account(person):
    with at():
        services.case_start(user=person)
    for i in range(4):
        with at(minutes=10 * i):
            fail_quiz(person)
            assert not selectors.lockouts_in_force(user=person)
            assert selectors.attempts_left(user=person) == 4 - i
    with at(minutes=45):
        fail_quiz(person)
        [lock] = selectors.lockouts_in_force(user=person)
        assert lock.scope == LockScope.USER
        with pytest.raises(services.VerificationRefused):
            services.case_choose(user=person, method=Method.QUESTIONS)
    with at(hours=6, minutes=44):
        assert selectors.lockouts_in_force(user=person)
    with at(hours=6, minutes=46):
        assert not selectors.lockouts_in_force(user=person)
        assert selectors.attempts_left(user=person) >= 1
        fail_quiz(person)


def test_abandoned_attempts_count_too(person):
    with at():
        services.case_start(user=person)
        for _ in range(5):
            services.case_choose(user=person, method=Method.QUESTIONS)
            services.case_back_to_options(user=person)
        assert Attempt.objects.filter(user=person, outcome=Outcome.ABANDONED).count() == 5
        assert selectors.lockouts_in_force(user=person)


def test_lockout_per_ssn_is_shared_across_accounts():
    """Ten attempts in an hour for one person lock every account that person opens."""
    first = person_to_verify()
    individual = first.individual
    with at():
        services.case_start(user=first)
    for i in range(5):
        with at(minutes=i):
            fail_quiz(first)
    # The first account is locked for itself. Support moves the CRD person to a new account.
    with at(minutes=5):
        assert {lock.scope for lock in selectors.lockouts_in_force(user=first)} == {LockScope.USER}
    first.individual = None
    first.save()
    second = UserFactory(individual=individual)
    with at(minutes=10):
        assert not selectors.lockouts_in_force(user=second)
        services.case_start(user=second)
    for i in range(5):
        with at(minutes=10 + i):
            fail_quiz(second)
    with at(minutes=20):
        scopes = {lock.scope for lock in selectors.lockouts_in_force(user=second)}
        assert LockScope.SSN in scopes
        # A third account for the same person is locked before it tries anything.
        second.individual = None
        second.save()
        third = UserFactory(individual=individual)
        assert [lock.scope for lock in selectors.lockouts_in_force(user=third)] == [LockScope.SSN]
        services.case_start(user=third)
        with pytest.raises(services.VerificationRefused):
            services.case_choose(user=third, method=Method.QUESTIONS)
    with at(hours=1, minutes=15):
        assert not selectors.lockouts_in_force(user=third)


def test_questions_time_limit(person):
    with at():
        services.case_start(user=person)
        attempt = services.case_choose(user=person, method=Method.QUESTIONS)
    with at(minutes=5, seconds=20):
        result = services.questions_submit(user=person, answers=right_answers(person, attempt.questions))
    assert result.outcome == Outcome.EXPIRED
    attempt.refresh_from_db()
    assert attempt.failure_reason == FailureReason.TIME_UP and attempt.questions == []
    person.refresh_from_db()
    assert person.identity_verified_at is None


def test_right_answers_within_the_time_limit_verify(person):
    with at():
        services.case_start(user=person)
        attempt = services.case_choose(user=person, method=Method.QUESTIONS)
    with at(minutes=4, seconds=50):
        result = services.questions_submit(user=person, answers=right_answers(person, attempt.questions))
    assert result.outcome == Outcome.PASSED
    attempt.refresh_from_db()
    assert attempt.outcome == Outcome.PASSED and attempt.questions == [], "answers and questions are not kept"


def test_support_clears_a_lockout_and_the_count_restarts(person, superuser):
    with at():
        services.case_start(user=person)
        for _ in range(5):
            fail_quiz(person)
        assert selectors.lockouts_in_force(user=person)
    with at(minutes=5):
        assert services.lockouts_clear_for(user=person, by=superuser, reason="Called in, checked ID") == 1
        lock = Lockout.objects.get(user=person)
        assert lock.cleared_by == superuser and lock.cleared_at == T0 + dt.timedelta(minutes=5)
        assert selectors.attempts_left(user=person) == 5
        fail_quiz(person)
        assert not selectors.lockouts_in_force(user=person)
