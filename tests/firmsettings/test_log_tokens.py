"""Link tokens never reach a log line: the invitation link, and the other links that work like a
password (activation, password reset, email confirmation). Captured from the real console
handler that settings.LOGGING installs, with request logging switched on."""

import io
import logging
import secrets
from contextlib import contextmanager

import pytest
from django.urls import reverse

from finpro.logging import TOKEN_MASK, RedactPIIFilter, redact
from firmsettings import services
from firmsettings.choices import MembershipRole

pytestmark = pytest.mark.django_db


@contextmanager
def console_log():
    """Everything the configured console handler writes, with request logging at INFO."""
    (handler,) = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactPIIFilter) for f in h.filters)]
    buffer = io.StringIO()
    old_stream = handler.setStream(buffer)
    names = ("django_structlog", "finpro.requests", "django.request", "django.server")
    loggers = {name: logging.getLogger(name) for name in names}
    old_levels = {name: logger.level for name, logger in loggers.items()}
    for logger in loggers.values():
        logger.setLevel(logging.INFO)
    try:
        yield buffer
    finally:
        handler.setStream(old_stream)
        for name, logger in loggers.items():
            logger.setLevel(old_levels[name])


def test_opening_and_accepting_an_invitation_logs_no_token(client, staff, firm, outsider):
    sent = services.invitation_send(firm=firm, email=outsider.email, role=MembershipRole.VIEWER,
                                    invited_by=staff["admin"])
    link = reverse("firm:invitation", kwargs={"token": sent.token})
    with console_log() as output:
        assert client.get(link).status_code == 200
        # The page's "sign in first" link carries the invitation link in ?next= (URL-encoded).
        assert client.get(reverse("account_login") + "?next=" + link.replace("/", "%2F")).status_code == 200
        client.force_login(outsider)
        assert client.post(link).status_code == 302
        assert client.get(link).status_code == 410  # used: Django logs "Gone: <path>"
        unknown = secrets.token_urlsafe(32)
        assert client.get(reverse("firm:invitation", kwargs={"token": unknown})).status_code == 404
    logged = output.getvalue()
    assert "request_finished" in logged and "Not Found:" in logged and "Gone:" in logged  # the lines were written
    assert f"/firm/invitations/{TOKEN_MASK}/" in logged
    assert sent.token not in logged and unknown not in logged
    assert sent.token[:12] not in logged


@pytest.mark.parametrize("path", [
    "/accounts/activate/{t}/",
    "/accounts/activate/{t}/resend/",
    "/accounts/forgot-password/{t}/",
    "/account/email-confirm/{t}/",
    "/accounts/confirm-email/{t}/",
    "/accounts/password/reset/key/1a-{t}/",
])
def test_other_token_links_log_no_token(client, path):
    token = secrets.token_urlsafe(24).replace("-", "x").replace("_", "y")
    with console_log() as output:
        client.get(path.format(t=token))
    logged = output.getvalue()
    assert "request_finished" in logged
    assert token not in logged


@pytest.mark.parametrize(("line", "secret"), [
    ("GET /firm/invitations/AbC123_-xyz/", "AbC123_-xyz"),
    ("GET /accounts/login/?next=%2Ffirm%2Finvitations%2FAbC123_-xyz%2F", "AbC123_-xyz"),
    ("GET /accounts/login/?next=%2Faccounts%2Factivate%2Fabc%3A1vX%3Asig%2F", "1vX"),
    ("POST /accounts/forgot-password/Zz9.tok:en/ HTTP/1.1", "Zz9.tok:en"),
    ("GET /reset/?token=s3cr3t&x=1", "s3cr3t"),
])
def test_redact_masks_tokens_and_keeps_the_rest(line, secret):
    masked = redact(line)
    assert secret not in masked and TOKEN_MASK in masked


def test_redact_leaves_paths_without_tokens_alone():
    for line in ("GET /accounts/forgot-password/ HTTP/1.1", "POST /firm/1040/invitations/7/revoke/"):
        assert redact(line) == line


def test_no_logger_writes_around_the_filter():
    """Django's default handlers (console when DEBUG, runserver's access log) are replaced:
    every handler on every logger carries the redacting filter."""
    loggers = [logging.getLogger()] + [logging.getLogger(name) for name in logging.root.manager.loggerDict]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if type(handler).__module__.startswith("_pytest") or isinstance(handler, logging.NullHandler):
                continue
            assert any(isinstance(f, RedactPIIFilter) for f in handler.filters), (logger.name, handler)
