"""The dashboard's My Task list, assembled from each app's `mytasks.py`.

Every app with tasks exposes `tasks_for(user) -> list[Task]`; each provider must cost a
fixed number of queries, whatever the size of the person's record.
"""

import datetime as dt
import enum
import importlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

PROVIDER_APPS = ["accounts", "identity", "crd", "ce", "u4", "u5", "exams", "programs", "firmsettings"]
DUE_SOON_DAYS = 30


class Urgency(enum.IntEnum):
    """Lower sorts first."""

    OVERDUE = 0
    DUE_SOON = 1
    COMING_UP = 2


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    due_date: dt.date | None = None
    detail: str = ""
    key: str = ""

    def urgency(self, today: dt.date) -> Urgency:
        if self.due_date is None:
            return Urgency.DUE_SOON
        if self.due_date < today:
            return Urgency.OVERDUE
        if (self.due_date - today).days <= DUE_SOON_DAYS:
            return Urgency.DUE_SOON
        return Urgency.COMING_UP


def _providers():
    for app in getattr(settings, "MYTASK_PROVIDER_APPS", PROVIDER_APPS):
        try:
            module = importlib.import_module(f"{app}.mytasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.mytasks":
                raise
            continue
        yield module.tasks_for


def tasks_for(user, *, today: dt.date | None = None) -> list[tuple[Task, Urgency]]:
    """All open tasks for a user, most urgent first, then by due date."""
    today = today or timezone.localdate()
    tasks = [task for provider in _providers() for task in provider(user)]
    ranked = [(task, task.urgency(today)) for task in tasks]
    ranked.sort(key=lambda pair: (pair[1], pair[0].due_date or dt.date.max, pair[0].title))
    return ranked
