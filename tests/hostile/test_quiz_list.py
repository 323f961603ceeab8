"""`quiz --list` and `--json` misused: usage errors in one line, and content text kept on one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--list", "--resume"], "--list shows the questions of a new quiz: drop --resume"),
        (["--list", "--json", "--resume"], "--list shows the questions of a new quiz: drop --resume"),
        (["--json"], "--json goes with --list"),
        (["--exam", "--json", "--plain"], "--json goes with --list"),
    ],
)
def test_list_misuse_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "quiz", *args], input="a\n")
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""


def test_list_with_nothing_to_list_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "s.db"), "quiz", "--list", "--exam", "--wrong", "--json"]
    )
    assert result.exit_code == 2 and "no missed questions" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.output


def test_list_text_keeps_each_question_on_one_line() -> None:
    from studycards.content.model import Option, Origin, Question
    from studycards.quiz.plain import question_list_text

    options = (Option("a", True, "why"), Option("b", False, "why"))
    odd = Question("x.y.q\n\x1b[2Jz", "to\tpic", "deck", "Stem?", options, 1, "cost", "easy", ("https://x",),
                   Origin(Path("x.yaml"), 1))
    text = question_list_text([odd, odd])
    assert len(text.splitlines()) == 2 and "\x1b" not in text and "\t" not in text
    assert text.splitlines()[0].split()[-1] == "-"  # no task statements
