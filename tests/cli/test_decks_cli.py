"""Topics addressed as deck/slug, and --deck, across the commands (two decks sharing slugs)."""

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
from tests.cli.decks import write_two_decks
from tests.store.srsutil import T0


@pytest.fixture
def env(
    tmp_path: Path, write_deck: Callable[..., Path], context_at: Callable[[datetime], AppContext]
) -> dict[str, Any]:
    content = write_two_decks(write_deck)
    return {"db": tmp_path / "study.db", "content": content, "at_t0": lambda: context_at(T0)}


def run(env: dict[str, Any], *args: str, stdin: str | None = None) -> Result:
    where = ["--db", str(env["db"]), "--content", str(env["content"])]
    return CliRunner().invoke(cli, [*where, *args], input=stdin, obj=env["at_t0"]())


def one_error_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    return lines[0]


# -- topics ----------------------------------------------------------------------------------
def test_topics_json_is_a_flat_list_with_decks_and_qualified_names(env: dict[str, Any]) -> None:
    result = run(env, "topics", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert all(set(r) == {"deck", "slug", "qualified", "title", "cards", "questions"} for r in rows)
    by_name = {r["qualified"]: r for r in rows}
    assert by_name["vault/alpha"] == {"deck": "vault", "slug": "alpha", "qualified": "vault/alpha",
                                        "title": "Vault alpha", "cards": 1, "questions": 1}
    assert by_name["mini/alpha"]["cards"] == 6 and by_name["mini/alpha"]["questions"] == 2
    assert {"lambda/core", "vault/core", "mini/beta"} <= set(by_name)


def test_topics_are_grouped_by_deck_with_a_heading_and_totals(env: dict[str, Any]) -> None:
    result = run(env, "topics", "--deck", "vault", "--deck", "mini")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Mini deck (mini): 2 topics, 6 cards, 2 questions" in out
    assert "Amazon S3 and vault (vault): 2 topics, 2 cards, 2 questions" in out
    assert "lambda/" not in out
    assert out.index("vault/core") > out.index("Amazon S3 and vault (vault)") > out.index("mini/beta")


def test_topics_json_with_deck_lists_only_that_deck(env: dict[str, Any]) -> None:
    rows = json.loads(run(env, "topics", "--deck", "vault", "--json").stdout)
    assert [r["qualified"] for r in rows] == ["vault/core", "vault/alpha"]


# -- resolution ------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["quiz", "--plain"], ["review", "--plain"], ["export", "anki"]])
def test_ambiguous_bare_slug_exits_2_listing_the_qualified_matches(
    env: dict[str, Any], command: list[str]
) -> None:
    line = one_error_line(run(env, *command, "--topic", "core"))
    assert line == "Error: topic 'core' is in several decks: lambda/core, vault/core; say which"


def test_unknown_topic_keeps_its_did_you_mean(env: dict[str, Any]) -> None:
    line = one_error_line(run(env, "quiz", "--plain", "--topic", "bta"))
    assert "unknown topic 'bta'. Did you mean 'beta'?" in line and "mini/beta" in line


def test_unknown_deck_exits_2_with_the_valid_ones(env: dict[str, Any]) -> None:
    for command in (["quiz", "--plain"], ["review", "--plain"], ["stats"], ["topics"], ["export", "anki"]):
        line = one_error_line(run(env, *command, "--deck", "valt"))
        assert "unknown deck 'valt'. Did you mean 'vault'?" in line
        valid = line.split("Valid decks: ", 1)[1].split(", ")
        assert {"lambda", "mini", "vault"} <= set(valid)


def test_topic_outside_the_chosen_decks_is_an_error(env: dict[str, Any]) -> None:
    line = one_error_line(run(env, "quiz", "--plain", "--deck", "vault", "--topic", "mini/beta"))
    assert "'mini/beta' is not in the chosen deck(s) vault" in line


def test_bare_slug_shared_by_decks_is_resolved_within_the_chosen_deck(env: dict[str, Any]) -> None:
    result = run(env, "quiz", "--plain", "--deck", "vault", "--topic", "core", "--count", "5", stdin="a\n")
    assert result.exit_code == 0, result.output
    assert "Which vault class is the default?" in result.stdout
    assert "Question 2" not in result.stdout  # vault/core has one question


# -- quiz ------------------------------------------------------------------------------------
def test_quiz_qualified_topic_asks_only_that_decks_questions(env: dict[str, Any]) -> None:
    result = run(env, "quiz", "--plain", "--topic", "vault/alpha", "--count", "5", stdin="a\n")
    assert result.exit_code == 0, result.output
    assert "Which vault option comes first?" in result.stdout
    assert "Which letter is first?" not in result.stdout  # mini/alpha's question


def test_quiz_deck_asks_only_that_decks_questions(env: dict[str, Any]) -> None:
    result = run(env, "quiz", "--plain", "--deck", "vault", "--count", "5", "--seed", "1", stdin="a\na\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Which vault option comes first?" in out and "Which vault class is the default?" in out
    assert "Which letter is first?" not in out and "Lambda" not in out


# -- review ----------------------------------------------------------------------------------
def test_review_qualified_topic_shows_only_that_decks_cards(env: dict[str, Any]) -> None:
    result = run(env, "review", "--plain", "--topic", "vault/alpha", stdin="\n3\n")
    assert result.exit_code == 0, result.output
    assert "Review (vault/alpha): 1 new" in result.stdout
    assert "Which vault letter comes first?" in result.stdout
    assert "What is alpha?" not in result.stdout


def test_review_deck_shows_only_that_decks_cards(env: dict[str, Any]) -> None:
    result = run(env, "review", "--plain", "--deck", "vault", stdin="\n3\n\n3\nq\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2 new, 0 learning, 0 review" in out
    assert "What holds S3 objects?" in out and "Which vault letter comes first?" in out
    assert "What is alpha?" not in out


# -- stats -----------------------------------------------------------------------------------
def test_stats_json_topics_carry_deck_and_qualified_name(env: dict[str, Any]) -> None:
    run(env, "review", "--plain", "--topic", "vault/alpha", stdin="\n3\n")
    doc = json.loads(run(env, "stats", "--json").stdout)
    assert set(doc) == {"cards", "due", "reviews_today", "streak_days", "retention_30d", "topics", "forecast",
                        "quiz"}
    entries = {t["qualified"]: t for t in doc["topics"]}
    assert entries["vault/alpha"]["deck"] == "vault" and entries["vault/alpha"]["topic"] == "alpha"
    assert entries["vault/alpha"]["studied"] == 1 and entries["mini/alpha"]["studied"] == 0


def test_stats_deck_narrows_cards_and_topics(env: dict[str, Any]) -> None:
    run(env, "review", "--plain", "--limit", "1", stdin="q\n")  # stores every card
    doc = json.loads(run(env, "stats", "--deck", "vault", "--json").stdout)
    assert [t["qualified"] for t in doc["topics"]] == ["vault/core", "vault/alpha"]
    assert doc["cards"]["total"] == 2
    text = run(env, "stats", "--deck", "vault").stdout
    assert "vault/core" in text and "mini/alpha" not in text


# -- export ----------------------------------------------------------------------------------
def test_export_deck_names_use_the_short_name_and_the_deck_filter(
    env: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(env, "export", "anki", "--deck", "vault")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "studycards-vault.apkg").is_file()
    assert "2 topic decks" in result.stdout.splitlines()[0]
