import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from crd.models import Exam
from exams import services
from tests import factories

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def at_chicago(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=CHICAGO)


@pytest.fixture
def s7(db):
    return Exam.objects.get(code="S7")


@pytest.fixture
def candidate(db):
    """A verified rep with a FinPro account and email (Individual in CRD)."""
    return factories.VerifiedRepFactory(username="riley.candidate", email="riley@mail.example",
                                        individual=factories.IndividualFactory(first_name="Riley",
                                                                               last_name="Quintero"))


@pytest.fixture
def window(candidate, s7, firm):
    return services.window_open(individual=candidate.individual, exam=s7, firm=firm)


@pytest.fixture
def center(db):
    return factories.TestCenterFactory()


@pytest.fixture
def session(center):
    """A session 20 days ahead at 9:00 Chicago time with 5 seats."""
    return factories.ExamSessionFactory(center=center, capacity=5,
                                        starts_at=at_chicago(timezone.localdate() + dt.timedelta(days=20)))
