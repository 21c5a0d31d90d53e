"""The Task type of My Task lists, shared by every app's `mytasks.py`.

Every app with tasks exposes `tasks_for(user) -> list[Task]`; each provider must cost a
fixed number of queries, whatever the size of the person's record. The dashboard
(portal.tasklist) gathers them.

The dashboard's budget is five queries in all, so a provider should cost none for a person
with nothing to do: it may also expose `hints(user) -> dict[str, Expression]`, annotations on
the person's Individual (OuterRef("pk") is the person; an Exists() is typical) that the
dashboard loads in the one Individual query it makes anyway (crd.selectors.record_facts).
`hint(user, name)` reads one back: True/False/a value, or None when it was not loaded (a
provider called outside the dashboard), in which case the provider asks the database itself.
"""

import datetime as dt
import enum
from dataclasses import dataclass

DUE_SOON_DAYS = 30


def hint(user, name: str):
    """A provider's hint loaded with the dashboard's Individual query; None when not loaded."""
    return getattr(user, "_task_hints", {}).get(name)


class Urgency(enum.IntEnum):
    """Lower sorts first."""

    OVERDUE = 0
    DUE_SOON = 1
    NO_DUE_DATE = 2  # neither late nor soon: its own, neutral label
    COMING_UP = 3


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    due_date: dt.date | None = None
    detail: str = ""
    key: str = ""

    def urgency(self, today: dt.date) -> Urgency:
        if self.due_date is None:
            return Urgency.NO_DUE_DATE
        if self.due_date < today:
            return Urgency.OVERDUE
        if (self.due_date - today).days <= DUE_SOON_DAYS:
            return Urgency.DUE_SOON
        return Urgency.COMING_UP
