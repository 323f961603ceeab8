"""`studycards stats` through click."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from studycards.cli import cli
from studycards.context import AppContext
from tests.store.srsutil import T0


@pytest.fixture
def args(tmp_path: Path, write_deck: Callable[..., Path]) -> list[str]:
    return ["--db", str(tmp_path / "study.db"), "--content", str(write_deck())]


@pytest.fixture
def invoke(context_at: Callable[[datetime], AppContext]) -> Callable[..., Result]:
    """CliRunner's invoke with the clock fixed at T0."""

    def run(args: list[str], **kwargs: Any) -> Result:
        return CliRunner().invoke(cli, args, obj=context_at(T0), **kwargs)

    return run


def test_json_has_exactly_the_documented_keys(args: list[str], invoke: Callable[..., Result]) -> None:
    result = invoke([*args, "stats", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"cards", "due", "reviews_today", "streak_days", "retention_30d", "topics", "forecast",
                        "quiz"}
    assert set(doc["cards"]) >= {"new", "learning", "review", "relearning", "suspended"}
    assert set(doc["due"]) == {"now", "today", "tomorrow"}
    assert len(doc["forecast"]) == 14
    assert set(doc["quiz"]) == {"answered", "correct", "accuracy", "by_topic", "by_domain", "pending"}
    assert {"alpha", "beta"} <= {t["topic"] for t in doc["topics"]}


def test_stats_reflect_reviews(args: list[str], invoke: Callable[..., Result]) -> None:
    invoke([*args, "review", "--plain", "--topic", "alpha"], input="\n3\n\n1\n")
    doc = json.loads(invoke([*args, "stats", "--json"]).stdout)
    assert doc["reviews_today"] == 2
    assert doc["streak_days"] == 1
    assert doc["cards"]["learning"] == 2
    assert doc["due"]["today"] == 2
    alpha = next(t for t in doc["topics"] if t["topic"] == "alpha")
    assert alpha["studied"] == 2 and alpha["mastery"] is not None


def test_text_output(args: list[str], invoke: Callable[..., Result]) -> None:
    result = invoke([*args, "stats"])
    assert result.exit_code == 0
    out = result.stdout
    expected = ("Cards:", "Due: now 0, today 0, tomorrow 0", "streak: 0 days", "Forecast:",
                "Quiz: 0 answered")
    for text in expected:
        assert text in out
    assert "alpha" in out
    assert "mastery: the share of a topic's cards, unseen ones included" in out


def test_help_says_what_mastery_means() -> None:
    text = " ".join(CliRunner().invoke(cli, ["stats", "--help"]).stdout.split())
    assert "unseen ones count as not mastered" in text and "30 days from now is at least 90%" in text


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["stats", "--help"])
    assert result.exit_code == 0 and "studycards stats --json" in result.stdout
