"""`studycards readiness` through click."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from studycards.cli import cli
from studycards.context import AppContext
from studycards.srs.store import Store
from tests.store.srsutil import T0


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "study.db"


@pytest.fixture
def invoke(context_at: Callable[[datetime], AppContext], db: Path) -> Callable[..., Result]:
    """CliRunner's invoke on a temporary database with the clock fixed at T0."""

    def run(args: list[str], **kwargs: Any) -> Result:
        return CliRunner().invoke(cli, ["--db", str(db), *args], obj=context_at(T0), **kwargs)

    return run


def record_answers(db: Path, count: int, right_every: int = 4) -> None:
    """`count` answers to a shipped question, three in four right."""
    with Store.open(db) as store:
        for i in range(count):
            store.record_quiz_answer(session_id="s", question_id="lambda.concurrency.q.noisy-neighbour",
                                     topic="concurrency", domain="resilient", chosen_letters=["a"],
                                     chosen_texts=["A"], correct=i % right_every != 0,
                                     now=T0 - timedelta(hours=count - i))


def test_json_has_exactly_the_documented_keys(invoke: Callable[..., Result]) -> None:
    result = invoke(["readiness", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"exam", "coverage", "domains", "tasks", "predicted_score", "reason"}
    assert [d["id"] for d in doc["domains"]] == ["secure", "resilient", "performance", "cost"]
    assert len(doc["tasks"]) == 14
    assert doc["predicted_score"] is None and doc["reason"] == "answer 30 more exam-style questions"
    assert all(t["readiness"] is None for t in doc["tasks"])  # nothing studied yet
    assert all(t["recall"] == 0.0 for t in doc["tasks"] if t["cards"])


def test_enough_answers_give_a_score_range(invoke: Callable[..., Result], db: Path) -> None:
    invoke(["readiness", "--json"])  # creates the database
    record_answers(db, 40)
    doc = json.loads(invoke(["readiness", "--json"]).stdout)
    score = doc["predicted_score"]
    assert doc["reason"] is None
    assert 100 <= score["low"] < score["high"] <= 1000
    answered = [t for t in doc["tasks"] if t["quiz_accuracy"] is not None]
    assert answered and all(t["readiness"] is not None for t in answered)


def test_reviewing_cards_raises_recall(invoke: Callable[..., Result]) -> None:
    invoke(["review", "--plain", "--topic", "concurrency", "--limit", "3"], input="\n3\n\n3\n\n3\nq\n")
    doc = json.loads(invoke(["readiness", "--json"]).stdout)
    assert any(t["recall"] and t["readiness"] for t in doc["tasks"])


def test_text_report_fits_in_80_columns(invoke: Callable[..., Result], db: Path) -> None:
    invoke(["readiness"])
    record_answers(db, 31)
    result = invoke(["readiness"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("Verdict: ") and "predicted" in line for line in lines)
    assert "Weakest covered tasks:" in result.stdout
    assert "1.1 Design secure access to AWS resources" in result.stdout
    assert "not AWS's scaled score" in result.stdout


def test_text_report_says_what_is_missing(invoke: Callable[..., Result]) -> None:
    result = invoke(["readiness"])
    assert "Verdict: Too early to predict a score: answer 30 more exam-style questions." in result.stdout
    assert "Nothing studied yet" in result.stdout
