"""A logging filter that keeps SSNs, birth dates, emails and passcodes out of log lines."""

import logging
import re

_PATTERNS = [
    (re.compile(r"\b\d{3}-?\d{2}-?\d{4}\b"), "[redacted-ssn]"),
    (re.compile(r"\b\d{2}/\d{2}/\d{4}\b"), "[redacted-date]"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "[redacted-date]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[redacted-email]"),
    (re.compile(r"\b\d{6}\b"), "[redacted-code]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactPIIFilter(logging.Filter):
    """Rewrites each record's message with PII patterns masked, before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is still logged, redacted
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True
