"""Health checks for /healthz: database, cache and the Celery broker."""

import dataclasses

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class Broker(HealthCheck):
    """Pings the Redis broker; with no REDIS_URL, tasks run eagerly and there is no broker to check."""

    def run(self):
        if not settings.REDIS_URL:
            return
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        except redis.RedisError as exc:
            raise ServiceUnavailable("Broker unreachable") from exc

    def pretty_status(self):
        return "OK" if settings.REDIS_URL else "OK (no broker: tasks run in the web process)"
