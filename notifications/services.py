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

from .choices import URGENT_KINDS, Channel, NotificationStatus
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

    ctx = {"site_url": site_url(), "support_phone": settings.SUPPORT_PHONE, **(context or {})}
    subject, body_text, body_html = _render(kind, channel, ctx)
    notification = Notification.objects.create(
        recipient=recipient, address=address, channel=channel, kind=kind, subject=subject,
        body_text=body_text, body_html=body_html, individual=individual, firm=firm,
        related_date=related_date, sensitive=sensitive,
    )
    send_notification.delay_on_commit(notification.pk)
    return notification


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
