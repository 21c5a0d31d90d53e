"""The dashboard: My Task list sorted by urgency, Summary and Details, in a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from finpro.mytasks import Task, Urgency
from portal import tasklist
from tests.factories import AssociationFactory, CategoryRef, FirmFactory, RegistrationFactory, VerifiedRepFactory
from tests.record.factories import FirmSettingsFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
# The page's dates are read from the clock: the dashboard tests run on a fixed day, 20 days
# before the firm's CE date, whatever day the suite runs.
DASHBOARD_DAY = dt.datetime(2026, 11, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@pytest.fixture(autouse=True)
def _fixed_day():
    with time_machine.travel(DASHBOARD_DAY, tick=False):
        yield


def provider_tasks(user):
    return [
        Task(title="Coming task", url="/x/3", due_date=TODAY + dt.timedelta(days=90)),
        Task(title="Late task", url="/x/1", due_date=TODAY - dt.timedelta(days=2)),
        Task(title="B soon", url="/x/2", due_date=TODAY + dt.timedelta(days=5)),
        Task(title="A soon", url="/x/4", due_date=TODAY + dt.timedelta(days=5)),
    ]


def test_tasks_sorted_by_urgency_then_due_date_then_title(monkeypatch, rep):
    monkeypatch.setattr(tasklist, "_providers", lambda: [provider_tasks])
    ranked = tasklist.tasks_for(rep, today=TODAY)
    assert [t.title for t, _ in ranked] == ["Late task", "A soon", "B soon", "Coming task"]
    assert [u for _, u in ranked] == [Urgency.OVERDUE, Urgency.DUE_SOON,
                                      Urgency.DUE_SOON, Urgency.COMING_UP]


def test_a_task_without_a_due_date_is_neither_due_soon_nor_overdue():
    undated = Task(title="Certify", url="/record/attest/1/")
    assert undated.urgency(TODAY) is Urgency.NO_DUE_DATE
    assert Urgency.DUE_SOON < Urgency.NO_DUE_DATE < Urgency.COMING_UP


@pytest.fixture
def dashboard_rep(db):
    firm = FirmFactory(name="Summit Ridge Securities")
    FirmSettingsFactory(firm=firm, attestation_employees=True,
                        ce_firm_due_date=dt.date(2026, 11, 30))
    user = VerifiedRepFactory(individual__first_name="Dana", individual__last_name="Rivera")
    AssociationFactory(individual=user.individual, firm=firm)
    RegistrationFactory(individual=user.individual, firm=firm, category=CategoryRef(code="GS"))
    return user


def test_dashboard_shows_tasks_summary_and_details(client, dashboard_rep):
    client.force_login(dashboard_rep)
    body = client.get("/").content.decode()
    assert "My Task list" in body
    assert "Certify your record for Summit Ridge Securities" in body
    # "Certify your record" has no due date: its own neutral badge, not "Due soon" beside "No due date".
    assert 'class="badge badge-neutral">To do' in body
    assert "Due soon" not in body
    assert "Summary" in body and "Details" in body
    assert "Dana Rivera" in body and str(dashboard_rep.individual.crd_number) in body
    assert "Summit Ridge Securities (CRD#" in body and "Employee" in body
    assert "Registered" in body
    assert "Regulatory Element due 12/31/2026" in body
    assert "Firm due date 11/30/2026" in body
    assert "no-store" in client.get("/")["Cache-Control"]


def test_dashboard_without_firm_due_date_shows_only_the_sro_date(client, rep):
    RegistrationFactory(individual=rep.individual, firm=FirmFactory())
    client.force_login(rep)
    body = client.get("/").content.decode()
    assert "Regulatory Element due 12/31/2026" in body
    assert "Firm due date" not in body


def _count(client):
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])


@override_settings(MYTASK_PROVIDER_APPS=["crd"])
def test_dashboard_query_count_is_flat(client):
    counts = []
    for n in (1, 50):
        firm = FirmFactory()
        FirmSettingsFactory(firm=firm, attestation_employees=True)
        user = VerifiedRepFactory()
        AssociationFactory(individual=user.individual, firm=firm)
        for _ in range(n):
            RegistrationFactory(individual=user.individual, firm=firm)
        client.force_login(user)
        counts.append(_count(client))
    assert counts[0] == counts[1]
    assert counts[1] <= 5 + _session_reads(), "user, person, firms, registrations, the CE plan"


def _session_reads() -> int:
    """Database sessions (no Redis, `make run`) read the session row; cache sessions do not."""
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith(".cache") else 1


def test_dashboard_with_every_provider_stays_within_five_queries_and_writes_nothing(client):
    """DESIGN.md's budget: five queries with all My Task providers, flat as the record grows;
    the providers that have nothing for the person say so from hints loaded with the person."""
    from tests.factories import ProfileFactory

    counts = []
    for n in (1, 40):
        firm = FirmFactory()
        FirmSettingsFactory(firm=firm, attestation_employees=True)
        user = VerifiedRepFactory()
        ProfileFactory(user=user)
        AssociationFactory(individual=user.individual, firm=firm)
        for _ in range(n):
            RegistrationFactory(individual=user.individual, firm=firm)
        client.force_login(user)
        client.get("/")
        with CaptureQueriesContext(connection) as ctx:
            body = client.get("/").content.decode()
        statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
        assert not [q for q in statements if q.split(" ", 1)[0] in ("INSERT", "UPDATE", "BEGIN")], statements
        assert f"Certify your record for {firm.name}" in body and "Verify your contact emails" in body
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert counts[1] <= 5 + _session_reads(), counts
