"""Demo data for the firm API (called by `manage.py seed_demo`; idempotent).

Summit Ridge has one webhook endpoint (https://hooks.summit-ridge.example/finpro) for Form U4
and U5 events, with two past deliveries in its log: one delivered (200)
and one that failed (503) and can be replayed. No API key is seeded: a key is shown once, to the
admin who creates it, so there would be no way to read a seeded one."""

import datetime as dt

from django.utils import timezone

from finpro.events import FirmEvent

from .choices import DeliveryStatus
from .models import WebhookDelivery, WebhookEndpoint
from .services import webhook_endpoint_create

DEMO_URL = "https://hooks.summit-ridge.example/finpro"
# Not the events the other demo seeders cause (CE status changes, attestations): seeding sends nothing.
EVENTS = [FirmEvent.U4_SIGNED, FirmEvent.U4_SUBMITTED, FirmEvent.U5_FILED]


def seed(demo) -> None:
    summit = demo.firms["summit"]
    endpoint = WebhookEndpoint.objects.filter(firm=summit, url=DEMO_URL).first()
    if endpoint is None:
        endpoint, _secret = webhook_endpoint_create(
            firm=summit, url=DEMO_URL, events=[e.value for e in EVENTS], description="Compliance system (demo)",
            created_by=demo.users.get("compliance"))
    now = timezone.now()
    for n, (event, status, code) in enumerate([(FirmEvent.U4_SUBMITTED, DeliveryStatus.SUCCEEDED, 200),
                                               (FirmEvent.U4_SIGNED, DeliveryStatus.FAILED, 503)], start=1):
        at = now - dt.timedelta(days=n)
        WebhookDelivery.objects.get_or_create(endpoint=endpoint, message_id=f"msg_demo{n:027d}", defaults={
            "event_type": event.value, "status": status, "attempts": 1 if code == 200 else 10, "response_code": code,
            "payload": {"type": event.value, "timestamp": at.isoformat(), "data": {"demo": True}},
            "created_at": at, "last_attempt_at": at, "delivered_at": at if code == 200 else None,
            "last_error": "" if code == 200 else "HTTP 503",
        })
