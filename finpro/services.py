"""Portal-wide writes: the status support staff set, and the throttled last-access stamp."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import status
from .models import SystemStatus


def system_status_update(*, user=None, **values) -> SystemStatus:
    """Change the portal status (state, note, maintenance switch, message, retry time)."""
    with transaction.atomic():
        row, _ = SystemStatus.objects.select_for_update().get_or_create(pk=1)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_by = user
        row.full_clean()
        row.save()
        transaction.on_commit(status.clear_cache)
    status.clear_cache()  # also now: this process sees the change at once even inside an outer transaction
    return row


def user_last_access_record(*, user, interval: dt.timedelta, now: dt.datetime | None = None) -> bool:
    """Stamp `last_access_at` unless it was stamped within `interval`: at most one UPDATE per
    user per interval, and none at all while the stamp is fresh (checked on the loaded user).
    Returns whether it wrote."""
    now = now or timezone.now()
    last = user.last_access_at
    if last is not None and now - last < interval:
        return False
    updated = get_user_model().objects.filter(pk=user.pk).filter(
        Q(last_access_at__isnull=True) | Q(last_access_at__lt=now - interval)).update(last_access_at=now)
    user.last_access_at = now
    return bool(updated)
