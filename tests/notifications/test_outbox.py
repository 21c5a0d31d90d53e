"""The outbox: notify() writes a row in the caller's transaction, sends once after commit,
retries with a record of each failure, and the sweep re-enqueues what was lost."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import sms
from notifications.choices import Channel, NotificationStatus
from notifications.models import Notification
from notifications.services import DeliveryError, notification_send, notifications_requeue_stale, notify
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_sms():
    sms.outbox.clear()


def test_notify_renders_templates_and_sends_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(kind="test_message", address="avery@mail.example", context={"name": "Avery"})
        assert mail.outbox == []  # nothing leaves before the transaction commits
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.sent_at is not None and notification.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Test message for Avery"
    assert mail.outbox[0].to == ["avery@mail.example"]


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify(kind="test_message", address="avery@mail.example", context={"name": "Avery"})
        raise RuntimeError("business rule failed")
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_sms_goes_through_the_sms_backend(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="test_message", address="+15550100123", channel=Channel.SMS, context={"name": "Avery"})
    assert sms.outbox == [{"to": "+15550100123", "body": "FinPro test message for Avery.", "channel": "sms"}]


def test_send_is_idempotent():
    notification = NotificationFactory()
    notification_send(notification_id=notification.pk)
    notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert len(mail.outbox) == 1
    assert notification.attempts == 1


def test_failures_are_recorded_then_the_message_is_marked_failed(settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingBackend"
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    notification = NotificationFactory()
    for _attempt in range(2):
        with pytest.raises(DeliveryError):
            notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.QUEUED
    assert notification.attempts == 2
    assert notification.last_error == "ConnectionRefusedError"
    assert notification_send(notification_id=notification.pk).status == NotificationStatus.FAILED
    notification_send(notification_id=notification.pk)  # a failed row is left alone
    notification.refresh_from_db()
    assert notification.attempts == 3


def test_sweep_resends_stale_queued_rows_only():
    old = NotificationFactory(created_at=timezone.now() - dt.timedelta(hours=1))
    fresh = NotificationFactory()
    already_sent = NotificationFactory(
        created_at=timezone.now() - dt.timedelta(hours=1), status=NotificationStatus.SENT
    )
    assert notifications_requeue_stale() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    already_sent.refresh_from_db()
    assert old.status == NotificationStatus.SENT
    assert fresh.status == NotificationStatus.QUEUED
    assert [m.to for m in mail.outbox] == [[old.address]]


def test_development_mailbox_lists_and_shows_messages(client):
    notification = NotificationFactory(subject="Activate your account",
                                       body_text="Open http://127.0.0.1:8000/activate/abc/ to continue.")
    listing = client.get("/dev/mailbox/").content.decode()
    assert "Activate your account" in listing
    body = client.get(f"/dev/mailbox/{notification.pk}/").content.decode()
    assert '<a href="http://127.0.0.1:8000/activate/abc/"' in body


def test_development_mailbox_is_off_outside_development(client, settings):
    settings.DEV_MAILBOX = False
    assert client.get("/dev/mailbox/").status_code == 404


def test_admin_never_shows_a_passcode_body(client, superuser):
    notification = NotificationFactory(body_text="Your FinPro passcode is 493817.", sensitive=True)
    client.force_login(superuser)
    page = client.get(f"/admin/notifications/notification/{notification.pk}/change/").content.decode()
    assert "493817" not in page
    assert "one-time passcode" in page
