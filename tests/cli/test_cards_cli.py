"""`studycards cards`: list, show, change and undo, as a learner or a script drives it."""

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

BASIC = "mini.alpha.basic"


@pytest.fixture
def env(
    tmp_path: Path, write_deck: Callable[..., Path], context_at: Callable[[datetime], AppContext]
) -> dict[str, Any]:
    return {"db": tmp_path / "study.db", "content": write_deck(), "at_t0": lambda: context_at(T0)}


def run(env: dict[str, Any], *args: str, stdin: str | None = None) -> Result:
    where = ["--db", str(env["db"]), "--content", str(env["content"])]
    return CliRunner().invoke(cli, [*where, *args], input=stdin, obj=env["at_t0"]())


def listed(env: dict[str, Any], *args: str) -> list[dict[str, Any]]:
    result = run(env, "cards", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["cards"]


def ids(env: dict[str, Any], *args: str) -> list[str]:
    return sorted(row["id"] for row in listed(env, *args))


def test_a_suspended_card_is_found_and_unsuspended(env: dict[str, Any]) -> None:
    assert run(env, "review", "--plain", "--topic", "alpha", stdin="\ns\nq\n").exit_code == 0
    result = run(env, "cards", "suspend", BASIC)
    assert result.exit_code == 0 and "Suspended 1 card (1 already was)." in result.stdout
    assert ids(env, "is:suspended") == [BASIC]
    assert ids(env, "--suspended", "--deck", "mini") == [BASIC]
    text = run(env, "cards", "is:suspended")
    assert BASIC in text.stdout and "suspended" in text.stdout and "1 card" in text.stdout
    result = run(env, "cards", "unsuspend", BASIC)
    assert result.exit_code == 0 and "Unsuspended 1 card." in result.stdout
    assert ids(env, "is:suspended") == []


def test_the_json_rows_carry_every_column(env: dict[str, Any]) -> None:
    rows = listed(env, "deck:mini", "--limit", "1", "--sort", "added")
    assert len(rows) == 1
    assert set(rows[0]) >= {"id", "deck", "topic", "front", "state", "due", "interval_days", "lapses",
                            "difficulty", "stability", "recall", "suspended", "buried", "leech"}


def test_options_and_negation(env: dict[str, Any]) -> None:
    every = ids(env, "deck:mini")
    assert len(every) >= 5
    assert ids(env, "deck:mini", "-id:*cloze*") == [i for i in every if "cloze" not in i]
    assert ids(env, "-is:new", "deck:mini") == []
    assert ids(env, "--topic", "mini/alpha", "--state", "new") == every
    assert ids(env, "--deck", "mini", "--leech") == []
    assert len(listed(env, "deck:mini", "--limit", "2")) == 2


def test_a_query_changes_nothing_without_yes(env: dict[str, Any]) -> None:
    result = run(env, "cards", "suspend", "deck:mini", "id:*cloze*")
    assert result.exit_code == 0 and "2 cards match; add --yes to suspend them." in result.stdout
    assert ids(env, "is:suspended") == []
    result = run(env, "cards", "suspend", "deck:mini", "id:*cloze*", "--yes")
    assert result.exit_code == 0 and "Suspended 2 cards." in result.stdout
    assert len(ids(env, "is:suspended")) == 2
    assert "Undone: suspend of 2 cards." in run(env, "cards", "undo").stdout
    assert ids(env, "is:suspended") == []
    assert run(env, "cards", "undo").stdout == "Nothing to undo.\n"


@pytest.mark.parametrize("action", ["bury", "forget"])
def test_bury_and_forget_are_undoable(env: dict[str, Any], action: str) -> None:
    assert run(env, "review", "--plain", "--topic", "alpha", stdin="\n3\nq\n").exit_code == 0
    before = listed(env, f"id:{BASIC}")
    assert run(env, "cards", action, BASIC).exit_code == 0
    after = listed(env, f"id:{BASIC}")
    assert after != before
    if action == "forget":
        assert after[0]["state"] == "new" and after[0]["reps"] == 0
        history = json.loads(run(env, "cards", "show", BASIC, "--json").stdout)["history"]
        assert len(history) == 1  # the log stays
    else:
        assert after[0]["buried"]
        assert "unbury" in run(env, "cards", "--help").stdout
    run(env, "cards", "undo")
    assert listed(env, f"id:{BASIC}") == before


def test_show(env: dict[str, Any]) -> None:
    assert run(env, "review", "--plain", "--topic", "alpha", stdin="\n3\nq\n").exit_code == 0
    doc = json.loads(run(env, "cards", "show", BASIC, "--json").stdout)
    assert doc["front"] == "What is alpha?" and doc["back"] == "The first letter."
    assert doc["fsrs"]["state"] == "learning" and doc["fsrs"]["reps"] == 1
    assert doc["recall"]["now"] is not None and set(doc["recall"]["ahead"]) == {"1d", "7d", "30d", "90d"}
    assert [h["rating"] for h in doc["history"]] == ["good"]
    text = run(env, "cards", "show", BASIC).stdout
    assert "What is alpha?" in text and "History (1 answer):" in text and "Recall now" in text


@pytest.mark.parametrize(("args", "words"), [
    (["cards", "foo:bar"], "bad query at character 1: unknown field 'foo:'"),
    (["cards", "list", '"open'], "quote is not closed"),
    (["cards", "show", "mini.alpha.nope"], "unknown card 'mini.alpha.nope'"),
    (["cards", "suspend", "mini.alpha.nope"], "unknown card id(s): mini.alpha.nope"),
    (["cards", "unsuspend", "is:zzz"], "unknown is:zzz"),
    (["cards", "--deck", "nope"], "unknown deck 'nope'"),
    (["cards", "--nope"], "No such option '--nope'"),
    (["cards", "--sort", "colour"], "'colour' is not one of"),
])
def test_mistakes_are_one_line_and_exit_2(env: dict[str, Any], args: list[str], words: str) -> None:
    result = run(env, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr, result.stderr


def test_the_help_teaches_the_query_language() -> None:
    for args in (["cards", "--help"], ["cards", "list", "--help"]):
        out = CliRunner().invoke(cli, args).stdout
        for word in ("deck:", "topic:", "tag:", "is:suspended", "prop:lapses>3", "prop:ivl>=30",
                     "-is:suspended", '"reserved concurrency"'):
            assert word in out, (args, word)


def test_listing_never_writes_the_database(env: dict[str, Any]) -> None:
    run(env, "cards", "is:new")
    assert not Path(env["db"]).exists()
