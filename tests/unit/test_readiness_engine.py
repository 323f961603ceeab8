"""Exam readiness: coverage, recall, recency-weighted quiz accuracy and the predicted score."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studycards.content.loader import load_or_raise
from studycards.content.model import Card, Library, Option, Origin, Question, Topic
from studycards.locations import shipped_content_dir
from studycards.quiz.readiness import (
    GUESS,
    MIN_ANSWERS,
    combine,
    compute_readiness,
    recency_weight,
    wilson,
)
from studycards.srs.quizlog import AnswerOutcome

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
ORIGIN = Origin(Path("t.yaml"), 1)


@pytest.fixture(scope="module")
def exam():
    guide = load_or_raise([shipped_content_dir()]).exam
    assert guide is not None
    return guide


def card(card_id: str, topic: str) -> Card:
    return Card(id=card_id, note_id=card_id, kind="basic", topic=topic, deck="mini", front="f", back="b",
                tags=(), source="", origin=ORIGIN)


def question(question_id: str, tasks: tuple[str, ...], topic: str = "alpha") -> Question:
    options = tuple(Option(text, text == "a", "why") for text in "abcd")
    return Question(id=question_id, topic=topic, deck="mini", stem="s", options=options, choose=1,
                    domain="secure", difficulty="easy", sources=(), origin=ORIGIN, tasks=tasks)


def library(exam, cards: list[Card] = (), questions: list[Question] = ()) -> Library:  # type: ignore[assignment]
    """Topic alpha serves task 1.1, beta serves 2.1 and 1.1; nothing else has material."""
    lib = Library(exam=exam)
    lib.topics = {
        "alpha": Topic(slug="alpha", title="Alpha", domains=("secure",), deck="mini", tasks=("1.1",)),
        "beta": Topic(slug="beta", title="Beta", domains=("resilient",), deck="mini", tasks=("2.1", "1.1")),
    }
    lib.cards = list(cards)
    lib.questions = list(questions)
    return lib


def answer(qid: str, correct: bool, days_ago: float = 0.0) -> AnswerOutcome:
    return AnswerOutcome(qid, correct, NOW - timedelta(days=days_ago), "practice")


def task(found, task_id: str):
    return next(t for t in found.tasks if t.id == task_id)


def test_an_uncovered_task_never_has_a_readiness(exam) -> None:
    lib = library(exam, [card("c1", "alpha")], [question("q1", ("1.1", "4.3"))])
    found = compute_readiness(lib, {"c1": 0.9}, [answer("q1", True)], NOW)
    assert task(found, "1.2").covered is False
    assert task(found, "1.2").readiness is None and task(found, "1.2").recall is None
    assert task(found, "4.3").covered is True  # a question counts for its own tasks
    assert task(found, "4.3").cards == 0 and task(found, "4.3").questions == 1
    assert all(t.readiness is None for t in found.tasks if not t.covered)


def test_a_card_counts_for_every_task_of_its_topic(exam) -> None:
    found = compute_readiness(library(exam, [card("c1", "beta")]), {}, [], NOW)
    assert task(found, "2.1").cards == 1 and task(found, "1.1").cards == 1
    assert task(found, "1.2").cards == 0


def test_recall_counts_unstudied_cards_as_zero(exam) -> None:
    lib = library(exam, [card("c1", "alpha"), card("c2", "alpha")])
    found = compute_readiness(lib, {"c1": 0.8}, [], NOW)
    assert task(found, "1.1").recall == pytest.approx(0.4)
    assert task(found, "1.1").readiness == pytest.approx(0.4)  # no answers: recall alone


def test_nothing_studied_means_no_readiness_yet(exam) -> None:
    found = compute_readiness(library(exam, [card("c1", "alpha")]), {}, [], NOW)
    one = task(found, "1.1")
    assert one.covered and one.recall == 0.0 and one.readiness is None


def test_quiz_answers_are_weighted_by_recency(exam) -> None:
    lib = library(exam, questions=[question("q1", ("1.1",))])
    outcomes = [answer("q1", True, days_ago=30), answer("q1", False, days_ago=0)]
    found = compute_readiness(lib, {}, outcomes, NOW)
    assert task(found, "1.1").quiz_accuracy == pytest.approx(round(0.5 / 1.5, 4))
    assert task(found, "1.1").readiness == task(found, "1.1").quiz_accuracy  # no cards: accuracy alone


def test_recency_weight_halves_every_thirty_days_and_never_exceeds_one() -> None:
    assert recency_weight(NOW, NOW) == 1.0
    assert recency_weight(NOW - timedelta(days=30), NOW) == pytest.approx(0.5)
    assert recency_weight(NOW - timedelta(days=60), NOW) == pytest.approx(0.25)
    assert recency_weight(NOW + timedelta(days=3), NOW) == 1.0  # a clock that went back


def test_readiness_combines_recall_and_accuracy(exam) -> None:
    lib = library(exam, [card("c1", "alpha")], [question("q1", ("1.1",))])
    found = compute_readiness(lib, {"c1": 0.5}, [answer("q1", True)], NOW)
    assert task(found, "1.1").readiness == pytest.approx(0.4 * 0.5 + 0.6 * 1.0)
    assert combine(0.0, 1.0, studied=False) == pytest.approx(0.6)  # answered, cards untouched
    assert combine(None, None, studied=False) is None


def test_domains_average_their_covered_tasks(exam) -> None:
    lib = library(exam, [card("c1", "alpha")], [question("q1", ("1.2",))])
    found = compute_readiness(lib, {"c1": 1.0}, [answer("q1", False)], NOW)
    secure = next(d for d in found.domains if d.id == "secure")
    assert secure.weight == 30
    assert secure.coverage == pytest.approx(round(2 / 3, 4))
    assert secure.readiness == pytest.approx(0.5)  # 1.1 at 1.0, 1.2 at 0.0; 1.3 not covered
    assert secure.recall == pytest.approx(1.0)  # 1.2 has no cards
    cost = next(d for d in found.domains if d.id == "cost")
    assert cost.coverage == 0.0 and cost.readiness is None


def test_coverage_is_the_weighted_share_of_tasks_with_material(exam) -> None:
    lib = library(exam, [card("c1", "alpha")])  # 1.1 only: a third of the secure domain's 30%
    assert compute_readiness(lib, {}, [], NOW).coverage == pytest.approx(round(0.30 / 3, 4))


def test_no_predicted_score_below_the_threshold(exam) -> None:
    lib = library(exam, questions=[question("q1", ("1.1",))])
    found = compute_readiness(lib, {}, [answer("q1", True)] * (MIN_ANSWERS - 1), NOW)
    assert found.predicted_score is None
    assert found.reason == "answer 1 more exam-style question"
    none = compute_readiness(lib, {}, [], NOW)
    assert none.reason == f"answer {MIN_ANSWERS} more exam-style questions"
    assert "answer 30 more" in none.verdict


def test_a_predicted_range_from_enough_answers(exam) -> None:
    lib = library(exam, [card(f"c{i}", "beta") for i in range(1)],
                  [question(f"q{i}", (t.id,)) for i, t in enumerate(exam.tasks.values())])
    outcomes = [answer("q0", i % 4 != 0) for i in range(40)]  # 30 of 40 right
    found = compute_readiness(lib, {}, outcomes, NOW)
    assert found.reason is None and found.coverage == 1.0
    low, high = wilson(0.75, 40)
    assert found.predicted_score is not None
    assert (found.predicted_score.low, found.predicted_score.high) == (round(100 + 900 * low),
                                                                       round(100 + 900 * high))
    assert 100 <= found.predicted_score.low < found.predicted_score.high <= 1000


def test_uncovered_weight_counts_as_a_guess(exam) -> None:
    lib = library(exam, questions=[question("q1", ("1.1",))])  # coverage 10%
    found = compute_readiness(lib, {}, [answer("q1", True)] * 60, NOW)
    high = wilson(1.0, 60)[1]
    assert found.predicted_score is not None
    assert found.predicted_score.high == round(100 + 900 * (0.1 * high + 0.9 * GUESS))
    assert found.predicted_score.high < 720
    assert found.verdict.startswith("Not ready yet")


def test_wilson_interval_stays_inside_zero_and_one() -> None:
    assert wilson(0.0, 30)[0] == pytest.approx(0.0) and wilson(1.0, 30)[1] == pytest.approx(1.0)
    assert wilson(0.0, 1)[0] >= 0.0 and wilson(1.0, 1)[1] <= 1.0
    low, high = wilson(0.5, 100)
    assert low < 0.5 < high and high - low < wilson(0.5, 30)[1] - wilson(0.5, 30)[0]


def test_json_keys_are_exactly_the_documented_ones(exam) -> None:
    lib = library(exam, [card("c1", "alpha")], [question("q1", ("1.1",))])
    doc = compute_readiness(lib, {"c1": 0.5}, [answer("q1", True)] * MIN_ANSWERS, NOW).to_json()
    assert set(doc) == {"exam", "coverage", "domains", "tasks", "predicted_score", "reason"}
    assert [set(d) for d in doc["domains"]] == [
        {"id", "title", "weight", "coverage", "recall", "quiz_accuracy", "readiness"}] * 4
    assert len(doc["tasks"]) == 14
    assert {frozenset(t) for t in doc["tasks"]} == {frozenset(
        {"id", "title", "domain", "cards", "questions", "covered", "recall", "quiz_accuracy", "readiness"})}
    assert set(doc["predicted_score"]) == {"low", "high"} and doc["reason"] is None
