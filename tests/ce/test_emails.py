"""CE emails: status changes and due-date reminders per firm settings, through notifications.notify,
at most once per person, year and kind (a database constraint), fanned out in chunks."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction

from ce import emails, reminders, services
from ce.models import CENotice
from firmsettings.models import FirmSettings
from notifications.models import Notification
from tests.factories import AssociationFactory, CategoryRef, CENoticeFactory, IndividualFactory, RegistrationFactory

from .conftest import complete

pytestmark = pytest.mark.django_db

ET = ZoneInfo("America/New_York")


def _settings(firm, **values):
    FirmSettings.objects.filter(firm=firm).update(**values)


def test_status_change_emails_go_to_the_person_and_the_firm_copy(dana, summit, content, year):
    _settings(summit, ce_status_change_emails=True, ce_copy_to_email="ce@summit.example")
    plan = services.learning_plan_assign(individual=dana.individual, year=year)
    required = Notification.objects.get(kind="ce_status_change", address=dana.email)
    assert "CE Required" in required.subject
    assert Notification.objects.filter(kind="ce_status_change_firm_copy", address="ce@summit.example").count() == 1
    for pm in plan.plan_modules.all():
        complete(pm)
    assert Notification.objects.filter(kind="ce_status_change", address=dana.email).count() == 2
    assert "Satisfied" in Notification.objects.filter(kind="ce_status_change").first().subject
    assert set(CENotice.objects.values_list("kind", flat=True)) == {"ce_required", "satisfied"}


def test_no_status_change_email_when_the_firm_turned_it_off(dana, summit, content, year):
    plan = services.learning_plan_assign(individual=dana.individual, year=year)
    for pm in plan.plan_modules.all():
        complete(pm)
    assert not Notification.objects.exists()


def test_a_status_change_email_goes_out_once_per_person_year_and_kind(plan, summit):
    _settings(summit, ce_status_change_emails=True)
    assert emails.status_change_notify(plan=plan, status="satisfied") is not None
    assert emails.status_change_notify(plan=plan, status="satisfied") is None
    assert Notification.objects.filter(kind="ce_status_change").count() == 1


def test_one_notice_per_kind_is_a_database_constraint(plan):
    CENoticeFactory(individual=plan.individual, ce_year=plan.ce_year, kind="reminder_30")
    with pytest.raises(IntegrityError), transaction.atomic():
        CENoticeFactory(individual=plan.individual, ce_year=plan.ce_year, kind="reminder_30")


def _crowd(firm, year, n):
    people = []
    for _ in range(n):
        person = IndividualFactory()
        AssociationFactory(individual=person, firm=firm)
        RegistrationFactory(individual=person, firm=firm, category=CategoryRef(code="GS"))
        services.learning_plan_assign(individual=person, year=year)
        people.append(person)
    return people


def test_reminders_fan_out_in_chunks_on_the_firms_days_and_never_twice(dana, summit, content, year):
    from tests.factories import UserFactory

    _settings(summit, ce_reminders_enabled=True, ce_reminder_days=[30, 7], ce_firm_due_date=dt.date(year, 11, 30),
              ce_copy_to_email="ce@summit.example")
    services.learning_plan_assign(individual=dana.individual, year=year)
    crowd = _crowd(summit, year, 4)
    for person in crowd:
        UserFactory(individual=person)
    done = crowd[0]
    for pm in done.learning_plans.get().plan_modules.all():
        complete(pm)
    with time_machine.travel(dt.datetime(year, 10, 31, 7, tzinfo=ET), tick=False):
        assert reminders.reminders_fan_out(chunk_size=2) == 2  # four plans not satisfied, two per chunk
        assert reminders.reminders_fan_out(chunk_size=2) == 2
    sent = Notification.objects.filter(kind="ce_reminder")
    assert sent.count() == 4, "the satisfied person gets none, and the replay sends nothing"
    assert dana.individual.pk in set(sent.values_list("individual_id", flat=True))
    assert done.pk not in set(sent.values_list("individual_id", flat=True))
    first = sent.first()
    assert first.related_date == dt.date(year, 11, 30) and "in 30 days" in first.body_text
    assert "Summit Ridge Securities set this date" in first.body_text
    assert Notification.objects.filter(kind="ce_reminder_firm_copy").count() == 4
    with time_machine.travel(dt.datetime(year, 11, 1, 7, tzinfo=ET), tick=False):
        assert reminders.reminders_fan_out() == 0, "not one of the chosen days"


def test_no_reminders_when_the_firm_turned_them_off_and_dec_31_without_a_firm_date(dana, summit, content, year):
    services.learning_plan_assign(individual=dana.individual, year=year)
    _settings(summit, ce_reminder_days=[14])
    with time_machine.travel(dt.datetime(year, 12, 17, 7, tzinfo=ET), tick=False):
        assert reminders.reminders_fan_out() == 0
        _settings(summit, ce_reminders_enabled=True)
        assert reminders.reminders_fan_out() == 1
    assert Notification.objects.get(kind="ce_reminder").related_date == dt.date(year, 12, 31)


def test_plan_selection_is_one_query(dana, summit, content, year, django_assert_num_queries):
    _crowd(summit, year, 5)
    run = reminders.ReminderRun(firm_id=summit.pk, days=30, due_date=dt.date(year, 12, 31))
    with django_assert_num_queries(1):
        assert len(reminders.plan_ids_for(run=run, today=dt.date(year, 12, 1))) == 5


def test_a_redelivered_chunk_sends_only_what_was_not_sent(dana, summit, content, year):
    """A worker killed midway: the people it reached have their notice and outbox row, the others
    neither; running the chunk again completes it without doubling anyone."""
    from tests.factories import UserFactory

    _settings(summit, ce_reminders_enabled=True, ce_reminder_days=[30])
    crowd = _crowd(summit, year, 3)
    for person in crowd:
        UserFactory(individual=person)
    ids = sorted(p.learning_plans.get().pk for p in crowd)
    due = dt.date(year, 12, 31)
    assert reminders.reminder_chunk_send(firm_id=summit.pk, days=30, due_date=due, plan_ids=ids[:1]) == 1
    assert reminders.reminder_chunk_send(firm_id=summit.pk, days=30, due_date=due, plan_ids=ids) == 2
    assert Notification.objects.filter(kind="ce_reminder").count() == 3
    assert CENotice.objects.filter(kind="reminder_30").count() == 3


def test_a_chunk_costs_a_fixed_number_of_queries_and_one_per_email_sent(dana, summit, content, year,
                                                                        django_assert_max_num_queries):
    from tests.factories import UserFactory

    _settings(summit, ce_reminders_enabled=True, ce_reminder_days=[30])
    crowd = _crowd(summit, year, 10)
    for person in crowd:
        UserFactory(individual=person)
    ids = [p.learning_plans.get().pk for p in crowd]
    mail.outbox.clear()
    # reads, the two bulk inserts (and on PostgreSQL synchronous_commit off and back) are fixed; each
    # email sent is marked sent on its own
    with django_assert_max_num_queries(17 + 10):
        assert reminders.reminder_chunk_send(firm_id=summit.pk, days=30, due_date=dt.date(year, 12, 31),
                                             plan_ids=ids) == 10
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.account.email for p in crowd)


def test_reminders_a_dead_worker_wrote_but_never_sent_go_out_once_when_the_chunk_runs_again(
        dana, summit, content, year):
    """Killed after its transaction committed and before the mail went out: the outbox rows are
    there, queued; the chunk's next run (redelivery, or the fan-out's catch-up run) sends them."""
    from firmsettings.selectors import settings_for
    from tests.factories import UserFactory

    _settings(summit, ce_reminders_enabled=True, ce_reminder_days=[30])
    crowd = _crowd(summit, year, 3)
    for person in crowd:
        UserFactory(individual=person)
    plans = [p.learning_plans.select_related("individual", "ce_year").get() for p in crowd]
    due = dt.date(year, 12, 31)
    written = emails.reminders_write(plans=plans[:2], firm=summit, days=30, due_date=due,
                                     firm_settings=settings_for(firm=summit),
                                     users={p.individual_id: p.individual.account for p in plans})
    assert len(written) == 2
    mail.outbox.clear()
    assert reminders.reminder_chunk_send(firm_id=summit.pk, days=30, due_date=due,
                                         plan_ids=[p.pk for p in plans]) == 3
    assert reminders.reminder_chunk_send(firm_id=summit.pk, days=30, due_date=due,
                                         plan_ids=[p.pk for p in plans]) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.individual.account.email for p in plans)
    assert Notification.objects.filter(kind="ce_reminder", status="sent").count() == 3
