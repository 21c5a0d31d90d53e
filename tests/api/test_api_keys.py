"""API keys: stored hashed and shown once, scoped, expiring, revocable, last use stamped at most
once a minute, rate limited with Retry-After; errors are RFC 9457 problem details."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from api import services
from api.choices import ApiScope
from api.models import ApiKey
from tests.factories import ApiKeyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_api_key_create_stores_only_a_prefix_and_a_hash(firm):
    admin = UserFactory()
    row, key = services.api_key_create(firm=firm, name="HR sync", scopes=[ApiScope.READ_ROSTER], lifetime_days=30,
                                       created_by=admin)
    assert key.startswith(f"fpk_{row.prefix}_") and len(key) > 40
    stored = ApiKey.objects.get(pk=row.pk)
    assert key not in str(stored.__dict__)
    assert stored.key_hash == services.key_hash(key)
    assert stored.scopes == ["roster:read"]
    assert dt.timedelta(days=29) < stored.expires_at - timezone.now() <= dt.timedelta(days=30)
    assert services.api_key_for(key=key) == stored


@pytest.mark.parametrize("scopes", [[], ["everything"]])
def test_api_key_create_refuses_unknown_or_no_scopes(firm, scopes):
    with pytest.raises(ValidationError) as exc:
        services.api_key_create(firm=firm, name="x", scopes=scopes, lifetime_days=30, created_by=None)
    assert "scopes" in exc.value.message_dict
    assert not ApiKey.objects.exists()


def test_api_key_for_refuses_a_right_prefix_with_a_wrong_secret(api_key):
    assert services.api_key_for(key=api_key.plain_key) == api_key
    assert services.api_key_for(key=f"fpk_{api_key.prefix}_not-the-secret") is None
    assert services.api_key_for(key="garbage") is None


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    return body


def test_no_wrong_revoked_and_expired_keys_are_401_problems(api, api_key, person):
    url = "/api/v1/people"
    assert "API key" in _problem(api(url, key=""), 401)["detail"]
    assert _problem(api(url, key="fpk_nothing_here"), 401)["detail"] == "The API key is not valid."
    services.api_key_revoke(api_key=api_key, revoked_by=None)
    assert _problem(api(url), 401)["detail"] == "The API key was revoked."
    expired = ApiKeyFactory(firm=api_key.firm, expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = api(url, key=expired.plain_key)
    assert _problem(response, 401)["detail"] == "The API key has expired."
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_key_without_the_scope_is_403(api, firm, person):
    key = ApiKeyFactory(firm=firm, scopes=["ce:read"])
    body = _problem(api("/api/v1/people", key=key.plain_key), 403)
    assert body["required_scope"] == "roster:read"
    assert api(f"/api/v1/people/{person.crd_number}/ce", key=key.plain_key).status_code == 200


def test_last_used_is_written_at_most_once_a_minute(api, api_key, person, django_assert_num_queries):
    with time_machine.travel(dt.datetime(2026, 5, 1, 14, 0, tzinfo=dt.UTC), tick=False):
        assert api("/api/v1/people").status_code == 200
        api_key.refresh_from_db()
        assert api_key.last_used_at == dt.datetime(2026, 5, 1, 14, 0, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2026, 5, 1, 14, 0, 30, tzinfo=dt.UTC), tick=False):
        assert api("/api/v1/people").status_code == 200
        api_key.refresh_from_db()
        assert api_key.last_used_at == dt.datetime(2026, 5, 1, 14, 0, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2026, 5, 1, 14, 1, 5, tzinfo=dt.UTC), tick=False):
        assert api("/api/v1/people").status_code == 200
        api_key.refresh_from_db()
        assert api_key.last_used_at == dt.datetime(2026, 5, 1, 14, 1, 5, tzinfo=dt.UTC)


def test_a_key_over_its_rate_gets_429_with_retry_after(api, api_key, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    with time_machine.travel(dt.datetime(2026, 5, 1, 14, 0, 15, tzinfo=dt.UTC), tick=False):
        for _ in range(3):
            assert api("/api/v1/webhook-endpoints").status_code == 200
        response = api("/api/v1/webhook-endpoints")
        _problem(response, 429)
        assert response["Retry-After"] == "45"
        other = ApiKeyFactory(firm=api_key.firm)  # the limit is per key
        assert api("/api/v1/webhook-endpoints", key=other.plain_key).status_code == 200
    with time_machine.travel(dt.datetime(2026, 5, 1, 14, 1, 1, tzinfo=dt.UTC), tick=False):
        assert api("/api/v1/webhook-endpoints").status_code == 200


def test_invalid_parameters_are_a_422_problem_with_errors(api, person):
    body = _problem(api("/api/v1/people?limit=1000"), 422)
    assert body["errors"][0]["loc"][-1] == "limit"
    _problem(api("/api/v1/u4-filings?status=nonsense"), 422)
    _problem(api("/api/v1/people/not-a-number"), 422)
