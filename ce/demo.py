"""Demo data of continuing education (called by `manage.py seed_demo`, idempotent).

- The Regulatory Element content (ce.content) for last year, this year and next year.
- A plan for this year for everyone in the demo with an approved registration.
- "rep" (dana.rep) has completed the first module of their plan; the rest is to do.
- "compliance" (casey.compliance) has completed two modules and is half-way through a third.
- "contractor" (chris.contractor) did not finish last year's plan: CE Inactive, registrations
  CE Inactive until that plan is finished (the firm's CE view shows it).
"""

from django.db import transaction

from crd.models import Individual, RegistrationCategory

from . import services
from .choices import ModuleStatus
from .content import CURRICULUM
from .models import CategoryGroup, CEYear, LearningPlan, Module, ModulePage, Option, PlanModule, Question


def load_content(*, year: int) -> CEYear:
    """Create the CE year's groups, modules, pages and questions that are missing (never
    overwrites what support staff edited)."""
    ce_year, _ = CEYear.objects.get_or_create(year=year, defaults={"title": f"{year} Regulatory Element"})
    categories = {c.code: c for c in RegistrationCategory.objects.all()}
    for g_pos, (group_name, codes, modules) in enumerate(CURRICULUM, start=1):
        group, created = CategoryGroup.objects.get_or_create(ce_year=ce_year, name=group_name,
                                                             defaults={"position": g_pos})
        if created:
            group.categories.set([categories[c] for c in codes if c in categories])
        for m_pos, (title, summary, minutes, pages, questions) in enumerate(modules, start=1):
            module, created = Module.objects.get_or_create(
                group=group, title=title, defaults={"summary": summary, "estimated_minutes": minutes,
                                                    "position": m_pos})
            if not created:
                continue
            ModulePage.objects.bulk_create([ModulePage(module=module, position=n, title=t, body_html=html)
                                            for n, (t, html) in enumerate(pages, start=1)])
            for q_pos, (prompt, options, right, explanation) in enumerate(questions, start=1):
                question = Question.objects.create(module=module, position=q_pos, prompt=prompt,
                                                   explanation=explanation)
                Option.objects.bulk_create([Option(question=question, position=n, text=text, is_correct=n - 1 == right)
                                            for n, text in enumerate(options, start=1)])
    return ce_year


def complete_module(pm: PlanModule, *, user=None, wrong_first: bool = False) -> None:
    """Read every page and answer the check (right answers; the first one wrong if asked)."""
    count = pm.module.pages.count()
    for n in range(1, count + 1):
        services.module_page_advance(plan_module=pm, page=n, user=user)
    answers = {}
    for i, question in enumerate(pm.module.questions.prefetch_related("options")):
        options = list(question.options.all())
        right = next(o for o in options if o.is_correct)
        wrong = next(o for o in options if not o.is_correct)
        answers[question.pk] = (wrong if wrong_first and i == 0 else right).pk
    services.module_check_submit(plan_module=pm, answers=answers, user=user)


def _untouched(plan: LearningPlan) -> bool:
    return not plan.plan_modules.exclude(status=ModuleStatus.NOT_STARTED).exists()


def seed(demo) -> None:
    year = demo.today.year
    for y in (year - 1, year, year + 1):
        load_content(year=y)
    people = Individual.objects.filter(registrations__status="approved").distinct().only("pk")
    with transaction.atomic():
        for person in people:
            services.learning_plan_assign(individual=person, year=year)
    rep, compliance, contractor = (demo.people.get(k) for k in ("rep", "compliance", "contractor"))
    users = demo.users
    if rep is not None:
        plan = LearningPlan.objects.filter(individual=rep, ce_year__year=year).first()
        if plan and _untouched(plan):
            complete_module(plan.plan_modules.first(), user=users.get("rep"), wrong_first=True)
    if compliance is not None:
        plan = LearningPlan.objects.filter(individual=compliance, ce_year__year=year).first()
        if plan and _untouched(plan):
            pms = list(plan.plan_modules.all())
            for pm in pms[:2]:
                complete_module(pm, user=users.get("compliance"))
            if len(pms) > 2:
                services.module_page_advance(plan_module=pms[2], page=1, user=users.get("compliance"))
    if contractor is not None and not LearningPlan.objects.filter(individual=contractor,
                                                                  ce_year__year=year - 1).exists():
        last = services.learning_plan_assign(individual=contractor, year=year - 1)
        if last is not None:
            services.module_page_advance(plan_module=last.plan_modules.first(), page=1)
            services.plan_year_end(plan_id=last.pk)
