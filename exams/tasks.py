"""Celery tasks of exams (beat: finpro.settings CELERY_BEAT_SCHEDULE). Each loads ids and calls
a service; running one twice sends nothing twice."""

from celery import shared_task

from . import selectors, services


@shared_task
def send_appointment_reminders() -> int:
    """Remind everyone whose appointment is within EXAM_REMINDER_DAYS (once per appointment)."""
    ids = list(selectors.reminders_due().values_list("pk", flat=True)[:5000])
    return sum(services.appointment_remind(appointment_id=pk) for pk in ids)


@shared_task
def expire_windows() -> int:
    return services.windows_expire()
