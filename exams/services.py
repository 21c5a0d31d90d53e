"""Every write of exams: opening windows, booking, rescheduling and cancelling seats,
extensions, results and reminders. Each is one atomic function with its rows locked
(`select_for_update`); a session's seat count changes only while its row is locked, so two
people taking the last seat cannot both get it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from crd import services as crd_services
from crd.choices import ExamOutcome
from crd.models import Exam, ExamResult, Individual
from finpro.events import FirmEvent, publish
from finpro.links import absolute_reverse
from notifications.services import notify

from . import selectors
from .choices import ACTIVE_WINDOW_STATUSES, AppointmentStatus, ExtensionStatus, WindowStatus
from .models import Appointment, ExamSession, ExamWindow, ExtensionRequest

SIE_CODE = "SIE"


def _fmt(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def session_label(session: ExamSession) -> str:
    """"Tue 03/09/2027 9:00 a.m. CST (America/Chicago)": the center's local time, zone named."""
    local = session.local_start
    return f"{date_format(local, 'D m/d/Y P')} {local.tzname()} ({session.center.time_zone})"


def _person_contact(individual: Individual):
    user = getattr(individual, "account", None)
    return user if user is not None and user.email else None


def _publish(window: ExamWindow, event: FirmEvent, **data) -> None:
    if window.firm_id:
        publish(firm_id=window.firm_id, event=event, data={
            "window_id": window.pk, "crd_number": window.individual.crd_number, "exam": window.exam.code,
            "status": window.status, **data})


def _locked_window(window: ExamWindow) -> ExamWindow:
    return (ExamWindow.objects.select_for_update(of=("self",)).select_related("exam", "individual", "firm")
            .get(pk=window.pk))


def _refuse_retake_wait(*, individual, exam, today: dt.date) -> None:
    first = selectors.first_retake_date(individual=individual, exam=exam, today=today)
    if first is not None:
        raise ValidationError(f"{exam.name}: the person failed it recently and may take it again from "
                              f"{_fmt(first)} (the retake wait).", code="retake_wait")


# --- Windows --------------------------------------------------------------------------------


def window_open(*, individual: Individual, exam: Exam, firm=None, filing=None,
                today: dt.date | None = None) -> ExamWindow:
    """Open an EXAM_WINDOW_DAYS window for the person and exam. Refused while a window for the
    exam is open or scheduled, during a retake wait, and for a sponsored exam without a firm."""
    today = today or timezone.localdate()
    if exam.requires_sponsor and firm is None:
        raise ValidationError(f"{exam.name} needs a firm to request it on a Form U4.")
    with transaction.atomic():
        Individual.objects.select_for_update().get(pk=individual.pk)
        if selectors.active_window(individual=individual, exam=exam) is not None:
            raise ValidationError(f"There is already an open window for {exam.name}.", code="window_open")
        _refuse_retake_wait(individual=individual, exam=exam, today=today)
        closes = today + dt.timedelta(days=settings.EXAM_WINDOW_DAYS)
        return ExamWindow.objects.create(individual=individual, exam=exam, firm=firm, filing=filing,
                                         opened_on=today, closes_on=closes, original_closes_on=closes)


def windows_open_for_filing(*, filing, individual: Individual, today: dt.date | None = None) -> list[ExamWindow]:
    """The exam requests (Section 7) of a submitted filing open windows: one per requested exam,
    except exams with a window already open or scheduled and exams the person passed and still
    holds. A retake wait refuses (the completeness check said so before)."""
    today = today or timezone.localdate()
    codes = (filing.content or {}).get("exam_requests", {}).get("exams", [])
    opened = []
    for exam in Exam.objects.filter(code__in=codes).order_by("code"):
        if selectors.active_window(individual=individual, exam=exam) is not None:
            continue
        if selectors.has_valid_pass(individual=individual, exam=exam, today=today):
            continue
        opened.append(window_open(individual=individual, exam=exam, firm=filing.firm, filing=filing, today=today))
    return opened


def sie_window_open(*, individual: Individual, today: dt.date | None = None) -> ExamWindow:
    """The person enrolls in the SIE themself (no firm needed). Refused when they passed it
    within its validity (4 years)."""
    today = today or timezone.localdate()
    exam = Exam.objects.get(code=SIE_CODE)
    if selectors.sie_still_valid(individual=individual, today=today):
        raise ValidationError("You passed the SIE less than 4 years ago: it is still valid.", code="sie_valid")
    return window_open(individual=individual, exam=exam, today=today)


def windows_expire(*, today: dt.date | None = None) -> int:
    """Open windows whose last day has passed become Expired. Returns how many."""
    today = today or timezone.localdate()
    with transaction.atomic():
        ids = list(ExamWindow.objects.select_for_update(skip_locked=True)
                   .filter(status=WindowStatus.OPEN, closes_on__lt=today).values_list("pk", flat=True))
        return ExamWindow.objects.filter(pk__in=ids).update(status=WindowStatus.EXPIRED)


# --- Appointments ---------------------------------------------------------------------------


def _refuse_unless_bookable(window: ExamWindow, session: ExamSession, now: dt.datetime,
                            statuses=(WindowStatus.OPEN,)) -> None:
    if window.status not in statuses:
        raise ValidationError(f"This window is {window.get_status_display()}: you cannot book a seat in it.",
                              code="window_not_open")
    if timezone.localdate(now) > window.closes_on:
        raise ValidationError("This window has closed.", code="window_closed")
    if not session.center.is_active:
        raise ValidationError("This test center no longer takes bookings. Choose another session.",
                              code="center_closed")
    if session.starts_at <= now:
        raise ValidationError("This session has already started.", code="session_past")
    if not selectors.session_in_window(session, window):
        raise ValidationError(f"Choose a session between {_fmt(window.opened_on)} and {_fmt(window.closes_on)}, "
                              "the dates of your window.", code="outside_window")


def _take_seat(session: ExamSession) -> ExamSession:
    """Lock the session and take one seat, or refuse when none is left."""
    locked = ExamSession.objects.select_for_update(of=("self",)).select_related("center").get(pk=session.pk)
    if locked.seats_taken >= locked.capacity:
        raise ValidationError("That session is full: someone took the last seat. Choose another session.",
                              code="session_full")
    locked.seats_taken += 1
    locked.save(update_fields=["seats_taken"])
    return locked


def _release_seat(session: ExamSession) -> None:
    locked = ExamSession.objects.select_for_update().get(pk=session.pk)
    locked.seats_taken = max(0, locked.seats_taken - 1)
    locked.save(update_fields=["seats_taken"])


def _confirm(appointment: Appointment, *, kind: str, previous: ExamSession | None = None) -> None:
    window = appointment.window
    user = _person_contact(window.individual)
    if user is None:
        return
    session = appointment.session
    notify(kind=kind, address=user.email, recipient=user, individual=window.individual, firm=window.firm,
           related_date=session.local_start.date(), context={
               "exam_name": window.exam.name, "when": session_label(session), "center": session.center,
               "previous": session_label(previous) if previous else "",
               "cutoff": _fmt(selectors.change_cutoff(session)),
               "ics_link": absolute_reverse("exams:ics", pk=appointment.pk),
               "link": absolute_reverse("exams:overview")})


def appointment_book(*, window: ExamWindow, session: ExamSession, user=None,
                     now: dt.datetime | None = None) -> Appointment:
    """Book a seat in a session inside the window: the window becomes Scheduled, the person is
    emailed a confirmation with a link to the .ics, and the firm's EXAM_SCHEDULED event is published."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_window(window)
        session = ExamSession.objects.select_related("center").get(pk=session.pk)
        _refuse_unless_bookable(locked, session, now)
        session = _take_seat(session)
        appointment = Appointment.objects.create(window=locked, session=session, booked_at=now,
                                                 booked_by=user if getattr(user, "is_authenticated", False) else None)
        locked.status = WindowStatus.SCHEDULED
        locked.save(update_fields=["status"])
        _confirm(appointment, kind="exam_appointment_booked")
        _publish(locked, FirmEvent.EXAM_SCHEDULED, appointment_id=appointment.pk,
                 starts_at=session.starts_at.isoformat())
        return appointment


def _locked_appointment(appointment: Appointment, now: dt.datetime) -> Appointment:
    locked = (Appointment.objects.select_for_update(of=("self",)).select_related("session__center")
              .get(pk=appointment.pk))
    if locked.status != AppointmentStatus.BOOKED:
        raise ValidationError(f"This appointment is {locked.get_status_display()}.", code="not_booked")
    if not selectors.may_change(locked, now=now):
        raise ValidationError(f"Appointments can be changed until {_fmt(selectors.change_cutoff(locked.session))}, "
                              f"{settings.EXAM_CANCEL_CUTOFF_BUSINESS_DAYS} business days before: "
                              "this one can no longer be changed.", code="past_cutoff")
    return locked


def appointment_reschedule(*, appointment: Appointment, session: ExamSession, user=None,
                           now: dt.datetime | None = None) -> Appointment:
    """Move a booked appointment (before the cut-off) to another session of the window: the new
    seat is taken first, so a full session leaves the old appointment as it was."""
    now = now or timezone.now()
    if session.pk == appointment.session_id:
        raise ValidationError("That is the session you are already booked in.", code="same_session")
    with transaction.atomic():
        window = _locked_window(appointment.window)
        old = _locked_appointment(appointment, now)
        new_session = ExamSession.objects.select_related("center").get(pk=session.pk)
        _refuse_unless_bookable(window, new_session, now, statuses=(WindowStatus.SCHEDULED,))
        # Lock both sessions in id order (no deadlock with a reschedule the other way).
        list(ExamSession.objects.select_for_update().filter(pk__in=[old.session_id, new_session.pk]).order_by("pk"))
        new_session = _take_seat(new_session)
        _release_seat(old.session)
        old.status, old.ended_at = AppointmentStatus.RESCHEDULED, now
        old.save(update_fields=["status", "ended_at"])
        appointment = Appointment.objects.create(window=window, session=new_session, booked_at=now,
                                                 booked_by=user if getattr(user, "is_authenticated", False) else None)
        window.status = WindowStatus.SCHEDULED
        window.save(update_fields=["status"])
        _confirm(appointment, kind="exam_appointment_rescheduled", previous=old.session)
        _publish(window, FirmEvent.EXAM_SCHEDULED, appointment_id=appointment.pk,
                 starts_at=new_session.starts_at.isoformat())
        return appointment


def appointment_cancel(*, appointment: Appointment, user=None, now: dt.datetime | None = None) -> Appointment:
    """Cancel a booked appointment before the cut-off: the seat is freed and the window is Open
    again (the person may book another seat inside it)."""
    now = now or timezone.now()
    with transaction.atomic():
        window = _locked_window(appointment.window)
        locked = _locked_appointment(appointment, now)
        _release_seat(locked.session)
        locked.status, locked.ended_at = AppointmentStatus.CANCELLED, now
        locked.save(update_fields=["status", "ended_at"])
        window.status = WindowStatus.OPEN
        window.save(update_fields=["status"])
        _confirm(locked, kind="exam_appointment_cancelled")
        return locked


def appointment_remind(*, appointment_id: int, now: dt.datetime | None = None) -> bool:
    """Send the reminder of one appointment once. Returns whether it was sent now."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = (Appointment.objects.select_for_update(skip_locked=True, of=("self",))
                       .select_related("window__individual", "window__exam", "window__firm", "session__center")
                       .filter(pk=appointment_id, status=AppointmentStatus.BOOKED, reminder_sent_at__isnull=True)
                       .first())
        if appointment is None:
            return False
        appointment.reminder_sent_at = now
        appointment.save(update_fields=["reminder_sent_at"])
        _confirm(appointment, kind="exam_appointment_reminder")
        return True


# --- Extensions -----------------------------------------------------------------------------


def extension_request(*, window: ExamWindow, reason: str, today: dt.date | None = None,
                      now: dt.datetime | None = None) -> ExtensionRequest:
    """Ask, once, for a longer window: only in its last EXAM_EXTENSION_ASK_DAYS days, while it is
    Open, and when no seat is free anywhere before it closes."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    if not reason.strip():
        raise ValidationError({"reason": "Tell us why you could not schedule your exam."})
    with transaction.atomic():
        locked = _locked_window(window)
        if ExtensionRequest.objects.filter(window=locked).exists():
            raise ValidationError("You already asked for an extension of this window.", code="asked")
        if locked.status != WindowStatus.OPEN:
            raise ValidationError(f"This window is {locked.get_status_display()}: it cannot be extended.",
                                  code="window_not_open")
        first_day = locked.closes_on - dt.timedelta(days=settings.EXAM_EXTENSION_ASK_DAYS - 1)
        if today < first_day:
            raise ValidationError(f"You may ask for an extension from {_fmt(first_day)}, in the last "
                                  f"{settings.EXAM_EXTENSION_ASK_DAYS} days of your window.", code="too_early")
        if today > locked.closes_on:
            raise ValidationError("This window has closed.", code="window_closed")
        if selectors.seat_available_before_end(window=locked, now=now):
            raise ValidationError("Seats are still available before your window closes: book one of them.",
                                  code="seats_available")
        return ExtensionRequest.objects.create(window=locked, reason=reason.strip(), requested_at=now)


def extension_decide(*, request: ExtensionRequest, approve: bool, by, today: dt.date | None = None) -> ExtensionRequest:
    """Support approves (the window closes EXAM_EXTENSION_DAYS later) or declines a request; the
    person is emailed either way."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != ExtensionStatus.PENDING:
            raise ValidationError(f"This request was already {locked.get_status_display().lower()}.",
                                  code="decided")
        window = _locked_window(locked.window)
        if approve:
            if window.status not in (*ACTIVE_WINDOW_STATUSES, WindowStatus.EXPIRED):
                raise ValidationError(f"The window is {window.get_status_display()}: it cannot be extended.")
            window.closes_on = max(window.closes_on, today) + dt.timedelta(days=settings.EXAM_EXTENSION_DAYS)
            window.extended_on = today
            if window.status == WindowStatus.EXPIRED:
                window.status = WindowStatus.OPEN
            window.save(update_fields=["closes_on", "extended_on", "status"])
        locked.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.DECLINED
        locked.decided_at, locked.decided_by = timezone.now(), by
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        user = _person_contact(window.individual)
        if user is not None:
            notify(kind="exam_extension_decided", address=user.email, recipient=user, individual=window.individual,
                   firm=window.firm, context={"exam_name": window.exam.name, "approved": approve,
                                              "closes_on": _fmt(window.closes_on),
                                              "link": absolute_reverse("exams:overview")})
        return locked


# --- Results --------------------------------------------------------------------------------


def result_record(*, window: ExamWindow, taken_on: dt.date, outcome: str, score: int | None = None,
                  by=None) -> ExamResult:
    """Post a result of the window's exam to CRD (crd.ExamResult). A pass completes the window
    and meets the exam requirement of the person's pending registrations; a fail (or a waiver
    counted as a pass) closes it. The firm's EXAM_RESULT_RECORDED event is published."""
    if outcome not in ExamOutcome.values:
        raise ValidationError({"outcome": "Choose passed, failed or waived."})
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": "An exam result cannot be in the future."})
    with transaction.atomic():
        locked = _locked_window(window)
        if locked.status not in (*ACTIVE_WINDOW_STATUSES, WindowStatus.EXPIRED):
            raise ValidationError(f"This window is {locked.get_status_display()}: it already has its result.",
                                  code="has_result")
        if taken_on < locked.opened_on:
            raise ValidationError({"taken_on": f"The window opened on {_fmt(locked.opened_on)}: "
                                               "a result from before belongs to no window."})
        result, _qualified = crd_services.exam_result_record(
            individual=locked.individual, exam=locked.exam, taken_on=taken_on, outcome=outcome, score=score)
        passed = outcome in (ExamOutcome.PASSED, ExamOutcome.WAIVED)
        locked.status = WindowStatus.COMPLETED if passed else WindowStatus.CLOSED
        locked.result = result
        locked.save(update_fields=["status", "result"])
        Appointment.objects.filter(window=locked, status=AppointmentStatus.BOOKED).update(
            status=AppointmentStatus.ATTENDED)
        _publish(locked, FirmEvent.EXAM_RESULT_RECORDED, outcome=outcome, taken_on=taken_on.isoformat())
        return result
