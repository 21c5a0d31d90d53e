"""Nothing secret reaches stdout or a log line, and a log line stays useful: passcodes are
masked but a firm's CRD# is not; a 404 or 403 is a warning, not an "unhandled" error."""

import io
import logging

import pytest

from accounts import services as account_services
from finpro.logging import RedactPIIFilter, redact
from identity import services as identity_services
from identity.choices import Method
from notifications.models import Notification
from tests import factories
from tests.identity.factories import person_to_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_output():
    """What the console handler would write: a stream handler with the project's filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactPIIFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.parametrize("channel", [Method.SMS, Method.VOICE])
def test_console_sms_backend_logs_through_the_filter_and_prints_nothing(
        settings, capsys, log_output, channel, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "notifications.sms.ConsoleBackend"
    person = person_to_verify()
    identity_services.case_start(user=person)
    with django_capture_on_commit_callbacks(execute=True):
        identity_services.case_choose(user=person, method=channel)
    assert capsys.readouterr().out == ""
    written = log_output.getvalue()
    assert "FinPro" in written and "[redacted-code]" in written
    sent = Notification.objects.filter(channel=channel).latest("pk").body_text
    digits = "".join(ch for ch in sent if ch.isdigit())[:6]
    assert len(digits) == 6 and digits not in written.replace(", ", "")
    assert "+15550100101" not in written and "***0101" in written


@pytest.mark.parametrize("text", [
    "FinPro: your identity verification passcode is 493817. It expires in 10 minutes.",
    "Your identity verification passcode is: 4, 9, 3, 8, 1, 7. Again: 4, 9, 3, 8, 1, 7.",
    "code=493817",
])
def test_passcodes_are_masked(text):
    out = redact(text)
    assert "[redacted-code]" in out
    assert "493817" not in out.replace(", ", "")


@pytest.mark.parametrize("text", ["Roster of Summit Ridge (CRD# 123456)", "GET /firm/123456/roster/ 200",
                                  "sent 250000 reminders"])
def test_other_six_digit_numbers_stay_readable(text):
    assert redact(text) == text


def test_404_and_403_are_warnings_not_unhandled_errors(client, caplog):
    rep = factories.VerifiedRepFactory()
    client.force_login(rep)
    caplog.set_level(logging.INFO)
    assert client.get("/firm/999999/").status_code == 404  # Http404 raised in the view
    assert client.get("/firm/").status_code == 403  # PermissionDenied: not a member of any firm
    assert not [r for r in caplog.records if r.name == "finpro.errors"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert {r.levelno for r in caplog.records if r.name == "django.request"} == {logging.WARNING}


def test_an_unexpected_exception_still_gets_a_reference(client, caplog, monkeypatch):
    from portal.middleware import ErrorReferenceMiddleware

    request = type("R", (), {"method": "GET", "path": "/x/"})()
    ErrorReferenceMiddleware(lambda r: None).process_exception(request, RuntimeError("boom"))
    assert request.error_reference
    assert [r for r in caplog.records if r.name == "finpro.errors" and r.levelno == logging.ERROR]


def test_email_change_confirmation_is_sensitive_in_the_outbox_admin(client, superuser):
    user = factories.VerifiedRepFactory()
    account_services.email_change_request(user=user, kind="personal", new_email="new.address@mail.example",
                                          link_base="https://finpro.example")
    note = Notification.objects.get(kind="email_change_confirm")
    assert note.sensitive
    client.force_login(superuser)
    page = client.get(f"/admin/notifications/notification/{note.pk}/change/").content.decode()
    assert "hidden: this message carried a one-time passcode or link" in page
    assert "/account/email-confirm/" not in page
