"""programs.services: enrollment (email, EVEP risk acknowledgment, the fee through the sandbox
provider), refusals with nothing charged, a declined card, the annual plan in the CE player's
learning plan, renewal, expiry with warnings, removal for missed CE, statutory disqualification
and re-registration."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from ce.demo import load_content
from ce.models import LearningPlan
from notifications.models import Notification
from payments.models import Payment
from payments.providers.sandbox_models import SandboxCharge
from programs import content, services
from programs.choices import EndReason, EnrollmentStatus
from programs.models import Enrollment, ProgramEvent
from tests import factories

from .conftest import DECLINED_CARD, GOOD_CARD, terminated_person

pytestmark = pytest.mark.django_db


def _enroll(person, program, card=GOOD_CARD, **kwargs):
    enrollment = services.enrollment_start(individual=person.individual, program=program, email=person.email,
                                           email_confirmed=True, user=person, **kwargs)
    return services.enrollment_pay(enrollment=enrollment, card=card, user=person)


@pytest.fixture
def content_loaded(db):
    year = timezone.localdate().year
    load_content(year=year)
    load_content(year=year, curriculum=content.PRACTICAL_ELEMENT, first_position=10)


def test_mqp_enrollment_charges_100_and_assigns_the_regulatory_and_practical_plan(former_rep, mqp, content_loaded):
    enrollment = _enroll(former_rep, mqp)
    assert enrollment.status == EnrollmentStatus.ACTIVE and enrollment.enrolled_at
    assert enrollment.ends_on == enrollment.termination_date.replace(year=enrollment.termination_date.year + 5)
    [year] = enrollment.years.all()
    assert year.payment.amount_cents == 10000 and year.payment.status == "succeeded"
    assert SandboxCharge.objects.get().amount_cents == 10000
    plan = LearningPlan.objects.get(individual=former_rep.individual)
    titles = list(plan.plan_modules.values_list("module__title", flat=True))
    assert "Practical Element: market practice refresher" in titles
    assert "Know your customer, then and now" in titles  # the Regulatory Element of GS
    note = Notification.objects.get(kind="program_enrolled")
    assert note.address == former_rep.email and "Maintaining Qualifications Program" in note.subject
    kinds = list(ProgramEvent.objects.filter(enrollment=enrollment).order_by("at", "id").values_list("kind", flat=True))
    assert kinds == ["started", "email_confirmed", "year_started", "fee_paid", "enrolled"]


def test_evep_needs_the_risk_acknowledgment_and_records_it(former_rep, ag_evep):
    with pytest.raises(ValidationError) as exc:
        services.enrollment_start(individual=former_rep.individual, program=ag_evep, email=former_rep.email,
                                  email_confirmed=True, risk_acknowledged=False)
    assert "risk_acknowledged" in exc.value.message_dict and not Enrollment.objects.exists()
    enrollment = _enroll(former_rep, ag_evep, risk_acknowledged=True)
    assert enrollment.risk_acknowledged_at and enrollment.risk_text_version
    assert enrollment.years.get().payment.amount_cents == 3500


def test_the_email_must_be_confirmed(former_rep, mqp):
    with pytest.raises(ValidationError) as exc:
        services.enrollment_start(individual=former_rep.individual, program=mqp, email=former_rep.email,
                                  email_confirmed=False)
    assert "email_confirmed" in exc.value.message_dict


def test_not_eligible_twice_or_after_the_window_is_refused_with_nothing_charged(former_rep, mqp):
    still_registered = factories.VerifiedRepFactory()
    factories.RegistrationFactory(individual=still_registered.individual)
    with pytest.raises(ValidationError, match="still registered"):
        services.enrollment_start(individual=still_registered.individual, program=mqp, email="x@mail.example",
                                  email_confirmed=True)
    _enroll(former_rep, mqp)
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrollment_start(individual=former_rep.individual, program=mqp, email=former_rep.email,
                                  email_confirmed=True)
    late = terminated_person(terminated_on=timezone.localdate() - dt.timedelta(days=731))
    with pytest.raises(ValidationError, match="window to elect closed"):
        services.enrollment_start(individual=late.individual, program=mqp, email=late.email, email_confirmed=True)
    assert Payment.objects.count() == 1 and SandboxCharge.objects.count() == 1


def test_a_window_closing_before_payment_refuses_the_payment(former_rep, mqp):
    enrollment = services.enrollment_start(individual=former_rep.individual, program=mqp, email=former_rep.email,
                                           email_confirmed=True)
    with time_machine.travel(timezone.now() + dt.timedelta(days=800)), \
            pytest.raises(ValidationError, match="window to elect closed"):
        services.enrollment_pay(enrollment=enrollment, card=GOOD_CARD)
    assert not Payment.objects.exists()


def test_a_declined_card_enrolls_nobody_and_the_flow_resumes(former_rep, mqp):
    enrollment = services.enrollment_start(individual=former_rep.individual, program=mqp, email=former_rep.email,
                                           email_confirmed=True)
    with pytest.raises(ValidationError, match="declined"):
        services.enrollment_pay(enrollment=enrollment, card=DECLINED_CARD)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.AWAITING_PAYMENT and not enrollment.years.exists()
    assert ProgramEvent.objects.filter(kind="payment_declined").exists()
    assert not Notification.objects.filter(kind="program_enrolled").exists()
    paid = services.enrollment_pay(enrollment=enrollment, card=GOOD_CARD)
    assert paid.status == EnrollmentStatus.ACTIVE
    assert Payment.objects.get().attempts == 2  # one payment, tried twice
    with pytest.raises(ValidationError, match="No fee is due"):
        services.enrollment_pay(enrollment=paid, card=GOOD_CARD)
    assert SandboxCharge.objects.filter(outcome="succeeded").count() == 1


def test_a_completed_year_renews_with_the_fee_due_again(former_rep, mqp):
    enrollment = _enroll(former_rep, mqp)
    year = enrollment.years.get()
    year.ce_completed_at = timezone.now()
    year.save()
    counts = services.programs_daily(today=year.due_on + dt.timedelta(days=1))
    assert counts["renewed"] == 1
    second = enrollment.years.get(number=2)
    assert second.fee_paid_at is None and second.starts_on == year.due_on + dt.timedelta(days=1)
    services.enrollment_pay(enrollment=enrollment, card=GOOD_CARD)
    second.refresh_from_db()
    assert second.fee_paid_at and second.payment.amount_cents == 10000
    assert services.programs_daily(today=year.due_on + dt.timedelta(days=1))["renewed"] == 0  # replay


def test_a_missed_year_removes_the_participant_with_the_reason(former_rep, mqp):
    enrollment = _enroll(former_rep, mqp)
    year = enrollment.years.get()
    assert services.programs_daily(today=year.due_on)["missed_ce"] == 0
    assert services.programs_daily(today=year.due_on + dt.timedelta(days=1))["missed_ce"] == 1
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ENDED and enrollment.end_reason == EndReason.MISSED_CE
    assert "was not completed" in enrollment.end_detail
    assert Notification.objects.filter(kind="program_ended").count() == 1


def test_expiry_at_five_years_with_warnings_at_90_and_30_days(former_rep, mqp):
    enrollment = _enroll(former_rep, mqp)
    enrollment.years.update(ce_completed_at=timezone.now(), due_on=enrollment.ends_on)
    ends = enrollment.ends_on
    assert services.programs_daily(today=ends - dt.timedelta(days=91))["warned"] == 0
    assert services.programs_daily(today=ends - dt.timedelta(days=90))["warned"] == 1
    assert services.programs_daily(today=ends - dt.timedelta(days=89))["warned"] == 0  # not twice
    assert services.programs_daily(today=ends - dt.timedelta(days=30))["warned"] == 1
    assert services.programs_daily(today=ends)["expired"] == 0
    assert services.programs_daily(today=ends + dt.timedelta(days=1))["expired"] == 1
    enrollment.refresh_from_db()
    assert enrollment.end_reason == EndReason.EXPIRED and enrollment.ended_on == ends
    assert Notification.objects.filter(kind="program_expiring").count() == 2


def test_a_statutory_disqualification_ends_participation(former_rep, mqp):
    enrollment = _enroll(former_rep, mqp)
    factories.DisqualificationFlagFactory(disclosure=factories.DisclosureFactory(individual=former_rep.individual))
    assert services.enrollments_end_for_disqualification(individual=former_rep.individual) == 1
    enrollment.refresh_from_db()
    assert enrollment.end_reason == EndReason.DISQUALIFIED


def test_reregistration_through_a_u4_ends_participation_and_keeps_the_maintained_date(former_rep, mqp):
    from programs.selectors import maintained_until

    enrollment = _enroll(former_rep, mqp)
    factories.RegistrationFactory(individual=former_rep.individual, status="pending")
    assert services.enrollments_end_for_reregistration(individual=former_rep.individual) == 1
    enrollment.refresh_from_db()
    assert enrollment.end_reason == EndReason.REREGISTERED and enrollment.ended_on == timezone.localdate()
    assert maintained_until(individual=former_rep.individual)["GS"] == timezone.localdate()


def test_the_records_qualifications_show_the_extended_validity(former_rep, mqp):
    s7 = factories.ExamResultFactory(individual=former_rep.individual, exam=factories.ExamRef(code="S7"),
                                     outcome="passed", valid_until=None)
    factories.CategoryRef(code="GS").qualifying_exams.add(s7.exam)
    enrollment = _enroll(former_rep, mqp)
    s7.refresh_from_db()
    assert s7.valid_until == enrollment.ends_on
    factories.RegistrationFactory(individual=former_rep.individual, status="pending")
    services.enrollments_end_for_reregistration(individual=former_rep.individual)
    s7.refresh_from_db()
    assert s7.valid_until is None  # valid while registered again


def test_support_flags_a_disqualification_through_the_service(former_rep, mqp):
    enrollment = _enroll(former_rep, mqp)
    disclosure = factories.DisclosureFactory(individual=former_rep.individual)
    flag = services.disqualification_flag(disclosure=disclosure, note="SD per regulator letter")
    assert services.disqualification_flag(disclosure=disclosure).pk == flag.pk  # replay: one flag
    enrollment.refresh_from_db()
    assert enrollment.end_reason == EndReason.DISQUALIFIED
    with pytest.raises(ValidationError, match="statutory disqualification"):
        services.enrollment_start(individual=former_rep.individual, program=services.Program.objects.get(
            code="AG_EVEP"), email=former_rep.email, email_confirmed=True, risk_acknowledged=True)
