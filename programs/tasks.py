"""Celery tasks of the programs: load nothing but call the service; safe to run twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def programs_daily():
    """Daily: expiry warnings (90 and 30 days), expiry, removal for a missed year, renewal."""
    return services.programs_daily()
