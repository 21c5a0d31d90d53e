"""One-time passcodes: 6 digits, hashed at rest, 10 minutes, single use, bound to purpose,
send limits per phone, and how they travel (outbox + SMS backend, never in logs)."""

import datetime as dt
import logging

import pytest
import time_machine
from django.utils import timezone

from identity import services
from identity.choices import Method, PasscodePurpose
from identity.models import Passcode
from notifications import sms
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PHONE = "+15550100199"
T0 = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


def _issue(user, purpose=PasscodePurpose.IDENTITY, phone=PHONE):
    return services.passcode_issue(user=user, purpose=purpose, phone=phone, channel="sms")


def test_code_is_six_digits_and_only_a_hash_is_stored():
    user = UserFactory()
    code = _issue(user)
    assert len(code) == 6 and code.isdigit()
    row = Passcode.objects.get(user=user)
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - row.created_at == dt.timedelta(minutes=10)


def test_code_works_once_replay_fails():
    user = UserFactory()
    code = _issue(user)
    assert services.passcode_redeem(user=user, purpose=PasscodePurpose.IDENTITY, code=code)
    assert not services.passcode_redeem(user=user, purpose=PasscodePurpose.IDENTITY, code=code)


def test_code_for_another_purpose_is_refused():
    user = UserFactory()
    code = _issue(user, purpose=PasscodePurpose.PHONE_CHANGE)
    assert not services.passcode_redeem(user=user, purpose=PasscodePurpose.IDENTITY, code=code)
    assert services.passcode_redeem(user=user, purpose=PasscodePurpose.PHONE_CHANGE, code=code)


def test_code_of_another_user_is_refused():
    alice, bob = UserFactory(), UserFactory()
    code = _issue(alice)
    _issue(bob, phone="+15550100198")
    assert not services.passcode_redeem(user=bob, purpose=PasscodePurpose.IDENTITY, code=code)


def test_code_expires_after_ten_minutes():
    user = UserFactory()
    with time_machine.travel(T0, tick=False):
        code = _issue(user)
    with time_machine.travel(T0 + dt.timedelta(minutes=9, seconds=59), tick=False):
        assert services.passcode_redeem(user=user, purpose=PasscodePurpose.IDENTITY, code=code)
    with time_machine.travel(T0 + dt.timedelta(minutes=20), tick=False):
        code = _issue(user)
    with time_machine.travel(T0 + dt.timedelta(minutes=30), tick=False):
        assert not services.passcode_redeem(user=user, purpose=PasscodePurpose.IDENTITY, code=code)


def test_a_new_code_replaces_the_old_one():
    user = UserFactory()
    with time_machine.travel(T0, tick=False):
        old = _issue(user)
    with time_machine.travel(T0 + dt.timedelta(seconds=31), tick=False):
        new = _issue(user)
        if old != new:
            assert not services.passcode_redeem(user=user, purpose=PasscodePurpose.IDENTITY, code=old)
        assert services.passcode_redeem(user=user, purpose=PasscodePurpose.IDENTITY, code=new)


def test_one_send_per_thirty_seconds_per_phone():
    user = UserFactory()
    with time_machine.travel(T0, tick=False):
        _issue(user)
    with time_machine.travel(T0 + dt.timedelta(seconds=20), tick=False):
        with pytest.raises(services.SendLimited) as exc:
            _issue(UserFactory())  # another account, same phone
        assert exc.value.wait_seconds == 10
    with time_machine.travel(T0 + dt.timedelta(seconds=30), tick=False):
        _issue(user)


def test_ten_sends_per_five_minutes_per_phone():
    user = UserFactory()
    for i in range(10):
        with time_machine.travel(T0 + dt.timedelta(seconds=30 * i), tick=False):
            _issue(user)
    with time_machine.travel(T0 + dt.timedelta(seconds=300), tick=False):
        # 10 sends from T0 to T0+4:30: the 11th waits until the first is more than 5 minutes old.
        with pytest.raises(services.SendLimited, match="Too many passcodes"):
            _issue(user)
        _issue(user, phone="+15550100197")  # another phone is not affected
    with time_machine.travel(T0 + dt.timedelta(seconds=301), tick=False):
        _issue(user)


def test_passcode_travels_through_outbox_and_sms_backend_never_logs(
    person, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO)
    services.case_start(user=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_choose(user=person, method=Method.SMS)
    note = Notification.objects.get(kind="identity_passcode")
    assert note.channel == "sms" and note.sensitive and note.address == "+15550100101"
    assert len(sms.outbox) == 1 and sms.outbox[0]["to"] == "+15550100101"
    code = next(tok.strip(".") for tok in sms.outbox[0]["body"].split() if tok.strip(".").isdigit())
    assert len(code) == 6
    assert all(code not in record.getMessage() for record in caplog.records)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=31), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        services.passcode_resend(user=person, channel=Method.VOICE)
    voice = Notification.objects.get(kind="identity_passcode_voice")
    assert voice.channel == "voice" and voice.sensitive
    assert sms.outbox[-1]["channel"] == "voice"
