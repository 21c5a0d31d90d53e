"""Reads of the programs, scoped by a required `individual=`. Eligibility is derived from CRD by
one selector per program (`mqp_eligibility`, `ag_evep_eligibility`, `iar_evep_eligibility`),
sharing the rules of `_eligibility`, and explained in the person's words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format

from ce.choices import IAR_CREDITS_PER_COMPONENT, PlanStatus
from ce.models import IarCeCredit, LearningPlan
from crd.choices import RegistrationStatus
from crd.models import Registration

from .choices import CE_INACTIVE_YEARS_IN_A_ROW, EnrollmentStatus, ProgramCode
from .models import DisqualificationFlag, Eligibility, Enrollment, Program, ProgramYear


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # Feb 29 → Feb 28
        return day.replace(year=day.year + years, day=28)


def _d(day: dt.date) -> str:
    return date_format(day, "F j, Y")


@dataclass
class EligibilityResult:
    program: Program
    eligible: bool
    reasons: list[str] = field(default_factory=list)
    termination_date: dt.date | None = None
    elect_by: dt.date | None = None


def statutorily_disqualified(*, individual) -> bool:
    return DisqualificationFlag.objects.filter(individual=individual).exists()


def _ce_inactive_two_years_in_a_row(individual) -> bool:
    years = sorted(LearningPlan.objects.filter(individual=individual, status=PlanStatus.CE_INACTIVE)
                   .values_list("ce_year__year", flat=True))
    run = 1
    for previous, year in pairwise(years):
        run = run + 1 if year == previous + 1 else 1
        if run >= CE_INACTIVE_YEARS_IN_A_ROW:
            return True
    return False


def iar_ce_deficient_at(*, individual, termination_date: dt.date) -> bool:
    """Credits short (either component, carried forward) in the years before the termination
    year, counted from the person's first IAR CE year in an adopting jurisdiction."""
    years = [y for y in Registration.objects.filter(
        individual=individual, category__code="RA", jurisdiction__iar_ce_adoption__adopted=True)
        .values_list("jurisdiction__iar_ce_adoption__effective_year", flat=True) if y]
    if not years or min(years) >= termination_date.year:
        return False
    first = min(years)
    earned = {(r["year"], r["component"]): r["n"] for r in IarCeCredit.objects.filter(
        individual=individual, year__gte=first, year__lt=termination_date.year)
        .values("year", "component").annotate(n=Sum("credits")).order_by()}
    components = {c for _, c in earned} or {"ethics", "products_practice"}
    components |= {"ethics", "products_practice"}
    carried = dict.fromkeys(components, 0)
    for year in range(first, termination_date.year):
        for c in components:
            carried[c] = max(0, IAR_CREDITS_PER_COMPONENT + carried[c] - earned.get((year, c), 0))
    return any(carried.values())


def _eligibility(*, program: Program, individual, today: dt.date | None = None) -> EligibilityResult:
    today = today or timezone.localdate()
    categories = list(program.categories.values_list("pk", flat=True))
    regs = list(Registration.objects.filter(individual=individual, category__in=categories)
                .values("status", "approved_on", "terminated_on"))
    result = EligibilityResult(program=program, eligible=False)
    if not regs:
        result.reasons.append("You don't qualify because you have never been registered in a category this "
                              "program keeps.")
        return result
    if any(r["status"] != RegistrationStatus.TERMINATED for r in regs):
        result.reasons.append("You don't qualify because you are still registered in this category: the program "
                              "is for people whose registration ended.")
        return result
    termination = max(r["terminated_on"] for r in regs if r["terminated_on"])
    result.termination_date = termination
    result.elect_by = termination + dt.timedelta(days=program.elect_within_days)
    ok = []
    needed_from = termination - dt.timedelta(days=program.registered_days_before)
    held = [r for r in regs if r["approved_on"] and r["terminated_on"] == termination]
    if any(r["approved_on"] <= needed_from for r in held):
        ok.append(f"you were registered for at least a year before your termination on {_d(termination)}")
    else:
        result.reasons.append(f"you were registered for less than a year before your termination on "
                              f"{_d(termination)}.")
    if today <= result.elect_by:
        ok.append(f"you can elect until {_d(result.elect_by)}")
    else:
        result.reasons.append(f"the window to elect closed on {_d(result.elect_by)}, two years after "
                              f"your termination.")
    if statutorily_disqualified(individual=individual):
        result.reasons.append("a statutory disqualification is on your record.")
    if _ce_inactive_two_years_in_a_row(individual):
        result.reasons.append("you were CE Inactive two years in a row.")
    if program.checks_iar_ce and iar_ce_deficient_at(individual=individual, termination_date=termination):
        result.reasons.append("you had an IAR CE deficiency when your registration ended.")
    result.eligible = not result.reasons
    if result.eligible:
        result.reasons = [f"You qualify because {' and '.join(ok)}."]
    else:
        result.reasons = [f"You don't qualify because {r}" for r in result.reasons]
    return result


def _program(code: str) -> Program:
    return Program.objects.get(code=code)


def mqp_eligibility(*, individual, today: dt.date | None = None) -> EligibilityResult:
    return _eligibility(program=_program(ProgramCode.MQP), individual=individual, today=today)


def ag_evep_eligibility(*, individual, today: dt.date | None = None) -> EligibilityResult:
    return _eligibility(program=_program(ProgramCode.AG_EVEP), individual=individual, today=today)


def iar_evep_eligibility(*, individual, today: dt.date | None = None) -> EligibilityResult:
    return _eligibility(program=_program(ProgramCode.IAR_EVEP), individual=individual, today=today)


ELIGIBILITY = {ProgramCode.MQP: mqp_eligibility, ProgramCode.AG_EVEP: ag_evep_eligibility,
               ProgramCode.IAR_EVEP: iar_evep_eligibility}


def eligibility_for(*, code: str, individual, today: dt.date | None = None) -> EligibilityResult:
    return ELIGIBILITY[ProgramCode(code)](individual=individual, today=today)


def banner_programs(*, individual) -> list[Eligibility]:
    """The programs the dashboard's Reminders offer: eligible as last computed, not enrolled. One query."""
    taken = Enrollment.objects.filter(individual=individual).exclude(
        status=EnrollmentStatus.AWAITING_PAYMENT).values("program")
    return list(Eligibility.objects.filter(individual=individual, eligible=True).exclude(program__in=taken)
                .select_related("program").order_by("program__code"))


def enrollments_for(*, individual):
    return (Enrollment.objects.filter(individual=individual).select_related("program")
            .prefetch_related("years__payment", "events").order_by("program__code", "-created_at"))


def open_enrollment(*, individual, program: Program) -> Enrollment | None:
    return (Enrollment.objects.filter(individual=individual, program=program)
            .exclude(status=EnrollmentStatus.ENDED).order_by("-created_at").first())


def current_year(*, enrollment: Enrollment, today: dt.date | None = None) -> ProgramYear | None:
    today = today or timezone.localdate()
    years = sorted(enrollment.years.all(), key=lambda y: y.number)
    current = [y for y in years if y.starts_on <= today]
    return current[-1] if current else (years[0] if years else None)


def participating_jurisdictions(*, program: Program):
    return program.participants.select_related("jurisdiction").order_by("jurisdiction__code")


def maintained_until(*, individual) -> dict[str, dt.date]:
    """{category code: the date an active or ended enrollment keeps it to}, for the record."""
    out = {}
    for enrollment in Enrollment.objects.filter(individual=individual).exclude(
            status=EnrollmentStatus.AWAITING_PAYMENT).prefetch_related("program__categories"):
        until = enrollment.ended_on or enrollment.ends_on
        for category in enrollment.program.categories.all():
            out[category.code] = max(out.get(category.code, until), until)
    return out


def ce_group_ids(*, individual, ce_year) -> list[int]:
    """The CE category groups of `ce_year` a program participant takes: the Regulatory Element
    groups of the categories their programs keep (those they held) and each program's Practical
    Element group. Used by ce.services when it assigns the person's learning plan. Two queries."""
    from ce.models import CategoryGroup

    enrollments = list(Enrollment.objects.filter(individual=individual, status=EnrollmentStatus.ACTIVE)
                       .select_related("program").prefetch_related("program__categories"))
    if not enrollments:
        return []
    held = set(Registration.objects.filter(individual=individual).values_list("category_id", flat=True))
    kept = {c.pk for e in enrollments for c in e.program.categories.all()} & held
    names = [e.program.practical_group_name for e in enrollments]
    from django.db.models import Q

    return list(CategoryGroup.objects.filter(Q(categories__in=kept) | Q(name__in=names), ce_year=ce_year)
                .values_list("pk", flat=True).distinct())


def reminders_for(*, facts) -> list[Eligibility]:
    """The programs the dashboard's Reminders offer as a banner: only for a person with an ended
    registration (no query otherwise), eligible as last computed and not enrolled."""
    from .mytasks import has_ended_registration

    if not has_ended_registration(facts):
        return []
    return banner_programs(individual=facts.individual)
