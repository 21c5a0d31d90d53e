"""A real Celery worker on the real Redis delivers a webhook to a receiver on 127.0.0.1, and
retries a failed try with backoff until the receiver takes it."""

import time

import pytest
from django.db import transaction
from standardwebhooks.webhooks import Webhook

from api.choices import DeliveryStatus
from api.models import WebhookDelivery
from finpro.events import FirmEvent, publish
from tests.factories import WEBHOOK_TEST_SECRET, WebhookEndpointFactory
from tests.notifications.test_worker import worker  # noqa: F401 - the fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("worker")]


def _wait_for(delivery, proc, done, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        delivery.refresh_from_db()
        if done(delivery):
            return
        assert proc.poll() is None, proc.stdout.read()
        time.sleep(0.25)
    proc.terminate()
    pytest.fail(f"delivery still {delivery.status} after {delivery.attempts} tries; worker said:\n"
                f"{proc.communicate(timeout=20)[0]}")


@pytest.fixture
def fast_worker(monkeypatch, request):
    """The worker of tests/notifications/test_worker.py, retrying webhooks after 1 s, not 60."""
    monkeypatch.setenv("WEBHOOK_BACKOFF_BASE_SECONDS", "1")
    return request.getfixturevalue("worker")


def test_worker_delivers_a_published_event_retrying_once(fast_worker, receiver, firm):
    _mail, proc = fast_worker
    WebhookEndpointFactory(firm=firm, url=receiver.url, events=["u4.submitted"])
    receiver.statuses = [500]
    with transaction.atomic():
        publish(firm_id=firm.pk, event=FirmEvent.U4_SUBMITTED, data={"filing_id": 41, "status": "submitted"})
    delivery = WebhookDelivery.objects.get()
    _wait_for(delivery, proc, lambda d: d.status == DeliveryStatus.SUCCEEDED, seconds=90)
    assert delivery.attempts == 2 and delivery.response_code == 200
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    payload = Webhook(WEBHOOK_TEST_SECRET).verify(second.body, second.headers)
    assert payload["data"] == {"filing_id": 41, "status": "submitted"}
