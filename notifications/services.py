"""The one way FinPro sends a message: notify() writes an outbox row in the caller's
transaction and its send is enqueued after commit. Nothing else calls send_mail."""

import functools
import logging
from contextlib import contextmanager
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from finpro.links import site_url

from .choices import OPTIONAL_KINDS, URGENT_KINDS, Channel, NotificationStatus, PreferredChannel
from .models import Notification
from .sms import get_backend

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A message could not be handed to its transport; the task retries it."""


@functools.cache
def _has_html_cached(kind: str) -> bool:
    try:
        get_template(f"emails/{kind}.html")
    except TemplateDoesNotExist:
        return False
    return True


def _has_html(kind: str) -> bool:
    """Whether the kind has an HTML part (remembered per process when templates are cached, as in
    production: looking for a missing template on every message was a fifth of a reminder's cost)."""
    return _has_html_cached(kind) if not settings.DEBUG else _has_html_cached.__wrapped__(kind)


def _render(kind: str, channel: str, context: dict) -> tuple[str, str, str]:
    if channel == Channel.EMAIL:
        subject = render_to_string(f"emails/{kind}_subject.txt", context).strip()
        body_text = render_to_string(f"emails/{kind}.txt", context)
        body_html = render_to_string(f"emails/{kind}.html", context) if _has_html(kind) else ""
        return subject, body_text, body_html
    return "", render_to_string(f"sms/{kind}.txt", context).strip(), ""


def notification_build(
    *,
    kind: str,
    address: str,
    context: dict | None = None,
    channel: str = Channel.EMAIL,
    recipient=None,
    individual=None,
    firm=None,
    related_date: date | None = None,
    sensitive: bool = False,
) -> Notification:
    """The rendered, unsaved outbox row of one message, on the channel the person chose for an
    optional kind, with its message code (for callers that write many at once; notify() saves
    and enqueues one)."""
    if recipient is not None and channel == Channel.EMAIL and kind in OPTIONAL_KINDS:
        channel, address = _preferred(recipient=recipient, kind=kind, address=address)
    ctx = {"site_url": site_url(), "support_phone": settings.SUPPORT_PHONE, **(context or {})}
    code = message_code_new()
    ctx["message_code"] = code
    if channel == Channel.SMS and kind in OPTIONAL_KINDS:  # the person chose texts for an email kind
        subject, body_text, body_html = _render_as_text(kind, ctx, code=code)
    else:
        subject, body_text, body_html = _render(kind, Channel.EMAIL if channel == Channel.INBOX else channel, ctx)
    if channel in (Channel.EMAIL, Channel.INBOX):
        body_text, body_html = _with_message_code(body_text, body_html, code=code, for_account=recipient is not None)
    return Notification(
        recipient=recipient, address=address, channel=channel, kind=kind, subject=subject,
        body_text=body_text, body_html=body_html, individual=individual, firm=firm,
        related_date=related_date, sensitive=sensitive, message_code=code,
        **({"status": NotificationStatus.SENT, "sent_at": timezone.now()} if channel == Channel.INBOX else {}),
    )


def notify(*, kind: str, address: str, **fields) -> Notification:
    """Write an outbox row for one message and enqueue its sending after commit (takes the
    arguments of notification_build); the recipient's unread count is forgotten after commit."""
    from .tasks import send_notification

    notification = notification_build(kind=kind, address=address, **fields)
    notification.save()
    if notification.channel != Channel.INBOX:  # an inbox-only message is delivered by being written
        send_notification.delay_on_commit(notification.pk)
    if notification.recipient_id is not None:
        from .inbox import unread_count_forget

        transaction.on_commit(lambda: unread_count_forget(user_id=notification.recipient_id))
    return notification


def _preferred(*, recipient, kind: str, address: str) -> tuple[str, str]:
    """The channel and address the person chose for an optional kind (email when they chose
    nothing, or text without a phone number on file)."""
    from .models import ReminderPreference

    preference = ReminderPreference.objects.filter(user=recipient, kind=kind).only("channel").first()
    if preference is None or preference.channel == PreferredChannel.EMAIL:
        return Channel.EMAIL, address
    if preference.channel == PreferredChannel.INBOX:
        return Channel.INBOX, address
    phone = _personal_phone(recipient)
    return (Channel.SMS, phone) if phone else (Channel.EMAIL, address)


def _personal_phone(user) -> str:
    from accounts.models import Profile

    profile = Profile.objects.filter(user=user).only("personal_phone").first()
    return str(profile.personal_phone) if profile and profile.personal_phone else ""


def _render_as_text(kind: str, context: dict, *, code: str) -> tuple[str, str, str]:
    """An optional email kind sent as a text: its subject, and where to read the rest."""
    subject = render_to_string(f"emails/{kind}_subject.txt", context).strip()
    return "", f"FinPro: {subject}. Read it in your FinPro inbox (sign in yourself). Code {code}", ""


# No 0/O or 1/I/L: people read the code aloud to support.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def message_code_new() -> str:
    """A short code like FP-7K3Q-9D2M for one message."""
    import secrets

    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"FP-{chars[:4]}-{chars[4:]}"


def _with_message_code(body_text: str, body_html: str, *, code: str, for_account: bool) -> tuple[str, str]:
    """Every email ends with its message code; one to a FinPro account also says where to check it."""
    where = ("Every message FinPro sends you is in your FinPro inbox with the same code: sign in to FinPro "
             "yourself (not through a link) and open Inbox at the top of the page to check it there before you "
             "trust a link." if for_account else
             "Keep this code if you call FinPro support about this message.")
    body_text = f"{body_text.rstrip()}\n\nMessage code: {code}\n{where}\n"
    if body_html:
        from django.utils.html import escape

        footer = f'<p style="color:#555;font-size:12px">Message code: <strong>{code}</strong>. {escape(where)}</p>'
        body_html = body_html.replace("</body>", footer + "</body>") if "</body>" in body_html else body_html + footer
    return body_text, body_html


def message_id(notification: Notification) -> str:
    """The Message-ID of a message: the same for every attempt, so a mail system that is handed a
    message twice (a worker killed after the server took it, before the row said so) can tell."""
    domain = urlsplit(site_url()).hostname or "finpro.invalid"
    return f"<notification-{notification.pk}@{domain}>"


def _email(notification: Notification, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=notification.subject, body=notification.body_text, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address], headers={"Message-ID": message_id(notification)}, connection=connection,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    return message


def _deliver(notification: Notification) -> None:
    if notification.channel == Channel.EMAIL:
        _email(notification).send()
    else:
        get_backend().send(to=notification.address, body=notification.body_text, channel=notification.channel)


def notification_send(*, notification_id: int) -> Notification | None:
    """Send one queued message at most once. Locks the row; a sent or failed row is left alone.
    Raises DeliveryError (after recording the attempt) when the transport fails and attempts remain."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != NotificationStatus.QUEUED:
            return notification
        if notification.lease_until and notification.lease_until > timezone.now():
            return notification  # a batch sender holds it (notifications_send_batch)
        notification.attempts += 1
        try:
            _deliver(notification)
        except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and retried
            notification.last_error = type(exc).__name__[:300]
            if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("notification %s delivery failed (attempt %s)", notification.pk, notification.attempts)
        else:
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if notification.status == NotificationStatus.QUEUED:
        raise DeliveryError(f"notification {notification.pk} not delivered")
    return notification


def notifications_requeue_stale(*, now=None, urgent_only: bool = False) -> int:
    """Re-enqueue queued messages older than NOTIFICATION_STALE_AFTER (a lost task, a dead worker).
    Urgent kinds (URGENT_KINDS: passcodes, activation and reset links) that were never tried are
    re-enqueued already after NOTIFICATION_URGENT_STALE_AFTER; `urgent_only` runs just that part
    (the frequent sweep). A message tried once has its retry scheduled with backoff and is left
    to it. Sending stays exactly once: notification_send locks the row and skips a sent one."""
    from .tasks import send_notification

    now = now or timezone.now()
    queued = Notification.objects.filter(status=NotificationStatus.QUEUED).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now))
    urgent = queued.filter(kind__in=URGENT_KINDS, attempts=0,
                           created_at__lt=now - settings.NOTIFICATION_URGENT_STALE_AFTER)
    stale = urgent if urgent_only else (
        queued.filter(created_at__lt=now - settings.NOTIFICATION_STALE_AFTER) | urgent)
    ids = list(stale.order_by().values_list("pk", flat=True)[:5000])
    for pk in ids:
        send_notification.delay(pk)
    return len(ids)


def notifications_send_batch(*, notification_ids: list[int], now=None) -> int:
    """Send many queued emails over one connection (the CE reminder fan-out): the rows are leased
    in one statement (NOTIFICATION_BATCH_LEASE; no other sender touches them meanwhile), and
    each is marked sent on its own the moment the mail server took it, so a worker killed
    midway leaves at most the one message in flight unrecorded. What a dead sender leased
    goes out again when the lease ends (the stale sweep, or the fan-out's next run). A
    message the server refuses is recorded and left to the single-message path's retries.
    Returns how many were sent."""
    now = now or timezone.now()
    with transaction.atomic():
        leased = list(
            Notification.objects.filter(pk__in=notification_ids, status=NotificationStatus.QUEUED,
                                        channel=Channel.EMAIL)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True))
        Notification.objects.filter(pk__in=leased).update(lease_until=now + settings.NOTIFICATION_BATCH_LEASE)
    sent = 0
    rows = Notification.objects.filter(pk__in=leased).only(
        "pk", "address", "subject", "body_text", "body_html").order_by("pk")
    with get_connection() as mail_connection, _marks_without_waiting_for_disk():
        for notification in rows.iterator(chunk_size=500):
            try:
                _email(notification, mail_connection).send()
            except Exception as exc:  # noqa: BLE001 - recorded; the single-message path retries it
                Notification.objects.filter(pk=notification.pk).update(
                    attempts=F("attempts") + 1, last_error=type(exc).__name__[:300], lease_until=None)
                logger.warning("notification %s batch delivery failed", notification.pk)
                continue
            _mark_sent(notification.pk)
            sent += 1
    return sent


_MARK_SENT = (  # our own table's name; the values are bound
    f"UPDATE {Notification._meta.db_table} SET status = %s, sent_at = %s, attempts = attempts + 1, "  # noqa: S608
    "lease_until = NULL WHERE id = %s")


def _mark_sent(pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SENT, [NotificationStatus.SENT, timezone.now(), pk])


@contextmanager
def _marks_without_waiting_for_disk():
    """Each "sent" mark is its own commit, and on PostgreSQL a commit waits for the disk (about
    7 ms here), which made the marks cost more than the mail. With synchronous_commit off a mark
    is committed and visible at once and reaches the disk a moment later: a killed worker loses
    nothing; only a crash of the database server itself could forget the last fraction of a
    second of marks, and those messages would go out again (never lost)."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
