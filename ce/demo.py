"""Demo data of continuing education (called by `manage.py seed_demo`, idempotent).

- The Regulatory Element content (ce.content) for last year, this year and next year.
- A plan for this year for everyone in the demo with an approved registration.
- "rep" (dana.rep) has completed the first module of their plan; the rest is to do.
- "compliance" (casey.compliance) completed the whole plan (Satisfied; the $18 went to Summit's
  Flex Funding ledger) and is also an investment adviser representative in Connecticut, which
  adopted IAR CE: 6 Ethics credits reported by a provider, 0 Products and Practice, so the
  dashboard offers "Apply Regulatory Element to IAR CE" (pay with the sandbox card 4242 4242 4242 4242).
- "contractor" (chris.contractor) did not finish last year's plan: CE Inactive, registrations
  CE Inactive until that plan is finished (the firm's CE view shows it).
"""

from django.db import transaction

from crd.models import Individual, RegistrationCategory

from . import services
from .choices import ModuleStatus
from .content import CURRICULUM
from .models import (
    CategoryGroup,
    CEYear,
    IarCeAdoption,
    IarCeCourse,
    IarCeProvider,
    LearningPlan,
    Module,
    ModulePage,
    Option,
    PlanModule,
    Question,
)

# Jurisdictions that adopted IAR CE in the demo, and from which year (fictitious choices).
IAR_ADOPTIONS = {"CT": 2022, "MA": 2024, "WA": 2023, "CO": 2023, "OH": 2025}
IAR_PROVIDERS = [
    ("Evergreen Adviser Learning", "P-1042", [
        ("ETH-210", "Fiduciary duty in everyday advice", 3, "ethics"),
        ("ETH-220", "Conflicts of interest and disclosure", 3, "ethics"),
        ("PP-310", "Retirement income planning", 3, "products_practice"),
    ]),
    ("Harborlight CE Institute", "P-2077", [
        ("HL-ETH-1", "Ethics for investment adviser representatives", 6, "ethics"),
        ("HL-PP-4", "Alternative investments: due diligence", 3, "products_practice"),
        ("HL-PP-5", "Tax-aware portfolio management", 3, "products_practice"),
    ]),
]


def load_content(*, year: int, curriculum=CURRICULUM, first_position: int = 1) -> CEYear:
    """Create the CE year's groups, modules, pages and questions that are missing (never
    overwrites what support staff edited). `curriculum` is ce.content.CURRICULUM unless another
    app brings its own content in the same shape (programs' Practical Element)."""
    ce_year, _ = CEYear.objects.get_or_create(year=year, defaults={"title": f"{year} Regulatory Element"})
    categories = {c.code: c for c in RegistrationCategory.objects.all()}
    for g_pos, (group_name, codes, modules) in enumerate(curriculum, start=first_position):
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
            for pm in plan.plan_modules.all():
                complete_module(pm, user=users.get("compliance"))
    seed_iar(demo)
    if contractor is not None and not LearningPlan.objects.filter(individual=contractor,
                                                                  ce_year__year=year - 1).exists():
        last = services.learning_plan_assign(individual=contractor, year=year - 1)
        if last is not None:
            services.module_page_advance(plan_module=last.plan_modules.first(), page=1)
            services.plan_year_end(plan_id=last.pk)


def seed_iar(demo) -> None:
    """IAR CE reference data, and casey.compliance's reported Ethics credits."""
    from crd.models import Jurisdiction

    from .iar_services import Completion, completion_record

    for code, year in IAR_ADOPTIONS.items():
        jurisdiction = Jurisdiction.objects.filter(code=code).first()
        if jurisdiction is not None:
            IarCeAdoption.objects.get_or_create(jurisdiction=jurisdiction,
                                                defaults={"adopted": True, "effective_year": year})
    courses = {}
    for name, number, rows in IAR_PROVIDERS:
        provider, _ = IarCeProvider.objects.get_or_create(provider_number=number, defaults={"name": name})
        for code, title, credits, component in rows:
            courses[code], _ = IarCeCourse.objects.get_or_create(
                provider=provider, code=code, defaults={"title": title, "credits": credits, "component": component})
    compliance = demo.people.get("compliance")
    if compliance is not None:
        for code, month in (("ETH-210", 2), ("ETH-220", 4)):
            course = courses[code]
            day = demo.today.replace(month=min(month, demo.today.month), day=1)
            completion_record(completion=Completion(provider=course.provider, course=course, individual=compliance,
                                                    completed_on=day))
