"""Two people take the last seat of a session at the same moment, each on their own PostgreSQL
connection: exactly one gets it, the other is told the session is full."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from exams import services
from exams.models import Appointment, ExamSession
from tests import factories

from .conftest import at_chicago


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_seat_exactly_one_gets_it(s7):
    if connection.vendor != "postgresql":
        pytest.fail("This test proves row locking on PostgreSQL; run it with DATABASE_URL=postgres://…")
    firm = factories.FirmFactory()
    session = factories.ExamSessionFactory(capacity=5, seats_taken=4,
                                           starts_at=at_chicago(timezone.localdate() + dt.timedelta(days=15)))
    windows = [services.window_open(individual=factories.IndividualFactory(), exam=s7, firm=firm) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def take(window):
        try:
            barrier.wait(timeout=10)
            services.appointment_book(window=window, session=session)
            outcomes.append("booked")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(w,)) for w in windows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["booked", "session_full"]
    session.refresh_from_db()
    assert session.seats_taken == session.capacity == 5
    assert Appointment.objects.filter(session=session).count() == 1
    assert ExamSession.objects.get(pk=session.pk).seats_left == 0
