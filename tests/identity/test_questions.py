"""The knowledge-question generator and checker (pure functions and the sandbox bureau)."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from identity.choices import NONE_OF_THE_ABOVE, PASS_MARK, QUESTION_COUNT
from identity.providers import NotEnoughFacts, QuizUnavailable
from identity.providers.questions import PRIMARY_KINDS, build_questions, enough_facts, grade, normalize
from identity.providers.sandbox import SandboxBureau
from identity.providers.sandbox_models import SandboxQuiz
from tests.factories import IndividualFactory

from .factories import bureau_file

fact_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.0123456789", min_size=3, max_size=40).filter(
    lambda s: normalize(s) != ""
)
facts_strategy = st.dictionaries(
    keys=st.sampled_from(PRIMARY_KINDS), values=st.lists(fact_text, min_size=1, max_size=4, unique=True),
    min_size=3, max_size=4,
)
# Facts that collide with the decoy pools, to prove decoys never repeat a true fact.
colliding = st.fixed_dictionaries({
    "employer": st.just(["Bluewater Capital Markets", "granite peak financial"]),
    "lender": st.just(["Lakeshore Savings Bank"]),
    "vehicle": st.just(["2015 Honda Accord", "2016 Honda Accord", "2017 Honda Accord"]),
    "city": st.just(["Albany, NY", "Boise, ID"]),
})


def _check(questions, facts):
    assert len(questions) == QUESTION_COUNT
    truths = {kind: {normalize(v) for v in values} for kind, values in facts.items()}
    nota = 0
    for q in questions:
        assert len(q.choices) == 5
        assert q.choices[-1] == NONE_OF_THE_ABOVE
        assert len({normalize(c) for c in q.choices}) == 5, "choices are distinct"
        assert 0 <= q.correct < 5
        shown_truths = [c for c in q.choices[:-1] if normalize(c) in truths[q.kind]]
        if q.truth == NONE_OF_THE_ABOVE:
            nota += 1
            assert shown_truths == [], "when None of the Above is right, no shown choice is a true fact"
        else:
            assert shown_truths == [q.truth], "exactly one true fact, and it is the correct answer"
    assert 1 <= nota <= 2


@settings(max_examples=150, deadline=None)
@given(facts=facts_strategy, seed=st.integers(min_value=0, max_value=2**32))
def test_every_question_is_well_formed(facts, seed):
    questions = build_questions(facts, random.Random(seed))
    _check(questions, facts)


@settings(max_examples=60, deadline=None)
@given(facts=colliding, seed=st.integers(min_value=0, max_value=2**32))
def test_decoys_never_equal_a_true_fact_even_when_the_pools_hold_it(facts, seed):
    questions = build_questions(facts, random.Random(seed))
    _check(questions, facts)


@settings(max_examples=60, deadline=None)
@given(facts=facts_strategy, seed=st.integers(min_value=0, max_value=2**32), wrong=st.integers(0, 5))
def test_grade_counts_right_answers(facts, seed, wrong):
    questions = build_questions(facts, random.Random(seed))
    answers = [q.correct for q in questions]
    for i in range(min(wrong, len(answers))):
        answers[i] = (answers[i] + 1) % 5
    assert grade(questions, answers) == QUESTION_COUNT - min(wrong, QUESTION_COUNT)
    assert grade(questions, [None] * QUESTION_COUNT) == 0


def test_none_of_the_above_is_sometimes_true_and_sometimes_not():
    facts = {"address": ["1 A St, X, NY"], "employer": ["Acme"], "vehicle": ["2010 Ford Focus"]}
    seen = {(q.truth == NONE_OF_THE_ABOVE) for seed in range(20) for q in build_questions(facts, random.Random(seed))}
    assert seen == {True, False}


def test_too_few_kinds_of_facts_means_no_questions():
    facts = {"address": ["1 A St, X, NY", "2 B St, Y, NJ"], "employer": ["Acme"]}
    assert not enough_facts(facts)
    with pytest.raises(NotEnoughFacts):
        build_questions(facts, random.Random(1))




@pytest.mark.django_db
def test_sandbox_quiz_grades_once_and_keeps_only_hashed_keys():
    individual = IndividualFactory()
    bureau_file(individual)
    bureau = SandboxBureau(rng=random.Random(7))
    questions = bureau.quiz_start(individual=individual, reference="attempt-1")
    assert len(questions) == QUESTION_COUNT and all(len(q.choices) == 5 for q in questions)
    stored = SandboxQuiz.objects.get(reference="attempt-1")
    assert all(len(digest) == 64 for digest in stored.answer_key)
    assert not any(str(i) == d for d in stored.answer_key for i in range(5)), "indexes are not stored in clear"
    # Find the right answers the way the person would: their facts, else None of the Above.
    from identity.providers.sandbox import facts_for

    truths = {normalize(v) for vs in facts_for(individual).values() for v in vs}
    answers = [next((i for i, c in enumerate(q.choices) if normalize(c) in truths), 4) for q in questions]
    result = bureau.quiz_grade(reference="attempt-1", answers=answers)
    assert result.correct == QUESTION_COUNT and result.passed
    assert not SandboxQuiz.objects.filter(reference="attempt-1").exists()
    with pytest.raises(QuizUnavailable):
        bureau.quiz_grade(reference="attempt-1", answers=answers)


@pytest.mark.django_db
def test_sandbox_quiz_pass_mark():
    individual = IndividualFactory()
    bureau_file(individual)
    bureau = SandboxBureau(rng=random.Random(3))
    from identity.providers.sandbox import facts_for

    truths = {normalize(v) for vs in facts_for(individual).values() for v in vs}
    for wrong, passed in ((QUESTION_COUNT - PASS_MARK, True), (QUESTION_COUNT - PASS_MARK + 1, False)):
        ref = f"attempt-w{wrong}"
        questions = bureau.quiz_start(individual=individual, reference=ref)
        answers = [next((i for i, c in enumerate(q.choices) if normalize(c) in truths), 4) for q in questions]
        for i in range(wrong):
            answers[i] = (answers[i] + 1) % 5
        assert bureau.quiz_grade(reference=ref, answers=answers).passed is passed
