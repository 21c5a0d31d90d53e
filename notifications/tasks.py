from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=5, ignore_result=True)
def send_notification(self, notification_id: int) -> None:
    """Send one outbox row. Idempotent: a row already sent is skipped."""
    try:
        services.notification_send(notification_id=notification_id)
    except services.DeliveryError as exc:
        raise self.retry(exc=exc, countdown=min(600, 15 * 2 ** self.request.retries)) from exc


@shared_task(ignore_result=True)
def sweep_stale_notifications() -> int:
    return services.notifications_requeue_stale()


@shared_task(ignore_result=True)
def sweep_stale_urgent_notifications() -> int:
    """Every few seconds (beat): a passcode or reset link lost with a dead worker goes out again."""
    return services.notifications_requeue_stale(urgent_only=True)
