"""The dashboard's My Task list, gathered from each app's `mytasks.py` provider."""

import datetime as dt
import importlib

from django.conf import settings
from django.utils import timezone

from finpro.mytasks import Task, Urgency

PROVIDER_APPS = ["accounts", "identity", "crd", "ce", "u4", "u5", "exams", "programs", "firmsettings"]


def _modules():
    for app in getattr(settings, "MYTASK_PROVIDER_APPS", PROVIDER_APPS):
        try:
            module = importlib.import_module(f"{app}.mytasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.mytasks":
                raise
            continue
        yield module


def _providers():
    for module in _modules():
        yield module.tasks_for


def tasks_for(user, *, today: dt.date | None = None) -> list[tuple[Task, Urgency]]:
    """All open tasks for a user, most urgent first, then by due date. The providers' hints
    (finpro.mytasks) are loaded first, with the person's record facts, in one query."""
    from crd.selectors import record_facts

    today = today or timezone.localdate()
    hints = {}
    for module in _modules():
        if hasattr(module, "hints"):
            hints.update(module.hints(user))
    record_facts(user=user, hints=hints)
    tasks = [task for provider in _providers() for task in provider(user)]
    ranked = [(task, task.urgency(today)) for task in tasks]
    ranked.sort(key=lambda pair: (pair[1], pair[0].due_date or dt.date.max, pair[0].title))
    return ranked
