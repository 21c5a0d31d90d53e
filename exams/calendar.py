"""An exam appointment as an iCalendar (.ics) file, in the test center's time zone (with its
VTIMEZONE), like crd.calendar's deadlines feed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Appointment


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "finpro"


def appointment_calendar(*, appointment: Appointment, now: dt.datetime | None = None) -> bytes:
    """One VEVENT: the exam, where, and when in the center's local time (TZID)."""
    session, window = appointment.session, appointment.window
    center = session.center
    start = session.local_start
    calendar = Calendar()
    calendar.add("prodid", "-//FinPro//Exam appointment//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"exam-appointment-{appointment.pk}@{_host()}")
    event.add("dtstamp", now or timezone.now())
    event.add("summary", f"{window.exam.name} exam")
    event.add("location", f"{center.name}, {center.address_line1}, {center.city}, {center.state} "
                          f"{center.postal_code}")
    event.add("description", f"Your {window.exam.name} exam at {center.name}. Arrive 30 minutes early "
                             "with a government-issued photo ID. Booked through FinPro.")
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=session.duration_minutes))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
