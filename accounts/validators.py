"""Password rules beyond Django's: 128 characters at most, and 15 characters at least for
an account without multi-factor authentication (12 with it), per DESIGN.md."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


def password_rule_text() -> str:
    """The password rule in one paragraph, from the validators in AUTH_PASSWORD_VALIDATORS: every
    form that sets a password shows this, and the same validators give the error messages."""
    return " ".join(password_validation.password_validators_help_texts())


def user_has_mfa(user) -> bool:
    if user is None or not getattr(user, "pk", None):
        return False
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MaximumLengthValidator:
    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long. It may have at most {self.max_length} characters.",
                code="password_too_long",
            )

    def get_help_text(self):
        return f"At most {self.max_length} characters."


class MfaAwareMinimumLengthValidator:
    def __init__(self, min_length_with_mfa: int = 12, min_length_without_mfa: int = 15):
        self.with_mfa = min_length_with_mfa
        self.without_mfa = min_length_without_mfa

    def validate(self, password, user=None):
        minimum = self.with_mfa if user_has_mfa(user) else self.without_mfa
        if len(password) < minimum:
            raise ValidationError(
                f"This password is too short. It must have at least {minimum} characters"
                + ("." if minimum == self.with_mfa else " (12 once you turn on an authenticator app)."),
                code="password_too_short",
            )

    def get_help_text(self):
        return (
            f"At least {self.without_mfa} characters ({self.with_mfa} with an authenticator app). "
            "A long phrase is easiest to remember; no symbols are required."
        )


class NotNameOrUserIdValidator:
    """Refuses a password that contains the User ID, first name or last name (case and accents ignored)."""

    def validate(self, password, user=None):
        if user is None:
            return
        from .address import fold

        squashed = fold(password).replace(" ", "")
        for label, value in (("User ID", user.username), ("name", user.first_name), ("name", user.last_name)):
            part = fold(value or "").replace(" ", "")
            if len(part) >= 3 and part in squashed:
                raise ValidationError(f"Your password cannot contain your {label}.", code="password_contains_name")

    def get_help_text(self):
        return "It cannot contain your User ID or your name."
