"""Exams under hostile endings: Ctrl+Q, a closed terminal, SIGKILL; then resuming what was left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from studycards.cli import cli
from studycards.srs.store import Store
from studycards.tui.app import make_app
from studycards.tui.screens.dashboard import DashboardScreen
from studycards.tui.screens.quiz import QuizReportScreen, QuizScreen
from tests.conftest import REPO
from tests.tui import conftest as tui
from tests.tui.conftest import settle

library, clock, make_services = tui.library, tui.clock, tui.make_services  # the TUI tests' fixtures

SIZE = (80, 24)
NOISY = "lambda.concurrency.q.noisy-neighbour"
FLASH_SALE = "lambda.concurrency.q.flash-sale"
THROTTLES = "lambda.concurrency.q.unexpected-throttles"
SEED = 7
EXAM_ARGS = ["quiz", "--exam", "-t", "concurrency", "-n", "3", "--generated", "0", "--seed", "5", "--plain"]


def exam_app(services, library, ids=(NOISY, FLASH_SALE, THROTTLES)):
    questions = [library.question(qid) for qid in ids]
    options = {"questions": questions, "mode": "exam", "seed": SEED}
    return make_app(services, start="quiz", start_options=options)


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def stats_quiz(db: Path) -> dict:
    code, out, err = run(["--db", str(db), "stats", "--json"])
    assert code == 0, err
    return json.loads(out)["quiz"]


def answer_for(question_text: str) -> str:
    """Some answer of the right size: two letters for a choose-two question, else one."""
    return "a,b" if "(Choose two.)" in question_text else "a"


# -- the TUI ----------------------------------------------------------------------------------------


async def test_ctrl_q_mid_exam_grades_the_answers_given(make_services, library) -> None:
    services = make_services()
    app = exam_app(services, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        await pilot.press("a", "n", "b")
        assert sum(s.answered for s in screen.quiz.slots) == 2
        await pilot.press("ctrl+q")
        await pilot.pause()
    store = services.store()
    answers = store.quiz_answers()
    assert [(a["question_id"], a["mode"]) for a in answers] == [(NOISY, "exam"), (FLASH_SALE, "exam")]
    assert store.pending_answer_count() == 0


async def test_each_exam_answer_is_stored_the_moment_it_is_given(make_services, library) -> None:
    services = make_services()
    app = exam_app(services, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        store = services.store()
        assert store.pending_answer_count() == 0
        await pilot.press("a")
        assert store.pending_answer_count() == 1  # no wait, no worker: it is in the database now
        await pilot.press("b")  # a changed answer replaces the stored one
        pending = store.pending_exam()
        assert pending is not None and pending.slots[0].chosen == ("b",)
        await pilot.press("f")
        assert store.pending_exam().slots[0].flagged
        assert store.quiz_answers() == []  # pending, not graded yet
        # the app dies here without any goodbye: the answer stays pending for a resume
    assert services.store().pending_answer_count() == 1


async def test_a_killed_tui_exam_resumes_from_the_dashboard(make_services, library, clock) -> None:
    services = make_services()
    app = exam_app(services, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        order = [s.presented for s in screen.quiz.slots]
        await pilot.press("c", "n", "f", "n", "a")
        answers = [s.chosen for s in screen.quiz.slots]
        # simulate a kill: the screen never ends the exam
        screen.ended = True
    clock.advance(seconds=90)

    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        offer = dash.query_one("#dash-resume")
        assert offer.display and "Unfinished exam: 2 of 3 answered" in str(offer.label)
        await pilot.press("e")
        await settle(app, pilot)
        resumed = app.screen
        assert isinstance(resumed, QuizScreen) and resumed.mode == "exam"
        assert [s.presented for s in resumed.quiz.slots] == order  # same questions, same option order
        assert [s.chosen for s in resumed.quiz.slots] == answers
        assert resumed.quiz.slots[1].flagged
        assert resumed.quiz.position == 1  # the one question left open
        assert "4:30 left" in str(resumed.query_one("#quiz-score").render())  # 6:00 less 1:30
        await pilot.press("S", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, QuizReportScreen)
    store = services.store()
    assert len(store.quiz_answers()) == 2 and store.pending_answer_count() == 0


# -- the line mode and SIGKILL ----------------------------------------------------------------------


def test_sigkill_mid_exam_keeps_the_answers_pending_and_resume_continues(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "studycards", "--db", str(db), *EXAM_ARGS],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env, cwd=tmp_path,
    )
    guard = threading.Timer(120, proc.kill)  # never hang the suite, whatever happens
    guard.start()
    try:
        assert proc.stdin is not None and proc.stdout is not None

        def read_question(number: int) -> str:
            seen: list[str] = []
            for line in proc.stdout:
                seen.append(line)
                if line.startswith(f"Question {number}/3"):
                    break
            else:
                raise AssertionError("".join(seen))
            for line in proc.stdout:  # stem and options, up to the last option
                seen.append(line)
                if line.startswith("  d)"):
                    break
            return "".join(seen)

        shown = read_question(1)
        proc.stdin.write(answer_for(shown) + "\n")
        proc.stdin.flush()
        shown = read_question(2)
        proc.stdin.write(answer_for(shown) + "\n")
        proc.stdin.flush()
        read_question(3)  # the third shows after the second answer is stored
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        guard.cancel()
        proc.kill()
    assert proc.returncode == -signal.SIGKILL

    quiz = stats_quiz(db)
    assert quiz["pending"] == 2 and quiz["answered"] == 0
    with Store.open(db) as store:
        pending = store.pending_exam()
        assert pending is not None
        ids = [s.question_id for s in pending.slots]

    code, out, err = run(["--db", str(db), "quiz", "--resume", "--plain"], "s\n")
    assert code == 0, err
    assert "2 of 3 answered" in out
    assert out.index("Question 3/3") < out.index("Score:")  # it goes on at the question left open
    assert "Unanswered (counted wrong): 1" in out
    quiz = stats_quiz(db)
    assert quiz["pending"] == 0 and quiz["answered"] == 2
    with Store.open(db) as store:
        assert [a["question_id"] for a in store.quiz_answers()] == ids[:2]
        assert {a["mode"] for a in store.quiz_answers()} == {"exam"}


def test_resume_with_nothing_to_resume_is_one_line_exit_two(tmp_path: Path) -> None:
    code, out, err = run(["--db", str(tmp_path / "s.db"), "quiz", "--resume", "--plain"])
    assert code == 2
    assert err.strip().count("\n") == 0 and "no unfinished exam" in err and "Traceback" not in out + err


def test_resume_refuses_new_quiz_options(tmp_path: Path) -> None:
    for extra in (["--topic", "concurrency"], ["--seed", "0"], ["--generated", "0"]):
        code, _, err = run(["--db", str(tmp_path / "s.db"), "quiz", "--resume", *extra, "--plain"])
        assert code == 2 and f"drop {extra[0]}" in err and err.strip().count("\n") == 0


def test_end_of_input_grades_what_was_answered_and_leaves_nothing_pending(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, _, err = run(["--db", str(db), *EXAM_ARGS], "f\nn\n")
    assert code == 0, err
    quiz = stats_quiz(db)
    assert quiz["pending"] == 0 and quiz["answered"] == 0  # nothing answered, nothing left over


def test_stats_pending_is_zero_on_a_fresh_database(tmp_path: Path) -> None:
    assert stats_quiz(tmp_path / "s.db")["pending"] == 0


def pending_exam_in(db: Path, library, started: datetime, answered: int) -> list[str]:
    """An exam left in progress (as a kill leaves it), started at `started`; its question ids."""
    from studycards.quiz.pending import begin_exam, save_exam_slot
    from studycards.quiz.session import QuizSession

    questions = [library.question(qid) for qid in (NOISY, FLASH_SALE, THROTTLES)]
    quiz = QuizSession.start(questions, mode="exam", now=started, seed=SEED)
    with Store.open(db) as store:
        begin_exam(store, "e-old", quiz, started)
        for i in range(answered):
            quiz.goto(i, started)
            quiz.answer(frozenset(quiz.current.presented.correct_letters), started)
            save_exam_slot(store, "e-old", quiz, i, started)
    return [q.id for q in questions]


def test_an_exam_whose_time_ran_out_meanwhile_is_graded_on_resume(tmp_path: Path, library) -> None:
    db = tmp_path / "s.db"
    ids = pending_exam_in(db, library, datetime.now(UTC) - timedelta(hours=1), answered=2)
    code, out, err = run(["--db", str(db), "quiz", "--resume", "--plain"], "a\n")
    assert code == 0, err
    assert "0:00 left" in out and "Time is up" in out and "Score: 2/3" in out
    with Store.open(db) as store:
        assert [a["question_id"] for a in store.quiz_answers()] == ids[:2]
        assert store.pending_exam() is None


async def test_quiz_resume_opens_the_exam_in_the_app(make_services, library, clock) -> None:
    services = make_services()
    ids = pending_exam_in(services.db_path, library, clock(), answered=1)
    clock.advance(seconds=30)
    app = make_app(services, start="quiz", start_options={"resume": services.resume_exam()})
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.mode == "exam"
        assert [s.presented.question.id for s in screen.quiz.slots] == ids and screen.quiz.position == 1
        assert "5:30 left" in str(screen.query_one("#quiz-score").render())
        await pilot.press("a")  # answers go on being stored in the same exam
        assert services.store().pending_exam().answered == 2
