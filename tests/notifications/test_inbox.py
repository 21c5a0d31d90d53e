"""The person's inbox: every message sent to their account with its message code, read/unread,
the unread count in the top bar (no query once warm), another person's message a 404."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.inbox import unread_count
from notifications.services import notify
from tests.factories import VerifiedRepFactory

pytestmark = pytest.mark.django_db


def _send(user, name="Avery", **kwargs):
    return notify(kind="test_message", address=user.email, recipient=user, context={"name": name}, **kwargs)


def test_every_email_carries_a_message_code_and_says_where_to_check_it(rep, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = _send(rep)
    assert re.fullmatch(r"FP-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", sent.message_code)
    assert f"Message code: {sent.message_code}" in sent.body_text
    assert "open Inbox" in sent.body_text and "before you" in sent.body_text
    from django.core import mail

    assert sent.message_code in mail.outbox[-1].body


def test_the_inbox_lists_my_messages_with_their_codes_and_not_anyone_elses(rep_client, rep):
    mine = _send(rep)
    other = VerifiedRepFactory()
    theirs = _send(other, name="Someone else")
    page = rep_client.get(reverse("inbox:index"))
    text = page.content.decode()
    assert page.status_code == 200
    assert mine.message_code in text and theirs.message_code not in text
    assert "Check before you trust a link" in text and "Unread" in text
    assert rep_client.get(reverse("inbox:message", kwargs={"pk": theirs.pk})).status_code == 404


def test_opening_a_message_marks_it_read_and_the_count_drops(rep_client, rep, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _send(rep)
        _send(rep)
    assert unread_count(user=rep) == 2
    assert "2<span class=\"visually-hidden\"> unread" in rep_client.get(reverse("inbox:index")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        opened = rep_client.get(reverse("inbox:message", kwargs={"pk": first.pk}))
    assert opened.status_code == 200 and first.message_code in opened.content.decode()
    first.refresh_from_db()
    assert first.read_at is not None
    assert unread_count(user=rep) == 1


def test_the_unread_count_costs_no_query_once_warm(rep):
    _send(rep)
    assert unread_count(user=rep) == 1
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(user=rep) == 1
    assert not queries.captured_queries


def test_a_new_message_refreshes_the_count_after_commit(rep, django_capture_on_commit_callbacks):
    assert unread_count(user=rep) == 0
    with django_capture_on_commit_callbacks(execute=True):
        _send(rep)
    assert unread_count(user=rep) == 1


def test_a_passcode_is_not_shown_again_in_the_inbox(rep_client, rep):
    sent = notify(kind="test_message", address=rep.email, recipient=rep, context={"name": "123456"}, sensitive=True)
    page = rep_client.get(reverse("inbox:message", kwargs={"pk": sent.pk})).content.decode()
    assert "This is a test message" not in page and "not shown again" in page


def test_the_inbox_needs_sign_in(client):
    assert client.get(reverse("inbox:index"))["Location"].startswith(reverse("account_login"))
