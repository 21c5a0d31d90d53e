"""The person's inbox: every email and text FinPro sent their account, read and unread.

The unread count in the top bar is kept in the cache per user, so a warm page costs no query for
it; notify() forgets it after commit when it writes a message to the user, and reading does too."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Notification

UNREAD_TTL = 24 * 3600


def _key(user_id: int) -> str:
    return f"inbox-unread:{user_id}"


def inbox_for(*, user) -> QuerySet[Notification]:
    """The user's own messages, newest first."""
    return Notification.objects.filter(recipient=user).only(
        "pk", "recipient_id", "channel", "kind", "subject", "address", "created_at", "sent_at", "status",
        "message_code", "read_at", "sensitive").order_by("-created_at", "-id")


def inbox_message_for(*, user, pk: int) -> Notification | None:
    return Notification.objects.filter(recipient=user, pk=pk).first()


def unread_count(*, user) -> int:
    """How many of the user's messages they have not opened: from the cache once warm."""
    key = _key(user.pk)
    found = cache.get(key)
    if found is None:
        found = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, found, UNREAD_TTL)
    return found


def unread_count_warm(sender, request, user, **kwargs) -> None:
    """At sign-in (user_logged_in): fill the cached count, so pages after it cost no query for it."""
    unread_count(user=user)


def unread_count_forget(*, user_id: int) -> None:
    cache.delete(_key(user_id))


def unread_counts_forget(*, user_ids) -> None:
    """The same for many users at once (a chunk of reminders): one cache call."""
    cache.delete_many([_key(pk) for pk in user_ids])


def inbox_message_read(*, user, notification: Notification) -> Notification:
    """Mark one of the user's messages read (once); the cached count is forgotten after commit."""
    if notification.recipient_id != user.pk:
        raise PermissionError("Not this user's message.")
    if notification.read_at is None:
        with transaction.atomic():
            Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
            transaction.on_commit(lambda: unread_count_forget(user_id=user.pk))
        notification.read_at = timezone.now()
    return notification


# --- Reminder preferences (My Account) -----------------------------------------------------


def reminder_preferences_for(*, user) -> dict:
    """kind -> ReminderPreference (unsaved defaults for kinds never chosen). One query."""
    from .choices import OPTIONAL_KINDS
    from .models import ReminderPreference

    saved = {p.kind: p for p in ReminderPreference.objects.filter(user=user, kind__in=list(OPTIONAL_KINDS))}
    return {kind: saved.get(kind) or ReminderPreference(user=user, kind=kind) for kind in OPTIONAL_KINDS}


def reminder_preferences_set(*, user, choices: dict) -> None:
    """Save the person's choices: {kind: (channel, [extra days])}, optional kinds only."""
    from .choices import OPTIONAL_KINDS
    from .models import ReminderPreference

    with transaction.atomic():
        for kind, (channel, days) in choices.items():
            if kind not in OPTIONAL_KINDS:
                raise ValueError(f"{kind} cannot be changed")
            ReminderPreference.objects.update_or_create(user=user, kind=kind,
                                                        defaults={"channel": channel, "extra_days": days})
