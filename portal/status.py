"""Reads of the portal status: is maintenance mode on, and what the status page shows.

The maintenance switch is read on every request, so it is cached for a few seconds
(`MAINTENANCE_CACHE_SECONDS`); saving the status in the admin clears the cache at once in
this process, other processes follow within the cache time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from .models import StatusMessage, SystemState, SystemStatus

CACHE_KEY = "finpro:maintenance"


@dataclass(frozen=True)
class Maintenance:
    on: bool
    message: str = ""
    retry_after_seconds: int = 3600


def current_status() -> SystemStatus:
    """The status row; an unsaved operational one when support never saved any."""
    return SystemStatus.objects.filter(pk=1).first() or SystemStatus(pk=1, state=SystemState.OPERATIONAL)


def maintenance() -> Maintenance:
    """Is the portal in maintenance? The MAINTENANCE_MODE setting forces it on; otherwise the
    switch support staff set in the admin decides."""
    default_retry = settings.MAINTENANCE_RETRY_AFTER_SECONDS
    if settings.MAINTENANCE_MODE:
        return Maintenance(on=True, message=settings.MAINTENANCE_MESSAGE, retry_after_seconds=default_retry)
    cached = cache.get(CACHE_KEY)
    if cached is None:
        row = SystemStatus.objects.filter(pk=1).values(
            "maintenance_mode", "maintenance_message", "retry_after_minutes").first()
        cached = (row["maintenance_mode"], row["maintenance_message"], row["retry_after_minutes"] * 60) if row else (
            False, "", default_retry)
        cache.set(CACHE_KEY, cached, settings.MAINTENANCE_CACHE_SECONDS)
    on, message, retry = cached
    return Maintenance(on=on, message=message, retry_after_seconds=max(retry, 60))


def clear_cache() -> None:
    cache.delete(CACHE_KEY)


def status_messages(*, now: dt.datetime | None = None) -> dict[str, list[StatusMessage]]:
    """Published messages that are current or coming up (past ones drop off after a day)."""
    now = now or timezone.now()
    rows = list(StatusMessage.objects.filter(published=True).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gte=now - dt.timedelta(days=1))).order_by("starts_at", "id"))
    return {
        "current": [m for m in rows if m.starts_at <= now and (m.ends_at is None or m.ends_at >= now)],
        "upcoming": [m for m in rows if m.starts_at > now],
        "recent": [m for m in rows if m.ends_at is not None and m.ends_at < now],
    }
