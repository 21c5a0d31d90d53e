"""The sandbox bureau: a real implementation of the bureau interface on FinPro's own
tables (identity.providers.sandbox_models), standing in for a credit bureau."""

import hmac
import secrets

from django.db import transaction
from django.utils.crypto import salted_hmac

from identity.choices import PASS_MARK

from .base import Bureau, NotEnoughFacts, PhoneMatch, Question, QuizResult, QuizUnavailable
from .questions import build_questions, enough_facts
from .sandbox_models import BureauFact, BureauPhone, PhoneOwnership, SandboxQuiz


def _key_digest(reference: str, position: int, choice: int) -> str:
    return salted_hmac("identity.sandbox.quiz", f"{reference}:{position}:{choice}", algorithm="sha256").hexdigest()


def _city_of(address: str) -> str | None:
    # "12 Oak Street, Albany, NY" -> "Albany, NY"
    parts = [p.strip() for p in address.split(",")]
    return ", ".join(parts[-2:]) if len(parts) >= 3 else None


def facts_for(individual) -> dict[str, list[str]]:
    facts: dict[str, list[str]] = {}
    for kind, value in BureauFact.objects.filter(subject__individual=individual).values_list("kind", "value"):
        facts.setdefault(kind, []).append(value)
    cities = sorted({c for c in map(_city_of, facts.get("address", [])) if c})
    if cities:
        facts["city"] = cities
    return facts


class SandboxBureau(Bureau):
    def __init__(self, rng=None):
        self.rng = rng or secrets.SystemRandom()

    def phone_match(self, *, individual, phone):
        if not phone:
            return PhoneMatch.NOT_FOUND
        row = BureauPhone.objects.filter(subject__individual=individual, number=phone).only("ownership").first()
        if row is None:
            return PhoneMatch.NOT_FOUND
        return PhoneMatch.INDIVIDUAL if row.ownership == PhoneOwnership.INDIVIDUAL else PhoneMatch.MULTI_PARTY

    def phone_on_file(self, *, individual):
        return (
            BureauPhone.objects.filter(subject__individual=individual).values_list("number", flat=True).first()
        )

    def can_quiz(self, *, individual):
        return enough_facts(facts_for(individual))

    def quiz_start(self, *, individual, reference):
        facts = facts_for(individual)
        if not enough_facts(facts):
            raise NotEnoughFacts("Not enough facts on file.")
        keyed = build_questions(facts, self.rng)
        SandboxQuiz.objects.create(
            reference=reference,
            answer_key=[_key_digest(reference, i, q.correct) for i, q in enumerate(keyed)],
        )
        return [Question(prompt=q.prompt, choices=q.choices) for q in keyed]

    def quiz_grade(self, *, reference, answers):
        with transaction.atomic():
            quiz = SandboxQuiz.objects.select_for_update().filter(reference=reference).first()
            if quiz is None:
                raise QuizUnavailable("No such quiz, or it was already graded.")
            key = list(quiz.answer_key)
            quiz.delete()
        correct = sum(
            1
            for i, digest in enumerate(key)
            if i < len(answers) and answers[i] is not None
            and hmac.compare_digest(digest, _key_digest(reference, i, answers[i]))
        )
        return QuizResult(correct=correct, total=len(key), passed=correct >= min(PASS_MARK, len(key)))
