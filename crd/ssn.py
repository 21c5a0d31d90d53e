"""US Social Security numbers: normalising, validating, masking.

Validity rules come from django-localflavor (no 000, 666 or 9xx area, no 00 group, no
0000 serial); we only strip the separators people type and return nine digits.
"""

import re

from django.core.exceptions import ValidationError
from localflavor.us.forms import USSocialSecurityNumberField

_SEPARATORS = re.compile(r"[\s\-.]")

INVALID_MESSAGE = "Enter a valid US Social Security number: nine digits, like 123-45-6789."


def normalize_ssn(value: str) -> str:
    """Return the nine digits of a valid SSN, or raise ValidationError."""
    digits = _SEPARATORS.sub("", value or "")
    if not re.fullmatch(r"\d{9}", digits):
        raise ValidationError(INVALID_MESSAGE, code="invalid_ssn")
    try:
        USSocialSecurityNumberField().clean(f"{digits[:3]}-{digits[3:5]}-{digits[5:]}")
    except ValidationError as exc:
        raise ValidationError(INVALID_MESSAGE, code="invalid_ssn") from exc
    return digits


def mask_last4(last4: str) -> str:
    return f"***-**-{last4}" if last4 else ""
