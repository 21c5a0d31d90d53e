"""Celery tasks of the CRD record."""

from celery import shared_task


@shared_task(ignore_result=True)
def purge_record_activity() -> int:
    """Beat, daily: drop record activity older than RECORD_ACTIVITY_YEARS."""
    from .activity import activity_purge

    return activity_purge()
