"""The exams demo data: a dozen centers in several states and time zones with sessions over the
next ~150 days (some nearly full), and riley.candidate's Open Series 7 window. Idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from exams import models as exam_models
from exams.choices import WindowStatus
from exams.demo import CANDIDATE_USERNAME
from exams.models import ExamSession, ExamWindow
from exams.mytasks import tasks_for

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_centers_sessions_and_the_candidate():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    centers = exam_models.TestCenter.objects.all()
    assert centers.count() == 12
    assert len({c.state for c in centers}) >= 8 and len({c.time_zone for c in centers}) >= 4
    sessions = ExamSession.objects.all()
    span = (sessions.order_by("-starts_at").first().starts_at - sessions.order_by("starts_at").first().starts_at)
    assert span.days >= 140
    assert sessions.filter(seats_taken=F("capacity") - 1).exists() and sessions.filter(seats_taken=F("capacity"))
    window = ExamWindow.objects.get(individual__account__username=CANDIDATE_USERNAME)
    assert (window.exam.code, window.status, window.firm.crd_number) == ("S7", WindowStatus.OPEN, 104001)
    assert CANDIDATE_USERNAME in out.getvalue()
    [task] = tasks_for(window.individual.account)
    assert task.title == "Schedule your Series 7 exam"
    counts = (exam_models.TestCenter.objects.count(), ExamSession.objects.count(), ExamWindow.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (exam_models.TestCenter.objects.count(), ExamSession.objects.count(), ExamWindow.objects.count()) == counts
