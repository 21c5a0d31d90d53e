"""The person's record activity: writes (one insert per event) and the read behind /record/activity/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import Association, RecordActivity

SUPPORT = RecordActivity.ActorKind.SUPPORT
FIRM = RecordActivity.ActorKind.FIRM


def _support_role(user) -> str:
    """Support staff are named by role, never by name."""
    from finpro.support_groups import ADMIN, AGENT

    names = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or ADMIN in names:
        return ADMIN
    return AGENT


def activity_firm_view(*, individual_id: int, firm, user, detail: str = "") -> None:
    """Firm staff opened the person's details (one insert)."""
    RecordActivity.objects.create(individual_id=individual_id, firm=firm, actor=user, actor_kind=FIRM,
                                  actor_label=(user.get_full_name() or user.username)[:120],
                                  action=RecordActivity.Action.VIEWED, detail=detail[:200])


def activity_firm_export(*, firm, user, detail: str) -> None:
    """Firm staff exported the firm's people: one row for the whole export."""
    RecordActivity.objects.create(firm=firm, actor=user, actor_kind=FIRM,
                                  actor_label=(user.get_full_name() or user.username)[:120] if user else "Scheduled",
                                  action=RecordActivity.Action.EXPORTED, detail=detail[:200])


def activity_support(*, individual_id: int, user, changed: bool, detail: str = "") -> None:
    """Support staff opened (or changed) the person's record in the admin."""
    RecordActivity.objects.create(
        individual_id=individual_id, actor=user, actor_kind=SUPPORT, actor_label=_support_role(user),
        action=RecordActivity.Action.CHANGED if changed else RecordActivity.Action.VIEWED, detail=detail[:200])


def activity_purge(*, now: dt.datetime | None = None) -> int:
    """Beat: delete activity older than RECORD_ACTIVITY_YEARS years."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=365 * settings.RECORD_ACTIVITY_YEARS + settings.RECORD_ACTIVITY_YEARS // 4)
    deleted, _ = RecordActivity.objects.filter(at__lt=cutoff).delete()
    return deleted


@dataclass(frozen=True)
class ActivityEntry:
    at: dt.datetime
    who: str
    firm_name: str
    what: str
    detail: str


def activity_for(*, individual, limit: int = 200) -> list[ActivityEntry]:
    """The person's log, newest first: events about them, exports of firms they were with on the
    day, and their Form U4 filings submitted. Two queries whatever the size."""
    with_firm_then = Association.objects.filter(individual=individual, firm_id=OuterRef("firm_id"),
                                                start_date__lte=OuterRef("at__date")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("at__date")))
    firm_exports = Q(individual__isnull=True, action=RecordActivity.Action.EXPORTED) & Exists(with_firm_then)
    rows = (RecordActivity.objects.filter(Q(individual=individual) | firm_exports)
            .select_related("firm").order_by("-at", "-id")[:limit])
    entries = [ActivityEntry(at=r.at, firm_name=r.firm.name if r.firm else "", what=r.get_action_display(),
                             detail=r.detail, who=_who(r))
               for r in rows]
    entries += _filings_submitted(individual=individual, limit=limit)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def _who(row: RecordActivity) -> str:
    return row.actor_label if row.actor_kind == FIRM else f"FinPro support ({row.actor_label})"


def _filings_submitted(*, individual, limit: int) -> list[ActivityEntry]:
    from django.apps import apps

    if not apps.is_installed("u4"):
        return []
    from u4.choices import EventAction
    from u4.models import FilingEvent

    events = (FilingEvent.objects.filter(filing__individual=individual, action=EventAction.SUBMITTED)
              .select_related("filing__firm", "actor").order_by("-at")[:limit])
    return [ActivityEntry(at=e.at, who=(e.actor.get_full_name() or e.actor.username) if e.actor else "",
                          firm_name=e.filing.firm.name, what="Submitted a Form U4 filing for you",
                          detail=f"Form U4 #{e.filing_id}") for e in events]
