"""exams.services: windows, booking, rescheduling, cancelling, extensions, results, reminders."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from crd.choices import ExamOutcome, RegistrationStatus
from crd.models import Exam, ExamResult
from exams import selectors, services
from exams.choices import AppointmentStatus, ExtensionStatus, WindowStatus
from exams.models import Appointment, ExamWindow
from finpro.events import firm_event
from notifications.models import Notification
from tests import factories

from .conftest import at_chicago

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    events = []

    def receiver(sender, firm_id, event, data, **kwargs):
        events.append((firm_id, event, data))

    firm_event.connect(receiver)
    yield events
    firm_event.disconnect(receiver)


# --- Windows --------------------------------------------------------------------------------


def test_window_open_lasts_the_setting(candidate, s7, firm, settings):
    settings.EXAM_WINDOW_DAYS = 90
    window = services.window_open(individual=candidate.individual, exam=s7, firm=firm, today=dt.date(2027, 1, 4))
    assert (window.opened_on, window.closes_on) == (dt.date(2027, 1, 4), dt.date(2027, 4, 4))
    assert window.status == WindowStatus.OPEN


def test_window_open_refuses_a_second_active_window(window, candidate, s7, firm):
    with pytest.raises(ValidationError, match="already an open window"):
        services.window_open(individual=candidate.individual, exam=s7, firm=firm)


def test_a_sponsored_exam_needs_a_firm(candidate, s7):
    with pytest.raises(ValidationError, match="needs a firm"):
        services.window_open(individual=candidate.individual, exam=s7)


def test_the_person_opens_an_sie_window_without_a_firm(candidate):
    window = services.sie_window_open(individual=candidate.individual)
    assert window.exam.code == "SIE" and window.firm is None and window.status == WindowStatus.OPEN


def test_sie_refused_while_a_pass_is_valid(candidate):
    factories.ExamResultFactory(individual=candidate.individual, exam=Exam.objects.get(code="SIE"),
                                taken_on=timezone.localdate() - dt.timedelta(days=400))
    with pytest.raises(ValidationError, match="still valid"):
        services.sie_window_open(individual=candidate.individual)


def test_windows_expire_after_their_last_day(window):
    assert services.windows_expire(today=window.closes_on) == 0
    assert services.windows_expire(today=window.closes_on + dt.timedelta(days=1)) == 1
    window.refresh_from_db()
    assert window.status == WindowStatus.EXPIRED


# --- Booking --------------------------------------------------------------------------------


def test_book_takes_a_seat_schedules_the_window_emails_and_publishes(window, session, candidate, published,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.appointment_book(window=window, session=session, user=candidate)
    session.refresh_from_db()
    window.refresh_from_db()
    assert session.seats_taken == 1 and window.status == WindowStatus.SCHEDULED
    assert appointment.status == AppointmentStatus.BOOKED
    note = Notification.objects.get(kind="exam_appointment_booked")
    assert note.address == "riley@mail.example"
    assert f"9 a.m. {session.local_start.tzname()} (America/Chicago)" in note.body_text
    assert f"/exams/appointments/{appointment.pk}/appointment.ics" in note.body_text
    assert mail.outbox and mail.outbox[-1].to == ["riley@mail.example"]
    [(firm_id, event, data)] = published
    assert firm_id == window.firm_id and event == "exam.scheduled"
    assert data["exam"] == "S7" and data["status"] == "scheduled" and "ssn" not in str(data).lower()


def test_book_refuses_a_full_session(window, center):
    full = factories.ExamSessionFactory(center=center, capacity=3, seats_taken=3,
                                        starts_at=at_chicago(timezone.localdate() + dt.timedelta(days=9)))
    with pytest.raises(ValidationError, match="full"):
        services.appointment_book(window=window, session=full)
    window.refresh_from_db()
    assert window.status == WindowStatus.OPEN and not Appointment.objects.exists()


def test_book_refuses_a_session_outside_the_window(window, center):
    late = factories.ExamSessionFactory(center=center, starts_at=at_chicago(window.closes_on + dt.timedelta(days=1)))
    with pytest.raises(ValidationError, match="dates of your window"):
        services.appointment_book(window=window, session=late)


def test_the_last_day_counts_in_the_centers_time_zone(window, center):
    """21:00 in Chicago on the last day is the next day in UTC: still inside the window."""
    last = factories.ExamSessionFactory(center=center, starts_at=at_chicago(window.closes_on, hour=21))
    assert last.starts_at.astimezone(dt.UTC).date() > window.closes_on
    assert services.appointment_book(window=window, session=last).status == AppointmentStatus.BOOKED


def test_a_window_takes_one_appointment(window, session, center):
    services.appointment_book(window=window, session=session)
    other = factories.ExamSessionFactory(center=center)
    with pytest.raises(ValidationError, match="Scheduled"):
        services.appointment_book(window=window, session=other)


# --- Reschedule and cancel ------------------------------------------------------------------


def test_reschedule_moves_the_seat(window, session, center, django_capture_on_commit_callbacks):
    first = services.appointment_book(window=window, session=session)
    other = factories.ExamSessionFactory(center=center, capacity=2,
                                         starts_at=at_chicago(timezone.localdate() + dt.timedelta(days=40)))
    moved = services.appointment_reschedule(appointment=first, session=other)
    session.refresh_from_db()
    other.refresh_from_db()
    first.refresh_from_db()
    assert (session.seats_taken, other.seats_taken) == (0, 1)
    assert first.status == AppointmentStatus.RESCHEDULED and moved.status == AppointmentStatus.BOOKED
    assert Notification.objects.filter(kind="exam_appointment_rescheduled").count() == 1


def test_reschedule_to_a_full_session_keeps_the_old_one(window, session, center):
    first = services.appointment_book(window=window, session=session)
    full = factories.ExamSessionFactory(center=center, capacity=1, seats_taken=1)
    with pytest.raises(ValidationError, match="full"):
        services.appointment_reschedule(appointment=first, session=full)
    first.refresh_from_db()
    session.refresh_from_db()
    assert first.status == AppointmentStatus.BOOKED and session.seats_taken == 1


def test_cancel_frees_the_seat_and_reopens_the_window(window, session):
    appointment = services.appointment_book(window=window, session=session)
    services.appointment_cancel(appointment=appointment)
    session.refresh_from_db()
    window.refresh_from_db()
    appointment.refresh_from_db()
    assert session.seats_taken == 0 and window.status == WindowStatus.OPEN
    assert appointment.status == AppointmentStatus.CANCELLED
    assert Notification.objects.filter(kind="exam_appointment_cancelled").exists()


def test_the_cutoff_is_two_business_days_before(window, center):
    """A Monday session: the last day to change it is the Thursday before (weekend skipped)."""
    today = timezone.localdate()
    monday = today + dt.timedelta(days=(7 - today.weekday()) % 7 + 14)
    session = factories.ExamSessionFactory(center=center, starts_at=at_chicago(monday))
    appointment = services.appointment_book(window=window, session=session)
    thursday = monday - dt.timedelta(days=4)
    assert selectors.change_cutoff(session) == thursday
    with time_machine.travel(at_chicago(thursday, hour=23), tick=False):
        assert selectors.may_change(appointment)
    with (time_machine.travel(at_chicago(thursday + dt.timedelta(days=1), hour=0), tick=False),
          pytest.raises(ValidationError, match="can no longer be changed")):
        services.appointment_cancel(appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


# --- Reminders ------------------------------------------------------------------------------


def test_reminder_is_sent_once_in_the_last_days(window, session, settings):
    from exams.tasks import send_appointment_reminders

    settings.EXAM_REMINDER_DAYS = 3
    services.appointment_book(window=window, session=session)
    assert send_appointment_reminders() == 0  # 20 days ahead
    with time_machine.travel(session.starts_at - dt.timedelta(days=2), tick=False):
        assert send_appointment_reminders() == 1
        assert send_appointment_reminders() == 0
    assert Notification.objects.filter(kind="exam_appointment_reminder").count() == 1


# --- Extensions -----------------------------------------------------------------------------


def test_extension_only_in_the_last_ten_days(window):
    with pytest.raises(ValidationError, match="from"):
        services.extension_request(window=window, reason="No seats", today=window.closes_on - dt.timedelta(days=10))


def test_extension_refused_while_seats_are_free(window, center):
    factories.ExamSessionFactory(center=center, starts_at=at_chicago(window.closes_on - dt.timedelta(days=1)))
    with (time_machine.travel(at_chicago(window.closes_on - dt.timedelta(days=5)), tick=False),
          pytest.raises(ValidationError, match="Seats are still available")):
        services.extension_request(window=window, reason="No seats")


def test_extension_asked_once_and_approved_by_support(window, center, staff_user, settings):
    settings.EXAM_EXTENSION_DAYS = 30
    factories.ExamSessionFactory(center=center, capacity=2, seats_taken=2,
                                 starts_at=at_chicago(window.closes_on - dt.timedelta(days=1)))
    with time_machine.travel(at_chicago(window.closes_on - dt.timedelta(days=5)), tick=False):
        request = services.extension_request(window=window, reason="Every center near me is full.")
        with pytest.raises(ValidationError, match="already asked"):
            services.extension_request(window=window, reason="Again")
        services.extension_decide(request=request, approve=True, by=staff_user)
    window.refresh_from_db()
    request.refresh_from_db()
    assert request.status == ExtensionStatus.APPROVED and request.decided_by == staff_user
    assert window.closes_on == window.original_closes_on + dt.timedelta(days=30)
    note = Notification.objects.get(kind="exam_extension_decided")
    assert window.closes_on.strftime("%m/%d/%Y") in note.body_text
    with pytest.raises(ValidationError, match="already approved"):
        services.extension_decide(request=request, approve=False, by=staff_user)


# --- Results and retake waits ---------------------------------------------------------------


def test_a_pass_completes_the_window_and_qualifies_the_pending_registration(window, session, candidate, firm,
                                                                            published,
                                                                            django_capture_on_commit_callbacks):
    pending = factories.RegistrationFactory(individual=candidate.individual, firm=firm,
                                            status=RegistrationStatus.PENDING, approved_on=None)
    services.appointment_book(window=window, session=session)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.result_record(window=window, taken_on=timezone.localdate(), outcome=ExamOutcome.PASSED,
                                        score=81)
    window.refresh_from_db()
    pending.refresh_from_db()
    assert window.status == WindowStatus.COMPLETED and window.result == result
    assert pending.exam_qualified_on == timezone.localdate()
    assert ExamResult.objects.get(individual=candidate.individual, exam=window.exam).score == 81
    assert Appointment.objects.get(window=window).status == AppointmentStatus.ATTENDED
    assert [e[1] for e in published][-1] == "exam.result_recorded"


def test_a_fail_closes_the_window(window):
    services.result_record(window=window, taken_on=timezone.localdate(), outcome=ExamOutcome.FAILED, score=61)
    window.refresh_from_db()
    assert window.status == WindowStatus.CLOSED
    with pytest.raises(ValidationError, match="already has its result"):
        services.result_record(window=window, taken_on=timezone.localdate(), outcome=ExamOutcome.PASSED)


def noon(day: dt.date) -> dt.datetime:
    """Midday Eastern (FinPro's TIME_ZONE) on that date."""
    return dt.datetime.combine(day, dt.time(17), tzinfo=dt.UTC)


def _fail(individual, exam, day):
    factories.ExamResultFactory(individual=individual, exam=exam, taken_on=day, outcome=ExamOutcome.FAILED,
                                score=60)


def test_retake_wait_30_days_after_a_failure(candidate, s7, firm):
    with time_machine.travel(noon(dt.date(2027, 3, 1)), tick=False):
        _fail(candidate.individual, s7, dt.date(2027, 2, 20))
        assert selectors.first_retake_date(individual=candidate.individual, exam=s7) == dt.date(2027, 3, 22)
        with pytest.raises(ValidationError, match="03/22/2027"):
            services.window_open(individual=candidate.individual, exam=s7, firm=firm)
    with time_machine.travel(noon(dt.date(2027, 3, 22)), tick=False):
        assert selectors.first_retake_date(individual=candidate.individual, exam=s7) is None
        assert services.window_open(individual=candidate.individual, exam=s7, firm=firm).status == "open"


def test_retake_wait_180_days_after_three_in_a_row(candidate, s7):
    for day in (dt.date(2026, 6, 1), dt.date(2026, 8, 1), dt.date(2026, 10, 1)):
        _fail(candidate.individual, s7, day)
    with time_machine.travel(noon(dt.date(2026, 11, 15)), tick=False):
        assert selectors.first_retake_date(individual=candidate.individual, exam=s7) == dt.date(2027, 3, 30)


def test_a_pass_resets_the_count(candidate, s7):
    for day in (dt.date(2026, 1, 1), dt.date(2026, 3, 1)):
        _fail(candidate.individual, s7, day)
    factories.ExamResultFactory(individual=candidate.individual, exam=s7, taken_on=dt.date(2026, 5, 1))
    _fail(candidate.individual, s7, dt.date(2026, 9, 1))
    with time_machine.travel(noon(dt.date(2026, 9, 5)), tick=False):
        assert selectors.first_retake_date(individual=candidate.individual, exam=s7) == dt.date(2026, 10, 1)


def test_retake_waits_are_settings(candidate, s7, settings):
    settings.EXAM_RETAKE_WAIT_DAYS = 45
    _fail(candidate.individual, s7, dt.date(2026, 9, 1))
    with time_machine.travel(noon(dt.date(2026, 9, 5)), tick=False):
        assert selectors.first_retake_date(individual=candidate.individual, exam=s7) == dt.date(2026, 10, 16)


def test_only_windows_of_the_person_are_theirs(window):
    other = factories.IndividualFactory()
    assert not selectors.windows_for(individual=other).exists()
    assert list(selectors.windows_for(individual=window.individual)) == [window]


def test_windows_for_costs_the_same_with_more_windows(candidate, firm, django_assert_max_num_queries, center):
    def load():
        with django_assert_max_num_queries(3):
            return [(w.exam.code, w.booked) for w in selectors.windows_for(individual=candidate.individual)]

    window = services.window_open(individual=candidate.individual, exam=Exam.objects.get(code="S7"), firm=firm)
    services.appointment_book(window=window, session=factories.ExamSessionFactory(center=center))
    load()
    for code in ("S63", "S66", "S24", "S79"):
        w = services.window_open(individual=candidate.individual, exam=Exam.objects.get(code=code), firm=firm)
        services.appointment_book(window=w, session=factories.ExamSessionFactory(center=center))
    assert len(load()) == 5
    assert ExamWindow.objects.filter(status=WindowStatus.SCHEDULED).count() == 5
