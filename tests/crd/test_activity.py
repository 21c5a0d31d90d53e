"""The person's record activity: firm staff opening their details, exports of their firm's people
while they were with it, support staff in the admin by role (never by name), filings; retention."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from crd.activity import activity_firm_export, activity_for, activity_purge
from crd.models import RecordActivity
from finpro.support_groups import AGENT
from firmsettings.models import FirmMembership
from tests.factories import AssociationFactory, FilingFactory, FirmFactory, RecordActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _officer(firm):
    officer = UserFactory(username="casey.compliance", first_name="Casey", last_name="Compliance")
    FirmMembership.objects.create(firm=firm, user=officer, role="compliance")
    return officer


def test_a_firm_opening_my_filing_shows_in_my_activity(rep, rep_client):
    from django.test import Client

    firm = FirmFactory(name="Summit Ridge Securities")
    AssociationFactory(individual=rep.individual, firm=firm)
    filing = FilingFactory(firm=firm, individual=rep.individual)
    client = Client()
    client.force_login(_officer(firm))
    url = reverse("firm:u4_detail", kwargs={"crd_number": firm.crd_number, "pk": filing.pk})
    assert client.get(url).status_code == 200
    page = rep_client.get(reverse("record:activity"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Casey Compliance" in text and "Summit Ridge Securities" in text and "Viewed your details" in text


def test_exports_show_for_people_with_the_firm_on_the_day_only(rep):
    firm, other = FirmFactory(), FirmFactory()
    AssociationFactory(individual=rep.individual, firm=firm, start_date=dt.date(2020, 1, 1))
    officer = _officer(firm)
    activity_firm_export(firm=firm, user=officer, detail="Roster CSV")
    activity_firm_export(firm=other, user=officer, detail="Roster CSV")
    old = RecordActivity.objects.create(firm=firm, actor_kind="firm", actor_label="Before", action="exported")
    RecordActivity.objects.filter(pk=old.pk).update(at=timezone.make_aware(dt.datetime(2019, 6, 1)))
    entries = activity_for(individual=rep.individual)
    assert [(e.firm_name, e.detail) for e in entries] == [(firm.name, "Roster CSV")]


def test_support_staff_are_named_by_role_not_by_name(admin_client_for_agent, rep):
    client, agent = admin_client_for_agent
    url = reverse("admin:crd_individual_change", args=[rep.individual.pk])
    assert client.get(url).status_code == 200
    [entry] = activity_for(individual=rep.individual)
    assert entry.who == "FinPro support (Support agent)"
    assert agent.first_name not in entry.who and agent.username not in entry.who


@pytest.fixture
def admin_client_for_agent(client):
    agent = UserFactory(is_staff=True, username="sam.agent", first_name="Samantha")
    agent.groups.add(Group.objects.get(name=AGENT))
    client.force_login(agent)
    return client, agent


def test_another_persons_activity_is_never_shown(rep_client, rep):
    RecordActivityFactory(actor_label="Someone else's viewer")
    assert "Someone else" not in rep_client.get(reverse("record:activity")).content.decode()


def test_the_activity_page_query_count_is_flat(rep_client, rep, django_assert_max_num_queries):
    firm = FirmFactory()
    AssociationFactory(individual=rep.individual, firm=firm)
    rep_client.get(reverse("record:activity"))
    for _ in range(3):
        RecordActivityFactory(individual=rep.individual)
    with django_assert_max_num_queries(20) as few:
        rep_client.get(reverse("record:activity"))
    for _ in range(30):
        RecordActivityFactory(individual=rep.individual, firm=firm, actor_kind="firm", actor_label="Casey")
        activity_firm_export(firm=firm, user=None, detail="CE Status report")
    with django_assert_max_num_queries(len(few.captured_queries)):
        rep_client.get(reverse("record:activity"))


def test_old_activity_is_purged_after_the_settings_years(settings, rep):
    settings.RECORD_ACTIVITY_YEARS = 2
    kept = RecordActivityFactory(individual=rep.individual)
    gone = RecordActivityFactory(individual=rep.individual)
    RecordActivity.objects.filter(pk=gone.pk).update(at=timezone.now() - dt.timedelta(days=365 * 2 + 5))
    assert activity_purge() == 1
    assert list(RecordActivity.objects.values_list("pk", flat=True)) == [kept.pk]
