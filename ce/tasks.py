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
    from .iar_services import iar_year_end

    year = services.year_that_ended()
    inactive = services.ce_year_end(year=year)
    iar_year_end(year=year)
    return inactive


@shared_task(acks_late=True)
def send_reminders():
    """Daily: fan today's due-date reminders out in chunks."""
    from .reminders import reminders_fan_out

    return reminders_fan_out()


@shared_task(acks_late=True)
def send_reminder_chunk(firm_id: int, days: int, due_date: str, plan_ids: list[int]):
    import datetime as dt

    from .reminders import reminder_chunk_send

    return reminder_chunk_send(firm_id=firm_id, days=days, due_date=dt.date.fromisoformat(due_date),
                               plan_ids=plan_ids)
