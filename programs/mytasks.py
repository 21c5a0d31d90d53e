"""My Task list providers of the programs: finish enrolling (the fee is still to pay), pay this
program year's fee, complete this year's plan by its due date. They query only for a person with
an ended registration (from the dashboard's `record_facts`): two queries at most."""

from django.urls import reverse
from django.utils import timezone

from crd.selectors import record_facts
from finpro.mytasks import Task

from . import selectors
from .choices import EnrollmentStatus


def has_ended_registration(facts) -> bool:
    return facts is not None and any(r.status == "terminated" for r in facts.registrations)


def tasks_for(user) -> list[Task]:
    facts = record_facts(user=user)
    if not has_ended_registration(facts):
        return []
    today = timezone.localdate()
    tasks = []
    for enrollment in selectors.enrollments_for(individual=facts.individual):
        program, code = enrollment.program, enrollment.program.code.lower()
        if enrollment.status == EnrollmentStatus.AWAITING_PAYMENT:
            tasks.append(Task(title=f"Finish enrolling in the {program.name}", url=reverse("programs:pay", args=[code]),
                              detail=f"Pay the {program.fee_label} fee to enroll.", key=f"programs.enroll.{code}"))
            continue
        if enrollment.status != EnrollmentStatus.ACTIVE:
            continue
        year = selectors.current_year(enrollment=enrollment, today=today)
        if year is None:
            continue
        if year.fee_paid_at is None:
            tasks.append(Task(title=f"Pay your {program.name} fee for program year {year.number}",
                              url=reverse("programs:pay", args=[code]), due_date=year.starts_on,
                              detail=f"{program.fee_label} a year keeps your qualification in the program.",
                              key=f"programs.fee.{code}.{year.number}"))
        elif year.ce_completed_at is None:
            tasks.append(Task(title=f"Complete your {program.name} plan", url=reverse("ce:overview"),
                              due_date=year.due_on, detail="The Regulatory and Practical Element modules of "
                                                           "this program year.", key=f"programs.plan.{code}"))
    return tasks
