"""The firm API's keys, and the firm's webhook endpoints with their deliveries."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import DeliveryStatus, EndpointStatus


class ApiKey(models.Model):
    """A firm's key to /api/v1/. The secret is shown once; only `prefix` (to find the row) and
    a SHA-256 of the whole key are kept. Scoped, expiring, revocable."""

    firm = models.ForeignKey("crd.Firm", on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"
        indexes = [models.Index(fields=["firm", "-created_at"])]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_live(self) -> bool:
        return not self.is_revoked and not self.is_expired


class WebhookEndpoint(models.Model):
    """A URL of the firm's that FinPro POSTs chosen events to, signed per Standard Webhooks with
    `secret` (whsec_…, encrypted at rest). Disabled when it keeps failing for days."""

    firm = models.ForeignKey("crd.Firm", on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.CharField("Endpoint URL", max_length=500, help_text="http(s), checked by services.webhook_url_check.")
    description = models.CharField(max_length=120, blank=True)
    events = models.JSONField(default=list)
    secret_ciphertext = models.TextField(editable=False)
    status = models.CharField(max_length=10, choices=EndpointStatus.choices, default=EndpointStatus.ACTIVE)
    failing_since = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["firm", "status"])]

    def __str__(self):
        return self.url

    @property
    def secret(self) -> str:
        from finpro.encryption import decrypt

        return decrypt(self.secret_ciphertext)


class WebhookDelivery(models.Model):
    """One event for one endpoint: the message (id, type, body as signed) and what became of
    sending it: attempts, the last response code, the next try. Replayable."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=40)
    event_type = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [models.UniqueConstraint(fields=["endpoint", "message_id"], name="api_one_delivery_per_message")]
        indexes = [models.Index(fields=["endpoint", "-created_at"]), models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"
