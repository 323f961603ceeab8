"""`studycards export anki` through click, as a learner runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from tests.export.anki_decks import write_lambda_deck


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Our small deck as the only content (the shipped deck is left out so counts are exact)."""
    monkeypatch.setattr("studycards.locations.shipped_content_dir", lambda: tmp_path / "no-shipped-content")
    monkeypatch.chdir(tmp_path)
    return write_lambda_deck(tmp_path / "decks")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_writes_default_file_and_reports_counts_per_note_type(content: Path, tmp_path: Path) -> None:
    code, out, err = run("export", "anki", "--content", str(content))
    assert code == 0, err
    assert (tmp_path / "studycards-lambda.apkg").is_file()
    lines = out.splitlines()
    assert lines[0] == "Wrote studycards-lambda.apkg: 9 notes, 11 cards in 2 topic decks"
    assert lines[1].split() == ["basic", "5", "notes", "(6", "cards)"]
    assert lines[2].split() == ["cloze", "2", "notes", "(3", "cards)"]
    assert lines[3].split() == ["multiple", "choice", "2", "notes"]


def test_refuses_to_overwrite_without_force(content: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.apkg"
    target.write_bytes(b"learner's file")
    code, _, err = run("export", "anki", "--content", str(content), "-o", str(target))
    assert code == 2
    assert err.strip() == f"Error: {target} already exists; use --force to overwrite it"
    assert target.read_bytes() == b"learner's file"
    code, _, err = run("export", "anki", "--content", str(content), "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_bytes()[:2] == b"PK"  # a zip package now


def test_topic_selection_and_no_questions(content: Path, tmp_path: Path) -> None:
    code, out, err = run("export", "anki", "--content", str(content), "--topic", "security", "--no-questions")
    assert code == 0, err
    assert out.splitlines()[0] == "Wrote studycards-lambda-security.apkg: 3 notes, 3 cards in 1 topic decks"
    assert "multiple choice" not in out
    code, out, _ = run("export", "anki", "--content", str(content), "--topic", "security,concurrency")
    assert code == 0
    assert "studycards-lambda-concurrency-security.apkg: 9 notes" in out


def test_unknown_topic_exits_2_with_suggestion_and_valid_topics(content: Path, tmp_path: Path) -> None:
    code, out, err = run("export", "anki", "--content", str(content), "--topic", "concurency")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "unknown topic 'concurency'. Did you mean 'concurrency'?" in err
    assert "Valid topics: lambda/concurrency, lambda/security" in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob("*.apkg"))


def test_help_has_an_example() -> None:
    code, out, _ = run("export", "anki", "--help")
    assert code == 0
    assert "Example" in out and "studycards export anki --topic" in out
