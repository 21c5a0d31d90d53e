"""Every write of the programs. The enrollment is a small state machine (choices.EnrollmentStatus:
awaiting payment → participating → ended); each move is one function in one transaction with the
person's row locked, writing a ProgramEvent. Payments go through payments.services with an
idempotency key per enrollment and program year, so a replay charges nothing twice."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from crd.models import ExamResult, Individual
from finpro.events import FirmEvent, publish
from finpro.links import absolute_reverse
from notifications.services import notify
from payments import services as payment_services
from payments.choices import PaymentPurpose, PaymentStatus

from . import selectors
from .choices import EXPIRY_WARNING_DAYS, RISK_TEXT_VERSION, EndReason, EnrollmentStatus, EventKind, ProgramCode
from .models import Eligibility, Enrollment, Program, ProgramEvent, ProgramYear


def _event(enrollment: Enrollment, kind: str, detail: str = "", user=None) -> ProgramEvent:
    return ProgramEvent.objects.create(enrollment=enrollment, kind=kind, detail=detail[:300],
                                       user=user if getattr(user, "is_authenticated", False) else None)


def _lock_person(individual) -> Individual:
    return Individual.objects.select_for_update().get(pk=getattr(individual, "pk", individual))


# --- Eligibility ------------------------------------------------------------------------------


def eligibility_refresh(*, individual, today: dt.date | None = None) -> list[Eligibility]:
    """Recompute the person's eligibility for every program from CRD (after a Form U5, a U4,
    a disclosure flag) and keep it with its reasons for the dashboard's Reminders."""
    rows = []
    for program in Program.objects.prefetch_related("categories"):
        result = selectors._eligibility(program=program, individual=individual, today=today)
        row, _ = Eligibility.objects.update_or_create(
            individual_id=getattr(individual, "pk", individual), program=program, defaults={
                "eligible": result.eligible, "reasons": result.reasons, "termination_date": result.termination_date,
                "elect_by": result.elect_by, "computed_at": timezone.now()})
        rows.append(row)
    return rows


# --- Enrollment -------------------------------------------------------------------------------


def _refuse_unless_eligible(program: Program, individual, today) -> selectors.EligibilityResult:
    result = selectors._eligibility(program=program, individual=individual, today=today)
    if not result.eligible:
        raise ValidationError(result.reasons, code="not_eligible")
    if Enrollment.objects.filter(individual=individual, program=program,
                                 termination_date=result.termination_date,
                                 status__in=[EnrollmentStatus.ACTIVE, EnrollmentStatus.ENDED]).exists():
        raise ValidationError(f"You are already enrolled in the {program.get_code_display()} for this termination.",
                              code="twice")
    return result


def enrollment_start(*, individual, program: Program, email: str, email_confirmed: bool,
                     risk_acknowledged: bool = False, user=None, today: dt.date | None = None) -> Enrollment:
    """Confirm the email (and, for an EVEP, that the extension holds only in participating
    jurisdictions): the enrollment waits for its first fee. Refused, with nothing charged, when
    the person is not eligible, already enrolled, or the window closed."""
    today = today or timezone.localdate()
    errors = {}
    if not email or not email_confirmed:
        errors["email_confirmed"] = "Confirm the email address we will write to about the program."
    if program.is_evep and not risk_acknowledged:
        errors["risk_acknowledged"] = ("Acknowledge that the extension holds only in the participating "
                                       "jurisdictions listed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_person(individual)
        result = _refuse_unless_eligible(program, locked, today)
        now = timezone.now()
        enrollment = Enrollment.objects.filter(individual=locked, program=program,
                                               termination_date=result.termination_date).first()
        if enrollment is None:
            enrollment = Enrollment.objects.create(
                individual=locked, program=program, termination_date=result.termination_date,
                ends_on=selectors.add_years(result.termination_date, program.max_years), email=email,
                email_confirmed_at=now, user=user if getattr(user, "is_authenticated", False) else None)
            _event(enrollment, EventKind.STARTED, user=user)
        else:
            enrollment.email, enrollment.email_confirmed_at = email, now
        _event(enrollment, EventKind.EMAIL_CONFIRMED, user=user)
        if program.is_evep:
            enrollment.risk_acknowledged_at, enrollment.risk_text_version = now, RISK_TEXT_VERSION
            _event(enrollment, EventKind.RISK_ACKNOWLEDGED, RISK_TEXT_VERSION, user=user)
        enrollment.save()
        return enrollment


def _purpose(program: Program) -> str:
    return PaymentPurpose.MQP if program.code == ProgramCode.MQP else PaymentPurpose.EVEP


def _year_due(enrollment: Enrollment, starts_on: dt.date) -> dt.date:
    due = min(selectors.add_years(starts_on, 1) - dt.timedelta(days=1), enrollment.ends_on)
    if enrollment.program.code == ProgramCode.AG_EVEP:
        validity = (ExamResult.objects.filter(individual=enrollment.individual_id, exam__code="S63",
                                              valid_until__isnull=False)
                    .order_by("-valid_until").values_list("valid_until", flat=True).first())
        if validity and starts_on <= validity < due:
            due = validity
    return due


def _plan_assign(enrollment: Enrollment, year: ProgramYear) -> None:
    """The year's Regulatory and Practical Element modules join the person's CE learning plan."""
    from ce.services import learning_plan_assign

    learning_plan_assign(individual=enrollment.individual, year=year.starts_on.year)


def _year_payment(enrollment: Enrollment, number: int, user=None):
    return payment_services.payment_request(
        individual=enrollment.individual, purpose=_purpose(enrollment.program),
        amount_cents=enrollment.program.fee_cents, idempotency_key=f"program:{enrollment.pk}:year:{number}",
        user=user)


def enrollment_pay(*, enrollment: Enrollment, card, user=None, today: dt.date | None = None) -> Enrollment:
    """Pay the fee of the first program year (or of the year waiting for its fee). Paid: the
    person is enrolled (or the year goes on), the year's CE plan is assigned and a confirmation
    email goes out. Declined: nothing changes but the attempt; the person may try again."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _lock_person(enrollment.individual_id)
        locked = Enrollment.objects.select_for_update().select_related("program", "individual").get(pk=enrollment.pk)
        if locked.status == EnrollmentStatus.ENDED:
            raise ValidationError("This participation has ended: nothing was charged.")
        if locked.status == EnrollmentStatus.AWAITING_PAYMENT:
            _refuse_unless_eligible(locked.program, locked.individual, today)
            number = 1
        else:
            unpaid = locked.years.filter(fee_paid_at__isnull=True).order_by("number").first()
            if unpaid is None:
                raise ValidationError("No fee is due now: nothing was charged.")
            number = unpaid.number
    payment = _year_payment(locked, number, user=user)
    payment = payment_services.payment_pay(payment=payment, card=card)
    with transaction.atomic():
        locked = Enrollment.objects.select_for_update().select_related("program", "individual").get(pk=enrollment.pk)
        if payment.status != PaymentStatus.SUCCEEDED:
            _event(locked, EventKind.PAYMENT_DECLINED, payment.failure_message, user=user)
            declined = payment.failure_message or "The payment did not go through. Nothing was charged."
        else:
            declined = ""
    if declined:
        raise ValidationError({"number": declined}, code="declined")
    with transaction.atomic():
        locked = Enrollment.objects.select_for_update().select_related("program", "individual").get(pk=enrollment.pk)
        year = locked.years.filter(number=number).first()
        if year is None:
            year = ProgramYear.objects.create(enrollment=locked, number=number, starts_on=today,
                                              due_on=_year_due(locked, today))
            _event(locked, EventKind.YEAR_STARTED, f"Year {number}", user=user)
        if year.fee_paid_at is None:
            year.payment, year.fee_paid_at = payment, timezone.now()
            year.save(update_fields=["payment", "fee_paid_at"])
            _event(locked, EventKind.FEE_PAID, f"Year {number}: ${payment.amount_cents / 100:.2f}", user=user)
        if locked.status == EnrollmentStatus.AWAITING_PAYMENT:
            locked.status, locked.enrolled_at = EnrollmentStatus.ACTIVE, timezone.now()
            locked.save(update_fields=["status", "enrolled_at"])
            _event(locked, EventKind.ENROLLED, user=user)
            _validity(locked, locked.ends_on)
            notify(kind="program_enrolled", address=locked.email, recipient=user, individual=locked.individual,
                   context={"program_name": locked.program.name, "ends_on": locked.ends_on,
                            "link": absolute_reverse("programs:overview")})
            firm_id = _last_firm_id(locked)
            if firm_id:
                publish(firm_id=firm_id, event=FirmEvent.PROGRAM_ENROLLED, data={
                    "enrollment": locked.pk, "program": locked.program.code,
                    "individual_crd_number": locked.individual.crd_number})
        _plan_assign(locked, year)
        return locked


def _validity(enrollment: Enrollment, valid_until) -> None:
    """The record's qualifications show the date the program keeps them to."""
    from crd.services import exam_validity_set

    exam_validity_set(individual=enrollment.individual,
                      category_ids=list(enrollment.program.categories.values_list("pk", flat=True)),
                      valid_until=valid_until, reason=f"{enrollment.program.code} participation")


def _last_firm_id(enrollment: Enrollment) -> int | None:
    from crd.models import Registration

    return (Registration.objects.filter(individual=enrollment.individual_id, terminated_on=enrollment.termination_date)
            .values_list("firm_id", flat=True).first())


# --- Program years, renewal, end of participation -------------------------------------------------


def enrollment_end(*, enrollment: Enrollment, reason: str, detail: str = "", today: dt.date | None = None,
                   user=None) -> Enrollment:
    """End a participation with its reason (expiry, missed CE, statutory disqualification,
    re-registration) and tell the person."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Enrollment.objects.select_for_update().select_related("program", "individual").get(pk=enrollment.pk)
        if locked.status == EnrollmentStatus.ENDED:
            return locked
        locked.status, locked.ended_on = EnrollmentStatus.ENDED, min(today, locked.ends_on)
        locked.end_reason, locked.end_detail = reason, detail[:300]
        locked.save(update_fields=["status", "ended_on", "end_reason", "end_detail"])
        _event(locked, EventKind.ENDED, f"{EndReason(reason).label}. {detail}".strip(), user=user)
        if reason == EndReason.REREGISTERED:
            _validity(locked, None)  # registered again: valid while registered
        else:
            lapse = selectors.add_years(locked.termination_date, 2)  # the usual two years out of a registration
            _validity(locked, max(lapse, locked.ended_on))
        if reason != EndReason.REREGISTERED:
            notify(kind="program_ended", address=locked.email, individual=locked.individual,
                   context={"program_name": locked.program.name, "reason": EndReason(reason).label,
                            "link": absolute_reverse("programs:overview")})
        return locked


def _plan_satisfied(enrollment: Enrollment, year: ProgramYear) -> bool:
    from ce.choices import PlanStatus
    from ce.models import LearningPlan

    return LearningPlan.objects.filter(individual=enrollment.individual_id, ce_year__year=year.starts_on.year,
                                       status=PlanStatus.SATISFIED).exists()


def programs_daily(*, today: dt.date | None = None) -> dict:
    """The daily job: warn 90 and 30 days before the five years end, end expired participations,
    end those whose year passed its due date without the CE plan done (removed, with the reason),
    and open the next program year (its fee is due again) when a year was completed. Safe to replay."""
    today = today or timezone.localdate()
    counts = {"warned": 0, "expired": 0, "missed_ce": 0, "renewed": 0, "windows_closed": 0}
    for individual_id in set(Eligibility.objects.filter(eligible=True, elect_by__lt=today)
                             .values_list("individual_id", flat=True)):
        eligibility_refresh(individual=individual_id, today=today)  # the banner goes when the window closes
        counts["windows_closed"] += 1
    for enrollment in Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE).select_related("program", "individual"):
        if today > enrollment.ends_on:
            enrollment_end(enrollment=enrollment, reason=EndReason.EXPIRED, today=today)
            counts["expired"] += 1
            continue
        left = (enrollment.ends_on - today).days
        due = [days for days in sorted(EXPIRY_WARNING_DAYS) if left <= days]
        if due and _warn(enrollment, due[0]):  # the nearest threshold only: 90 days out, then 30
            counts["warned"] += 1
        year = enrollment.years.order_by("-number").first()
        if year is None:
            continue
        if year.ce_completed_at is None and _plan_satisfied(enrollment, year):
            year.ce_completed_at = timezone.now()
            year.save(update_fields=["ce_completed_at"])
        if today > year.due_on:
            if year.ce_completed_at is None:
                enrollment_end(enrollment=enrollment, reason=EndReason.MISSED_CE, today=today,
                               detail=f"The CE of program year {year.number} was not completed by "
                                      f"{year.due_on:%m/%d/%Y}.")
                counts["missed_ce"] += 1
            elif year.due_on < enrollment.ends_on:
                _next_year(enrollment, year, today)
                counts["renewed"] += 1
    return counts


def _warn(enrollment: Enrollment, days: int) -> bool:
    try:
        with transaction.atomic():
            _event(enrollment, EventKind.WARNED, f"{days} days")
            notify(kind="program_expiring", address=enrollment.email, individual=enrollment.individual,
                   context={"program_name": enrollment.program.name, "ends_on": enrollment.ends_on, "days": days,
                            "link": absolute_reverse("programs:overview")})
    except IntegrityError:
        return False
    return True


def _next_year(enrollment: Enrollment, year: ProgramYear, today: dt.date) -> ProgramYear:
    starts = year.due_on + dt.timedelta(days=1)
    new, created = ProgramYear.objects.get_or_create(
        enrollment=enrollment, number=year.number + 1,
        defaults={"starts_on": starts, "due_on": _year_due(enrollment, starts)})
    if created:
        _event(enrollment, EventKind.YEAR_STARTED, f"Year {new.number}: fee due")
        _plan_assign(enrollment, new)
    return new


def enrollments_end_for_disqualification(*, individual, today: dt.date | None = None) -> int:
    """A statutory disqualification ends every participation of the person."""
    ended = 0
    for enrollment in Enrollment.objects.filter(individual=individual, status=EnrollmentStatus.ACTIVE):
        enrollment_end(enrollment=enrollment, reason=EndReason.DISQUALIFIED, today=today)
        ended += 1
    eligibility_refresh(individual=individual, today=today)
    return ended


def enrollments_end_for_reregistration(*, individual, today: dt.date | None = None) -> int:
    """A Form U4 registered the person again in a category a program kept: that participation
    ends and the qualification is restored (the record shows "maintained through … until …")."""
    from crd.choices import RegistrationStatus
    from crd.models import Registration

    open_categories = set(Registration.objects.filter(individual=individual).exclude(
        status=RegistrationStatus.TERMINATED).values_list("category_id", flat=True))
    ended = 0
    for enrollment in Enrollment.objects.filter(individual=individual, status=EnrollmentStatus.ACTIVE).select_related(
            "program"):
        if open_categories & set(enrollment.program.categories.values_list("pk", flat=True)):
            enrollment_end(enrollment=enrollment, reason=EndReason.REREGISTERED, today=today,
                           detail="Registered again through a Form U4.")
            ended += 1
    return ended


def disqualification_flag(*, disclosure, note: str = "", today: dt.date | None = None):
    """Support staff mark a disclosure as a statutory disqualification: every participation of the
    person ends and their eligibility is recomputed (refused from now on)."""
    from .models import DisqualificationFlag

    with transaction.atomic():
        _lock_person(disclosure.individual_id)
        flag, _ = DisqualificationFlag.objects.get_or_create(
            disclosure=disclosure, defaults={"individual_id": disclosure.individual_id, "note": note[:300]})
        enrollments_end_for_disqualification(individual=disclosure.individual, today=today)
        return flag
