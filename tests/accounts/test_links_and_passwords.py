"""Activation and reset links (single use, 24 h / 30 min), password rules, forgot password and
User ID (same answer whether the person exists or not), other sessions ended after a reset."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import User
from tests.factories import UserFactory

from .conftest import profile_data

pytestmark = pytest.mark.django_db

GOOD = "a long walk by the quiet river"


def link_from(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.fixture
def created(acknowledged, person, deliver):
    with deliver():
        acknowledged.post(reverse("accounts:create_profile"), profile_data())
    return User.objects.get(username="jose.avila"), link_from(mail.outbox[-1])


def test_activation_link_sets_the_password_once(client, created):
    user, link = created
    page = client.get(link).content.decode()
    assert 'value="jose.avila"' in page and "readonly" in page
    response = client.post(link, {"new_password": GOOD, "confirm_password": GOOD})
    assert response.status_code == 302 and response.url == reverse("account_login")
    user.refresh_from_db()
    assert user.check_password(GOOD)
    reused = client.get(link)
    assert reused.status_code == 410 and "no longer works" in reused.content.decode()
    assert client.post(link, {"new_password": "another long passphrase", "confirm_password": "another long passphrase"}
                       ).status_code == 410
    user.refresh_from_db()
    assert user.check_password(GOOD)


def test_activation_link_expires_after_24_hours_and_a_new_one_can_be_sent(client, created, deliver):
    user, link = created
    with time_machine.travel(timezone.now() + dt.timedelta(hours=24, minutes=1)):
        response = client.get(link)
        assert response.status_code == 410 and "Send me a new link" in response.content.decode()
        with deliver():
            client.post(link + "resend/")
        new_link = link_from(mail.outbox[-1])
        assert new_link != link
        assert client.get(new_link).status_code == 200
    assert not User.objects.get(pk=user.pk).has_usable_password()


def test_unknown_link_is_a_404(client, db):
    assert client.get(reverse("accounts:activate", args=["not-a-real-token"])).status_code == 404


@pytest.mark.parametrize(("password", "message"), [
    ("fourteen chars", "at least 15 characters"),
    ("x" * 129, "at most 128 characters"),
    ("my name is jose.avila ok", "cannot contain your User ID"),
    ("Avila-Nunez was here 2024", "cannot contain your name"),
    ("123456789012345678", "entirely numeric"),
])
def test_password_rules(client, created, password, message):
    _, link = created
    response = client.post(link, {"new_password": password, "confirm_password": password})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["new_password"])


def test_password_confirmation_must_match(client, created):
    _, link = created
    response = client.post(link, {"new_password": GOOD, "confirm_password": GOOD + "x"})
    assert "do not match" in response.context["form"].errors["confirm_password"][0]


def test_twelve_characters_are_enough_with_an_authenticator_app(db):
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.password_validation import validate_password

    user = UserFactory()
    with pytest.raises(Exception, match="at least 15"):
        validate_password("twelve chars", user)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    validate_password("twelve chars", user)


@pytest.mark.parametrize("identifier", ["reset.me", "RESET.ME", "reset@mail.example"])
def test_forgot_password_by_user_id_or_email_sends_a_30_minute_single_use_link(client, identifier, deliver):
    user = UserFactory(username="reset.me", email="reset@mail.example")
    with deliver():
        response = client.post(reverse("accounts:forgot_password"), {"identifier": identifier})
    assert "If the User ID or email you entered belongs" in response.content.decode()
    assert mail.outbox[-1].to == ["reset@mail.example"]
    link = link_from(mail.outbox[-1])
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        assert client.get(link).status_code == 410
    assert client.post(link, {"new_password": GOOD, "confirm_password": GOOD}).status_code == 302
    assert client.get(link).status_code == 410
    user.refresh_from_db()
    assert user.check_password(GOOD)


def test_forgot_password_and_user_id_answer_the_same_for_unknown_people(client, deliver):
    UserFactory(username="known.person", email="known@mail.example")
    pages = []
    for url, data in [
        ("accounts:forgot_password", {"identifier": "known.person"}),
        ("accounts:forgot_password", {"identifier": "nobody.here"}),
        ("accounts:forgot_user_id", {"email": "known@mail.example"}),
        ("accounts:forgot_user_id", {"email": "nobody@mail.example"}),
    ]:
        with deliver():
            response = client.post(reverse(url), data)
        pages.append(re.sub(r'value="[^"]+"', "", response.content.decode()))
    assert pages[0] == pages[1] and pages[2] == pages[3]
    assert [m.to for m in mail.outbox] == [["known@mail.example"], ["known@mail.example"]]
    assert "known.person" in mail.outbox[1].body


def test_reset_ends_other_sessions(client, deliver):
    user = UserFactory(username="two.devices", email="two@mail.example")
    other = Client()
    other.force_login(user)
    assert other.get(reverse("my_account")).status_code in (200, 302)
    assert SESSION_KEY in other.session
    with deliver():
        services.password_reset_request(identifier="two.devices", link_base="http://testserver")
    client.post(link_from(mail.outbox[-1]), {"new_password": GOOD, "confirm_password": GOOD})
    response = other.get(reverse("my_account"))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_a_failed_sign_in_counts_and_a_success_resets_the_count(client):
    user = UserFactory(username="counting")
    client.post(reverse("account_login"), {"login": "counting", "password": "wrong password here"})
    user.refresh_from_db()
    assert user.failed_sign_ins == 1
    client.post(reverse("account_login"), {"login": "counting", "password": "correct horse battery staple"})
    user.refresh_from_db()
    assert user.failed_sign_ins == 0


def test_support_can_unlock_in_the_admin(client, superuser):
    locked = UserFactory(username="locked.out", failed_sign_ins=50, password_disabled_at=timezone.now())
    client.force_login(superuser)
    response = client.post(reverse("admin:accounts_user_changelist"),
                           {"action": "unlock", "_selected_action": [locked.pk]})
    assert response.status_code == 302
    locked.refresh_from_db()
    assert locked.password_disabled_at is None and locked.failed_sign_ins == 0


def test_set_password_states_the_same_rule_as_every_other_password_form(client, created):
    from accounts.validators import password_rule_text

    _, link = created
    assert password_rule_text() in client.get(link).content.decode()
