"""`studycards review --plain` through click, as a learner or a script drives it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from studycards.cli import cli
from studycards.context import AppContext
from studycards.srs.model import State, to_epoch
from studycards.srs.store import Store
from tests.cli.streams import InterruptedInput
from tests.store.srsutil import T0

FIRST = "What is alpha?"


@pytest.fixture
def env(
    tmp_path: Path, write_deck: Callable[..., Path], context_at: Callable[[datetime], AppContext]
) -> dict[str, Any]:
    return {"db": tmp_path / "study.db", "content": write_deck(), "at_t0": lambda: context_at(T0)}


def run(env: dict[str, Any], args: list[str], stdin: str | InterruptedInput | None = None) -> Result:
    """The CLI on the test's database and deck, its clock fixed at T0."""
    where = ["--db", str(env["db"]), "--content", str(env["content"])]
    return CliRunner().invoke(cli, [*where, *args], input=stdin, obj=env["at_t0"]())


def review(env: dict[str, Any], stdin: str | InterruptedInput, *args: str) -> Result:
    return run(env, ["review", "--plain", "--topic", "alpha", *args], stdin)


def reviews_in(db: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(db)
    try:
        return [(r[0], r[1]) for r in conn.execute("SELECT card_id, rating FROM review_log ORDER BY id")]
    finally:
        conn.close()


def test_reveal_then_rate_then_quit(env: dict[str, Any]) -> None:
    result = review(env, "\n3\nq\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Review (mini/alpha): 4 new, 0 learning, 0 review." in out
    assert out.index(FIRST) < out.index("The first letter.") < out.index("good: next in 10m")
    assert "1 again (1m)  2 hard (6m)  3 good (10m)  4 easy (" in out
    assert "Stopped: 1 answer saved." in out
    assert reviews_in(env["db"]) == [("mini.alpha.basic", 3)]


def test_end_of_input_quits_cleanly_and_keeps_answers(env: dict[str, Any]) -> None:
    result = review(env, "\n3\n\nagain\n\n")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("Input ended: 2 answers saved.")
    assert [r for _, r in reviews_in(env["db"])] == [3, 1]


def test_rating_words_and_rating_without_reveal(env: dict[str, Any]) -> None:
    result = review(env, "good\nHARD\n")
    assert result.exit_code == 0
    assert "The first letter." in result.stdout  # the back is shown before the rating
    assert [r for _, r in reviews_in(env["db"])] == [3, 2]


def test_undo_puts_the_answer_back(env: dict[str, Any]) -> None:
    result = review(env, "\n3\nu\nu\nq\n")
    assert result.exit_code == 0
    out = result.stdout
    assert "Undone." in out and "Nothing to undo." in out
    assert out.count(FIRST) == 2  # shown again after the undo
    assert reviews_in(env["db"]) == []
    with Store.open(env["db"]) as store:
        assert store.card_state("mini.alpha.basic").state == State.New  # type: ignore[union-attr]


def test_unknown_input_is_explained_and_ignored(env: dict[str, Any]) -> None:
    result = review(env, "maybe\n\n3\n")
    assert result.exit_code == 0
    assert "Unknown input 'maybe'." in result.stdout
    assert len(reviews_in(env["db"])) == 1


def test_suspend_and_bury_keys(env: dict[str, Any]) -> None:
    result = review(env, "s\nb\nq\n")
    assert result.exit_code == 0
    assert "Suspended mini.alpha.basic" in result.stdout
    assert "Buried mini.alpha.cloze::c1 until tomorrow." in result.stdout
    with Store.open(env["db"]) as store:
        assert store.card("mini.alpha.basic").suspended  # type: ignore[union-attr]
        assert store.card("mini.alpha.cloze::c1").buried_until is not None  # type: ignore[union-attr]


def test_limit_stops_after_n_answers(env: dict[str, Any]) -> None:
    result = review(env, "\n3\n" * 5, "--limit", "2")
    assert result.exit_code == 0
    assert "Done: 2 answers saved." in result.stdout
    assert len(reviews_in(env["db"])) == 2


def test_a_whole_session_to_the_end(env: dict[str, Any]) -> None:
    result = review(env, "\n4\n" * 10)
    assert result.exit_code == 0
    assert "Done: 4 answers saved. Nothing more is due today." in result.stdout


def test_nothing_due_says_so(env: dict[str, Any]) -> None:
    result = run(env, ["review", "--plain", "--topic", "beta"], "")
    assert result.exit_code == 0
    assert "Nothing to review now (mini/beta)." in result.stdout


def test_unknown_topic_is_one_line_with_the_valid_ones(env: dict[str, Any]) -> None:
    result = review(env, "", "--topic", "alpah")
    assert result.exit_code == 2
    assert "Did you mean 'alpha'?" in result.stderr and "Valid topics:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_leech_is_suspended_and_the_learner_told_why(env: dict[str, Any]) -> None:
    review(env, "q\n")  # creates the database and the card rows
    with Store.open(env["db"]) as store:
        store.set_setting("new_per_day", "0")
        store.conn.execute(
            "UPDATE cards SET state = 2, stability = 2, difficulty = 8, due = ?, last_review = ?, lapses = 7 "
            "WHERE id = 'mini.alpha.basic'",
            (to_epoch(T0 - timedelta(hours=1)), to_epoch(T0 - timedelta(days=3))))
    result = review(env, "\n1\nq\n")
    assert result.exit_code == 0
    assert "Leech: you have forgotten this card 8 times" in result.stdout
    assert "suspended" in result.stdout
    with Store.open(env["db"]) as store:
        record = store.card("mini.alpha.basic")
        assert record is not None and record.leech and record.suspended

    fixed = run(env, ["review", "--unsuspend", "mini.alpha.basic"])
    assert fixed.exit_code == 0 and "Unsuspended 1 card(s)." in fixed.stdout
    with Store.open(env["db"]) as store:
        assert not store.card("mini.alpha.basic").suspended  # type: ignore[union-attr]


def test_unsuspend_of_an_unknown_card_is_refused(env: dict[str, Any]) -> None:
    result = run(env, ["review", "--unsuspend", "no.such.card"])
    assert result.exit_code == 2
    assert "unknown card id(s): no.such.card" in result.stderr


def test_without_plain_and_without_a_terminal_it_runs_the_line_mode(env: dict[str, Any]) -> None:
    result = run(env, ["review", "--topic", "alpha"], "\n3\n")
    assert result.exit_code == 0
    assert "Input ended: 1 answer saved." in result.stdout


def test_a_file_that_is_not_a_database_is_one_clear_line(env: dict[str, Any]) -> None:
    env["db"].write_text("not a database")
    result = review(env, "\n3\n")
    assert result.exit_code == 2
    assert "is not a studycards database" in result.stderr and "Traceback" not in result.output
    assert env["db"].read_text() == "not a database"


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["review", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "studycards review --plain" in result.stdout


def test_ctrl_c_keeps_every_answer_shown_as_saved(env: dict[str, Any]) -> None:
    result = review(env, InterruptedInput(b"\n3\n\n"))
    assert result.exit_code == 130
    assert "good: next in 10m" in result.stdout
    assert "Interrupted; every answer shown as recorded was saved." in result.stderr
    assert "Traceback" not in result.output
    assert reviews_in(env["db"]) == [("mini.alpha.basic", 3)]
