"""Reads the API and the firm's API pages need, scoped by a required `firm=`. The people and
filings come from the same selectors the firm pages use (firmsettings, u4, ce)."""

from __future__ import annotations

from django.db.models import QuerySet

from notifications.models import Notification

from .models import ApiKey, WebhookDelivery, WebhookEndpoint


def api_keys_of(*, firm) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(firm=firm).select_related("created_by", "revoked_by").order_by("-created_at", "-id")


def webhook_endpoints_of(*, firm) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(firm=firm).order_by("-created_at", "-id")


def deliveries_of(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-id")


def notifications_of(*, firm) -> QuerySet[Notification]:
    """Messages sent to the firm's people about the firm, newest first."""
    return (Notification.objects.filter(firm=firm).select_related("individual")
            .only("pk", "kind", "channel", "address", "status", "created_at", "sent_at", "related_date",
                  "individual__crd_number")
            .order_by("-created_at", "-id"))


def masked_address(address: str) -> str:
    """An email as a•••@domain, a phone number as •••1234: enough to recognise, not to use."""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}•••@{domain}"
    return "•••" + address[-4:]
