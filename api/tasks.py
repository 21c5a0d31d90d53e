from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_webhook(self, delivery_id: int) -> None:
    """Try one webhook delivery; a failure retries with exponential backoff (the service says
    when and stops after WEBHOOK_MAX_ATTEMPTS). Idempotent: a delivered row is skipped.

    Run eagerly (no broker: `make run`, unit tests) a failure is not retried in-process, which
    would retry at once and block the page: the row stays "retrying" for the sweep."""
    try:
        services.webhook_delivery_attempt(delivery_id=delivery_id)
    except services.RetryLater as exc:
        if self.request.is_eager:
            return
        raise self.retry(countdown=exc.countdown) from exc


@shared_task(ignore_result=True)
def sweep_webhook_deliveries() -> int:
    return services.webhook_deliveries_requeue_due()
