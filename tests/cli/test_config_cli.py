"""`studycards config get|set|reset` through click."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from studycards.cli import cli
from studycards.context import AppContext
from tests.store.srsutil import T0


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "study.db"


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "config", *args])


def test_set_then_get(db: Path) -> None:
    assert run(db, "set", "new_per_day", "35").stdout.strip() == "new_per_day = 35"
    assert run(db, "get", "new_per_day").stdout.strip() == "35"
    assert run(db, "set", "desired_retention", "85%").stdout.strip() == "desired_retention = 0.85"
    assert run(db, "set", "day_starts_at", "05:00").stdout.strip() == "day_starts_at = 5"
    doc = json.loads(run(db, "get", "--json").stdout)
    assert doc["new_per_day"] == 35 and doc["desired_retention"] == 0.85 and doc["day_starts_at"] == 5
    assert doc["reviews_per_day"] == 200


def test_get_lists_everything_with_defaults_marked(db: Path) -> None:
    run(db, "set", "reviews_per_day", "150")
    out = run(db, "get").stdout
    lines = {line.split()[0]: line for line in out.splitlines()[2:]}
    assert "150" in lines["reviews_per_day"] and "default" not in lines["reviews_per_day"]
    assert "default" in lines["new_per_day"]


def test_reset_goes_back_to_the_default(db: Path) -> None:
    run(db, "set", "new_per_day", "5")
    result = run(db, "reset", "new_per_day")
    assert result.exit_code == 0 and result.stdout.strip() == "new_per_day = 20 (default)"
    assert run(db, "get", "new_per_day").stdout.strip() == "20"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("desired_retention", "0.99", "out of range: use 0.70-0.97"),
        ("new_per_day", "-3", "out of range"),
        ("day_starts_at", "25", "not an hour"),
        ("learning_steps", "soon", "bad step"),
        ("timezone", "Nowhere/Town", "unknown time zone"),
        ("colour", "blue", "unknown setting 'colour'"),
    ],
)
def test_invalid_values_exit_2_with_one_line(db: Path, key: str, value: str, message: str) -> None:
    result = run(db, "set", key, value)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_unknown_key_on_get_and_reset(db: Path) -> None:
    assert run(db, "get", "nope").exit_code == 2
    assert run(db, "reset", "nope").exit_code == 2


def test_settings_change_the_review(db: Path, write_deck: Callable[..., Path],
                                    context_at: Callable[[datetime], AppContext]) -> None:
    run(db, "set", "new_per_day", "1")
    result = CliRunner().invoke(cli, ["--db", str(db), "--content", str(write_deck()), "review", "--plain",
                                      "--topic", "alpha"], input="\n4\n" * 5, obj=context_at(T0))
    assert "Review (mini/alpha): 1 new, 0 learning, 0 review." in result.stdout
    assert "1 answer saved" in result.stdout


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["config", "--help"])
    assert result.exit_code == 0 and "studycards config set desired_retention 0.85" in result.stdout
