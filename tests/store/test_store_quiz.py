"""Quiz results in the store: answers, question FSRS state, due questions, history, summary."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from studycards.content.model import Option, Origin, Question
from studycards.errors import StudycardsError
from studycards.quiz.service import record_slot
from studycards.quiz.session import QuizSession
from studycards.srs.model import State
from studycards.srs.store import Store
from tests.store.srsutil import T0, open_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "study.db")


def answer(store: Store, qid: str, correct: bool, *, session: str = "s1", topic: str = "alpha",
           domain: str = "secure", mode: str = "practice", at: int = 0) -> None:
    store.record_quiz_answer(session_id=session, question_id=qid, topic=topic, domain=domain,
                             chosen_letters=["a", "c"], chosen_texts=["First", "Third"], correct=correct,
                             now=T0 + timedelta(minutes=at), mode=mode, duration_ms=5000)


def test_an_answer_is_stored_with_the_question_state(store: Store) -> None:
    answer(store, "q1", correct=False)
    rows = store.quiz_answers("q1")
    assert len(rows) == 1
    row = rows[0]
    assert row["chosen_letters"] == ["a", "c"] and row["chosen_texts"] == ["First", "Third"]
    assert row["correct"] is False and row["mode"] == "practice" and row["duration_ms"] == 5000
    state = store.question_state("q1")
    assert state is not None and state.state == State.Learning and state.due == T0 + timedelta(minutes=1)


def test_right_is_good_and_wrong_is_again(store: Store) -> None:
    answer(store, "q", correct=True)
    good = store.question_state("q")
    assert good is not None and good.due == T0 + timedelta(minutes=10)
    answer(store, "q", correct=True, at=10)
    graduated = store.question_state("q")
    assert graduated is not None and graduated.state == State.Review
    answer(store, "q", correct=False, at=60 * 24 * 5)
    lapsed = store.question_state("q")
    assert lapsed is not None and lapsed.state == State.Relearning and lapsed.lapses == 1


def test_due_question_ids_most_overdue_first(store: Store) -> None:
    store.rng = random.Random(3)
    answer(store, "late", correct=False, at=0)
    answer(store, "early", correct=False, at=-30)
    answer(store, "later-today", correct=True, at=0)
    answer(store, "other-topic", correct=False, topic="beta", at=-10)
    now = T0 + timedelta(minutes=5)
    assert store.due_question_ids(now) == ["early", "other-topic", "late"]
    assert store.due_question_ids(now, topics=["alpha"]) == ["early", "late"]
    assert "later-today" in store.due_question_ids(T0 + timedelta(minutes=11))


def test_history_and_last_session_wrong_ids(store: Store) -> None:
    answer(store, "q1", correct=False, session="old")
    answer(store, "q2", correct=True, session="old")
    answer(store, "q2", correct=False, session="new", at=1)
    answer(store, "q3", correct=True, session="new", at=2)
    answer(store, "q1", correct=False, session="new", at=3)
    assert store.last_session_wrong_ids() == ["q2", "q1"]
    history = store.question_history()
    assert history["q2"].answered == 2 and history["q2"].correct == 1 and history["q2"].last_correct is False
    assert history["q3"].last_correct is True and history["q3"].due is not None
    assert set(store.question_history(["q1"])) == {"q1"}


def test_exam_sessions_can_be_asked_for_apart(store: Store) -> None:
    answer(store, "q1", correct=False, session="exam-1", mode="exam")
    answer(store, "q2", correct=False, session="practice-1", mode="practice", at=1)
    assert store.last_session_wrong_ids(mode="exam") == ["q1"]
    assert store.last_session_wrong_ids() == ["q2"]


def test_quiz_summary(store: Store) -> None:
    answer(store, "q1", correct=True, topic="alpha", domain="secure")
    answer(store, "q2", correct=False, topic="alpha", domain="cost")
    answer(store, "q3", correct=True, topic="beta", domain="cost")
    summary = store.quiz_summary()
    assert summary["answered"] == 3 and summary["correct"] == 2
    assert summary["accuracy"] == pytest.approx(0.6667)
    assert summary["by_topic"]["alpha"] == {"answered": 2, "correct": 1, "accuracy": 0.5}
    assert summary["by_domain"]["cost"] == {"answered": 2, "correct": 1, "accuracy": 0.5}
    assert store.quiz_summary(topics=["beta"])["answered"] == 1


def test_unknown_mode_is_refused(store: Store) -> None:
    with pytest.raises(StudycardsError, match="practice or exam"):
        answer(store, "q", correct=True, mode="speedrun")
    assert store.quiz_answers() == []


@pytest.mark.parametrize(
    ("domain", "difficulty", "generated"),
    [(None, "hard", 2), ("cost", "easy", 2), ("performance", None, 0), ("secure", None, 0)],
)
def test_generated_questions_obey_the_domain_and_difficulty_filters(
    store: Store, domain: str | None, difficulty: str | None, generated: int
) -> None:
    from studycards.content.loader import load_or_raise
    from studycards.locations import shipped_content_dir
    from studycards.quiz.select import Filters
    from studycards.quiz.service import QuizRequest, plan_questions

    library = load_or_raise([shipped_content_dir()])
    request = QuizRequest(topics=("pricing",), domain=domain, difficulty=difficulty, count=6, seed=3,
                          generated=2)
    try:
        questions = plan_questions(store, library, request, T0)
    except StudycardsError:  # no authored pricing question of that domain either
        questions = []
    assert all(q.topic == "pricing" for q in questions)
    assert all(domain is None or q.domain == domain for q in questions)
    assert all(difficulty is None or q.difficulty == difficulty for q in questions)
    assert sum(q.id.startswith("gen.") for q in questions) == generated
    filters = Filters(frozenset({"pricing"}), domain, difficulty)
    authored = [q for q in library.questions if filters.admits(q)]
    assert len(questions) == min(6, len(authored) + generated)  # authored ones fill what generation can't


# -- exams in progress -------------------------------------------------------------------------------

def begin(store: Store, session: str = "e1") -> None:
    from studycards.srs.quizlog import PendingSlot

    slots = [PendingSlot("q1", (2, 0, 1, 3)), PendingSlot("q2", (0, 1, 2, 3))]
    store.begin_pending_exam(session, T0, 360, slots, T0)


def test_an_exam_in_progress_round_trips_answer_by_answer(store: Store) -> None:
    from studycards.srs.quizlog import PendingSlot

    begin(store)
    assert store.pending_answer_count() == 0
    store.save_pending_slot("e1", 1, PendingSlot("q2", (0, 1, 2, 3), ("c", "a"), True, 12.5), 1, T0)
    pending = store.pending_exam()
    assert pending is not None and pending.session_id == "e1" and pending.started_at == T0
    assert pending.time_limit_seconds == 360 and pending.position == 1 and pending.answered == 1
    assert pending.slots == (PendingSlot("q1", (2, 0, 1, 3)),
                             PendingSlot("q2", (0, 1, 2, 3), ("a", "c"), True, 12.5))
    assert store.pending_answer_count() == 1
    store.save_pending_slot("e1", 1, PendingSlot("q2", (0, 1, 2, 3), None, True, 14.0), 1, T0)  # cleared
    assert store.pending_answer_count() == 0


def test_an_answer_for_a_question_not_in_progress_is_refused(store: Store) -> None:
    from studycards.srs.quizlog import PendingSlot

    begin(store)
    with pytest.raises(StudycardsError, match="no question 2"):
        store.save_pending_slot("e1", 1, PendingSlot("q9", (0, 1, 2, 3), ("a",)), 1, T0)
    with pytest.raises(StudycardsError):
        store.save_pending_slot("gone", 0, PendingSlot("q1", (2, 0, 1, 3), ("a",)), 0, T0)


def test_grading_moves_the_answers_to_the_log_in_one_transaction(store: Store) -> None:
    from studycards.srs.quizlog import PendingSlot

    begin(store)
    store.save_pending_slot("e1", 0, PendingSlot("q1", (2, 0, 1, 3), ("b",)), 0, T0)
    good = {"question_id": "q1", "topic": "alpha", "domain": "secure", "chosen_letters": ["b"],
            "chosen_texts": ["B"], "correct": True, "duration_ms": 1000}
    broken = {k: v for k, v in good.items() if k != "topic"}
    with pytest.raises(TypeError):  # a failure half-way leaves the exam in progress, nothing logged
        store.grade_pending_exam("e1", [good, broken], T0)
    assert store.quiz_answers() == [] and store.pending_answer_count() == 1
    store.grade_pending_exam("e1", [good], T0)
    logged = [(a["question_id"], a["mode"], a["session_id"]) for a in store.quiz_answers()]
    assert logged == [("q1", "exam", "e1")]
    assert store.question_state("q1") is not None
    assert store.pending_exam() is None and store.pending_answer_count() == 0


@pytest.mark.parametrize(
    ("pick", "correct"),
    [("key", True), ("one of two", False), ("key plus a wrong one", False), ("one right one wrong", False)],
)
def test_a_choose_two_answer_is_stored_right_only_when_exact(store: Store, pick: str, correct: bool) -> None:
    options = tuple(Option(f"option {i}", i in (0, 1), f"why {i}") for i in range(5))
    question = Question("q.pair", "alpha", "mini", "Which two? (Choose two.)", options, 2, "secure", "easy",
                        ("https://example.com",), Origin(Path("x.yaml"), 1))
    quiz = QuizSession.start([question], mode="practice", now=T0, seed=5)
    shown = quiz.current.presented
    right = sorted(shown.correct_letters)
    wrong = sorted(set(shown.letters) - set(right))
    chosen = {"key": right, "one of two": right[:1], "key plus a wrong one": [*right, wrong[0]],
              "one right one wrong": [right[0], wrong[0]]}[pick]
    quiz.answer(frozenset(chosen), T0)
    record_slot(store, "s1", quiz, quiz.current, T0)
    row = store.quiz_answers("q.pair")[0]
    assert row["correct"] is correct and row["chosen_letters"] == sorted(chosen)
    state = store.question_state("q.pair")
    assert state is not None and state.due == T0 + timedelta(minutes=10 if correct else 1)  # Good or Again
    assert store.last_session_wrong_ids() == ([] if correct else ["q.pair"])


def test_grading_writes_every_answer_and_its_scheduling_in_a_single_transaction(store: Store) -> None:
    from studycards.srs.quizlog import PendingSlot

    store.begin_pending_exam("e1", T0, 360, [PendingSlot(f"q{i}", (0, 1, 2, 3)) for i in range(3)], T0)
    answers = [{"question_id": f"q{i}", "topic": "alpha", "domain": "secure", "chosen_letters": ["a"],
                "chosen_texts": ["A"], "correct": i % 2 == 0} for i in range(3)]
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        store.grade_pending_exam("e1", answers, T0)
    finally:
        store.conn.set_trace_callback(None)
    control = [s.split()[0].upper() for s in statements if s.split()[0].upper() in
               ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")]
    assert control == ["BEGIN", "COMMIT"]
    assert [a["question_id"] for a in store.quiz_answers()] == ["q0", "q1", "q2"]
    assert all(store.question_state(f"q{i}") is not None for i in range(3))


def test_a_scheduling_failure_half_way_leaves_the_whole_exam_ungraded(store: Store) -> None:
    from studycards.srs.quizlog import PendingSlot

    answer(store, "q2", correct=True)
    store.conn.execute("UPDATE question_state SET state = 7 WHERE question_id = 'q2'")  # a damaged row
    store.begin_pending_exam("e1", T0, 360, [PendingSlot("q1", (0, 1)), PendingSlot("q2", (0, 1))], T0)
    answers = [{"question_id": q, "topic": "alpha", "domain": "secure", "chosen_letters": ["a"],
                "chosen_texts": ["A"], "correct": True} for q in ("q1", "q2")]
    with pytest.raises(StudycardsError, match="corrupt"):
        store.grade_pending_exam("e1", answers, T0)
    assert [a["question_id"] for a in store.quiz_answers()] == ["q2"]  # only the earlier practice answer
    assert store.question_state("q1") is None
    pending = store.pending_exam()
    assert pending is not None and pending.session_id == "e1"
