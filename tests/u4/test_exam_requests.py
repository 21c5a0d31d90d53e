"""A submitted Form U4's exam requests open windows; the retake waits refuse a request at the
completeness check and at submission, with the first allowed date."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from crd.choices import ExamOutcome
from crd.models import Exam
from exams.choices import WindowStatus
from exams.models import ExamWindow
from tests import factories
from tests.u4.conftest import complete_content, save_all
from u4 import services as u4_services
from u4.checks import filing_check
from u4.choices import FilingStatus, Section

pytestmark = pytest.mark.django_db


def test_submission_opens_a_120_day_window_per_requested_exam(complete_draft, compliance, person, firm):
    factories.ExamResultFactory(individual=person.individual, exam=Exam.objects.get(code="SIE"),
                                taken_on=timezone.localdate() - dt.timedelta(days=300))
    filing = u4_services.filing_record_wet_signature(filing=complete_draft, user=compliance)
    filing = u4_services.filing_submit(filing=filing, user=compliance)
    windows = ExamWindow.objects.filter(individual=person.individual).select_related("exam")
    # S7, SIE and S63 were requested; the SIE is already passed and still valid.
    assert {w.exam.code for w in windows} == {"S7", "S63"}
    for w in windows:
        assert (w.status, w.firm, w.filing) == (WindowStatus.OPEN, firm, filing)
        assert w.closes_on - w.opened_on == dt.timedelta(days=120)


def test_a_new_person_gets_windows_too(firm, compliance):
    filing = u4_services.filing_create(firm=firm, user=compliance, first_name="Nova", last_name="Hire",
                                       ssn="234-56-7891")
    filing = save_all(filing, compliance, complete_content(first_name="Nova", last_name="Hire"))
    filing = u4_services.filing_record_wet_signature(filing=filing, user=compliance)
    filing = u4_services.filing_submit(filing=filing, user=compliance)
    assert set(ExamWindow.objects.filter(individual=filing.individual).values_list("exam__code", flat=True)) == {
        "S7", "SIE", "S63"}


def test_the_check_refuses_an_exam_in_its_retake_wait(complete_draft, compliance, person):
    with time_machine.travel(dt.datetime(2027, 4, 10, 17, tzinfo=dt.UTC), tick=False):
        for day in (dt.date(2026, 11, 1), dt.date(2027, 1, 5), dt.date(2027, 3, 1)):
            factories.ExamResultFactory(individual=person.individual, exam=Exam.objects.get(code="S7"),
                                        taken_on=day, outcome=ExamOutcome.FAILED, score=60)
        check = filing_check(filing=complete_draft)
        messages = [i.message for i in check.missing if i.section == Section.EXAM_REQUESTS]
        assert any("S7" in m and "08/28/2027" in m for m in messages), messages
        assert Section.EXAM_REQUESTS not in check.complete_sections
        with pytest.raises(ValidationError, match="08/28/2027"):
            u4_services.filing_record_wet_signature(filing=complete_draft, user=compliance)
    complete_draft.refresh_from_db()
    assert complete_draft.status == FilingStatus.DRAFT


def test_submission_is_refused_when_a_wait_began_after_signing(complete_draft, compliance, person):
    filing = u4_services.filing_record_wet_signature(filing=complete_draft, user=compliance)
    factories.ExamResultFactory(individual=person.individual, exam=Exam.objects.get(code="S7"),
                                taken_on=timezone.localdate() - dt.timedelta(days=3), outcome=ExamOutcome.FAILED)
    with pytest.raises(ValidationError, match="retake wait"):
        u4_services.filing_submit(filing=filing, user=compliance)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SIGNED and not ExamWindow.objects.exists()
