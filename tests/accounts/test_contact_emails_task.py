"""The "Verify contact emails" task: an email change waiting for its confirmation link, and
the yearly "these are still correct" confirmation of the personal and business emails."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import mytasks, selectors, services
from accounts.choices import TokenPurpose
from accounts.models import AccountToken, Profile
from tests.factories import (
    AssociationFactory,
    FirmFactory,
    ProfileFactory,
    RegistrationFactory,
    UserFactory,
    VerifiedRepFactory,
)

pytestmark = pytest.mark.django_db

CONFIRMED = dt.date(2025, 6, 15)
NOON = dt.timezone(dt.timedelta(hours=-4))  # Eastern daylight time


def _at(day: dt.date):
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=NOON)


def _loaded(user):
    """The user as the authentication backend loads it for a request."""
    return selectors.user_for_request(user_id=user.pk)


@pytest.fixture
def person(db):
    user = VerifiedRepFactory(email="dana@mail.example")
    ProfileFactory(user=user, business_email="dana@summit.example", contact_emails_confirmed_on=CONFIRMED)
    return user


def _titles(user):
    return [task.title for task in mytasks.tasks_for(user)]


def test_no_task_when_emails_were_confirmed_within_the_year_and_no_change_waits(person):
    with time_machine.travel(_at(dt.date(2026, 3, 1)), tick=False):
        assert mytasks.tasks_for(_loaded(person)) == []


def test_yearly_confirmation_task_shows_a_month_before_the_anniversary_then_turns_overdue(person):
    from finpro.mytasks import Urgency

    with time_machine.travel(_at(dt.date(2026, 5, 15)), tick=False):  # 31 days before
        assert _titles(_loaded(person)) == []
    with time_machine.travel(_at(dt.date(2026, 5, 20)), tick=False):
        [task] = mytasks.tasks_for(_loaded(person))
        assert task.title == "Verify your contact emails"
        assert task.due_date == dt.date(2026, 6, 15)
        assert task.url == reverse("my_account") + "#contact-title"
        assert "You last confirmed them on 06/15/2025." in task.detail
        assert task.urgency(timezone.localdate()) is Urgency.DUE_SOON
    with time_machine.travel(_at(dt.date(2026, 7, 1)), tick=False):
        [task] = mytasks.tasks_for(_loaded(person))
        assert task.urgency(timezone.localdate()) is Urgency.OVERDUE


def test_never_confirmed_emails_ask_for_a_confirmation_without_a_date(person):
    Profile.objects.filter(user=person).update(contact_emails_confirmed_on=None)
    [task] = mytasks.tasks_for(_loaded(person))
    assert task.due_date is None and "You have not confirmed them yet." in task.detail


def test_an_account_without_a_profile_has_no_email_task(db):
    assert mytasks.tasks_for(_loaded(UserFactory(is_staff=True))) == []


def test_waiting_email_change_shows_the_masked_new_address_until_the_link_expires(person, client):
    start = _at(dt.date(2026, 3, 1))
    with time_machine.travel(start, tick=False):
        services.email_change_request(user=person, kind="business", new_email="dana.rivera@harbor.example",
                                      link_base="http://testserver")
        [task] = mytasks.tasks_for(_loaded(person))
        assert task.title == "Confirm your new Business Email"
        assert "Check d•••@harbor.example for the confirmation link." in task.detail
        assert "dana.rivera" not in task.detail
        assert task.due_date == dt.date(2026, 3, 2)  # the link works for 24 hours
        assert task.url == reverse("my_account") + "#contact-title"
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        assert _titles(_loaded(person)) == []


def test_both_tasks_together_and_the_change_leaves_the_list_once_confirmed(person, client):
    Profile.objects.filter(user=person).update(contact_emails_confirmed_on=None)
    services.email_change_request(user=person, kind="personal", new_email="dana@new.example",
                                  link_base="http://testserver")
    assert _titles(_loaded(person)) == ["Confirm your new Personal Email", "Verify your contact emails"]
    token = AccountToken.objects.get(user=person, purpose=TokenPurpose.EMAIL_CHANGE)
    AccountToken.objects.filter(pk=token.pk).update(used_at=timezone.now())
    assert _titles(_loaded(person)) == ["Verify your contact emails"]


def test_provider_works_on_a_plain_user_object_too(person):
    with time_machine.travel(_at(dt.date(2026, 3, 1)), tick=False):
        services.email_change_request(user=person, kind="personal", new_email="dana@new.example",
                                      link_base="http://testserver")
        plain = type(person).objects.get(pk=person.pk)
        assert _titles(plain) == ["Confirm your new Personal Email"]


def test_provider_reads_profile_and_waiting_change_in_one_query(person):
    services.email_change_request(user=person, kind="personal", new_email="dana@new.example",
                                  link_base="http://testserver")
    Profile.objects.filter(user=person).update(contact_emails_confirmed_on=None)
    with CaptureQueriesContext(connection) as ctx:
        user = _loaded(person)
    assert len(ctx) == 1  # the lean per-request user load: no Profile, no email change
    with CaptureQueriesContext(connection) as ctx:
        assert len(mytasks.tasks_for(user)) == 2
        assert selectors.pending_email_change(user=user).new_email == "dana@new.example"
    assert len(ctx) == 1


def test_dashboard_shows_the_task(person, client):
    Profile.objects.filter(user=person).update(contact_emails_confirmed_on=None)
    client.force_login(person)
    body = client.get("/").content.decode()
    assert "Verify your contact emails" in body


# --- "These are still correct" on My Account ---------------------------------------------


def test_still_correct_button_confirms_the_emails_and_clears_the_task(person, client):
    client.force_login(person)
    with time_machine.travel(_at(dt.date(2026, 6, 20)), tick=False):
        page = client.get(reverse("my_account")).content.decode()
        assert "These are still correct" in page and "Next confirmation due 06/15/2026" in page
        assert "Verify your contact emails" in client.get("/").content.decode()
        response = client.post(reverse("account:contact_emails_confirm"))
        assert response.status_code == 302 and response.url == reverse("my_account")
        page = client.get(reverse("my_account")).content.decode()
        assert "confirmed as current" in page
        assert "Next confirmation due 06/20/2027" in page
        assert "Verify your contact emails" not in client.get("/").content.decode()
    assert Profile.objects.get(user=person).contact_emails_confirmed_on == dt.date(2026, 6, 20)


def test_still_correct_is_post_only_and_needs_sign_in(person, client):
    assert client.post(reverse("account:contact_emails_confirm")).status_code == 302  # to sign-in
    assert Profile.objects.get(user=person).contact_emails_confirmed_on == CONFIRMED
    client.force_login(person)
    assert client.get(reverse("account:contact_emails_confirm")).status_code == 405


def test_still_correct_without_a_profile_is_404(client, db):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.post(reverse("account:contact_emails_confirm")).status_code == 404


def test_my_account_shows_the_waiting_change_masked(person, client):
    services.email_change_request(user=person, kind="personal", new_email="dana@new.example",
                                  link_base="http://testserver")
    client.force_login(person)
    page = client.get(reverse("my_account")).content.decode()
    assert "Your Personal Email changes to d•••@new.example" in page


def test_activation_records_the_emails_as_confirmed(client, deliver):
    user = UserFactory(username="fresh.rep", email="fresh@mail.example", security_questions=False)
    user.set_unusable_password()
    user.save()
    ProfileFactory(user=user)
    with deliver():
        services._send_activation(user=user, link_base="http://testserver")
    from django.core import mail

    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    raw = link.rstrip("/").split("/")[-1]
    with time_machine.travel(_at(dt.date(2026, 2, 3)), tick=False):
        services.password_set_from_token(raw=raw, purpose=TokenPurpose.ACTIVATION, password="Plenty-long-pass-42")
    assert Profile.objects.get(user=user).contact_emails_confirmed_on == dt.date(2026, 2, 3)


# --- The dashboard stays within its query budget with this provider on ----------------------


def _dashboard_queries(client):
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])


@pytest.mark.parametrize("change_waits", [False, True])
def test_dashboard_query_count_with_the_accounts_provider(client, change_waits):
    """The provider's hints ride on the dashboard's Individual query: no query of its own for
    the yearly confirmation, one only while an email change waits (to show its address)."""
    from tests.record.factories import FirmSettingsFactory

    counts = {}
    for apps in (["crd"], ["accounts", "crd"]):
        for n in (1, 30):
            firm = FirmFactory()
            FirmSettingsFactory(firm=firm, attestation_employees=True)
            user = VerifiedRepFactory()
            ProfileFactory(user=user)  # never confirmed: the yearly task shows
            if change_waits:
                services.email_change_request(user=user, kind="personal", new_email=f"{user.username}@new.example",
                                              link_base="http://testserver")
            AssociationFactory(individual=user.individual, firm=firm)
            for _ in range(n):
                RegistrationFactory(individual=user.individual, firm=firm)
            client.force_login(user)
            with override_settings(MYTASK_PROVIDER_APPS=apps):
                counts[(tuple(apps), n)] = _dashboard_queries(client)
                if "accounts" in apps:
                    body = client.get("/").content.decode()
                    assert "Verify your contact emails" in body
                    assert ("Confirm your new Personal Email" in body) is change_waits
    assert counts[("crd",), 1] == counts[("crd",), 30]
    assert counts[("accounts", "crd"), 1] == counts[("accounts", "crd"), 30] == counts[("crd",), 1] + change_waits
    assert max(counts.values()) <= 6  # user, person, associations, registrations, CE plan (+ the waiting change)
