"""Reads of IAR CE, scoped to a person (`individual=`) or a firm (`firm=`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from crd.choices import RegistrationStatus
from crd.models import Registration

from .choices import (
    IAR_CARRY_FORWARD_MAX,
    IAR_CREDITS_PER_COMPONENT,
    IAR_REGISTRATION_CATEGORY,
    CarryOverStatus,
    IarComponent,
    PlanStatus,
)
from .models import IarCeCarryOver, IarCeCredit, LearningPlan

COMPONENTS = [IarComponent.ETHICS, IarComponent.PRODUCTS_PRACTICE]
PER_COMPONENT_CARRY_MAX = IAR_CARRY_FORWARD_MAX // 2


def iar_registrations(*, individual):
    """The person's approved (or CE Inactive) IAR registrations in adopting jurisdictions."""
    return Registration.objects.filter(
        individual=individual, category__code=IAR_REGISTRATION_CATEGORY,
        status__in=[RegistrationStatus.APPROVED, RegistrationStatus.CE_INACTIVE],
        jurisdiction__iar_ce_adoption__adopted=True)


def iar_ce_first_year(*, individual) -> int | None:
    """The first year the person must do IAR CE: the earliest effective year of an adopting
    jurisdiction in which they hold an approved (or CE Inactive) IAR registration. One query."""
    years = (iar_registrations(individual=individual)
             .values_list("jurisdiction__iar_ce_adoption__effective_year", flat=True))
    years = [y for y in years if y]
    return min(years) if years else None


@dataclass
class ComponentStatus:
    component: str
    label: str
    required: int  # this year's 6 plus what was carried forward
    carried_in: int
    earned: int

    @property
    def short(self) -> int:
        return max(0, self.required - self.earned)


@dataclass
class IarStatus:
    year: int
    required: bool
    components: list[ComponentStatus] = field(default_factory=list)

    @property
    def short(self) -> int:
        return sum(c.short for c in self.components)

    @property
    def carried_in(self) -> int:
        return sum(c.carried_in for c in self.components)

    @property
    def satisfied(self) -> bool:
        return self.required and self.short == 0

    @property
    def label(self) -> str:
        if not self.required:
            return "Not required"
        return "Satisfied" if self.satisfied else "Credits short"


def iar_status_for(*, individual, year: int | None = None) -> IarStatus:
    """Credits by component for `year`, with the unmet credits of earlier years carried forward
    (each component's shortfall carries to the next year, at most 18 per component, 36 in all).
    Two queries whatever the length of the transcript."""
    year = year or timezone.localdate().year
    first = iar_ce_first_year(individual=individual)
    if first is None or first > year:
        return IarStatus(year=year, required=False)
    earned = {(row["year"], row["component"]): row["n"] for row in
              IarCeCredit.objects.filter(individual=individual, year__gte=first, year__lte=year)
              .values("year", "component").annotate(n=Sum("credits")).order_by()}
    carried = dict.fromkeys(COMPONENTS, 0)
    for y in range(first, year):
        for c in COMPONENTS:
            short = max(0, IAR_CREDITS_PER_COMPONENT + carried[c] - earned.get((y, c), 0))
            carried[c] = min(short, PER_COMPONENT_CARRY_MAX)
    return IarStatus(year=year, required=True, components=[
        ComponentStatus(component=c, label=IarComponent(c).label, required=IAR_CREDITS_PER_COMPONENT + carried[c],
                        carried_in=carried[c], earned=earned.get((year, c), 0))
        for c in COMPONENTS
    ])


def transcript_for(*, individual):
    """Every IAR CE credit of the person, newest first, with course and provider."""
    return IarCeCredit.objects.filter(individual=individual).select_related("course", "provider")


@dataclass
class CarryOverEligibility:
    eligible: bool
    reason: str = ""
    carry_over: IarCeCarryOver | None = None


def carry_over_eligibility(*, individual, year: int | None = None) -> CarryOverEligibility:
    """May the person apply this year's Regulatory Element to Products and Practice? They must
    owe IAR CE, have completed the Regulatory Element and not have applied it already."""
    year = year or timezone.localdate().year
    existing = IarCeCarryOver.objects.filter(individual=individual, year=year).first()
    if existing is not None and existing.status == CarryOverStatus.APPLIED:
        return CarryOverEligibility(False, "You already applied the Regulatory Element to IAR CE this year.",
                                    existing)
    if iar_ce_first_year(individual=individual) is None:
        return CarryOverEligibility(False, "You have no IAR registration in a jurisdiction that requires IAR CE.")
    if not LearningPlan.objects.filter(individual=individual, ce_year__year=year, status=PlanStatus.SATISFIED).exists():
        return CarryOverEligibility(False, f"Complete your {year} Regulatory Element first.")
    return CarryOverEligibility(True, carry_over=existing)
