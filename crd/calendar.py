"""The rep's deadlines as an iCalendar (.ics) feed: Regulatory Element CE due dates (the SRO's
Dec 31 and the firm's earlier date). Later issues add exam windows here."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar, Event

from .selectors import RecordFacts


def _event(*, uid: str, summary: str, description: str, day: dt.date, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("description", description)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def deadlines_calendar(*, facts: RecordFacts, now: dt.datetime | None = None) -> bytes:
    """An RFC 5545 calendar of the person's deadlines, as all-day events (Eastern dates)."""
    now = now or timezone.now()
    crd = facts.individual.crd_number
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "finpro"
    calendar = Calendar()
    calendar.add("prodid", "-//FinPro//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "FinPro deadlines")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if facts.sro_ce_due:
        calendar.add_component(_event(
            uid=f"ce-sro-{facts.sro_ce_due.year}-{crd}@{host}",
            summary="Regulatory Element CE due (SRO deadline)",
            description=(f"Complete your Regulatory Element continuing education by "
                         f"{date_format(facts.sro_ce_due, 'SHORT_DATE_FORMAT')} (Eastern Time). "
                         "If it is not done, your registrations become CE inactive."),
            day=facts.sro_ce_due, stamp=now,
        ))
    for firm, due in facts.firm_ce_due:
        calendar.add_component(_event(
            uid=f"ce-firm-{firm.crd_number}-{due.isoformat()}-{crd}@{host}",
            summary=f"Regulatory Element CE due ({firm.name} deadline)",
            description=(f"{firm.name} asks you to complete Regulatory Element continuing education by "
                         f"{date_format(due, 'SHORT_DATE_FORMAT')}, before the SRO deadline of Dec 31."),
            day=due, stamp=now,
        ))
    return calendar.to_ical()
