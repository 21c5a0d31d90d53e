import pytest
from django.utils import timezone

from ce import services
from tests.factories import (
    AssociationFactory,
    CategoryGroupFactory,
    CategoryRef,
    CEYearFactory,
    FirmFactory,
    ModuleFactory,
    RegistrationFactory,
    VerifiedRepFactory,
)
from tests.record.factories import FirmSettingsFactory


def make_content(year: int):
    """A CE year with a representatives group (GS: two modules) and a principals group (GP: one)."""
    ce_year = CEYearFactory(year=year)
    reps = CategoryGroupFactory(ce_year=ce_year, name="Representatives", position=1,
                                categories=[CategoryRef(code="GS")])
    principals = CategoryGroupFactory(ce_year=ce_year, name="Principals", position=2,
                                      categories=[CategoryRef(code="GP", name="General Securities Principal")])
    modules = {
        "kyc": ModuleFactory(group=reps, title="Know your customer", position=1),
        "cyber": ModuleFactory(group=reps, title="Cybersecurity", position=2, pages=4),
        "supervision": ModuleFactory(group=principals, title="Supervising remotely", position=1),
    }
    return ce_year, modules


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def content(db, year):
    return make_content(year)


@pytest.fixture
def summit(db):
    firm = FirmFactory(name="Summit Ridge Securities", crd_number=104001)
    FirmSettingsFactory(firm=firm)
    return firm


@pytest.fixture
def dana(summit):
    """A verified rep at Summit with an approved GS registration."""
    user = VerifiedRepFactory(username="dana.rep", individual__first_name="Dana", individual__last_name="Rivera")
    AssociationFactory(individual=user.individual, firm=summit)
    RegistrationFactory(individual=user.individual, firm=summit, category=CategoryRef(code="GS"))
    return user


@pytest.fixture
def plan(dana, content, year):
    return services.learning_plan_assign(individual=dana.individual, year=year)


def complete(pm, *, wrong=False):
    """Read every page and answer the check (all right, or the first answer wrong)."""
    for n in range(1, pm.module.pages.count() + 1):
        services.module_page_advance(plan_module=pm, page=n)
    answers = {}
    for i, q in enumerate(pm.module.questions.all()):
        option = q.options.filter(is_correct=False).first() if wrong and i == 0 else q.options.get(is_correct=True)
        answers[q.pk] = option.pk
    return services.module_check_submit(plan_module=pm, answers=answers)
