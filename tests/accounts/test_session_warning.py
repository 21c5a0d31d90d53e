"""The idle-session warning: settings reach the page, and "Stay signed in" refreshes the session."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import VerifiedRepFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def signed_in(client):
    VerifiedRepFactory(username="idle.rep")
    start = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.post(reverse("account_login"), {"login": "idle.rep", "password": PASSWORD})
        assert SESSION_KEY in client.session
    return client, start


def test_signed_in_pages_carry_the_idle_settings_and_the_script(client, settings):
    settings.SESSION_COOKIE_AGE = 900
    settings.SESSION_WARNING_SECONDS = 120
    client.force_login(VerifiedRepFactory())
    page = client.get("/").content.decode()
    assert 'data-session-idle-seconds="900"' in page and 'data-session-warning-seconds="120"' in page
    assert f'data-session-keepalive-url="{reverse("accounts:session_keepalive")}"' in page
    assert "js/session.js" in page
    assert 'role="alertdialog"' in page and "Stay signed in" in page


def test_anonymous_pages_have_no_idle_warning(client, db):
    page = client.get("/").content.decode()
    assert "data-session-idle-seconds" not in page and "js/session.js" not in page
    assert "alertdialog" not in page


def test_warning_never_exceeds_the_idle_limit(client, settings):
    settings.SESSION_COOKIE_AGE = 60
    settings.SESSION_WARNING_SECONDS = 120
    client.force_login(VerifiedRepFactory())
    assert 'data-session-warning-seconds="60"' in client.get("/").content.decode()


def test_idle_session_ends_after_fifteen_minutes(signed_in):
    client, start = signed_in
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        response = client.get(reverse("my_account"))
        assert response.status_code == 302 and reverse("account_login") in response.url


def test_stay_signed_in_refreshes_the_idle_clock(signed_in):
    client, start = signed_in
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert client.post(reverse("accounts:session_keepalive")).status_code == 204
    with time_machine.travel(start + dt.timedelta(minutes=27), tick=False):  # 27 min after sign-in, 13 idle
        assert client.get(reverse("my_account")).status_code == 200


def test_keepalive_after_the_session_ended_says_so(signed_in):
    client, start = signed_in
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert client.post(reverse("accounts:session_keepalive")).status_code == 401


def test_keepalive_is_post_only(signed_in):
    client, start = signed_in
    with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
        assert client.get(reverse("accounts:session_keepalive")).status_code == 405
