"""Being signed in costs little (issue 16), and the session limits still hold.

A GET that changes nothing writes neither the session nor the database; the last activity is
recorded at most once a minute; the idle limit (15 minutes) and the absolute one (12 hours,
tests/accounts/test_setup_gate_and_sessions.py) still end the session; the session key changes
at sign-in. These run against whichever session engine the settings pick (the cache with
Redis, the database without)."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import SESSION_SEEN
from tests.factories import VerifiedRepFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
START = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN", "COMMIT")


@pytest.fixture
def signed_in(client):
    VerifiedRepFactory(username="busy.rep")
    with time_machine.travel(START, tick=False):
        assert client.post(reverse("account_login"), {"login": "busy.rep", "password": PASSWORD}).status_code == 302
    return client


def _get(client, at, path="/"):
    with time_machine.travel(at, tick=False), CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    return response, statements


def _stored_session(client, at):
    """The session as the store holds it at `at` (a database session past its expiry reads empty)."""
    with time_machine.travel(at, tick=False):
        return client.session.load()


def test_a_get_that_changes_nothing_writes_neither_session_nor_database(signed_in):
    client = signed_in
    _get(client, START + dt.timedelta(seconds=5))  # the first page after sign-in may set flags
    stored_before = _stored_session(client, START + dt.timedelta(seconds=20))
    assert SESSION_KEY in stored_before
    db_expiry = Session.objects.filter(session_key=client.session.session_key).values_list("expire_date", flat=True)
    expiry_before = list(db_expiry)
    for page in ("/", reverse("record:overview"), reverse("my_account")):
        response, statements = _get(client, START + dt.timedelta(seconds=20), page)
        assert response.status_code == 200
        assert not [s for s in statements if s.split(" ", 1)[0] in WRITES], statements
        assert settings.SESSION_COOKIE_NAME not in response.cookies  # nothing to send back either
    assert _stored_session(client, START + dt.timedelta(seconds=20)) == stored_before
    assert list(db_expiry) == expiry_before  # database sessions (no Redis): expiry not touched


def test_activity_is_recorded_at_most_once_a_minute(signed_in):
    client = signed_in
    later = START + dt.timedelta(minutes=2)
    assert _stored_session(client, later)[SESSION_SEEN] == START.timestamp()
    _get(client, START + dt.timedelta(seconds=59))
    assert _stored_session(client, later)[SESSION_SEEN] == START.timestamp()
    response, _ = _get(client, START + dt.timedelta(seconds=61))
    assert _stored_session(client, later)[SESSION_SEEN] == (START + dt.timedelta(seconds=61)).timestamp()
    assert response.status_code == 200


def test_steady_activity_keeps_the_session_well_past_fifteen_minutes(signed_in):
    client = signed_in
    for seconds in range(50, 40 * 60, 50):  # a click every 50 s: under the recording interval
        response, _ = _get(client, START + dt.timedelta(seconds=seconds))
        assert response.status_code == 200, seconds
    assert SESSION_KEY in _stored_session(client, START + dt.timedelta(minutes=40))


def test_idle_limit_counts_from_the_last_recorded_activity(signed_in):
    client = signed_in
    assert _get(client, START + dt.timedelta(minutes=10))[0].status_code == 200  # recorded
    assert _get(client, START + dt.timedelta(minutes=10, seconds=30))[0].status_code == 200  # not recorded
    # 15 minutes after the last recorded activity (14.5 after the last request): signed out.
    response, _ = _get(client, START + dt.timedelta(minutes=25, seconds=1), reverse("my_account"))
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert SESSION_KEY not in _stored_session(client, START + dt.timedelta(minutes=25, seconds=2))


def test_the_page_is_told_how_long_the_session_has_left(signed_in):
    client = signed_in
    _get(client, START + dt.timedelta(seconds=1))
    response, _ = _get(client, START + dt.timedelta(seconds=31))
    left = settings.SESSION_COOKIE_AGE - 31
    assert f'data-session-idle-seconds="{left}"' in response.content.decode()


def test_the_session_key_changes_at_sign_in(client):
    VerifiedRepFactory(username="fixated.rep")
    session = client.session
    session["planted"] = "by someone else"
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key
    assert client.post(reverse("account_login"), {"login": "fixated.rep", "password": PASSWORD}).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not type(session)(session_key=before).exists(before)  # the old key is gone from the store
    assert SESSION_KEY in client.session
