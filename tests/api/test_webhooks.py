"""Webhooks: deliveries recorded from firm events, signed per Standard Webhooks (verified with the
`standardwebhooks` package as a receiver would), retried with exponential backoff, replayable,
and an endpoint failing for days disabled with the firm's admins told."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from api import services
from api.choices import DeliveryStatus, EndpointStatus
from api.models import WebhookDelivery
from api.tasks import deliver_webhook
from finpro.events import FirmEvent, publish
from firmsettings.choices import MembershipRole
from notifications.models import Notification
from tests.factories import WEBHOOK_TEST_SECRET, UserFactory, WebhookDeliveryFactory, WebhookEndpointFactory
from tests.firmsettings.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_firm_event_becomes_one_delivery_per_subscribed_active_endpoint(firm, other_firm, receiver,
                                                                           django_capture_on_commit_callbacks):
    wanted = WebhookEndpointFactory(firm=firm, url=receiver.url, events=["u4.signed"])
    WebhookEndpointFactory(firm=firm, events=["ce.status_changed"])
    WebhookEndpointFactory(firm=firm, status=EndpointStatus.DISABLED)
    WebhookEndpointFactory(firm=other_firm)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish(firm_id=firm.pk, event=FirmEvent.U4_SIGNED, data={"filing_id": 7, "status": "signed"})
    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.endpoint == wanted
    assert delivery.payload["type"] == "u4.signed" and delivery.payload["data"] == {"filing_id": 7, "status": "signed"}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.response_code == 200
    assert len(receiver.received) == 1


def test_a_rolled_back_change_is_never_announced(firm, django_capture_on_commit_callbacks):
    WebhookEndpointFactory(firm=firm)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        publish(firm_id=firm.pk, event=FirmEvent.U4_SIGNED, data={"filing_id": 7})
        raise RuntimeError("the change failed")
    assert not WebhookDelivery.objects.exists()


def test_deliveries_verify_with_the_standardwebhooks_package(firm, receiver):
    endpoint = WebhookEndpointFactory(firm=firm, url=receiver.url)
    (delivery_id,) = services.webhook_deliveries_record(firm_id=firm.pk, event=FirmEvent.ATTESTATION_RECORDED,
                                                        data={"attestation_id": 3, "crd_number": 5000001})
    services.webhook_delivery_attempt(delivery_id=delivery_id)
    (got,) = receiver.received
    assert got.headers["content-type"] == "application/json"
    assert got.headers["webhook-id"] == WebhookDelivery.objects.get(pk=delivery_id).message_id
    assert got.headers["webhook-signature"].startswith("v1,")
    payload = Webhook(WEBHOOK_TEST_SECRET).verify(got.body, got.headers)
    assert payload["type"] == "attestation.recorded" and payload["data"]["attestation_id"] == 3
    with pytest.raises(WebhookVerificationError):
        Webhook(WEBHOOK_TEST_SECRET).verify(got.body.replace(b"5000001", b"5000002"), got.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "QUJD" * 8).verify(got.body, got.headers)
    assert endpoint.secret == WEBHOOK_TEST_SECRET


def test_failures_retry_with_exponential_backoff_then_succeed(firm, receiver, settings):
    settings.WEBHOOK_BACKOFF_BASE_SECONDS = 60
    endpoint = WebhookEndpointFactory(firm=firm, url=receiver.url)
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    receiver.statuses = [500, 503]
    start = dt.datetime(2026, 5, 1, 14, 0, tzinfo=dt.UTC)
    with pytest.raises(services.RetryLater) as first:
        services.webhook_delivery_attempt(delivery_id=delivery.pk, now=start)
    assert first.value.countdown == 60
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.RETRYING, 1, 500)
    assert delivery.next_attempt_at == start + dt.timedelta(seconds=60)
    endpoint.refresh_from_db()
    assert endpoint.failing_since == start
    with pytest.raises(services.RetryLater) as second:
        services.webhook_delivery_attempt(delivery_id=delivery.pk, now=start + dt.timedelta(seconds=60))
    assert second.value.countdown == 120
    services.webhook_delivery_attempt(delivery_id=delivery.pk, now=start + dt.timedelta(seconds=180))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.SUCCEEDED, 3, 200)
    assert delivery.next_attempt_at is None
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None
    assert len(receiver.received) == 3
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1  # the same message each time
    # Delivered: a stray second task sends nothing more.
    services.webhook_delivery_attempt(delivery_id=delivery.pk)
    assert len(receiver.received) == 3


def test_backoff_doubles_up_to_the_cap(settings):
    settings.WEBHOOK_BACKOFF_BASE_SECONDS, settings.WEBHOOK_BACKOFF_MAX_SECONDS = 60, 3600
    assert [services.backoff_seconds(n) for n in range(1, 9)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_after_the_last_try_the_delivery_is_failed(firm, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(firm=firm, url="http://127.0.0.1:9/nobody"))
    with pytest.raises(services.RetryLater):
        services.webhook_delivery_attempt(delivery_id=delivery.pk)
    services.webhook_delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    assert delivery.response_code is None and delivery.last_error  # connection refused: no code


def test_the_task_run_eagerly_leaves_a_failed_try_for_the_sweep(firm):
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(firm=firm, url="http://127.0.0.1:9/nobody"))
    deliver_webhook.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 1


def test_an_endpoint_failing_for_days_is_disabled_and_the_admins_are_emailed(firm, receiver, settings):
    settings.WEBHOOK_DISABLE_AFTER_DAYS = 3
    admin = MembershipFactory(firm=firm, role=MembershipRole.ADMIN,
                              user=UserFactory(email="admin@firm.example", first_name="Casey")).user
    MembershipFactory(firm=firm, role=MembershipRole.VIEWER, user=UserFactory(email="viewer@firm.example"))
    start = dt.datetime(2026, 5, 1, 14, 0, tzinfo=dt.UTC)
    endpoint = WebhookEndpointFactory(firm=firm, url=receiver.url, failing_since=start)
    receiver.statuses = [500, 500]
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    with pytest.raises(services.RetryLater):
        services.webhook_delivery_attempt(delivery_id=delivery.pk, now=start + dt.timedelta(days=2))
    endpoint.refresh_from_db()
    assert endpoint.status == EndpointStatus.ACTIVE
    services.webhook_delivery_attempt(delivery_id=delivery.pk, now=start + dt.timedelta(days=3, minutes=1))
    endpoint.refresh_from_db()
    delivery.refresh_from_db()
    assert endpoint.status == EndpointStatus.DISABLED and endpoint.disabled_at is not None
    assert delivery.status == DeliveryStatus.FAILED
    (mail,) = Notification.objects.filter(kind="webhook_endpoint_disabled")
    assert mail.recipient == admin and mail.firm == firm
    assert receiver.url.split("://")[1] in mail.body_text and receiver.url not in mail.body_text
    assert f"/firm/{firm.crd_number}/api/webhooks/{endpoint.pk}/" in mail.body_text
    # Disabled: nothing more is sent, new events make no deliveries.
    later = WebhookDeliveryFactory(endpoint=endpoint)
    services.webhook_delivery_attempt(delivery_id=later.pk)
    assert len(receiver.received) == 2
    assert services.webhook_deliveries_record(firm_id=firm.pk, event=FirmEvent.U4_SIGNED, data={}) == []
    services.webhook_endpoint_enable(endpoint=endpoint)
    endpoint.refresh_from_db()
    assert endpoint.status == EndpointStatus.ACTIVE and endpoint.failing_since is None


def test_replay_sends_the_same_message_again(firm, receiver, django_capture_on_commit_callbacks):
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(firm=firm, url=receiver.url))
    services.webhook_delivery_attempt(delivery_id=delivery.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.webhook_delivery_replay(delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 1
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.message_id
    assert json.loads(first.body) == json.loads(second.body)


def test_the_sweep_requeues_deliveries_whose_retry_was_lost(firm, receiver):
    endpoint = WebhookEndpointFactory(firm=firm, url=receiver.url)
    with time_machine.travel(dt.datetime(2026, 5, 1, 14, 0, tzinfo=dt.UTC)):
        lost = WebhookDeliveryFactory(endpoint=endpoint, status=DeliveryStatus.RETRYING,
                                      next_attempt_at=dt.datetime(2026, 5, 1, 14, 1, tzinfo=dt.UTC))
        fresh = WebhookDeliveryFactory(endpoint=endpoint)
    assert services.webhook_deliveries_requeue_due() == 2
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == fresh.status == DeliveryStatus.SUCCEEDED


@pytest.mark.parametrize(("url", "ok"), [
    ("https://hooks.firm.example/finpro", True),
    ("http://127.0.0.1:8765/hooks", True),  # the same host as SITE_URL on another port is another service
    ("ftp://hooks.firm.example/finpro", False),
    ("javascript:alert(1)", False),
    ("https:///no-host", False),
    ("http://127.0.0.1:8000/api/v1/people", False),  # SITE_URL itself
    ("http://127.0.0.1:8000", False),
])
def test_webhook_urls_must_be_http_and_not_finpro_itself(firm, settings, url, ok):
    settings.SITE_URL = "http://127.0.0.1:8000"
    if ok:
        endpoint, secret = services.webhook_endpoint_create(firm=firm, url=url, events=["u4.signed"], created_by=None)
        assert secret.startswith("whsec_") and endpoint.secret == secret
        assert secret not in endpoint.secret_ciphertext
    else:
        with pytest.raises(ValidationError) as exc:
            services.webhook_endpoint_create(firm=firm, url=url, events=["u4.signed"], created_by=None)
        assert "url" in exc.value.message_dict


def test_a_redirect_is_a_failed_try_not_followed(firm, receiver):
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(firm=firm, url=receiver.url))
    receiver.statuses = [307]
    with pytest.raises(services.RetryLater):
        services.webhook_delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.response_code == 307 and delivery.status == DeliveryStatus.RETRYING
    assert len(receiver.received) == 1
