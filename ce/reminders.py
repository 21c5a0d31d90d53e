"""Due-date reminders: a daily fan-out. One query selects the plans that get a reminder today
(their firm has reminders on and today is one of its chosen days before its due date, or
before Dec 31 when it set none); the ids go out in chunks, one Celery task per chunk. The
CENotice unique constraint (person, year, kind) makes a replayed or doubled chunk send nothing
twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from crd.models import Association, Firm
from firmsettings.models import FirmSettings

from .choices import PlanStatus
from .models import LearningPlan

DEFAULT_CHUNK_SIZE = 1000  # 100,000 people → 100 tasks (the budget is 200)


@dataclass(frozen=True)
class ReminderRun:
    firm_id: int
    days: int
    due_date: dt.date


def reminder_runs_for(*, today: dt.date) -> list[ReminderRun]:
    """The (firm, days-before, due date) reminders that fall today, from every firm's settings."""
    runs = []
    for row in FirmSettings.objects.filter(ce_reminders_enabled=True).only("firm_id", "ce_firm_due_date",
                                                                            "ce_reminder_days"):
        firm_due = row.ce_firm_due_date
        due = firm_due if firm_due and firm_due.year == today.year else dt.date(today.year, 12, 31)
        days = (due - today).days
        if days in (row.ce_reminder_days or []):
            runs.append(ReminderRun(firm_id=row.firm_id, days=days, due_date=due))
    return runs


def plan_ids_for(*, run: ReminderRun, today: dt.date) -> list[int]:
    """Plans of the year, not Satisfied, of people currently with the firm: one query."""
    people = (Association.objects.filter(firm_id=run.firm_id, start_date__lte=today)
              .filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).values("individual_id"))
    return list(LearningPlan.objects.filter(ce_year__year=run.due_date.year, individual_id__in=people)
                .exclude(status=PlanStatus.SATISFIED).order_by("pk").values_list("pk", flat=True))


def reminders_fan_out(*, today: dt.date | None = None, chunk_size: int | None = None) -> int:
    """Enqueue today's reminders in chunks; returns the number of chunk tasks enqueued."""
    from .tasks import send_reminder_chunk

    today = today or timezone.localdate()
    size = chunk_size or getattr(settings, "CE_REMINDER_CHUNK_SIZE", DEFAULT_CHUNK_SIZE)
    chunks = 0
    for run in reminder_runs_for(today=today):
        ids = plan_ids_for(run=run, today=today)
        for start in range(0, len(ids), size):
            send_reminder_chunk.delay(run.firm_id, run.days, run.due_date.isoformat(), ids[start:start + size])
            chunks += 1
    return chunks


def reminder_chunk_send(*, firm_id: int, days: int, due_date: dt.date, plan_ids: list[int]) -> int:
    """Remind each plan's person once: the chunk's new claims and outbox rows are written in one
    transaction, then the chunk's reminders not yet sent (its own, and any a dead worker left)
    go out over one mail connection. A plan Satisfied since the fan-out is skipped; a replayed
    chunk finds its claims and sends nothing twice. Returns how many emails went out."""
    from accounts.models import User
    from firmsettings.selectors import settings_for
    from notifications.choices import NotificationStatus
    from notifications.services import notifications_send_batch

    from .emails import reminders_write
    from .models import CENotice

    firm = Firm.objects.get(pk=firm_id)
    firm_settings = settings_for(firm=firm)
    if not firm_settings.ce_reminders_enabled:
        return 0  # turned off since the fan-out
    plans = list(LearningPlan.objects.filter(pk__in=plan_ids).exclude(status=PlanStatus.SATISFIED)
                 .select_related("individual", "ce_year"))
    users = {u.individual_id: u for u in User.objects.filter(
        individual_id__in=[p.individual_id for p in plans], is_active=True).exclude(email="")}
    written = reminders_write(plans=plans, firm=firm, days=days, due_date=due_date, firm_settings=firm_settings,
                              users=users)
    left_over = CENotice.objects.filter(
        kind=f"reminder_{days}", ce_year_id__in={p.ce_year_id for p in plans},
        individual_id__in=[p.individual_id for p in plans], notification__status=NotificationStatus.QUEUED,
    ).exclude(notification_id__in=written).values_list("notification_id", flat=True)
    return notifications_send_batch(notification_ids=[*written, *left_over])
