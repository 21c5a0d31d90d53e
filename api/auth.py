"""API key authentication: `Authorization: Bearer fpk_…`. Each operation names the scope it
needs: a wrong, revoked or expired key is 401, a live key without the scope 403, and a key over
its rate (API_RATE_LIMIT_PER_MINUTE, counted in the cache) 429 with Retry-After."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.security import HttpBearer

from . import services
from .problems import ApiProblem


def _rate_limit(api_key) -> None:
    window = int(time.time() // 60)
    counter = f"api:rate:{api_key.pk}:{window}"
    cache.add(counter, 0, timeout=120)
    try:
        count = cache.incr(counter)
    except ValueError:  # evicted between add and incr
        cache.set(counter, 1, timeout=120)
        count = 1
    if count > settings.API_RATE_LIMIT_PER_MINUTE:
        retry_after = max(1, 60 - int(time.time()) % 60)
        raise ApiProblem(429, f"This key may make {settings.API_RATE_LIMIT_PER_MINUTE} requests a minute.",
                         headers={"Retry-After": str(retry_after)})


class FirmKey(HttpBearer):
    """A firm API key holding `scope`. request.auth is the ApiKey; its firm scopes every read."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str):
        api_key = services.api_key_for(key=token.strip())
        if api_key is None:
            raise ApiProblem(401, "The API key is not valid.")
        if api_key.revoked_at is not None:
            raise ApiProblem(401, "The API key was revoked.")
        if api_key.expires_at <= timezone.now():
            raise ApiProblem(401, "The API key has expired.")
        _rate_limit(api_key)
        if self.scope not in api_key.scopes:
            raise ApiProblem(403, f"The API key does not hold the scope {self.scope}.", required_scope=self.scope)
        services.api_key_touch(api_key=api_key)
        return api_key
