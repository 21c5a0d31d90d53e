"""The firm's API pages: keys shown once, webhook endpoints with field errors, the delivery log
and replay. (Who may open them: tests/firmsettings/test_permissions.py.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.choices import DeliveryStatus
from api.models import ApiKey, WebhookEndpoint
from firmsettings.choices import MembershipRole
from tests.factories import ApiKeyFactory, UserFactory, WebhookDeliveryFactory, WebhookEndpointFactory
from tests.firmsettings.factories import MembershipFactory, with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, firm):
    admin = with_mfa(MembershipFactory(firm=firm, role=MembershipRole.ADMIN,
                                       user=UserFactory(username="casey.admin")).user)
    client.force_login(admin)
    return client


def _url(name, firm, **kwargs):
    return reverse(f"firm:{name}", kwargs={"crd_number": firm.crd_number, **kwargs})


def test_a_new_key_is_shown_once_and_works(admin_client, firm, person):
    response = admin_client.post(_url("api_keys", firm), {"name": "HR sync", "scopes": ["roster:read"],
                                                          "lifetime_days": "30"})
    assert response.status_code == 201
    key = response.context["new_key"]["key"]
    assert key in response.content.decode() and "shown only this once" in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"
    row = ApiKey.objects.get()
    assert row.name == "HR sync" and row.created_by.username == "casey.admin"
    again = admin_client.get(_url("api_keys", firm)).content.decode()
    assert key not in again and f"fpk_{row.prefix}_…" in again and "Never" in again
    assert admin_client.get("/api/v1/people", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_a_key_without_scopes_or_name_is_refused_next_to_the_fields(admin_client, firm):
    response = admin_client.post(_url("api_keys", firm), {"name": "", "lifetime_days": "7"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["scopes"] == ["Choose at least one scope."]
    assert "name" in form.errors and "lifetime_days" in form.errors
    assert not ApiKey.objects.exists()


def test_revoke_a_key(admin_client, firm):
    key = ApiKeyFactory(firm=firm)
    url = _url("api_key_revoke", firm, pk=key.pk)
    assert "Revoke key" in admin_client.get(url).content.decode()
    assert admin_client.post(url).status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by.username == "casey.admin"
    assert admin_client.get("/api/v1/people", headers={"Authorization": f"Bearer {key.plain_key}"}).status_code == 401


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://hooks.firm.example/in", "Enter an http:// or https:// URL."),
    ("not a url", "Enter an http:// or https:// URL."),
    ("http://127.0.0.1:8000/hooks", "The URL points at FinPro itself; enter an address of your firm's system."),
])
def test_a_bad_webhook_url_is_refused_next_to_the_field(admin_client, firm, settings, url, message):
    settings.SITE_URL = "http://127.0.0.1:8000"
    response = admin_client.post(_url("api_webhooks", firm), {"url": url, "events": ["u4.signed"]})
    assert response.status_code == 400
    assert response.context["form"].errors["url"] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_register_an_endpoint_shows_its_secret_once(admin_client, firm):
    response = admin_client.post(_url("api_webhooks", firm), {"url": "https://hooks.firm.example/finpro",
                                                              "events": ["u4.signed", "ce.status_changed"]})
    assert response.status_code == 201
    secret = response.context["new_endpoint"]["secret"]
    assert secret.startswith("whsec_") and secret in response.content.decode()
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["ce.status_changed", "u4.signed"] and endpoint.secret == secret
    assert secret not in admin_client.get(_url("api_webhooks", firm)).content.decode()


def test_the_delivery_log_shows_response_codes_and_replay_queues_again(admin_client, firm):
    endpoint = WebhookEndpointFactory(firm=firm)
    delivery = WebhookDeliveryFactory(endpoint=endpoint, status=DeliveryStatus.FAILED, attempts=10,
                                      response_code=503)
    page = admin_client.get(_url("api_webhook", firm, pk=endpoint.pk)).content.decode()
    assert delivery.message_id in page and "503" in page and "Failed" in page
    replay = _url("api_delivery_replay", firm, pk=endpoint.pk, delivery_pk=delivery.pk)
    assert "Send again" in admin_client.get(replay).content.decode()
    assert admin_client.post(replay).status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 0


def test_the_delivery_log_query_count_does_not_grow(admin_client, firm):
    endpoint = WebhookEndpointFactory(firm=firm)
    url = _url("api_webhook", firm, pk=endpoint.pk)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    WebhookDeliveryFactory.create_batch(2, endpoint=endpoint)
    admin_client.get(url)
    small = count()
    WebhookDeliveryFactory.create_batch(30, endpoint=endpoint)
    ApiKeyFactory.create_batch(5, firm=firm)
    assert count() == small


def test_delete_and_enable_an_endpoint(admin_client, firm):
    endpoint = WebhookEndpointFactory(firm=firm, status="disabled")
    url = _url("api_webhook", firm, pk=endpoint.pk)
    assert "Enable again" in admin_client.get(url).content.decode()
    admin_client.post(url, {"action": "enable"})
    endpoint.refresh_from_db()
    assert endpoint.status == "active"
    assert admin_client.post(url, {"action": "delete"}).status_code == 302
    assert not WebhookEndpoint.objects.exists()
