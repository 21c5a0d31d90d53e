"""My Account: profile, email change with confirmation, phones, address (only without a firm),
recent sign-ins, constant query count."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.models import Profile, SignInEvent
from tests.factories import AssociationFactory, IndividualFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(username="my.account", email="old@mail.example", individual=IndividualFactory())
    Profile.objects.create(user=user, business_phone="+12125550134", personal_phone="+19175550142",
                           business_email="work@firm.example", address_line1="350 Fifth Ave", city="New York",
                           state="NY", postal_code="10118", country="US")
    services.security_questions_set(user=user, answers=[("first_pet", "a"), ("first_car", "b"), ("best_man", "c")])
    # A real password sign-in, so the 5-minute re-authentication window for email and phone changes is open.
    client.post(reverse("account_login"), {"login": "my.account", "password": "correct horse battery staple"})
    client.post(reverse("account_reauthenticate"), {"password": "correct horse battery staple"})
    return user


def test_changing_email_asks_for_the_password_again_after_five_minutes(client, member):
    assert client.get(reverse("account:email_edit", args=["personal"])).status_code == 200
    import time_machine

    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=6)):
        response = client.get(reverse("account:email_edit", args=["personal"]))
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response.url


def test_initials_menu_links_to_my_account(client, member):
    assert reverse("my_account") in client.get(reverse("my_account")).content.decode()
    assert reverse("my_account") == "/account/"


def test_my_account_shows_profile_and_edit_links(client, member):
    page = client.get(reverse("my_account")).content.decode()
    for text in ("my.account", "old@mail.example", "work@firm.example", "(212) 555-0134", "350 Fifth Ave",
                 "Edit Personal Email", "Edit Business Email", "Turn on an authenticator app",
                 "Connect Google"):
        assert text in page, text


def test_email_change_switches_only_after_confirmation_and_tells_the_old_address(client, member, deliver):
    with deliver():
        response = client.post(reverse("account:email_edit", args=["personal"]), {"new_email": "new@mail.example"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "old@mail.example"
    assert mail.outbox[-1].to == ["new@mail.example"]
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    assert client.get(link).status_code == 200
    with deliver():
        client.post(link)
    member.refresh_from_db()
    assert member.email == "new@mail.example"
    assert mail.outbox[-1].to == ["old@mail.example"] and "changed" in mail.outbox[-1].subject
    assert client.post(link).status_code == 410


def test_business_email_change(client, member, deliver):
    with deliver():
        client.post(reverse("account:email_edit", args=["business"]), {"new_email": "me@newfirm.example"})
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    assert Profile.objects.get(user=member).business_email == "work@firm.example"
    client.post(link)
    assert Profile.objects.get(user=member).business_email == "me@newfirm.example"


def test_phones_are_parsed_and_stored_e164(client, member):
    response = client.post(reverse("account:phones_edit"), {"business_phone": "garbage", "personal_phone": "x"})
    assert "Enter a phone number" in response.content.decode()
    client.post(reverse("account:phones_edit"), {"business_phone": "212 555 0199", "personal_phone": "+1 917 555 0100"})
    profile = Profile.objects.get(user=member)
    assert str(profile.business_phone) == "+12125550199" and str(profile.personal_phone) == "+19175550100"


def test_address_editable_without_a_firm(client, member):
    response = client.post(reverse("account:address_edit"), {
        "address_line1": "1 Main St", "city": "Allston", "state": "MA", "postal_code": "02134", "country": "US"})
    assert response.status_code == 302
    assert Profile.objects.get(user=member).city == "Allston"


def test_address_locked_while_associated_with_a_firm(client, member):
    AssociationFactory(individual=member.individual)
    assert "compliance department" in client.get(reverse("my_account")).content.decode()
    response = client.post(reverse("account:address_edit"), {
        "address_line1": "1 Main St", "city": "Allston", "state": "MA", "postal_code": "02134", "country": "US"})
    assert response.status_code == 403
    assert Profile.objects.get(user=member).city == "New York"


def test_address_editable_once_the_association_ended(client, member):
    AssociationFactory(individual=member.individual, end_date=dt.date(2020, 1, 1))
    assert client.get(reverse("account:address_edit")).status_code == 200


def test_my_account_query_count_does_not_grow_with_sign_ins(client, member, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("my_account")).status_code == 200
        return len(ctx)

    SignInEvent.objects.create(user=member)
    small = count()
    SignInEvent.objects.bulk_create(SignInEvent(user=member) for _ in range(40))
    assert count() == small
    page = client.get(reverse("my_account")).content.decode()
    signins = page[page.index('class="signin-list"'):]
    assert signins[:signins.index("</ul>")].count("<li>") == 10  # the last 10


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("my_account"))
    assert response.status_code == 302 and reverse("account_login") in response.url
