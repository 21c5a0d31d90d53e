"""Support staff read the firms' API keys (never the key itself), endpoints and deliveries."""

from django.contrib import admin

from finpro.admin import ReadOnlyAdmin

from .models import ApiKey, WebhookDelivery, WebhookEndpoint


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    list_display = ["name", "firm", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_select_related = ["firm"]
    search_fields = ["name", "prefix", "firm__name"]
    exclude = ["key_hash"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ["url", "firm", "status", "failing_since", "created_at"]
    list_select_related = ["firm"]
    list_filter = ["status"]
    exclude = ["secret_ciphertext"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["message_id", "event_type", "endpoint", "status", "attempts", "response_code", "created_at"]
    list_select_related = ["endpoint"]
    list_filter = ["status", "event_type"]
