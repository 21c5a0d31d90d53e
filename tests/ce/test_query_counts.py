"""The rep's CE pages cost the same number of queries for a small and a large plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ce import services
from tests.factories import CategoryGroupFactory, CategoryRef, ModuleFactory

from .conftest import complete

pytestmark = pytest.mark.django_db


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_overview_page_and_check_are_flat(client, dana, plan, content, year):
    client.force_login(dana)
    first = plan.plan_modules.first()
    complete(first)
    urls = lambda: [reverse("ce:overview"), reverse("ce:page", args=[first.pk, 2]),  # noqa: E731
                    reverse("ce:check", args=[first.pk]), reverse("ce:iar")]
    small = [_count(client, u) for u in urls()]
    group = CategoryGroupFactory(ce_year=content[0], name="More", categories=[CategoryRef(code="GS")])
    for _ in range(6):
        ModuleFactory(group=group, pages=6, questions=4)
    services.learning_plan_assign(individual=dana.individual, year=year)
    for pm in list(plan.plan_modules.all())[1:4]:
        complete(pm)
    assert [_count(client, u) for u in urls()] == small
