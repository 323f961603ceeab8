"""Hostile --topic/--deck values and deck manifests: one line, exit 2, nothing raw echoed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from studycards.content.loader import load_library, load_or_raise
from studycards.export.anki import deck_label
from tests.cli.decks import STORAGE_MANIFEST, TWO_DECKS, write_two_decks

COMMANDS = [["quiz", "--plain"], ["review", "--plain"], ["export", "anki"]]


def run(content: Path, db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "--content", str(content), *args], input="")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("topic", ["/", "mini/", "/alpha", "mini/alpha/x", "../mini/alpha", "mini\\alpha",
                                   "\x1b[31mmini/alpha", "mini/alpha\u202e", "x" * 5000])
def test_odd_topic_names_are_one_line_exit_2(
    write_deck: Callable[..., Path], tmp_path: Path, command: list[str], topic: str
) -> None:
    code, out, err = run(write_two_decks(write_deck), tmp_path / "t.db", *command, "--topic", topic)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "\x1b" not in err and "\u202e" not in err
    assert len(err) < 1000  # a long name is cut, not echoed whole


@pytest.mark.parametrize("command", [*COMMANDS, ["stats"], ["topics"]])
@pytest.mark.parametrize("deck", ["Mini", "mini/alpha", "\x1b[2J", "*", "x" * 5000])
def test_odd_deck_names_are_one_line_exit_2(
    write_deck: Callable[..., Path], tmp_path: Path, command: list[str], deck: str
) -> None:
    code, out, err = run(write_two_decks(write_deck), tmp_path / "t.db", *command, "--deck", deck)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "unknown deck" in err and "\x1b" not in err
    assert len(err) < 300


def test_a_slug_shared_with_the_shipped_deck_does_not_hide_either(
    write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    content = write_two_decks(write_deck)
    code, _out, err = run(content, tmp_path / "t.db", "review", "--plain", "--topic", "core")
    assert code == 2 and "lambda/core, vault/core" in err
    code, out, err = run(content, tmp_path / "t.db", "review", "--plain", "--topic", "lambda/core",
                         "--limit", "1")
    assert code == 0, err
    assert "(lambda/core)" in out and "S3" not in out


@pytest.mark.parametrize("short", ["'S3::Glacier'", "'S3:::::x'", '"a\\x01b"', "''", "'   '", "[Vault]"])
def test_hostile_short_names_are_rejected_or_kept_to_one_deck_level(
    write_deck: Callable[..., Path], short: str
) -> None:
    manifest = STORAGE_MANIFEST.replace("short: Vault", f"short: {short}")
    root = write_deck({**TWO_DECKS, "vault/deck.yaml": manifest})
    result = load_library([root])
    if result.problems:
        assert all("short" in p.field for p in result.problems)
        return
    label = deck_label(next(d for d in load_or_raise([root]).decks if d.id == "vault"))
    assert "::" not in label and "\x01" not in label and label.strip()
