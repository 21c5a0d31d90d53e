"""Every read of continuing education a page needs, scoped to a person (`individual=`) or a
firm (`firm=`): another person's plan or module is simply not in the queryset (a 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from crd.models import Association

from .choices import ModuleStatus, PlanStatus
from .models import IarCeCredit, LearningPlan, ModuleAnswer, ModulePage, PlanModule, Question


def sro_due_date(*, year: int) -> dt.date:
    return dt.date(year, 12, 31)


def plans_for(*, individual) -> QuerySet[LearningPlan]:
    """The person's plans, newest year first."""
    return LearningPlan.objects.filter(individual=individual).select_related("ce_year")


def open_plans_for(*, individual, today: dt.date | None = None) -> list[LearningPlan]:
    """The plans the CE page shows: this year's, and any earlier one still CE Inactive (the
    person finishes it to be active again), each with its modules and their page counts."""
    today = today or timezone.localdate()
    modules = (PlanModule.objects.select_related("module", "module__group")
               .annotate(page_count=Count("module__pages", distinct=True)))
    return list(
        plans_for(individual=individual)
        .filter(Q(ce_year__year=today.year) | Q(ce_year__year__lt=today.year, status=PlanStatus.CE_INACTIVE))
        .prefetch_related(Prefetch("plan_modules", queryset=modules))
        .order_by("-ce_year__year")
    )


def plan_module_for(*, individual, pk: int) -> PlanModule:
    """One module of one of the person's plans, with its page count; another person's is a 404."""
    queryset = (PlanModule.objects.filter(plan__individual=individual)
                .select_related("module", "module__group", "plan", "plan__ce_year")
                .annotate(page_count=Count("module__pages", distinct=True)))
    return get_object_or_404(queryset, pk=pk)


def module_page(*, plan_module: PlanModule, number: int) -> ModulePage | None:
    """Page `number` (1-based, in order) of the module."""
    if number < 1:
        return None
    return plan_module.module.pages.order_by("position")[number - 1:number].first()


def resume_page(*, plan_module: PlanModule) -> int | None:
    """Where the person picks up: the first page not yet seen, or None for the knowledge check."""
    nxt = plan_module.furthest_page + 1
    return nxt if nxt <= plan_module.page_count else None


def check_questions(*, plan_module: PlanModule) -> list[Question]:
    return list(plan_module.module.questions.prefetch_related("options").order_by("position"))


def answers_for(*, plan_module: PlanModule) -> dict[int, ModuleAnswer]:
    return {a.question_id: a for a in ModuleAnswer.objects.filter(plan_module=plan_module).select_related("option")}


@dataclass
class CEStatus:
    """What the dashboard shows of the person's Regulatory Element for the year."""

    year: int
    status: str
    status_label: str
    done: int
    total: int

    @property
    def satisfied(self) -> bool:
        return self.status == PlanStatus.SATISFIED


def ce_status_for(*, individual, today: dt.date | None = None) -> CEStatus | None:
    """The person's CE status for the current year in one query (None without a plan)."""
    today = today or timezone.localdate()
    row = (LearningPlan.objects.filter(individual=individual, ce_year__year=today.year)
           .annotate(total=Count("plan_modules"),
                     done=Count("plan_modules", filter=Q(plan_modules__status=ModuleStatus.COMPLETED)))
           .values("status", "total", "done").first())
    if row is None:
        return None
    return CEStatus(year=today.year, status=row["status"], status_label=PlanStatus(row["status"]).label,
                    done=row["done"], total=row["total"])


def ce_status_for_user(*, user, today: dt.date | None = None) -> CEStatus | None:
    """ce_status_for the signed-in, verified person, remembered on the user for the request
    (the dashboard and the My Task provider share it)."""
    from crd.selectors import verified_individual_id

    individual_id = verified_individual_id(user)
    if individual_id is None:
        return None
    cached = getattr(user, "_ce_status", False)
    if cached is not False:
        return cached
    user._ce_status = ce_status_for(individual=individual_id, today=today)
    return user._ce_status


# --- The firm's view ----------------------------------------------------------------------------------


def firm_ce_roster(*, firm, year: int, status: str = "", kind: str = "", overdue: bool = False, q: str = "",
                   today: dt.date | None = None) -> QuerySet[Association]:
    """The firm's current people with their Regulatory Element plan for `year`: `plan_status`
    ("" without a plan), `modules_done`, `modules_total`, and `inactive_since` (the earliest
    year whose unfinished plan keeps them CE Inactive, or None). A constant number of queries."""
    today = today or timezone.localdate()
    plans = LearningPlan.objects.filter(individual_id=OuterRef("individual_id"), ce_year__year=year)
    modules = PlanModule.objects.filter(plan__individual_id=OuterRef("individual_id"), plan__ce_year__year=year)
    counted = modules.order_by().values("plan_id")
    iar_credits = IarCeCredit.objects.filter(individual_id=OuterRef("individual_id"), year=year).order_by().values(
        "individual_id")
    overdue_plans = LearningPlan.objects.filter(individual_id=OuterRef("individual_id"), ce_year__year__lt=year,
                                                status=PlanStatus.CE_INACTIVE).order_by("ce_year__year")
    rows = (
        Association.objects.filter(firm=firm)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("individual")
        .annotate(
            plan_status=Coalesce(Subquery(plans.values("status")[:1]), Value("")),
            inactive_since=Subquery(overdue_plans.values("ce_year__year")[:1]),
            iar_credits=Subquery(iar_credits.annotate(n=Sum("credits")).values("n")[:1],
                                 output_field=IntegerField()),
            modules_total=Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")[:1],
                                            output_field=IntegerField()), 0),
            modules_done=Coalesce(Subquery(counted.filter(status=ModuleStatus.COMPLETED)
                                           .annotate(n=Count("pk")).values("n")[:1],
                                           output_field=IntegerField()), 0),
        )
        .order_by("individual__last_name", "individual__first_name", "individual__crd_number")
    )
    if status == "none":
        rows = rows.filter(plan_status="")
    elif status == PlanStatus.CE_INACTIVE:
        rows = rows.filter(Q(plan_status=status) | Q(inactive_since__isnull=False))
    elif status:
        rows = rows.filter(plan_status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if overdue:
        from firmsettings.selectors import settings_for

        firm_due = settings_for(firm=firm).ce_firm_due_date
        due = min(d for d in (firm_due if firm_due and firm_due.year == year else None,
                              sro_due_date(year=year)) if d)
        if today > due:
            rows = rows.exclude(plan_status__in=["", PlanStatus.SATISFIED])
        else:
            rows = rows.none()
    if q:
        q = q.strip()
        term = Q(individual__last_name__icontains=q) | Q(individual__first_name__icontains=q)
        if q.isdigit():
            term |= Q(individual__crd_number=int(q))
        rows = rows.filter(term)
    return rows
