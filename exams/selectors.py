"""Reads of exams, scoped by a required `individual=`: another person's window or appointment
is not in the queryset, so fetching it is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from crd.choices import ExamOutcome
from crd.models import Exam, ExamResult

from .choices import ACTIVE_WINDOW_STATUSES, AppointmentStatus, WindowStatus
from .models import Appointment, ExamSession, ExamWindow, TestCenter


def _booked():
    return Appointment.objects.filter(status=AppointmentStatus.BOOKED).select_related("session__center")


def windows_for(*, individual) -> QuerySet[ExamWindow]:
    """The person's windows, newest first, each with its exam, firm, booked appointment
    (`booked`, a list of at most one) and extension request. Three queries."""
    return (ExamWindow.objects.filter(individual=individual)
            .select_related("exam", "firm", "result", "extension_request")
            .prefetch_related(Prefetch("appointments", queryset=_booked(), to_attr="booked"))
            .order_by("-opened_on", "-id"))


def appointments_for(*, individual) -> QuerySet[Appointment]:
    return (Appointment.objects.filter(window__individual=individual)
            .select_related("window__exam", "window__firm", "session__center"))


def upcoming_appointments_for(*, individual, now: dt.datetime | None = None) -> QuerySet[Appointment]:
    now = now or timezone.now()
    return (appointments_for(individual=individual)
            .filter(status=AppointmentStatus.BOOKED, session__starts_at__gte=now).order_by("session__starts_at"))


def open_windows_for(*, individual) -> QuerySet[ExamWindow]:
    """Windows without an appointment yet (the "Schedule your … exam" tasks)."""
    return (ExamWindow.objects.filter(individual=individual, status=WindowStatus.OPEN)
            .select_related("exam").order_by("closes_on"))


def active_window(*, individual, exam) -> ExamWindow | None:
    return ExamWindow.objects.filter(individual=individual, exam=exam, status__in=ACTIVE_WINDOW_STATUSES).first()


# --- Sessions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSearch:
    zip_code: str = ""
    state: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def centers_near(*, zip_code: str = "", state: str = "") -> QuerySet[TestCenter]:
    """Active centers in a state, or near a ZIP: the same 3-digit ZIP prefix (sectional center),
    else the same first digit (the national ZIP area, a group of neighbouring states)."""
    centers = TestCenter.objects.filter(is_active=True)
    if state:
        return centers.filter(state=state.upper())
    if zip_code:
        nearby = centers.filter(postal_code__startswith=zip_code[:3])
        return nearby if nearby.exists() else centers.filter(postal_code__startswith=zip_code[:1])
    return centers


def _day_start(day: dt.date, *, end: bool = False) -> dt.datetime:
    """A calendar day's bound, taken wide (UTC-12 … UTC+14) so a center's local date decides."""
    edge = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time.min, tzinfo=dt.UTC)
    return edge + dt.timedelta(hours=14 if end else -14)


def sessions_for_window(*, window: ExamWindow, search: SessionSearch,
                        now: dt.datetime | None = None) -> QuerySet[ExamSession]:
    """Sessions with a free seat, after now, inside the window (by the center's local date) and
    the searched dates, at the searched centers; soonest first. The local-date test is finished
    by `in_window` on each row (a page of them)."""
    now = now or timezone.now()
    first = max(window.opened_on, search.date_from or window.opened_on)
    last = min(window.closes_on, search.date_to or window.closes_on)
    return (ExamSession.objects
            .filter(center__in=centers_near(zip_code=search.zip_code, state=search.state),
                    starts_at__gt=now, starts_at__gte=_day_start(first), starts_at__lt=_day_start(last, end=True),
                    seats_taken__lt=F("capacity"))
            .select_related("center").order_by("starts_at", "center__name"))


def session_in_window(session: ExamSession, window: ExamWindow) -> bool:
    return window.opened_on <= session.local_start.date() <= window.closes_on


def seat_available_before_end(*, window: ExamWindow, now: dt.datetime | None = None) -> bool:
    """Is any seat free, anywhere, before the window closes? (An extension needs a No.)"""
    return any(session_in_window(s, window) for s in
               sessions_for_window(window=window, search=SessionSearch(), now=now)[:200])


# --- Rules ----------------------------------------------------------------------------------


def add_business_days(day: dt.date, n: int) -> dt.date:
    """`day` moved by n business days (Monday to Friday; negative n goes back)."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            remaining -= 1
    return day


def change_cutoff(session: ExamSession) -> dt.date:
    """The last day (in the center's time zone) an appointment in this session may be cancelled
    or rescheduled: EXAM_CANCEL_CUTOFF_BUSINESS_DAYS business days before its date."""
    return add_business_days(session.local_start.date(), -settings.EXAM_CANCEL_CUTOFF_BUSINESS_DAYS)


def may_change(appointment: Appointment, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    session = appointment.session
    return (appointment.status == AppointmentStatus.BOOKED
            and timezone.localtime(now, session.center.zone).date() <= change_cutoff(session))


def first_retake_date(*, individual, exam, today: dt.date | None = None) -> dt.date | None:
    """The first day the person may take `exam` again after failing it, or None when nothing
    stops them: EXAM_RETAKE_WAIT_DAYS after a failure, EXAM_RETAKE_LONG_WAIT_DAYS after
    EXAM_RETAKE_LONG_AFTER_FAILURES or more failures in a row (since the last pass)."""
    if individual is None:
        return None
    today = today or timezone.localdate()
    results = list(ExamResult.objects.filter(individual=individual, exam=exam)
                   .order_by("-taken_on", "-id").values_list("outcome", "taken_on")[:50])
    failures = 0
    for outcome, _taken_on in results:
        if outcome != ExamOutcome.FAILED:
            break
        failures += 1
    if not failures:
        return None
    wait = (settings.EXAM_RETAKE_LONG_WAIT_DAYS if failures >= settings.EXAM_RETAKE_LONG_AFTER_FAILURES
            else settings.EXAM_RETAKE_WAIT_DAYS)
    allowed = results[0][1] + dt.timedelta(days=wait)
    return allowed if allowed > today else None


def has_valid_pass(*, individual, exam, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return ExamResult.objects.filter(individual=individual, exam=exam, outcome=ExamOutcome.PASSED).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)).exists()


def reminders_due(*, now: dt.datetime | None = None) -> QuerySet[Appointment]:
    now = now or timezone.now()
    return (Appointment.objects.filter(status=AppointmentStatus.BOOKED, reminder_sent_at__isnull=True,
                                       session__starts_at__gt=now,
                                       session__starts_at__lte=now + dt.timedelta(days=settings.EXAM_REMINDER_DAYS))
            .order_by("session__starts_at"))


def sie_still_valid(*, individual, today: dt.date | None = None) -> bool:
    """Did the person pass the SIE within its validity (4 years)? Then there is nothing to enroll in."""
    today = today or timezone.localdate()
    sie = Exam.objects.get(code="SIE")
    since = dt.date(today.year - sie.validity_years, today.month, min(today.day, 28 if today.month == 2 else 31))
    return ExamResult.objects.filter(individual=individual, exam=sie, outcome=ExamOutcome.PASSED,
                                     taken_on__gt=since).exists()
