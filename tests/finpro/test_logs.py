"""No SSN, date of birth, email or passcode reaches a log line."""

import logging

import pytest

from finpro.logging import RedactPIIFilter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "secret",
    ["123-45-6789", "123456789", "04/12/1985", "1985-04-12", "avery.q@mail.example", "493817"],
)
def test_filter_masks_pii_in_messages_and_arguments(secret):
    # a bare six-digit number is not a passcode (a firm's CRD# is six digits): one after "passcode" is
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "lookup for passcode %s failed", (secret,), None)
    RedactPIIFilter().filter(record)
    assert secret not in record.getMessage()


def test_every_configured_handler_carries_the_filter():
    ours = [h for h in logging.getLogger().handlers if not type(h).__module__.startswith("_pytest")]
    assert ours
    for handler in ours:
        assert any(isinstance(f, RedactPIIFilter) for f in handler.filters)


def test_a_request_that_fails_logs_no_pii(client, caplog, rep):
    """The error log of a failed sign-in for a known person carries none of their data."""
    caplog.set_level(logging.DEBUG)
    person = rep.individual
    client.post("/accounts/login/", {"login": rep.username, "password": "wrong"})
    client.get("/no-such-page/?ssn=" + person.ssn)
    handler_output = "\n".join(
        RedactPIIFilter().filter(r) and r.getMessage() for r in caplog.records
    )
    for secret in (person.ssn, person.date_of_birth.strftime("%m/%d/%Y"), rep.email):
        assert secret not in handler_output
