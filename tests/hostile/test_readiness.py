"""Readiness under odd histories: a clock that went back, answers to questions that left the
content, a database that is not one."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from studycards.cli import cli
from studycards.context import AppContext
from studycards.srs.store import Store

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
NOISY = "lambda.concurrency.q.noisy-neighbour"


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "readiness", *args], obj=AppContext(clock=lambda: NOW))


def record(db: Path, question_id: str, correct: bool, at: datetime) -> None:
    with Store.open(db) as store:
        store.record_quiz_answer(session_id="s", question_id=question_id, topic="concurrency",
                                 domain="resilient", chosen_letters=["a"], chosen_texts=["A"],
                                 correct=correct, now=at)


def test_answers_from_the_future_weigh_no_more_than_fresh_ones(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run(db)
    record(db, NOISY, True, NOW + timedelta(days=400))  # written by a clock far ahead
    record(db, NOISY, False, NOW)
    doc = json.loads(run(db, "--json").stdout)
    answered = [t for t in doc["tasks"] if t["quiz_accuracy"] is not None]
    assert answered and all(t["quiz_accuracy"] == 0.5 for t in answered)


def test_answers_to_questions_that_left_the_content_count_only_towards_the_score(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run(db)
    for i in range(30):
        record(db, "lambda.gone.q.removed", i % 2 == 0, NOW - timedelta(minutes=i))
    doc = json.loads(run(db, "--json").stdout)
    assert all(t["quiz_accuracy"] is None and t["readiness"] is None for t in doc["tasks"])
    assert doc["predicted_score"] is not None and doc["reason"] is None


def test_a_file_that_is_not_a_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    db.write_bytes(b"not a database at all" * 100)
    result = run(db)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
