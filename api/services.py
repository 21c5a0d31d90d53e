"""Every write of the API app: keys, webhook endpoints, deliveries."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from finpro.encryption import encrypt
from finpro.links import absolute_reverse

from . import signing
from .choices import (
    EVENT_LABELS,
    KEY_PREFIX,
    LAST_USED_RESOLUTION_SECONDS,
    ApiScope,
    DeliveryStatus,
    EndpointStatus,
)
from .models import ApiKey, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)


# --- API keys ------------------------------------------------------------------------------------


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_create(*, firm, name: str, scopes: list[str], lifetime_days: int, created_by) -> tuple[ApiKey, str]:
    """A new key for the firm; returns the row and the key itself, which is never stored."""
    unknown = set(scopes) - set(ApiScope.values)
    if not scopes or unknown:
        raise ValidationError({"scopes": "Choose at least one scope from the list."})
    if not name.strip():
        raise ValidationError({"name": "Give the key a name."})
    lookup = secrets.token_hex(6)
    key = f"{KEY_PREFIX}_{lookup}_{secrets.token_urlsafe(32)}"
    row = ApiKey.objects.create(
        firm=firm, name=name.strip(), prefix=lookup, key_hash=key_hash(key), scopes=sorted(set(scopes)),
        created_by=created_by, expires_at=timezone.now() + dt.timedelta(days=lifetime_days),
    )
    return row, key


def api_key_revoke(*, api_key: ApiKey, revoked_by) -> ApiKey:
    with transaction.atomic():
        row = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.revoked_by = revoked_by
            row.save(update_fields=["revoked_at", "revoked_by"])
    return row


def api_key_for(*, key: str) -> ApiKey | None:
    """The row a presented key belongs to (live or not), or None when it matches no key."""
    parts = key.split("_", 2)  # the secret itself may hold underscores
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    row = ApiKey.objects.select_related("firm").filter(prefix=parts[1]).first()
    if row is None or not hmac.compare_digest(row.key_hash, key_hash(key)):
        return None
    return row


def api_key_touch(*, api_key: ApiKey, now: dt.datetime | None = None) -> None:
    """Stamp last use, at most once a minute per key (one UPDATE that matches nothing otherwise)."""
    now = now or timezone.now()
    threshold = now - dt.timedelta(seconds=LAST_USED_RESOLUTION_SECONDS)
    if api_key.last_used_at is not None and api_key.last_used_at > threshold:
        return
    ApiKey.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=threshold), pk=api_key.pk).update(
        last_used_at=now)
    api_key.last_used_at = now


# --- Webhook endpoints ---------------------------------------------------------------------------


def webhook_url_check(url: str) -> str:
    """An http(s) URL that does not point at FinPro itself; a ValidationError on `url` otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": "Enter an http:// or https:// URL."})
    site = urlsplit(settings.SITE_URL)
    default_port = {"http": 80, "https": 443}

    def port(p):
        return p.port or default_port.get(p.scheme)

    if parts.hostname.lower() == (site.hostname or "").lower() and port(parts) == port(site):
        raise ValidationError({"url": "The URL points at FinPro itself; enter an address of your firm's system."})
    return url.strip()


def webhook_endpoint_create(*, firm, url: str, events: list[str], description: str = "",
                            created_by) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its signing secret (shown to the firm once)."""
    url = webhook_url_check(url)
    if not events or set(events) - set(EVENT_LABELS):
        raise ValidationError({"events": "Choose at least one event from the list."})
    secret = signing.new_secret()
    endpoint = WebhookEndpoint.objects.create(
        firm=firm, url=url, events=sorted(set(events)), description=description.strip(),
        secret_ciphertext=encrypt(secret), created_by=created_by,
    )
    return endpoint, secret


def webhook_endpoint_enable(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    with transaction.atomic():
        row = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        row.status, row.disabled_at, row.disabled_reason, row.failing_since = EndpointStatus.ACTIVE, None, "", None
        row.save(update_fields=["status", "disabled_at", "disabled_reason", "failing_since"])
    return row


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).delete()


def _endpoint_disable(*, endpoint: WebhookEndpoint, now: dt.datetime) -> None:
    """Called with the endpoint locked: turn it off and tell the firm's admins."""
    from firmsettings.choices import MembershipRole
    from firmsettings.selectors import members_of
    from notifications.services import notify

    endpoint.status = EndpointStatus.DISABLED
    endpoint.disabled_at = now
    endpoint.disabled_reason = f"Deliveries failed for {settings.WEBHOOK_DISABLE_AFTER_DAYS} days."
    endpoint.save(update_fields=["status", "disabled_at", "disabled_reason"])
    link = absolute_reverse("firm:api_webhook", crd_number=endpoint.firm.crd_number, pk=endpoint.pk)
    for member in members_of(firm=endpoint.firm).filter(role=MembershipRole.ADMIN):
        if member.user.email:
            notify(kind="webhook_endpoint_disabled", address=member.user.email, recipient=member.user,
                   firm=endpoint.firm, context={
                       "first_name": member.user.first_name, "firm_name": endpoint.firm.name,
                       # without its scheme: the only link in the email is FinPro's own
                       "address": endpoint.url.split("://", 1)[-1],
                       "days": settings.WEBHOOK_DISABLE_AFTER_DAYS, "link": link})


# --- Deliveries ----------------------------------------------------------------------------------


def webhook_deliveries_record(*, firm_id: int, event: str, data: dict) -> list[int]:
    """One delivery per active endpoint of the firm that chose `event`, each sent after commit.
    Returns the deliveries' ids."""
    from .tasks import deliver_webhook

    endpoints = [e for e in WebhookEndpoint.objects.filter(firm_id=firm_id, status=EndpointStatus.ACTIVE)
                 if event in e.events]
    if not endpoints:
        return []
    message_id = f"msg_{uuid.uuid4().hex}"
    payload = {"type": str(event), "timestamp": timezone.now().isoformat(), "data": data}
    with transaction.atomic():
        rows = WebhookDelivery.objects.bulk_create([
            WebhookDelivery(endpoint=e, message_id=message_id, event_type=str(event), payload=payload)
            for e in endpoints
        ])
        for row in rows:
            deliver_webhook.delay_on_commit(row.pk)
    return [row.pk for row in rows]


def backoff_seconds(attempts: int) -> int:
    """Delay before the next try after `attempts` tries: base × 2^(attempts−1), capped."""
    return min(settings.WEBHOOK_BACKOFF_MAX_SECONDS, settings.WEBHOOK_BACKOFF_BASE_SECONDS * 2 ** (attempts - 1))


class RetryLater(Exception):
    """The delivery failed and will be tried again after `countdown` seconds."""

    def __init__(self, countdown: int):
        super().__init__(countdown)
        self.countdown = countdown


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new address to POST to (it could point anywhere)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post(*, url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST and return the status code; an HTTP error status (or a redirect) is a code too."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - http(s) only
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _record_outcome(delivery: WebhookDelivery, *, code: int | None, error: str, now: dt.datetime) -> None:
    """Set the delivery's outcome after a try and keep the endpoint's failure record. The endpoint
    row is locked only now, after the request: deliveries to one endpoint go out side by side,
    and its failure record is updated one at a time."""
    delivery.response_code = code
    endpoint = WebhookEndpoint.objects.select_for_update().select_related("firm").get(pk=delivery.endpoint_id)
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.last_error, delivery.next_attempt_at = (
            DeliveryStatus.SUCCEEDED, now, "", None)
        if endpoint.failing_since is not None:
            endpoint.failing_since = None
            endpoint.save(update_fields=["failing_since"])
        return
    delivery.last_error = error or f"HTTP {code}"
    if endpoint.failing_since is None:
        endpoint.failing_since = now
        endpoint.save(update_fields=["failing_since"])
    elif (endpoint.status == EndpointStatus.ACTIVE
          and now - endpoint.failing_since >= dt.timedelta(days=settings.WEBHOOK_DISABLE_AFTER_DAYS)):
        _endpoint_disable(endpoint=endpoint, now=now)
    if delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS or endpoint.status != EndpointStatus.ACTIVE:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = now + dt.timedelta(seconds=backoff_seconds(delivery.attempts))


def webhook_delivery_attempt(*, delivery_id: int, now: dt.datetime | None = None) -> WebhookDelivery | None:
    """Try one delivery once (locked, so never twice at the same time). Raises RetryLater when it
    failed and tries remain; after the last try it is failed. An endpoint failing for longer than
    WEBHOOK_DISABLE_AFTER_DAYS is disabled and the firm's admins are emailed."""
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update(of=("self",)).select_related("endpoint__firm")
                    .filter(pk=delivery_id).first())
        if delivery is None or delivery.status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED):
            return delivery
        endpoint = delivery.endpoint
        if endpoint.status != EndpointStatus.ACTIVE:
            delivery.status, delivery.last_error, delivery.next_attempt_at = (
                DeliveryStatus.FAILED, "Endpoint disabled.", None)
            delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
            return delivery
        now = now or timezone.now()
        body = json.dumps(delivery.payload, separators=(",", ":")).encode()
        headers = signing.headers(secret=endpoint.secret, message_id=delivery.message_id,
                                  timestamp=int(now.timestamp()), body=body)
        delivery.attempts += 1
        delivery.last_attempt_at = now
        try:
            code, error = _post(url=endpoint.url, body=body, headers=headers), ""
        except (OSError, ValueError) as exc:  # refused, timed out, unresolvable
            code, error = None, type(exc).__name__
        _record_outcome(delivery, code=code, error=error, now=now)
        delivery.save(update_fields=["attempts", "last_attempt_at", "response_code", "status", "delivered_at",
                                     "last_error", "next_attempt_at"])
    if delivery.status == DeliveryStatus.RETRYING:
        logger.info("webhook delivery %s failed (attempt %s)", delivery.pk, delivery.attempts)
        raise RetryLater(backoff_seconds(delivery.attempts))
    return delivery


def webhook_delivery_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (same message id, so a receiver can tell it is a replay of one it
    may have seen), whatever became of it, with a fresh set of tries."""
    from .tasks import deliver_webhook

    with transaction.atomic():
        row = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        row.status, row.attempts, row.next_attempt_at, row.last_error = DeliveryStatus.PENDING, 0, None, ""
        row.save(update_fields=["status", "attempts", "next_attempt_at", "last_error"])
        deliver_webhook.delay_on_commit(row.pk)
    return row


def webhook_deliveries_requeue_due(*, now: dt.datetime | None = None) -> int:
    """Re-enqueue deliveries whose retry time passed long ago (a lost task); sending stays
    single because webhook_delivery_attempt locks the row."""
    from .tasks import deliver_webhook

    now = now or timezone.now()
    stale = now - dt.timedelta(minutes=5)
    ids = list(WebhookDelivery.objects.filter(status=DeliveryStatus.RETRYING, next_attempt_at__lte=stale)
               .values_list("pk", flat=True)[:1000])
    ids += list(WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lte=stale)
                .values_list("pk", flat=True)[:1000])
    for pk in ids:
        deliver_webhook.delay(pk)
    return len(ids)
