"""Builds multiple-choice questions from a person's bureau facts, with plausible decoys.

Pure functions (no database) so that property tests can hammer them: every question has
five distinct choices, the last is "None of the Above", the true answer is among them,
and no decoy equals any fact the bureau holds about the person.
"""

import random
from dataclasses import dataclass

from identity.choices import NONE_OF_THE_ABOVE, QUESTION_COUNT

from .base import NotEnoughFacts

MIN_FACT_KINDS = 3
CHOICES_PER_QUESTION = 5

PROMPTS = {
    "address": "Which of these addresses have you lived at?",
    "employer": "Which of these companies have you worked for?",
    "vehicle": "Which of these vehicles have you owned or leased?",
    "lender": "Which of these lenders has given you a loan or a mortgage?",
    "city": "In which of these cities have you had a home address?",
}
KINDS = tuple(PROMPTS)
# Kinds that count towards "enough facts" (cities repeat what addresses say).
PRIMARY_KINDS = ("address", "employer", "vehicle", "lender")

_STREET_NAMES = [
    "Maple Avenue", "Oak Street", "Cedar Lane", "Willow Drive", "Birch Road", "Lakeview Terrace", "Hillcrest Road",
    "Sunset Boulevard", "Park Place", "Chestnut Street", "Highland Avenue", "River Road", "Meadow Lane",
    "Elm Court", "Juniper Way", "Harbor View Drive", "Orchard Street", "Spring Garden Road", "Aspen Circle",
    "Magnolia Street", "Franklin Avenue", "Church Street", "Prospect Hill Road", "Laurel Avenue",
]
_CITIES = [
    "Springfield, IL", "Columbus, OH", "Raleigh, NC", "Madison, WI", "Boise, ID", "Albany, NY", "Richmond, VA",
    "Hartford, CT", "Trenton, NJ", "Austin, TX", "Tucson, AZ", "Omaha, NE", "Dayton, OH", "Fresno, CA",
    "Savannah, GA", "Portland, ME", "Burlington, VT", "Lexington, KY", "Reno, NV", "Scranton, PA",
    "Stamford, CT", "Naperville, IL", "Tampa, FL", "Des Moines, IA",
]
_EMPLOYERS = [
    "Bluewater Capital Markets", "Granite Peak Financial", "Northfield Investment Services", "Crescent Bay Securities",
    "Ironwood Brokerage", "Silver Lake Advisory Group", "Pinecrest Wealth Partners", "Redstone Equity Services",
    "Clearbrook Financial Network", "Oakmont Securities", "Maplewood Asset Management", "Westbridge Capital",
    "Stonegate Investments", "Riverside Financial Planning", "Beacon Hill Brokerage", "Copperfield Advisors",
    "Lakeshore Retail Group", "Tri-County Insurance Agency", "Summit Valley Bank", "Evergreen Logistics",
]
_VEHICLE_MODELS = [
    "Honda Accord", "Toyota Camry", "Ford Escape", "Subaru Outback", "Chevrolet Malibu", "Nissan Altima",
    "Hyundai Sonata", "Mazda CX-5", "Jeep Cherokee", "Volkswagen Jetta", "Kia Sorento", "Toyota RAV4",
    "Ford F-150", "Honda CR-V", "Buick Enclave", "Chevrolet Equinox",
]
_LENDERS = [
    "Lakeshore Savings Bank", "First Harbor Mortgage", "Prairie State Credit Union", "Cornerstone Home Lending",
    "Keystone Federal Savings", "Pioneer Auto Finance", "Heritage Trust Bank", "Union Square Lending",
    "Midland Community Bank", "Coastal Federal Credit Union", "Granite State Mortgage", "Bayside Auto Credit",
    "Northern Plains Bank", "Riverbend Savings and Loan", "Metro Consumer Finance", "Blue Ridge Credit Union",
]


def normalize(value: str) -> str:
    return " ".join(value.lower().replace(",", " ").replace(".", " ").split())


def _candidate_decoys(kind: str, rng: random.Random) -> list[str]:
    if kind == "address":
        return [f"{rng.randint(10, 9899)} {street}, {city}"
                for street in _STREET_NAMES for city in rng.sample(_CITIES, 2)]
    if kind == "city":
        return list(_CITIES)
    if kind == "employer":
        return list(_EMPLOYERS)
    if kind == "vehicle":
        return [f"{year} {model}" for model in _VEHICLE_MODELS for year in rng.sample(range(2008, 2025), 2)]
    if kind == "lender":
        return list(_LENDERS)
    raise ValueError(f"unknown fact kind {kind!r}")


def decoys_for(kind: str, facts: list[str], count: int, rng: random.Random) -> list[str]:
    """`count` distinct plausible values of `kind` none of which matches any of `facts`."""
    taken = {normalize(f) for f in facts}
    pool = []
    for candidate in _candidate_decoys(kind, rng):
        key = normalize(candidate)
        if key not in taken:
            taken.add(key)
            pool.append(candidate)
    return rng.sample(pool, count)


@dataclass(frozen=True)
class KeyedQuestion:
    """A question with its answer: only the bureau adapter ever holds `correct`."""

    kind: str
    prompt: str
    choices: tuple[str, ...]
    correct: int

    @property
    def truth(self) -> str:
        return self.choices[self.correct]


def _question(kind: str, truth: str | None, facts: list[str], rng: random.Random) -> KeyedQuestion:
    n_decoys = CHOICES_PER_QUESTION - 1 - (1 if truth else 0)
    options = decoys_for(kind, facts, n_decoys, rng)
    if truth:
        options.append(truth)
    rng.shuffle(options)
    choices = (*options, NONE_OF_THE_ABOVE)
    correct = options.index(truth) if truth else len(options)
    return KeyedQuestion(kind=kind, prompt=PROMPTS[kind], choices=choices, correct=correct)


def enough_facts(facts: dict[str, list[str]]) -> bool:
    return sum(1 for kind in PRIMARY_KINDS if facts.get(kind)) >= MIN_FACT_KINDS


def build_questions(
    facts: dict[str, list[str]], rng: random.Random, count: int = QUESTION_COUNT
) -> list[KeyedQuestion]:
    """`count` questions from the person's facts (kind -> values). One or two questions have
    "None of the Above" as their true answer; the others show one true fact among decoys."""
    if not enough_facts(facts):
        raise NotEnoughFacts("The bureau holds too few kinds of facts about this person.")
    kinds = [kind for kind in KINDS if facts.get(kind)]
    rng.shuffle(kinds)
    unused = {kind: rng.sample(facts[kind], len(facts[kind])) for kind in kinds}
    n_none = rng.choice((1, 2))
    questions: list[KeyedQuestion] = []
    while len(questions) < count - n_none and any(unused.values()):
        for kind in kinds:
            if unused[kind] and len(questions) < count - n_none:
                questions.append(_question(kind, unused[kind].pop(), facts[kind], rng))
    while len(questions) < count:
        kind = kinds[len(questions) % len(kinds)]
        questions.append(_question(kind, None, facts[kind], rng))
    rng.shuffle(questions)
    return questions


def grade(questions: list[KeyedQuestion], answers: list[int | None]) -> int:
    """How many answers (choice indexes, None for unanswered) are right."""
    return sum(1 for q, a in zip(questions, answers, strict=False) if a is not None and a == q.correct)
