"""Celery tasks of continuing education. Each loads ids and calls a service; all are safe to run twice."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(acks_late=True)
def assign_learning_plans():
    """Daily: bring every plan of the current CE year in line with the registrations."""
    return services.learning_plans_assign_all(year=timezone.localdate().year)


@shared_task(acks_late=True)
def year_end():
    """Jan 1 just after midnight Eastern: close the CE year that just ended (idempotent)."""
    return services.ce_year_end(year=services.year_that_ended())
