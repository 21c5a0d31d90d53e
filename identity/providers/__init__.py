"""Credit bureau providers. `get_bureau()` returns the one settings.IDENTITY_BUREAU names."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Bureau, NotEnoughFacts, PhoneMatch, Question, QuizResult, QuizUnavailable

DEFAULT_BUREAU = "identity.providers.sandbox.SandboxBureau"

__all__ = ["Bureau", "NotEnoughFacts", "PhoneMatch", "Question", "QuizResult", "QuizUnavailable", "get_bureau"]


def get_bureau() -> Bureau:
    return import_string(getattr(settings, "IDENTITY_BUREAU", DEFAULT_BUREAU))()
