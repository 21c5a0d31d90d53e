"""Keeping secrets out of log lines.

`redact` masks SSNs, birth dates, emails and passcodes, and the secret part of every link
that works like a password: firm invitations, account activation, password reset, email
confirmation (ours and allauth's), whether the path appears plain or URL-encoded (a `next=`
parameter). It runs twice: as a structlog processor on every field of django-structlog's
request events, and as a logging filter on the console handler for everything else
(Django's "Not Found: /path" warnings, runserver's access lines, our own loggers)."""

import logging
import re

# Paths whose last segment is a secret token. Keep in step with the URLconfs:
# firmsettings/urls.py, accounts/urls.py, accounts/account_urls.py and allauth's account URLs.
TOKEN_PATHS = (
    "firm/invitations",
    "accounts/activate",
    "accounts/forgot-password",
    "account/email-confirm",
    "accounts/confirm-email",
    "accounts/password/reset/key",
)
_SLASH = r"(?:/|%2[Ff])"
_TOKEN_PATH = re.compile(
    r"(?P<prefix>" + _SLASH + r"(?:" + "|".join(p.replace("/", _SLASH) for p in TOKEN_PATHS) + r")" + _SLASH + r")"
    r"(?:%(?!2[Ff])[0-9A-Fa-f]{2}|[^/%\s'\"?#&])+"
)
_TOKEN_PARAM = re.compile(r"(?P<prefix>[?&](?:token|key)=)[^&\s'\"#]+", re.IGNORECASE)
TOKEN_MASK = "[redacted-token]"
# A passcode is six digits (maybe spoken: "4, 9, 3, 8, 1, 7") after the word code, passcode, OTP
# or PIN; other six-digit numbers (a firm's CRD#, a count) stay readable.
_PASSCODE = re.compile(
    r"(?P<prefix>\b(?:pass)?codes?\b|\b(?:otp|pin)\b)(?P<rest>[^\d\n]{0,24})\d(?:[\s,.-]{0,2}\d){5}(?!\d)",
    re.IGNORECASE,
)
CODE_MASK = "[redacted-code]"
_SPOKEN_CODE = re.compile(r"\b\d(?:, \d){5}\b")  # the voice message reads the code digit by digit

_PATTERNS = [
    (_TOKEN_PATH, r"\g<prefix>" + TOKEN_MASK),
    (_TOKEN_PARAM, r"\g<prefix>" + TOKEN_MASK),
    (re.compile(r"\b\d{3}-?\d{2}-?\d{4}\b"), "[redacted-ssn]"),
    (re.compile(r"\b\d{2}/\d{2}/\d{4}\b"), "[redacted-date]"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "[redacted-date]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[redacted-email]"),
    (_SPOKEN_CODE, CODE_MASK),
    (_PASSCODE, r"\g<prefix>\g<rest>" + CODE_MASK),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_token_paths(text: str) -> str:
    """Only the link tokens (for fields where dates and numbers must stay, like timestamps)."""
    for pattern, replacement in _PATTERNS[:2]:
        text = pattern.sub(replacement, text)
    return text


def redact_event_dict(logger, method_name, event_dict):
    """structlog processor: mask secrets in every text field of the event except the timestamp."""
    for key, value in event_dict.items():
        if key == "timestamp":
            continue
        if isinstance(value, str):
            event_dict[key] = redact(value)
        elif value is not None and not isinstance(value, int | float | bool):
            event_dict[key] = redact(str(value))
    return event_dict


class RedactPIIFilter(logging.Filter):
    """Rewrites each record's message with PII and link tokens masked, before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is still logged, redacted
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)  # formatters use exc_text when it is set
        return True
