"""The one way FinPro sends a message: notify() writes an outbox row in the caller's
transaction and its send is enqueued after commit. Nothing else calls send_mail."""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from finpro.links import site_url

from .choices import OPTIONAL_KINDS, URGENT_KINDS, Channel, NotificationStatus, PreferredChannel
from .models import Notification
from .sms import get_backend

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A message could not be handed to its transport; the task retries it."""


def _render(kind: str, channel: str, context: dict) -> tuple[str, str, str]:
    if channel == Channel.EMAIL:
        subject = render_to_string(f"emails/{kind}_subject.txt", context).strip()
        body_text = render_to_string(f"emails/{kind}.txt", context)
        try:
            body_html = render_to_string(f"emails/{kind}.html", context)
        except TemplateDoesNotExist:
            body_html = ""
        return subject, body_text, body_html
    return "", render_to_string(f"sms/{kind}.txt", context).strip(), ""


def notify(
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
    """Write an outbox row for one message and enqueue its sending after commit."""
    from .tasks import send_notification

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
    notification = Notification.objects.create(
        recipient=recipient, address=address, channel=channel, kind=kind, subject=subject,
        body_text=body_text, body_html=body_html, individual=individual, firm=firm,
        related_date=related_date, sensitive=sensitive, message_code=code,
        **({"status": NotificationStatus.SENT, "sent_at": timezone.now()} if channel == Channel.INBOX else {}),
    )
    if channel != Channel.INBOX:  # an inbox-only message is delivered by being written
        send_notification.delay_on_commit(notification.pk)
    if recipient is not None:
        from .inbox import unread_count_forget

        transaction.on_commit(lambda: unread_count_forget(user_id=recipient.pk))
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


def _deliver(notification: Notification) -> None:
    if notification.channel == Channel.EMAIL:
        message = EmailMultiAlternatives(
            subject=notification.subject, body=notification.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL, to=[notification.address],
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        message.send()
    else:
        get_backend().send(to=notification.address, body=notification.body_text, channel=notification.channel)


def notification_send(*, notification_id: int) -> Notification | None:
    """Send one queued message at most once. Locks the row; a sent or failed row is left alone.
    Raises DeliveryError (after recording the attempt) when the transport fails and attempts remain."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != NotificationStatus.QUEUED:
            return notification
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
    queued = Notification.objects.filter(status=NotificationStatus.QUEUED)
    urgent = queued.filter(kind__in=URGENT_KINDS, attempts=0,
                           created_at__lt=now - settings.NOTIFICATION_URGENT_STALE_AFTER)
    stale = urgent if urgent_only else (
        queued.filter(created_at__lt=now - settings.NOTIFICATION_STALE_AFTER) | urgent)
    ids = list(stale.order_by().values_list("pk", flat=True)[:5000])
    for pk in ids:
        send_notification.delay(pk)
    return len(ids)
