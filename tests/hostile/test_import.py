"""Hostile input to `studycards import`: one clear line, exit 2, no traceback, nothing half-written."""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.importing.packages import build_anki_package

Run = Callable[..., tuple[int, Any, str]]


def _one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    for needle in needles:
        assert needle in lines[0], lines[0]


def _zip(path: Path, entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.apkg", b"", "empty"),
        ("text.apkg", b"this is not a zip file at all", "not an Anki package"),
    ],
)
def test_files_that_are_not_packages(
    tmp_path: Path, run_import: Run, decks_dir: Path, name: str, content: bytes, needle: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run_import("anki", str(path))
    _one_line_error(code, err, needle)
    assert not decks_dir.exists() or not any(decks_dir.iterdir())


def test_zip_without_a_collection(tmp_path: Path, run_import: Run) -> None:
    code, _, err = run_import("anki", str(_zip(tmp_path / "x.apkg", {"media": b"{}"})))
    _one_line_error(code, err, "no collection")


@pytest.mark.parametrize("entry", ["../evil.anki2", "/abs/collection.anki2", "a/../../b"])
def test_entries_that_climb_out_are_refused(tmp_path: Path, run_import: Run, entry: str) -> None:
    path = _zip(tmp_path / "climb.apkg", {entry: b"x", "collection.anki2": b"x"})
    code, _, err = run_import("anki", str(path))
    _one_line_error(code, err, "unsafe entry name")


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path, run_import: Run) -> None:
    path = _zip(tmp_path / "bomb.apkg", {"collection.anki2": bytes(20 * 1024 * 1024)})
    code, _, err = run_import("anki", str(path))
    _one_line_error(code, err, "zip bomb")


def test_total_size_cap(tmp_path: Path, run_import: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("studycards.imports.anki.MAX_UNCOMPRESSED", 1000)
    path = _zip(
        tmp_path / "big.apkg", {"collection.anki2": b"x" * 600, "media": b"y" * 600}, zipfile.ZIP_STORED
    )
    code, _, err = run_import("anki", str(path))
    _one_line_error(code, err, "unpacks to more than")


def test_sqlite_file_that_is_not_an_anki_collection(tmp_path: Path, run_import: Run) -> None:
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("create table people (name text)")
    con.commit()
    con.close()
    path = _zip(tmp_path / "other.apkg", {"collection.anki2": db.read_bytes()})
    code, _, err = run_import("anki", str(path))
    _one_line_error(code, err, "not an Anki collection")


def test_garbage_where_the_collection_should_be(tmp_path: Path, run_import: Run) -> None:
    path = _zip(tmp_path / "garbage.apkg", {"collection.anki21": b"SQLite format 3\x00" + b"\xff" * 5000})
    code, _, err = run_import("anki", str(path))
    _one_line_error(code, err, "not an Anki collection")


def test_truncated_zstd_stream(tmp_path: Path, run_import: Run) -> None:
    package = build_anki_package(tmp_path / "good.apkg", legacy=False)
    with zipfile.ZipFile(package) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["collection.anki21b"] = entries["collection.anki21b"][:200]
    code, _, err = run_import("anki", str(_zip(tmp_path / "cut.apkg", entries)))
    _one_line_error(code, err)
    assert "damaged" in err or "not an Anki collection" in err


def test_oversized_and_empty_text_files(tmp_path: Path, run_import: Run) -> None:
    big = tmp_path / "huge.csv"
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB without writing them
    code, _, err = run_import("csv", str(big))
    _one_line_error(code, err, "100 MB", "at most 64 MB")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    _one_line_error(*run_import("csv", str(empty))[::2], "empty")
    headers_only = tmp_path / "headers.csv"
    headers_only.write_text("#separator:Tab\n#html:false\n")
    _one_line_error(*run_import("csv", str(headers_only))[::2], "no rows")


def test_bad_json_and_empty_banks(tmp_path: Path, run_import: Run) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"question": "x",\n "options": [}', encoding="utf-8")
    _one_line_error(*run_import("questions", str(bad))[::2], "line 2", "not valid JSON")
    nothing = tmp_path / "notes.md"
    nothing.write_text("# Just notes\n\nNo questions here.\n", encoding="utf-8")
    _one_line_error(*run_import("questions", str(nothing))[::2], "no questions found")
    other = tmp_path / "bank.txt"
    other.write_text("x")
    _one_line_error(*run_import("questions", str(other))[::2], ".md or .json")


def test_deck_names_that_are_taken_or_invalid(tmp_path: Path, run_import: Run) -> None:
    path = tmp_path / "cards.csv"
    path.write_text("a,b\n")
    _one_line_error(*run_import("csv", str(path), "--deck", "lambda")[::2], "already exists", "not imported")
    _one_line_error(*run_import("csv", str(path), "--deck", "Bad Name!")[::2], "not a deck id")
    _one_line_error(*run_import("anki", str(path), "--fields", "only-one")[::2], "FRONT,BACK")


def test_a_failed_write_leaves_the_earlier_import_untouched(
    tmp_path: Path, run_import: Run, decks_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cards.csv"
    path.write_text("front a,back a\n")
    assert run_import("csv", str(path))[0] == 0
    before = {p.name: p.read_bytes() for p in (decks_dir / "cards").iterdir()}

    def broken(folder: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("studycards.imports.writer._check_loads", broken)
    path.write_text("front a,back a\nfront b,back b\n")
    code, _, err = run_import("csv", str(path))
    _one_line_error(code, err, "No space left")
    assert {p.name: p.read_bytes() for p in (decks_dir / "cards").iterdir()} == before
    assert sorted(p.name for p in decks_dir.iterdir()) == ["cards"]  # no half-built folder left behind


def test_script_html_never_reaches_a_card(tmp_path: Path, run_import: Run, decks_dir: Path) -> None:
    path = tmp_path / "html.txt"
    path.write_text(
        "#html:true\n<script>alert(1)</script>Q<img src=x onerror=alert(2)>;"
        '<a href="javascript:alert(3)">A</a><style>p{}</style>\n',
        encoding="utf-8",
    )
    code, _, err = run_import("csv", str(path))
    assert code == 0, err
    text = (decks_dir / "html" / "html.yaml").read_text()
    assert "alert" not in text and "javascript" not in text and "<" not in text
