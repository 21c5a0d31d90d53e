"""notifications_send_batch: many queued emails over one connection, each marked sent as soon as
the server took it, leased so that no other sender touches them meanwhile."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from notifications.choices import NotificationStatus
from notifications.models import Notification
from notifications.services import message_id, notification_send, notifications_requeue_stale, notifications_send_batch
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_a_batch_goes_out_once_each_with_a_message_id_that_stays_the_same():
    rows = [NotificationFactory(address=f"p{i}@mail.example") for i in range(5)]
    assert notifications_send_batch(notification_ids=[r.pk for r in rows]) == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.address for r in rows)
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == {message_id(r) for r in rows}
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert not Notification.objects.filter(lease_until__isnull=False).exists()
    assert notifications_send_batch(notification_ids=[r.pk for r in rows]) == 0, "sent rows are never sent again"
    assert len(mail.outbox) == 5


def test_rows_another_sender_holds_are_left_to_it_until_its_lease_ends():
    held = NotificationFactory(lease_until=timezone.now() + dt.timedelta(minutes=5),
                               created_at=timezone.now() - dt.timedelta(hours=1))
    assert notifications_send_batch(notification_ids=[held.pk]) == 0
    assert notification_send(notification_id=held.pk).status == NotificationStatus.QUEUED
    assert notifications_requeue_stale() == 0, "the sweep leaves a held row alone"
    assert mail.outbox == []
    # The holder died: once the lease is over, the row goes out (here through the next batch).
    Notification.objects.filter(pk=held.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    assert notifications_send_batch(notification_ids=[held.pk]) == 1
    assert len(mail.outbox) == 1


def test_an_address_the_server_refuses_is_recorded_and_the_rest_go_out(settings):
    settings.EMAIL_BACKEND = "tests.notifications.refusing_backend.RefusingBackend"
    good = NotificationFactory(address="fine@mail.example")
    refused = NotificationFactory(address="refused@mail.example")
    assert notifications_send_batch(notification_ids=[refused.pk, good.pk]) == 1
    refused.refresh_from_db()
    assert refused.status == NotificationStatus.QUEUED and refused.attempts == 1
    assert refused.last_error == "OSError" and refused.lease_until is None, "left to the retrying path"
    assert [m.to for m in mail.outbox] == [["fine@mail.example"]]
