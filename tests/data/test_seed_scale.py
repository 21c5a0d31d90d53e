"""seed_demo --reps N: bulk inserts whose query count grows with batches, not rows."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crd import models as crd
from portal.demo import seed_core
from portal.demo_scale import SCALE_CRD_BASE, scale_ssn, seed_scale

pytestmark = pytest.mark.django_db


def scale_people():
    return crd.Individual.objects.filter(crd_number__gt=SCALE_CRD_BASE)


def test_reps_option_builds_people_with_records():
    out = StringIO()
    call_command("seed_demo", "--reps", "300", "--batch-size", "100", stdout=out)
    people = scale_people()
    assert people.count() == 300
    assert crd.Association.objects.filter(individual__in=people, end_date__isnull=True).count() == 300
    assert crd.Registration.objects.filter(individual__in=people, sro="FINRA").count() == 300
    assert crd.Registration.objects.filter(individual__in=people, category__code="AG").count() == 300
    assert crd.ExamResult.objects.filter(individual__in=people).count() >= 900
    assert crd.EmploymentHistory.objects.filter(individual__in=people).count() >= 600
    assert crd.ResidenceHistory.objects.filter(individual__in=people).count() == 600
    assert "300 reps created" in out.getvalue() and " s " in out.getvalue()
    person = people.order_by("crd_number").last()
    assert person.ssn == scale_ssn(299)
    assert crd.Individual.objects.with_ssn(scale_ssn(299)).get() == person


def test_queries_grow_with_batches_not_rows():
    demo = seed_core()
    with CaptureQueriesContext(connection) as small:
        seed_scale(demo=demo, reps=50, batch_size=1000)  # 50 new reps, one batch
    with CaptureQueriesContext(connection) as large:
        seed_scale(demo=demo, reps=350, batch_size=1000)  # 300 new reps, one batch
    assert scale_people().count() == 350
    growth = len(large.captured_queries) - len(small.captured_queries)
    if connection.features.max_query_params is None:
        assert growth == 0  # PostgreSQL: one INSERT per model per batch, however many rows
    else:
        # SQLite caps bound parameters per statement, so Django splits a big INSERT into a few;
        # still nowhere near a query per rep.
        assert 0 <= growth < 300 / 5
    with CaptureQueriesContext(connection) as batched:
        result = seed_scale(demo=demo, reps=650, batch_size=100)  # 300 new reps, three batches
    assert result.batches == 3 and result.reps == 300 and result.skipped == 350
    assert len(large.captured_queries) < len(batched.captured_queries) <= 3 * len(large.captured_queries)


def test_rerun_skips_reps_already_there():
    demo = seed_core()
    seed_scale(demo=demo, reps=40, batch_size=25)
    result = seed_scale(demo=demo, reps=40, batch_size=25)
    assert (result.reps, result.skipped, result.rows) == (0, 40, 0)
    assert scale_people().count() == 40


def test_scale_ssns_are_unique_and_valid():
    from crd.ssn import normalize_ssn

    values = [scale_ssn(i) for i in range(0, 200_000, 997)]
    assert len(set(values)) == len(values)
    for value in values[:50]:
        assert normalize_ssn(value) == value
