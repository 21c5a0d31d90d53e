"""The person's exam pages: what they see, what they can do, and what they cannot reach."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from crd.models import Exam
from exams import services
from exams.choices import AppointmentStatus, WindowStatus
from tests import factories

from .conftest import at_chicago

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_in(client, candidate):
    client.force_login(candidate)
    return client


def test_anonymous_is_sent_to_sign_in(client, window):
    for url in (reverse("exams:overview"), reverse("exams:sessions", args=[window.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_overview_lists_windows_with_their_closing_date(client_in, window):
    page = client_in.get(reverse("exams:overview")).content.decode()
    assert "Series 7" in page and "Open" in page
    assert f"window closes on <strong>{window.closes_on:%m/%d/%Y}</strong>" in page
    assert reverse("exams:sessions", args=[window.pk]) in page


def test_search_by_state_shows_local_times_with_the_zone(client_in, window, session):
    factories.ExamSessionFactory(center=factories.TestCenterFactory(state="CO", city="Denver", postal_code="80202",
                                                                    time_zone="America/Denver"))
    response = client_in.get(reverse("exams:sessions", args=[window.pk]), {"state": "IL"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"9 a.m. {session.local_start.tzname()} (America/Chicago)" in page
    assert "Denver" not in page


def test_search_by_zip_finds_nearby_centers(client_in, window, session):
    page = client_in.get(reverse("exams:sessions", args=[window.pk]), {"zip_code": "60614"}).content.decode()
    assert session.center.name in page
    page = client_in.get(reverse("exams:sessions", args=[window.pk]), {"zip_code": "10001"}).content.decode()
    assert session.center.name not in page and "No session with a free seat" in page


def test_search_needs_a_place_and_sane_dates(client_in, window):
    response = client_in.get(reverse("exams:sessions", args=[window.pk]),
                             {"zip_code": "", "date_from": "2027-03-01", "date_to": "2027-02-01"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The end date is before the start date." in page and 'id="id_date_to_error"' in page
    response = client_in.get(reverse("exams:sessions", args=[window.pk]), {"zip_code": "6060"})
    assert response.status_code == 400 and 'id="id_zip_code_error"' in response.content.decode()


def test_book_then_download_the_ics(client_in, window, session):
    response = client_in.post(reverse("exams:book", args=[window.pk]), {"session": session.pk})
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.status == WindowStatus.SCHEDULED
    appointment = window.appointments.get()
    page = client_in.get(reverse("exams:overview")).content.decode()
    assert session.center.name in page and reverse("exams:ics", args=[appointment.pk]) in page
    ics = client_in.get(reverse("exams:ics", args=[appointment.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    event = next(c for c in Calendar.from_ical(ics.content).walk("VEVENT"))
    assert event.decoded("dtstart") == session.starts_at
    assert str(event["dtstart"].params["TZID"]) == "America/Chicago"
    assert session.center.name in str(event["location"])


def test_reschedule_and_cancel_through_the_pages(client_in, window, session, center):
    client_in.post(reverse("exams:book", args=[window.pk]), {"session": session.pk})
    later = factories.ExamSessionFactory(center=center,
                                         starts_at=at_chicago(timezone.localdate() + dt.timedelta(days=30)))
    client_in.post(reverse("exams:book", args=[window.pk]), {"session": later.pk})
    booked = window.appointments.get(status=AppointmentStatus.BOOKED)
    assert booked.session == later
    assert client_in.get(reverse("exams:cancel", args=[booked.pk])).status_code == 200
    client_in.post(reverse("exams:cancel", args=[booked.pk]))
    booked.refresh_from_db()
    window.refresh_from_db()
    assert booked.status == AppointmentStatus.CANCELLED and window.status == WindowStatus.OPEN


def test_a_full_session_is_refused_with_a_message(client_in, window, center):
    full = factories.ExamSessionFactory(center=center, capacity=1, seats_taken=1)
    response = client_in.post(reverse("exams:book", args=[window.pk]), {"session": full.pk}, follow=True)
    assert "That session is full" in response.content.decode()
    assert not window.appointments.exists()


def test_another_persons_window_and_appointment_are_404(client_in, s7, firm, session):
    other = services.window_open(individual=factories.IndividualFactory(), exam=s7, firm=firm)
    appointment = services.appointment_book(window=other, session=session)
    for url in (reverse("exams:sessions", args=[other.pk]), reverse("exams:extension", args=[other.pk]),
                reverse("exams:cancel", args=[appointment.pk]), reverse("exams:ics", args=[appointment.pk])):
        assert client_in.get(url).status_code == 404, url
    assert client_in.post(reverse("exams:book", args=[other.pk]), {"session": session.pk}).status_code == 404
    assert client_in.post(reverse("exams:cancel", args=[appointment.pk])).status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_a_person_enrolls_in_the_sie(client_in, candidate):
    response = client_in.post(reverse("exams:sie_open"))
    window = candidate.individual.exam_windows.get()
    assert window.exam.code == "SIE" and response["Location"] == reverse("exams:sessions", args=[window.pk])
    page = client_in.get(reverse("exams:overview")).content.decode()
    assert "Enroll in the SIE" not in page


def test_the_extension_page_shows_the_refusal_next_to_the_form(client_in, window):
    response = client_in.post(reverse("exams:extension", args=[window.pk]), {"reason": ""})
    assert response.status_code == 400 and 'id="id_reason_error"' in response.content.decode()
    response = client_in.post(reverse("exams:extension", args=[window.pk]), {"reason": "Full everywhere"})
    assert response.status_code == 400 and "You may ask for an extension from" in response.content.decode()
    assert not hasattr(window, "extension_request") or window.extension_request is None


def test_overview_query_count_is_flat(client_in, candidate, firm, center, django_assert_max_num_queries):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client_in.get(reverse("exams:overview")).status_code == 200
        return len(ctx.captured_queries)

    w = services.window_open(individual=candidate.individual, exam=Exam.objects.get(code="S7"), firm=firm)
    services.appointment_book(window=w, session=factories.ExamSessionFactory(center=center))
    count()  # the first request of a session writes its own rows
    few = count()
    for code in ("S63", "S24", "S79", "S66"):
        w = services.window_open(individual=candidate.individual, exam=Exam.objects.get(code=code), firm=firm)
        services.appointment_book(window=w, session=factories.ExamSessionFactory(center=center))
    assert count() == few


def test_session_search_query_count_is_flat(client_in, window, center):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client_in.get(reverse("exams:sessions", args=[window.pk]), {"state": "IL"}).status_code == 200
        return len(ctx.captured_queries)

    factories.ExamSessionFactory(center=center)
    count()  # the first request of a session writes its own rows
    few = count()
    for days in range(2, 30):
        factories.ExamSessionFactory(center=factories.TestCenterFactory(),
                                     starts_at=at_chicago(timezone.localdate() + dt.timedelta(days=days)))
    assert count() == few


def test_my_tasks_offer_scheduling_then_the_appointment(client_in, candidate, window, session):
    from exams.mytasks import tasks_for

    [task] = tasks_for(candidate)
    assert task.title == "Schedule your Series 7 exam" and task.due_date == window.closes_on
    assert f"{window.closes_on:%m/%d/%Y}" in task.detail
    services.appointment_book(window=window, session=session)
    [task] = tasks_for(candidate)
    assert task.title == f"Your Series 7 exam appointment on {session.local_start:%m/%d/%Y}"
    assert task.due_date == session.local_start.date()
