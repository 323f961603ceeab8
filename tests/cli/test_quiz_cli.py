"""`studycards quiz --plain` end to end through click, with piped input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from studycards.content.loader import load_or_raise
from studycards.locations import shipped_content_dir
from studycards.quiz.blueprint import domain_weights, select_exam
from studycards.quiz.select import Filters, select_questions
from studycards.quiz.session import QuizSession
from studycards.srs.store import Store
from tests.cli.streams import InterruptedInput


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def expected_session(
    deck: Path, topics: set[str], count: int, seed: int, mode: str = "practice"
) -> QuizSession:
    """The quiz a fresh database gets for these options (same selection and shuffles)."""
    library = load_or_raise([shipped_content_dir(), deck])
    filters, now = Filters(frozenset(topics)), datetime.now(UTC)
    if mode == "exam":
        assert library.exam is not None
        weights = domain_weights(library.exam)
        questions = select_exam(library.questions, filters, count, weights, {}, {}, now, seed).questions
    else:
        questions = select_questions(library.questions, filters, count, {}, {}, now, seed)
    return QuizSession.start(questions, mode=mode, now=now, seed=seed)


def test_practice_answers_are_scored_stored_and_explained(write_deck, tmp_path: Path) -> None:
    deck, db = write_deck(), tmp_path / "s.db"
    session = expected_session(deck, {"alpha"}, 2, seed=7)
    right = ",".join(sorted(session.slots[0].presented.correct_letters))
    second = session.slots[1].presented
    wrong = sorted(set(second.letters) - second.correct_letters)[: second.question.choose]
    code, out, err = run(
        [
            "--db",
            str(db),
            "--content",
            str(deck),
            "quiz",
            "--topic",
            "alpha",
            "--count",
            "2",
            "--seed",
            "7",
            "--plain",
        ],
        f"{right}\n{','.join(wrong)}\n",
    )
    assert code == 0, err
    assert out.count("Correct!") == 1 and out.count("Incorrect. The answer is") == 1
    assert "Score: 1/2 (50.0%)" in out
    assert "https://example.com/q" in out  # the source link follows the feedback
    for option in session.slots[0].presented.options:
        assert option.why in out  # a why for every option
    with Store.open(db) as store:
        answers = store.quiz_answers()
    assert [a["correct"] for a in answers] == [True, False]
    assert answers[1]["question_id"] == second.question.id


def test_wrong_retries_the_missed_questions(write_deck, tmp_path: Path) -> None:
    deck, db = write_deck(), tmp_path / "s.db"
    session = expected_session(deck, {"alpha"}, 2, seed=7)
    answers = []
    for slot in session.slots:
        p = slot.presented
        answers.append(",".join(sorted(set(p.letters) - p.correct_letters)[: p.question.choose]))
    base = ["--db", str(db), "--content", str(deck), "quiz", "--plain"]
    code, _, err = run([*base, "--topic", "alpha", "--count", "2", "--seed", "7"], "\n".join(answers) + "\n")
    assert code == 0, err
    code, out, err = run([*base, "--wrong"], "q\n")
    assert code == 0, err
    assert "Question 1/2" in out
    with Store.open(db) as store:
        missed = set(store.last_session_wrong_ids())
    assert missed == {s.presented.question.id for s in session.slots}


def test_quit_keeps_what_was_answered(write_deck, tmp_path: Path) -> None:
    deck, db = write_deck(), tmp_path / "s.db"
    session = expected_session(deck, {"alpha"}, 2, seed=1)
    right = ",".join(sorted(session.slots[0].presented.correct_letters))
    code, out, _ = run(
        ["--db", str(db), "--content", str(deck), "quiz", "-t", "alpha", "-n", "2", "--seed", "1", "--plain"],
        f"{right}\nq\n",
    )
    assert code == 0 and "Score: 1/1" in out and "Unanswered (not scored): 1" in out
    with Store.open(db) as store:
        assert len(store.quiz_answers()) == 1


def test_end_of_input_ends_cleanly(write_deck, tmp_path: Path) -> None:
    code, out, err = run(["--db", str(tmp_path / "s.db"), "quiz", "-t", "concurrency", "--plain"], "")
    assert code == 0, err
    assert "Score: 0/0" in out and "Traceback" not in out + err


def test_exam_mode_flags_submits_and_reports(write_deck, tmp_path: Path) -> None:
    deck, db = write_deck(), tmp_path / "s.db"
    code, out, err = run(
        [
            "--db",
            str(db),
            "--content",
            str(deck),
            "quiz",
            "-t",
            "alpha",
            "--exam",
            "-n",
            "2",
            "--seed",
            "3",
            "--plain",
        ],
        "f\nr\ns\n",
    )
    assert code == 0, err
    assert "question 1 flagged" in out
    assert " 1F" in out  # the review grid marks the flag
    assert "Score: 0/2 (0.0%)" in out and "Unanswered (counted wrong): 2" in out
    assert "Approximate scaled score" in out and "approximation" in out
    assert "Missed questions:" in out


def test_unknown_topic_exits_two_with_suggestion() -> None:
    code, _, err = run(["quiz", "--topic", "concurency", "--plain"])
    assert code == 2
    assert "Did you mean 'concurrency'?" in err and err.count("\n") == 1


def test_bad_answer_is_explained_not_fatal(write_deck, tmp_path: Path) -> None:
    deck = write_deck()
    code, out, _ = run(
        [
            "--db",
            str(tmp_path / "s.db"),
            "--content",
            str(deck),
            "quiz",
            "-t",
            "alpha",
            "-n",
            "1",
            "--seed",
            "2",
            "--plain",
        ],
        "zz\nq\n",
    )
    assert code == 0 and "no option z" in out


def test_generated_questions_join_pricing_quizzes(tmp_path: Path) -> None:
    code, out, err = run(
        [
            "--db",
            str(tmp_path / "s.db"),
            "quiz",
            "-t",
            "pricing",
            "-n",
            "3",
            "--generated",
            "3",
            "--seed",
            "5",
            "--plain",
        ],
        "q\n",
    )
    assert code == 0, err
    assert "Question 1/3" in out


def test_stats_json_quiz_object_counts_answers(write_deck, tmp_path: Path) -> None:
    deck, db = write_deck(), tmp_path / "s.db"
    session = expected_session(deck, {"alpha"}, 1, seed=4)
    right = ",".join(sorted(session.slots[0].presented.correct_letters))
    run(
        ["--db", str(db), "--content", str(deck), "quiz", "-t", "alpha", "-n", "1", "--seed", "4", "--plain"],
        f"{right}\n",
    )
    code, out, err = run(["--db", str(db), "--content", str(deck), "stats", "--json"])
    assert code == 0, err
    quiz = json.loads(out)["quiz"]
    assert quiz["answered"] == 1 and quiz["correct"] == 1 and quiz["accuracy"] == 1.0
    assert quiz["by_topic"]["alpha"]["answered"] == 1


@pytest.mark.parametrize("mode", ["practice", "exam"])
def test_ctrl_c_keeps_every_answer_given(write_deck, tmp_path: Path, mode: str) -> None:
    deck, db = write_deck(), tmp_path / "s.db"
    session = expected_session(deck, {"alpha"}, 3, seed=2, mode=mode)
    right = ",".join(sorted(session.slots[0].presented.correct_letters))
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), "--content", str(deck), "quiz", "-t", "alpha", "-n", "3", "--seed", "2", "--plain",
         *(["--exam"] if mode == "exam" else [])],
        input=InterruptedInput(f"{right}\n".encode()),
    )
    assert result.exit_code == 130, result.output
    assert "Interrupted" in result.stderr and "Traceback" not in result.output
    with Store.open(db) as store:
        answers = store.quiz_answers()
    # a practice answer is saved before its feedback shows; an interrupted exam keeps its answers
    assert [(a["mode"], a["correct"]) for a in answers] == [(mode, True)]
