"""Portal-wide writes: the status support staff set, dismissed announcements."""

from __future__ import annotations

from django.db import transaction

from . import status
from .models import Announcement, AnnouncementDismissal, SystemStatus


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


def announcement_dismiss(*, user, announcement: Announcement) -> bool:
    """The person closed the announcement on their dashboard. Once per person (a database
    constraint); returns whether this call recorded it."""
    _, created = AnnouncementDismissal.objects.get_or_create(user=user, announcement=announcement)
    return created
