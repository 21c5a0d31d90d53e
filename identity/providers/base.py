"""The bureau interface. FinPro asks a credit bureau three things: does this phone belong
to this person (and only to them); can you quiz this person; how did they do on the quiz.
The sandbox bureau (identity.providers.sandbox) implements it on its own tables; a real
bureau is one more adapter named in settings.IDENTITY_BUREAU."""

import enum
from dataclasses import dataclass


class PhoneMatch(enum.Enum):
    INDIVIDUAL = "individual"  # the bureau ties the number to this person alone
    MULTI_PARTY = "multi_party"  # the number is on a shared (family, business) plan
    NOT_FOUND = "not_found"  # the bureau does not tie the number to this person


@dataclass(frozen=True)
class Question:
    """One multiple-choice question as shown: the prompt and five choices, the last being
    "None of the Above". The correct index never leaves the bureau adapter."""

    prompt: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class QuizResult:
    correct: int
    total: int
    passed: bool


class NotEnoughFacts(Exception):
    """The bureau holds too little about the person to ask questions."""


class QuizUnavailable(Exception):
    """The quiz reference is unknown or was already graded."""


class Bureau:
    """What FinPro needs from a credit bureau. Every method is keyword-only."""

    def phone_match(self, *, individual, phone: str) -> PhoneMatch:
        raise NotImplementedError

    def phone_on_file(self, *, individual) -> str | None:
        """The bureau's most recent phone number for the person (E.164), if any."""
        raise NotImplementedError

    def can_quiz(self, *, individual) -> bool:
        raise NotImplementedError

    def quiz_start(self, *, individual, reference: str) -> list[Question]:
        """Build a quiz for the person under `reference`; raises NotEnoughFacts."""
        raise NotImplementedError

    def quiz_grade(self, *, reference: str, answers: list[int | None]) -> QuizResult:
        """Grade the answers (choice indexes) once; raises QuizUnavailable on a second call."""
        raise NotImplementedError
