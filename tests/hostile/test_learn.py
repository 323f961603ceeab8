"""Hostile review-history CSVs for `studycards optimize --revlog`: one line naming the line, exit 2."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from studycards.context import AppContext

HEADER = "card_id,review_rating,review_time,review_duration\n"
GOOD = "a,3,2024-01-01T10:00:00+00:00,1200\n"
CASES = {
    "rating out of range": (HEADER + GOOD + "b,5,2024-01-02T10:00:00+00:00,1\n", "line 3", "review_rating"),
    "rating not a number": (HEADER + "a,good,2024-01-02T10:00:00+00:00,1\n", "line 2", "review_rating"),
    "naive time": (HEADER + GOOD + "a,3,2024-01-02T10:00:00,1\n", "line 3", "no UTC offset"),
    "garbage time": (HEADER + "a,3,yesterday,1\n", "line 2", "ISO 8601"),
    "year 9999": (HEADER + "a,3,9999-01-01T00:00:00+00:00,1\n", "line 2", "out of range"),
    "negative duration": (HEADER + "a,3,2024-01-02T10:00:00+00:00,-5\n", "line 2", "review_duration"),
    "nan duration": (HEADER + "a,3,2024-01-02T10:00:00+00:00,nan\n", "line 2", "review_duration"),
    "short row": (HEADER + GOOD + GOOD + "a,3\n", "line 4", "fields"),
    "missing column": ("card_id,review_rating,review_time\n" + "a,3,2024-01-02T10:00:00+00:00\n", "line 1",
                       "review_duration"),
    "empty file": ("", "empty", "header"),
    "control character in id": (HEADER + "a\x1b[31m,3,2024-01-02T10:00:00+00:00,1\n", "line 2", "card_id"),
    "unterminated quote": (HEADER + GOOD + '"a,3,2024-01-02T10:00:00+00:00,1\n', "line", ""),
    "NUL byte": (HEADER + "a\x00,3,2024-01-02T10:00:00+00:00,1\n", "NUL", ""),
}

ContextAt = Callable[[datetime], AppContext]


@pytest.mark.parametrize("name", list(CASES))
def test_bad_revlog_is_one_line_with_its_line_number(tmp_path: Path, name: str,
                                                     context_at: ContextAt) -> None:
    text, where, what = CASES[name]
    path = tmp_path / "rev.csv"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "optimize", "--revlog", str(path)],
                                obj=context_at(datetime(2026, 1, 1, tzinfo=UTC)))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and where in lines[0] and what in lines[0]
    assert "Traceback" not in result.output and "\x1b" not in result.stderr


@pytest.mark.parametrize("what", ["folder", "missing", "binary"])
def test_unreadable_revlog_is_one_line(tmp_path: Path, what: str, context_at: ContextAt) -> None:
    path = tmp_path / "rev.csv"
    if what == "folder":
        path.mkdir()
    elif what == "binary":
        path.write_bytes(b"\xff\xfe\x00garbage\x80")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "optimize", "--revlog", str(path)],
                                obj=context_at(datetime(2026, 1, 1, tzinfo=UTC)))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["2027-13-01", "2027-02-15T00:00", " ", "20270215", "2027-02-15\x1b"])
def test_hostile_exam_dates(tmp_path: Path, value: str, context_at: ContextAt) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "plan", "--exam-date", value],
                                obj=context_at(datetime(2026, 1, 1, tzinfo=UTC)))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "\x1b" not in result.stderr
