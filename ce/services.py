"""Every write of continuing education. Each state change is one function: one transaction,
the row locked, the move checked, an audit event written (PlanEvent)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from crd import services as crd_services
from crd.choices import RegistrationStatus
from crd.models import Association, Firm, Individual, Registration

from .choices import (
    CE_INACTIVE_YEARS_TO_TERMINATE,
    REGULATORY_ELEMENT_FEE_CENTS,
    ModuleStatus,
    PlanEventKind,
    PlanStatus,
)
from .models import (
    CategoryGroup,
    CEYear,
    LearningPlan,
    Module,
    ModuleAnswer,
    PlanEvent,
    PlanModule,
    RegulatoryElementFee,
)

# Registrations that need the Regulatory Element: approved ones, and those already CE Inactive.
CE_REGISTRATION_STATUSES = [RegistrationStatus.APPROVED, RegistrationStatus.CE_INACTIVE]


def _event(plan: LearningPlan, kind: str, detail: str = "", user=None) -> None:
    PlanEvent.objects.create(plan=plan, kind=kind, detail=detail[:300], user=user)


# --- Assignment ----------------------------------------------------------------------------------


def _wanted_modules(*, individual: Individual, ce_year: CEYear) -> list[Module]:
    categories = (Registration.objects.filter(individual=individual, status__in=CE_REGISTRATION_STATUSES)
                  .values("category_id"))
    groups = CategoryGroup.objects.filter(ce_year=ce_year, categories__in=categories).values("pk")
    from programs.selectors import ce_group_ids  # a program participant's plan (MQP, EVEP) rides on this one

    extra = ce_group_ids(individual=individual, ce_year=ce_year)
    return list(Module.objects.filter(Q(group__in=groups) | Q(group__in=extra)).distinct()
                .order_by("group__position", "position", "pk"))


def learning_plan_assign(*, individual: Individual, year: int, user=None) -> LearningPlan | None:
    """Bring the person's plan for `year` in line with their registrations: the modules of the
    groups of every approved (or CE Inactive) registration. A module no longer wanted is removed
    when not yet started; started and completed ones stay. Creates the plan when there is
    something to take; returns None when there is neither content nor a plan. Safe to run again."""
    ce_year = CEYear.objects.filter(year=year).first()
    if ce_year is None:
        return None
    with transaction.atomic():
        Individual.objects.select_for_update().filter(pk=individual.pk).first()  # serialise per person
        wanted = {m.pk: m for m in _wanted_modules(individual=individual, ce_year=ce_year)}
        plan = LearningPlan.objects.select_for_update().filter(individual=individual, ce_year=ce_year).first()
        created = plan is None
        if created:
            if not wanted:
                return None
            plan = LearningPlan.objects.create(individual=individual, ce_year=ce_year)
        existing = {pm.module_id: pm for pm in PlanModule.objects.select_for_update().filter(plan=plan)}
        added = [PlanModule(plan=plan, module=m) for pk, m in wanted.items() if pk not in existing]
        PlanModule.objects.bulk_create(added)
        for pm in added:
            _event(plan, PlanEventKind.ASSIGNED, pm.module.title, user)
        for module_id, pm in existing.items():
            if module_id not in wanted and pm.status == ModuleStatus.NOT_STARTED:
                _event(plan, PlanEventKind.REMOVED, pm.module.title, user)
                pm.delete()
        status = _plan_refresh(plan, user=user)
        if created and status == PlanStatus.CE_REQUIRED:
            from . import emails

            emails.status_change_notify(plan=plan, status=status)
        return plan


def learning_plans_assign_all(*, year: int, individual_ids: list[int] | None = None) -> int:
    """The daily job: assign plans of `year` to everyone with a registration that needs CE."""
    ids = individual_ids
    if ids is None:
        ids = list(Registration.objects.filter(status__in=CE_REGISTRATION_STATUSES)
                   .values_list("individual_id", flat=True).distinct())
    count = 0
    for individual in Individual.objects.filter(pk__in=ids).only("pk"):
        if learning_plan_assign(individual=individual, year=year) is not None:
            count += 1
    return count


# --- Plan status -----------------------------------------------------------------------------------


def _derived_status(plan: LearningPlan) -> str:
    counts = dict(plan.plan_modules.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    total = sum(counts.values())
    if total and counts.get(ModuleStatus.COMPLETED, 0) == total:
        return PlanStatus.SATISFIED
    if plan.status == PlanStatus.CE_INACTIVE:
        return PlanStatus.CE_INACTIVE
    if counts.get(ModuleStatus.IN_PROGRESS) or counts.get(ModuleStatus.COMPLETED):
        return PlanStatus.IN_PROGRESS
    return PlanStatus.CE_REQUIRED


def _status_changed_publish(plan: LearningPlan, *, old: str, new: str) -> None:
    """Tell the firms the person is with (their webhooks) that the plan's status changed."""
    from finpro import events

    today = timezone.localdate()
    firm_ids = (Association.objects.filter(individual_id=plan.individual_id, start_date__lte=today)
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).values_list("firm_id", flat=True))
    for firm_id in sorted(set(firm_ids)):
        events.publish(firm_id=firm_id, event=events.FirmEvent.CE_STATUS_CHANGED, data={
            "crd_number": plan.individual.crd_number, "year": plan.ce_year.year, "old_status": old, "status": new})


def _plan_refresh(plan: LearningPlan, *, user=None) -> str:
    """Recompute the plan's status from its modules (the plan row is locked by the caller)
    and carry out what a change to Satisfied means: the fee, and reactivation after CE Inactive."""
    old, new = plan.status, _derived_status(plan)
    if old == new:
        return new
    plan.status = new
    if new == PlanStatus.SATISFIED:
        plan.satisfied_at = timezone.now()
    plan.save(update_fields=["status", "satisfied_at", "updated_at"])
    _event(plan, PlanEventKind.STATUS_CHANGED,
           f"{PlanStatus(old).label} → {PlanStatus(new).label}", user)
    _status_changed_publish(plan, old=old, new=new)
    if new == PlanStatus.SATISFIED:
        regulatory_element_fee_charge(plan=plan)
        if old == PlanStatus.CE_INACTIVE:
            crd_services.registrations_ce_reactivate(
                individual=plan.individual,
                reason=f"{plan.ce_year.year} Regulatory Element completed after CE Inactive")
    from . import emails

    emails.status_change_notify(plan=plan, status=new)
    return new


# --- The module player ---------------------------------------------------------------------------------


def _locked_plan_module(plan_module: PlanModule) -> PlanModule:
    LearningPlan.objects.select_for_update().get(pk=plan_module.plan_id)
    return (PlanModule.objects.select_for_update().select_related("plan", "plan__ce_year", "module")
            .get(pk=plan_module.pk))


def _page_count(module_id: int) -> int:
    return Module.objects.get(pk=module_id).pages.count()


def module_page_advance(*, plan_module: PlanModule, page: int, user=None) -> PlanModule:
    """The person moves on from `page` (Next). The first Next starts the module. A page beyond
    the first unseen one is refused; a completed module, or a page already seen, changes nothing."""
    with transaction.atomic():
        pm = _locked_plan_module(plan_module)
        count = _page_count(pm.module_id)
        if not 1 <= page <= count:
            raise ValidationError("That page is not part of this module.")
        if pm.status == ModuleStatus.COMPLETED or page <= pm.furthest_page:
            return pm
        if page > pm.furthest_page + 1:
            raise ValidationError("Read the pages in order: that page comes later.")
        pm.furthest_page = page
        fields = ["furthest_page"]
        if pm.status == ModuleStatus.NOT_STARTED:
            pm.status, pm.started_at = ModuleStatus.IN_PROGRESS, timezone.now()
            fields += ["status", "started_at"]
            _event(pm.plan, PlanEventKind.MODULE_STARTED, pm.module.title, user)
        pm.save(update_fields=fields)
        _plan_refresh(pm.plan, user=user)
        return pm


@dataclass
class CheckResult:
    plan_module: PlanModule
    answers: list[ModuleAnswer]
    just_completed: bool


def module_check_submit(*, plan_module: PlanModule, answers: dict[int, int | str | None], user=None) -> CheckResult:
    """Record the knowledge-check answers ({question id: option id}) and complete the module.
    Every page must have been seen and every question answered with one of its own options
    (otherwise a ValidationError keyed by question id, nothing saved). A replay on a completed
    module changes nothing and returns the answers already given."""
    with transaction.atomic():
        pm = _locked_plan_module(plan_module)
        if pm.status == ModuleStatus.COMPLETED:
            return CheckResult(pm, list(pm.answers.select_related("question", "option")), False)
        if pm.furthest_page < _page_count(pm.module_id):
            raise ValidationError("Read every page of the module before the knowledge check.")
        questions = list(pm.module.questions.prefetch_related("options"))
        errors, chosen = {}, {}
        for question in questions:
            raw = answers.get(question.pk)
            if raw in (None, ""):
                errors[str(question.pk)] = "Choose an answer."
                continue
            option = next((o for o in question.options.all() if str(o.pk) == str(raw)), None)
            if option is None:
                errors[str(question.pk)] = "That answer is not one of the options of this question."
                continue
            chosen[question.pk] = option
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        saved = ModuleAnswer.objects.bulk_create([
            ModuleAnswer(plan_module=pm, question=q, option=chosen[q.pk], is_correct=chosen[q.pk].is_correct,
                         answered_at=now)
            for q in questions
        ])
        pm.status, pm.completed_at = ModuleStatus.COMPLETED, now
        pm.started_at = pm.started_at or now
        pm.save(update_fields=["status", "completed_at", "started_at"])
        right = sum(a.is_correct for a in saved)
        _event(pm.plan, PlanEventKind.MODULE_COMPLETED, f"{pm.module.title} ({right} of {len(saved)} right)", user)
        _plan_refresh(pm.plan, user=user)
        return CheckResult(pm, saved, True)


# --- The fee ----------------------------------------------------------------------------------------------


def fee_payer(*, individual: Individual, today: dt.date | None = None) -> Firm | None:
    """Who pays a person's Regulatory Element fee: the firm of their current association
    that sponsors an approved registration; with several, the longest association (earliest
    start, then lowest CRD#); with none sponsoring, the longest current association; with no
    current firm, nobody."""
    today = today or timezone.localdate()
    current = list(
        Association.objects.filter(individual=individual, start_date__lte=today)
        .exclude(end_date__lt=today).select_related("firm").order_by("start_date", "firm__crd_number")
    )
    if not current:
        return None
    sponsoring = set(Registration.objects.filter(individual=individual, status__in=CE_REGISTRATION_STATUSES)
                     .values_list("firm_id", flat=True))
    for association in current:
        if association.firm_id in sponsoring:
            return association.firm
    return current[0].firm


def regulatory_element_fee_charge(*, plan: LearningPlan) -> RegulatoryElementFee:
    """Charge the $18 session fee of a satisfied plan, once per person and year (the unique
    constraint on RegulatoryElementFee holds it even under a replay)."""
    from firmsettings.services import flex_funding_charge_regulatory_element_fee

    with transaction.atomic():
        existing = RegulatoryElementFee.objects.filter(individual_id=plan.individual_id, ce_year_id=plan.ce_year_id)
        if fee := existing.first():
            return fee
        firm = fee_payer(individual=plan.individual)
        entry = None
        if firm is not None:
            entry = flex_funding_charge_regulatory_element_fee(
                firm=firm, individual=plan.individual, amount_cents=REGULATORY_ELEMENT_FEE_CENTS,
                year=plan.ce_year.year)
        fee = RegulatoryElementFee.objects.create(
            individual_id=plan.individual_id, ce_year_id=plan.ce_year_id, firm=firm,
            amount_cents=REGULATORY_ELEMENT_FEE_CENTS if firm else 0, flex_entry=entry)
        _event(plan, PlanEventKind.FEE_CHARGED,
               f"${REGULATORY_ELEMENT_FEE_CENTS / 100:.2f} to {firm.name}" if firm else "No firm to charge")
        return fee


# --- Year end ------------------------------------------------------------------------------------------------


def _restart_module(pm: PlanModule, user=None) -> None:
    pm.answers.all().delete()
    pm.status, pm.furthest_page, pm.started_at = ModuleStatus.NOT_STARTED, 0, None
    pm.save(update_fields=["status", "furthest_page", "started_at"])
    _event(pm.plan, PlanEventKind.MODULE_RESTARTED, pm.module.title, user)


def plan_year_end(*, plan_id: int) -> bool:
    """Dec 31 has passed and this plan is not Satisfied: the plan and the person become CE
    Inactive, modules in progress restart, approved registrations move to CE Inactive; when the
    previous year's plan is CE Inactive too, the registrations are administratively terminated
    and the person is told. Returns whether anything changed (a second run changes nothing)."""
    from . import emails

    with transaction.atomic():
        plan = LearningPlan.objects.select_for_update().select_related("ce_year", "individual").get(pk=plan_id)
        if plan.status in (PlanStatus.SATISFIED, PlanStatus.CE_INACTIVE):
            return False
        old = plan.status
        plan.status, plan.became_inactive_at = PlanStatus.CE_INACTIVE, timezone.now()
        plan.save(update_fields=["status", "became_inactive_at", "updated_at"])
        _event(plan, PlanEventKind.STATUS_CHANGED, f"{PlanStatus(old).label} → CE Inactive (not done by Dec 31)")
        _status_changed_publish(plan, old=old, new=PlanStatus.CE_INACTIVE)
        for pm in plan.plan_modules.select_for_update().filter(status=ModuleStatus.IN_PROGRESS):
            _restart_module(pm)
        year = plan.ce_year.year
        inactive_years = 1 + LearningPlan.objects.filter(
            individual_id=plan.individual_id, status=PlanStatus.CE_INACTIVE,
            ce_year__year__gte=year - CE_INACTIVE_YEARS_TO_TERMINATE + 1, ce_year__year__lt=year).count()
        if inactive_years >= CE_INACTIVE_YEARS_TO_TERMINATE:
            crd_services.registrations_terminate_for_ce(
                individual=plan.individual,
                reason=f"CE Inactive for {inactive_years} consecutive years (Regulatory Element)")
            emails.terminated_notify(plan=plan)
        else:
            crd_services.registrations_ce_inactivate(
                individual=plan.individual, reason=f"{year} Regulatory Element not completed by Dec 31")
        emails.status_change_notify(plan=plan, status=PlanStatus.CE_INACTIVE)
        return True


def ce_year_end(*, year: int) -> int:
    """Close `year`: every plan not Satisfied becomes CE Inactive. Idempotent."""
    ids = list(LearningPlan.objects.filter(ce_year__year=year)
               .exclude(status__in=[PlanStatus.SATISFIED, PlanStatus.CE_INACTIVE]).values_list("pk", flat=True))
    return sum(plan_year_end(plan_id=pk) for pk in ids)


def year_that_ended(*, now: dt.datetime | None = None) -> int:
    """The last CE year whose Dec 31 has passed, in Eastern Time."""
    return timezone.localdate(now or timezone.now()).year - 1

