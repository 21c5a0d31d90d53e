"""Exams in Chromium, with axe on each page: a rep with an Open Series 7 window searches by ZIP,
books, reschedules, cancels; then, in the last days of a window with every seat taken, asks for
an extension. Screenshots at 1280 and 390 px under var/screenshots/."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from crd.models import Exam
from exams import services
from exams.choices import AppointmentStatus, ExtensionStatus
from exams.models import Appointment, ExtensionRequest
from tests import factories
from tests.e2e.test_u4_journey import _check, _sign_in

pytestmark = pytest.mark.django_db(transaction=True)
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def _at(day, hour):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=CHICAGO)


def test_book_reschedule_cancel_and_ask_for_an_extension(page, base_url):
    rep = factories.VerifiedRepFactory(username="riley.candidate", individual=factories.IndividualFactory(
        first_name="Riley", last_name="Quintero"))
    firm = factories.FirmFactory(name="Summit Ridge Securities")
    window = services.window_open(individual=rep.individual, exam=Exam.objects.get(code="S7"), firm=firm)
    center = factories.TestCenterFactory(name="Lakefront Testing Center", postal_code="60601")
    today = timezone.localdate()
    first = factories.ExamSessionFactory(center=center, starts_at=_at(today + dt.timedelta(days=21), 9))
    second = factories.ExamSessionFactory(center=center, starts_at=_at(today + dt.timedelta(days=28), 13))

    _sign_in(page, base_url, "riley.candidate")
    page.goto(f"{base_url}/exams/")
    _check(page, "exams-overview-open")
    page.get_by_role("link", name="Schedule your S7 exam").click()
    page.get_by_label("ZIP code").fill("606")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Enter a zip code in the format XXXXX or XXXXX-XXXX.")).to_be_visible()
    _check(page, "exams-sessions-error")
    page.get_by_label("ZIP code").fill("60614")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name=f"Book {first.local_start:%a %m/%d/%Y} 9 a.m.").click()
    expect(page.get_by_text("We emailed you a confirmation.")).to_be_visible()

    page.get_by_role("link", name="Reschedule").click()
    expect(page.get_by_text("Choosing another session moves your appointment there.")).to_be_visible()
    page.get_by_label("or State").select_option("IL")
    page.get_by_role("button", name="Search").click()
    _check(page, "exams-reschedule")
    page.get_by_role("button", name=f"Move to {second.local_start:%a %m/%d/%Y} 1 p.m.").click()
    expect(page.get_by_text(re.compile("is moved to"))).to_be_visible()
    booked = Appointment.objects.get(status=AppointmentStatus.BOOKED)
    assert booked.session == second

    page.get_by_role("link", name="Cancel appointment").click()
    _check(page, "exams-cancel")
    page.get_by_role("button", name="Cancel appointment").click()
    expect(page.get_by_text("Your appointment is cancelled.")).to_be_visible()
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.CANCELLED

    # The last days of the window, every seat before it closes taken: the person may ask once.
    first.seats_taken = first.capacity
    first.save()
    second.seats_taken = second.capacity
    second.save()
    window.refresh_from_db()
    with time_machine.travel(_at(window.closes_on - dt.timedelta(days=4), 10), tick=True):
        page.context.clear_cookies()  # months later: the old session has expired
        _sign_in(page, base_url, "riley.candidate")
        page.goto(f"{base_url}/exams/")
        page.get_by_role("link", name="Ask for an extension").click()
        page.get_by_role("button", name="Send request").click()
        expect(page.get_by_text("This field is required.")).to_be_visible()
        _check(page, "exams-extension")
        page.get_by_label("Why could you not schedule your exam?").fill("Every center near me is full.")
        page.get_by_role("button", name="Send request").click()
        expect(page.get_by_text("We received your request.")).to_be_visible()
        expect(page.get_by_text("Extension")).to_be_visible()
    assert ExtensionRequest.objects.get(window=window).status == ExtensionStatus.PENDING
