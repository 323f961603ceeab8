"""Hostile databases: bit flips, zeroed pages, bad schema text, out-of-range values, read-only places.

Every refused command exits 2 with one line on stderr, and the file's bytes stay exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from studycards.context import AppContext
from studycards.errors import StudycardsError
from studycards.srs.store import Store
from tests.store.srsutil import T0, make_library, open_store, start

REPO = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_db(path: Path) -> None:
    """A real database with history, closed cleanly (no -wal file left)."""
    store = open_store(path)
    session = start(store, make_library(n=40))
    for _ in range(12):
        session.answer(3, T0)
    store.close()
    assert not Path(f"{path}-wal").exists()


def root_page(path: Path, name: str) -> tuple[int, int]:
    """(root page number, page size) of a table or index."""
    conn = sqlite3.connect(path)
    try:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    return root, size


def zero_page(path: Path, name: str) -> None:
    root, size = root_page(path, name)
    data = bytearray(path.read_bytes())
    data[(root - 1) * size: root * size] = bytes(size)
    path.write_bytes(bytes(data))


def flip_bits(path: Path, name: str) -> None:
    """Flip the top bit of a leaf page's cell count: it now claims more cells than fit in a page."""
    root, size = root_page(path, name)
    data = bytearray(path.read_bytes())
    start_at = (root - 1) * size
    assert data[start_at] in (0x0A, 0x0D)  # a leaf page (index or table)
    data[start_at + 3] ^= 0x80
    path.write_bytes(bytes(data))


def bad_schema_text(path: Path) -> None:
    """An index whose name in sqlite_master is not valid UTF-8."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET name = CAST(X'6361726473ff' AS TEXT) WHERE name = 'cards_note'")
    conn.commit()
    conn.close()


def set_value(sql: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        conn = sqlite3.connect(path)
        conn.execute(sql)
        conn.commit()
        conn.close()
    return damage


DAMAGE: dict[str, Callable[[Path], None]] = {
    "zeroed-index-page": lambda p: zero_page(p, "review_log_day"),
    "zeroed-table-page": lambda p: zero_page(p, "card_edits"),
    "bit-flip-index": lambda p: flip_bits(p, "quiz_answers_day"),
    "bit-flip-log": lambda p: flip_bits(p, "review_log_card"),
    "bad-schema-text": bad_schema_text,
    "state-9": set_value("UPDATE cards SET state = 9 WHERE rowid = 3"),
    "negative-reps": set_value("UPDATE cards SET reps = -4 WHERE rowid = 5"),
    "negative-lapses": set_value("UPDATE cards SET lapses = -1 WHERE rowid = 2"),
    "text-in-due": set_value("UPDATE cards SET due = 'soon' WHERE rowid = 1"),
    "question-state-7": set_value(
        "INSERT INTO question_state(question_id, state, reps, lapses) VALUES ('mini.alpha.q.one', 7, 0, 0)"),
}

COMMANDS = {
    "config-set": ["config", "set", "new_per_day", "30"],
    "config-reset": ["config", "reset", "new_per_day"],
    "review": ["review", "--plain"],
    "quiz": ["quiz", "--plain", "--count", "1"],
    "stats": ["stats", "--json"],
    "config-get": ["config", "get"],
}


VALUE_DAMAGE = {"bad-schema-text", "state-9", "negative-reps", "negative-lapses", "text-in-due",
                "question-state-7"}
READERS = {"stats", "config-get"}  # open read-only: no quick_check, nothing ever written


def damaged_db(folder: Path, damage: str) -> Path:
    path = folder / "study.db"
    make_db(path)
    DAMAGE[damage](path)
    return path


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_database_is_refused_in_one_line_and_never_written(
        tmp_path: Path, damage: str, command: str, write_deck: Callable[..., Path]) -> None:
    path = damaged_db(tmp_path, damage)
    before = digest(path)
    result = CliRunner().invoke(
        cli, ["--db", str(path), "--content", str(write_deck()), *COMMANDS[command]], input="1\n3\nq\n")
    if command in READERS and damage not in VALUE_DAMAGE and result.exit_code == 0:
        pass  # a read-only command may read around damage it does not touch: nothing is written
    else:
        assert result.exit_code == 2, (result.output, result.exception)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "corrupt" in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert digest(path) == before


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_opening_a_damaged_database_raises_before_any_write(tmp_path: Path, damage: str) -> None:
    path = damaged_db(tmp_path, damage)
    before = digest(path)
    with pytest.raises(StudycardsError, match="corrupt"):
        Store.open(path).close()
    assert digest(path) == before


def test_the_message_names_the_bad_value(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    make_db(path)
    set_value("UPDATE cards SET state = 9 WHERE rowid = 3")(path)
    with pytest.raises(StudycardsError) as info:
        Store.open(path)
    assert "cards" in info.value.message and "state" in info.value.message


# ---- read-only places ---------------------------------------------------------------------------

def test_read_only_opening_uses_mode_ro_and_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    make_db(path)
    before = digest(path)
    with Store.open(path, read_only=True) as store:
        assert "mode=ro" in store.uri and "immutable=1" not in store.uri
        assert store.scalar("SELECT COUNT(*) FROM review_log") == 12
        with pytest.raises(StudycardsError, match="read-only"):
            store.set_setting("new_per_day", "3")
    assert digest(path) == before


def test_read_only_opening_is_immutable_when_the_folder_is_not_writable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "study.db"
    make_db(path)
    before = digest(path)
    real_access = os.access

    def access(target: object, mode: int, **kwargs: object) -> bool:
        if Path(str(target)) == tmp_path and mode & os.W_OK:
            return False
        return real_access(target, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("studycards.srs.integrity.os.access", access)
    with Store.open(path, read_only=True) as store:
        assert "mode=ro" in store.uri and "immutable=1" in store.uri
        assert store.scalar("SELECT COUNT(*) FROM review_log") == 12
    assert digest(path) == before
    assert not Path(f"{path}-shm").exists() and not Path(f"{path}-wal").exists()


def test_a_missing_database_is_not_created_by_read_only_commands(
        tmp_path: Path, write_deck: Callable[..., Path]) -> None:
    path = tmp_path / "nowhere" / "study.db"
    base = ["--db", str(path), "--content", str(write_deck())]
    stats = CliRunner().invoke(cli, [*base, "stats", "--json"])
    assert stats.exit_code == 0, stats.output
    doc = json.loads(stats.stdout)
    assert doc["cards"]["total"] == doc["cards"]["new"] > 0 and doc["reviews_today"] == 0
    got = CliRunner().invoke(cli, [*base, "config", "get", "new_per_day"])
    assert got.exit_code == 0 and got.stdout.strip() == "20"
    topics = CliRunner().invoke(cli, [*base, "topics"])
    assert topics.exit_code == 0
    assert not path.parent.exists()


def test_stats_on_a_read_only_opening_counts_new_content_without_writing(
        tmp_path: Path, write_deck: Callable[..., Path],
        context_at: Callable[[datetime], AppContext]) -> None:
    path = tmp_path / "study.db"
    make_db(path)  # cards of another library: the deck's cards are new to this file
    before = digest(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "--content", str(write_deck()), "stats", "--json"],
                                obj=context_at(T0))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["cards"]["new"] == doc["cards"]["total"] > 0
    assert doc["reviews_today"] == 12
    assert digest(path) == before


READ_ONLY_SCRIPT = """
set -e
mount --bind -o ro "$DIR" "$DIR"
touch "$DIR/probe" 2>/dev/null && exit 99
"$PY" -m studycards --db "$DIR/study.db" --content "$DECK" stats --json > "$OUT/stats.json"
"$PY" -m studycards --db "$DIR/study.db" config get new_per_day > "$OUT/get.txt"
"$PY" -m studycards --db "$DIR/study.db" --content "$DECK" topics > "$OUT/topics.txt"
"$PY" -m studycards --db "$DIR/missing.db" --content "$DECK" stats --json > "$OUT/missing.json"
"$PY" -m studycards --db "$DIR/missing.db" config get new_per_day > "$OUT/missing.txt"
"$PY" -m studycards --db "$DIR/study.db" config set new_per_day 3 2> "$OUT/set.err" || echo $? > "$OUT/set.rc"
"""


def test_read_only_commands_work_on_a_read_only_filesystem(
        tmp_path: Path, write_deck: Callable[..., Path]) -> None:
    """A real read-only bind mount in a private mount namespace (needs root and unshare)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare for a private read-only bind mount")
    folder, out = tmp_path / "ro", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    path = folder / "study.db"
    make_db(path)
    Store.open(path).close()
    with Store.open(path) as store:
        store.set_setting("new_per_day", "7")
    before = digest(path)
    env = {**os.environ, "DIR": str(folder), "OUT": str(out), "DECK": str(write_deck()), "PY": sys.executable,
           "PYTHONPATH": str(REPO)}
    done = subprocess.run(["unshare", "-m", "sh", "-c", READ_ONLY_SCRIPT], env=env, capture_output=True,
                          text=True, timeout=120)
    if done.returncode != 0 and "mount" in done.stderr and not (out / "stats.json").exists():
        pytest.skip(f"no private bind mount here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    doc = json.loads((out / "stats.json").read_text())
    assert doc["cards"]["new"] == doc["cards"]["total"] > 0
    assert (out / "get.txt").read_text().strip() == "7"
    assert "alpha" in (out / "topics.txt").read_text()
    assert json.loads((out / "missing.json").read_text())["streak_days"] == 0
    assert (out / "missing.txt").read_text().strip() == "20"
    assert (out / "set.rc").read_text().strip() == "2"
    assert len((out / "set.err").read_text().strip().splitlines()) == 1
    assert digest(path) == before
    assert not (folder / "missing.db").exists()


def test_read_only_file_in_a_read_only_folder_as_a_plain_user(tmp_path: Path) -> None:
    """chmod does not stop root, so this variant runs only as a non-root user."""
    if os.geteuid() == 0:
        pytest.skip("root ignores file modes")
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "study.db"
    make_db(path)
    before = digest(path)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        with Store.open(path, read_only=True) as store:
            assert store.scalar("SELECT COUNT(*) FROM review_log") == 12
            assert store.settings().new_per_day == 20
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    assert digest(path) == before
