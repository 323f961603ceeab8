"""Quiz selection, shuffling with the key following, exam-style scoring and exam timing."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studycards.content.model import Option, Origin, Question
from studycards.content.topics import resolve_topics
from studycards.errors import StudycardsError
from studycards.quiz.select import (
    Filters,
    QuestionRecord,
    is_correct,
    parse_letters,
    present,
    select_questions,
)
from studycards.quiz.session import QuizSession

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def make_question(
    qid: str,
    topic: str = "concurrency",
    domain: str = "resilient",
    correct=(0,),
    n: int = 4,
    difficulty: str = "medium",
) -> Question:
    options = tuple(Option(f"{qid} option {i}", i in correct, f"why {i}") for i in range(n))
    return Question(
        qid,
        topic,
        "lambda",
        f"Stem of {qid}?",
        options,
        len(correct),
        domain,
        difficulty,
        ("https://example.com",),
        Origin(Path("x.yaml"), 1),
    )


BANK = [
    make_question(
        f"q{i}",
        topic=("concurrency", "pricing", "vpc")[i % 3],
        domain=("resilient", "cost", "secure")[i % 3],
        difficulty=("easy", "medium", "hard")[i % 3],
    )
    for i in range(30)
]


def test_filters_by_topic_domain_and_difficulty() -> None:
    picked = select_questions(
        BANK, Filters(frozenset({"pricing", "vpc"}), difficulty="hard"), 50, {}, {}, NOW, 1
    )
    assert picked and all(q.topic == "vpc" and q.difficulty == "hard" for q in picked)
    by_domain = select_questions(BANK, Filters(domain="cost"), 50, {}, {}, NOW, 1)
    assert {q.domain for q in by_domain} == {"cost"} and len(by_domain) == 10


def test_count_limits_and_seed_reproduces() -> None:
    a = select_questions(BANK, Filters(), 7, {}, {}, NOW, seed=42)
    b = select_questions(BANK, Filters(), 7, {}, {}, NOW, seed=42)
    c = select_questions(BANK, Filters(), 7, {}, {}, NOW, seed=43)
    assert [q.id for q in a] == [q.id for q in b]
    assert len(a) == 7 and [q.id for q in a] != [q.id for q in c]


def test_due_questions_come_first_then_weak_topics() -> None:
    history = {
        "q0": QuestionRecord(due=NOW - timedelta(days=3), last_correct=False, answered=2),  # due
        "q1": QuestionRecord(due=NOW + timedelta(days=5), last_correct=True, answered=1),  # pricing, strong
        "q2": QuestionRecord(due=NOW + timedelta(days=5), last_correct=False, answered=1),  # vpc, weak
    }
    accuracy = {"pricing": 0.9, "vpc": 0.2}
    picked = select_questions(BANK[:3], Filters(), 2, history, accuracy, NOW, seed=0)
    assert {q.id for q in picked} == {"q0", "q2"}


def test_unseen_questions_are_mixed_in() -> None:
    history = {q.id: QuestionRecord(NOW + timedelta(days=9), True, 1) for q in BANK[:20]}
    picked = select_questions(BANK, Filters(), 12, history, {}, NOW, seed=3)
    assert any(q.id not in history for q in picked)
    assert any(q.id in history for q in picked)


def test_unknown_topic_suggests_the_nearest() -> None:
    with pytest.raises(StudycardsError) as err:
        resolve_topics(["concurency"], ["concurrency", "pricing"])
    assert "Did you mean 'concurrency'?" in err.value.message
    assert "Valid topics: concurrency, pricing" in err.value.message


def test_topics_keep_their_order_and_accept_commas() -> None:
    assert resolve_topics(["pricing,concurrency", "pricing"], ["concurrency", "pricing"]) == (
        "pricing",
        "concurrency",
    )


@pytest.mark.parametrize("seed", range(20))
def test_shuffled_options_keep_the_key(seed: int) -> None:
    q = make_question("multi", correct=(1, 3), n=5)
    shown = present(q, random.Random(seed))
    assert sorted(o.text for o in shown.options) == sorted(o.text for o in q.options)
    assert {shown.option_for(letter).text for letter in shown.correct_letters} == {
        "multi option 1",
        "multi option 3",
    }


def test_shuffling_changes_letters_across_seeds() -> None:
    q = make_question("single")
    keys = {next(iter(present(q, random.Random(s)).correct_letters)) for s in range(30)}
    assert len(keys) > 1


def test_scoring_is_all_or_nothing() -> None:
    q = make_question("two", correct=(0, 1), n=5)
    shown = present(q, random.Random(0))
    right = shown.correct_letters
    wrong_extra = right | {next(letter for letter in shown.letters if letter not in right)}
    assert is_correct(shown, right)
    assert not is_correct(shown, frozenset(list(right)[:1]))  # partial: no credit
    assert not is_correct(shown, wrong_extra)  # one too many: no credit


@pytest.mark.parametrize("mode", ["practice", "exam"])
def test_a_choose_two_quiz_scores_only_the_exact_pair(mode: str) -> None:
    questions = [make_question(f"pair{i}", correct=(0, 1), n=5) for i in range(5)]
    quiz = QuizSession.start(questions, mode=mode, now=NOW, seed=7)
    picks = []
    for slot in quiz.slots:
        right = sorted(slot.presented.correct_letters)
        wrong = sorted(set(slot.presented.letters) - set(right))
        picks.append([
            set(right),  # exactly the key: the only credit
            {right[0]},  # one of the two right ones
            {right[1]},
            {*right, wrong[0]},  # both right plus one wrong
            {right[0], wrong[0]},  # two picks, one of them wrong
        ][len(picks)])
    feedback = []
    for i, chosen in enumerate(picks):
        quiz.goto(i, NOW)
        feedback.append(quiz.answer(frozenset(chosen), NOW).correct)
    report = quiz.submit(NOW + timedelta(minutes=1))
    if mode == "practice":
        assert feedback == [True, False, False, False, False]
    assert [slot.correct for slot in quiz.slots] == [True, False, False, False, False]
    assert (report.score.correct, report.score.total) == (1, 5)
    assert [s.presented.question.id for s in report.missed] == ["pair1", "pair2", "pair3", "pair4"]
    assert report.by_topic["concurrency"].correct == 1


@pytest.mark.parametrize(
    ("text", "expected"), [("b", {"b"}), ("a,c", {"a", "c"}), ("A C", {"a", "c"}), ("ca", {"a", "c"})]
)
def test_parse_letters(text: str, expected: set[str]) -> None:
    shown = present(make_question("p"), random.Random(0))
    assert parse_letters(text, shown) == expected


@pytest.mark.parametrize(
    ("text", "reason"), [("", "type the letter"), ("z", "no option z"), ("aa", "only once")]
)
def test_parse_letters_rejects(text: str, reason: str) -> None:
    shown = present(make_question("p"), random.Random(0))
    with pytest.raises(ValueError, match=reason):
        parse_letters(text, shown)


def test_practice_gives_feedback_and_reports_by_domain_and_topic() -> None:
    quiz = QuizSession.start(BANK[:3], mode="practice", now=NOW, seed=5)
    assert quiz.remaining(NOW) is None
    results = []
    for i, slot in enumerate(quiz.slots):
        quiz.goto(i, NOW + timedelta(seconds=10 * i))
        chosen = (
            slot.presented.correct_letters
            if i != 1
            else frozenset("a") - slot.presented.correct_letters or {"b"}
        )
        results.append(quiz.answer(frozenset(chosen), NOW + timedelta(seconds=10 * i + 5)).correct)
    report = quiz.submit(NOW + timedelta(seconds=60))
    assert results == [True, False, True]
    assert (report.score.correct, report.score.total) == (2, 3)
    assert sum(t.total for t in report.by_domain.values()) == 3
    assert [s.presented.question.id for s in report.missed] == [quiz.slots[1].presented.question.id]
    assert report.time_used == timedelta(seconds=60)


def test_a_practice_answer_cannot_be_changed() -> None:
    quiz = QuizSession.start(BANK[:2], mode="practice", now=NOW, seed=5)
    first = quiz.answer(frozenset("a"), NOW)
    with pytest.raises(RuntimeError, match="this question has already been answered"):
        quiz.answer(frozenset("b"), NOW)
    assert quiz.current.chosen == frozenset("a") and quiz.current.correct == first.correct


def test_exam_countdown_flags_and_unanswered_count_as_wrong() -> None:
    quiz = QuizSession.start(BANK[:5], mode="exam", now=NOW, seed=1)
    assert quiz.time_limit == timedelta(minutes=10)  # 2 minutes per question
    assert quiz.remaining(NOW + timedelta(minutes=4)) == timedelta(minutes=6)
    quiz.answer(quiz.current.presented.correct_letters, NOW + timedelta(seconds=30))
    assert quiz.toggle_flag() is True
    assert quiz.next_unanswered(NOW + timedelta(seconds=31)) and quiz.position == 1
    quiz.goto(0, NOW + timedelta(seconds=40))
    # an exam answer may be changed before submitting
    wrong = frozenset(set(quiz.current.presented.letters) - set(quiz.current.presented.correct_letters))
    quiz.answer(frozenset(sorted(wrong)[:1]), NOW + timedelta(seconds=50))
    quiz.answer(quiz.current.presented.correct_letters, NOW + timedelta(seconds=55))
    assert [s.flagged for s in quiz.slots] == [True, False, False, False, False]
    assert not quiz.expired(NOW + timedelta(minutes=9, seconds=59))
    assert quiz.expired(NOW + timedelta(minutes=10))
    report = quiz.submit(NOW + timedelta(minutes=12))  # time ran out: used time is capped at the limit
    assert report.time_used == timedelta(minutes=10)
    assert (report.score.correct, report.unanswered) == (1, 4)
    assert report.approx_scaled_score == 280 and not report.approx_pass
    with pytest.raises(RuntimeError, match="the quiz has been submitted"):
        quiz.answer(frozenset("a"), NOW + timedelta(minutes=13))


def test_time_spent_is_charged_to_the_question_on_screen() -> None:
    quiz = QuizSession.start(BANK[:2], mode="exam", now=NOW, seed=1)
    quiz.goto(1, NOW + timedelta(seconds=20))
    quiz.answer(frozenset("a"), NOW + timedelta(seconds=50))
    assert quiz.slots[0].seconds == 20 and quiz.slots[1].seconds == 30


def test_plain_exam_ignores_an_answer_typed_after_the_deadline() -> None:
    from studycards.quiz.controller import QuizController
    from studycards.quiz.plain import run_plain

    quiz = QuizSession.start(BANK[:2], mode="exam", now=NOW, seed=1)  # 4 minutes in all
    key = ",".join(sorted(quiz.slots[0].presented.correct_letters))
    clock = iter([NOW + timedelta(minutes=1)] * 6 + [NOW + timedelta(minutes=5)] * 10)
    printed: list[str] = []
    answers = iter([f"{key}\n", f"{key}\n"])
    report = run_plain(QuizController(quiz), answers, printed.append, lambda: next(clock))
    assert "Time is up: the exam is submitted." in printed
    assert [s.answered for s in quiz.slots] == [True, False]  # the second answer came too late
    assert (report.score.correct, report.unanswered) == (1, 1)


def test_an_exam_answer_may_be_partial_or_cleared() -> None:
    two = make_question("two", correct=(0, 1))
    quiz = QuizSession.start([two, BANK[0]], mode="exam", now=NOW, seed=1)
    first = sorted(quiz.current.presented.correct_letters)[0]
    quiz.answer(frozenset(first), NOW)  # one of two: stored, not complete, scored wrong
    assert quiz.current.answered and not quiz.current.complete and not quiz.current.correct
    quiz.goto(1, NOW)
    quiz.answer(quiz.current.presented.correct_letters, NOW)
    assert quiz.next_unanswered(NOW) and quiz.position == 0  # the partial one is still open
    quiz.answer(frozenset(), NOW)  # unticking everything clears the answer
    assert quiz.current.chosen is None
    report = quiz.submit(NOW)
    assert (report.score.correct, report.unanswered) == (1, 1)


def test_a_resumed_exam_keeps_its_clock_and_lands_on_an_open_question() -> None:
    from studycards.quiz.session import Slot

    started = QuizSession.start(BANK[:3], mode="exam", now=NOW, seed=2)
    slots = [Slot(s.presented, None if i == 1 else s.presented.correct_letters)
             for i, s in enumerate(started.slots)]
    quiz = QuizSession.resume(slots, started_at=NOW, time_limit=timedelta(minutes=6), position=0,
                              now=NOW + timedelta(minutes=5))
    assert quiz.position == 1 and quiz.remaining(NOW + timedelta(minutes=5)) == timedelta(minutes=1)
    assert quiz.submit(NOW + timedelta(minutes=9)).time_used == timedelta(minutes=6)
