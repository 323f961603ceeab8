"""Checks a database passes before studycards reads or writes it, and how to open one read-only.

- `check_header`: the file is an SQLite file and not cut short (before SQLite touches it).
- `quick_check`: SQLite's `PRAGMA quick_check` (page structure: b-trees, free list, cell offsets);
  run on every opening that may write, so a damaged file is refused before anything is written.
- `check_values`: every card and question state holds values the engine knows (a state 0-3,
  counts that are not negative, times that are whole seconds); anything else is corruption.
- `read_only_uris`: `mode=ro`, plus `immutable=1` when the folder cannot be written (WAL needs a
  `-shm` file beside the database, which a read-only folder cannot hold).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from studycards.errors import StudycardsError

SQLITE_MAGIC = b"SQLite format 3\x00"
RESTORE_HINT = "Restore a backup (the .bak-v<N> files beside it) or choose another file with --db."

# (column, SQL true when the value is out of range) for the scheduling columns of a card or question
_STATE_RULES: tuple[tuple[str, str], ...] = (
    ("state", "state NOT IN (0, 1, 2, 3)"),
    ("step", "step IS NOT NULL AND (typeof(step) != 'integer' OR step < 0)"),
    ("stability",
     "stability IS NOT NULL AND (typeof(stability) NOT IN ('real', 'integer') OR stability <= 0)"),
    ("difficulty", "difficulty IS NOT NULL AND typeof(difficulty) NOT IN ('real', 'integer')"),
    ("due", "due IS NOT NULL AND typeof(due) != 'integer'"),
    ("last_review", "last_review IS NOT NULL AND typeof(last_review) != 'integer'"),
    ("reps", "typeof(reps) != 'integer' OR reps < 0"),
    ("lapses", "typeof(lapses) != 'integer' OR lapses < 0"),
    ("stability", "state != 0 AND stability IS NULL"),
    ("difficulty", "state != 0 AND difficulty IS NULL"),
    ("due", "state != 0 AND due IS NULL"),
    ("last_review", "state != 0 AND last_review IS NULL"),
)
_CARD_RULES: tuple[tuple[str, str], ...] = (
    *_STATE_RULES,
    ("present", "present NOT IN (0, 1)"),
    ("suspended", "suspended NOT IN (0, 1)"),
    ("leech", "leech NOT IN (0, 1)"),
    ("buried_until", "typeof(buried_until) != 'integer'"),
)
VALUE_RULES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "cards": ("id", _CARD_RULES),
    "question_state": ("question_id", _STATE_RULES),
}


def corrupt(path: Path, what: str) -> StudycardsError:
    """The one-line error for a damaged database."""
    return StudycardsError(f"{path} is corrupt ({what}); it was left untouched. {RESTORE_HINT}")


def check_header(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that is not an SQLite database or is cut short."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StudycardsError(f"cannot read the database {path}: {exc}") from None
    if size == 0:
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise StudycardsError(f"cannot read the database {path}: {exc}") from None
    if not head.startswith(SQLITE_MAGIC):
        raise StudycardsError(
            f"{path} is not a studycards database (it is not an SQLite file); it was left untouched. "
            "Choose another file with --db."
        )
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(head[28:32], "big")
    header_count_valid = head[24:28] == head[92:96]
    has_wal = Path(f"{path}-wal").exists()
    truncated = header_count_valid and not has_wal and page_count and size < page_size * page_count
    if len(head) < 100 or truncated:
        raise StudycardsError(
            f"{path} is corrupt (the file is shorter than its header says); it was left untouched. "
            + RESTORE_HINT
        )


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise when SQLite's quick_check finds damaged pages."""
    try:
        result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except UnicodeDecodeError:
        raise corrupt(path, "text in the schema is not valid UTF-8") from None
    if result != "ok":
        raise corrupt(path, " ".join(str(result).replace("*** in database main ***", "").split())[:200])


def check_values(conn: sqlite3.Connection, path: Path) -> None:
    """Raise when a card or question holds a value outside what the engine knows."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, (key, rules) in VALUE_RULES.items():
        if table not in tables:
            continue
        cases = " ".join(f"WHEN {test} THEN '{column}'" for column, test in rules)
        found = conn.execute(
            f"SELECT rowid, CAST({key} AS BLOB), CASE {cases} END AS bad FROM {table} "
            "WHERE bad IS NOT NULL LIMIT 1"
        ).fetchone()
        if found is not None:
            rowid, raw_key, column = found
            row_key = bytes(raw_key or b"").decode("utf-8", "replace")[:80]
            quoted = conn.execute(f"SELECT CAST(quote({column}) AS BLOB) FROM {table} WHERE rowid = ?",
                                  (rowid,)).fetchone()[0]
            shown = bytes(quoted or b"").decode("utf-8", "replace")[:40]
            raise corrupt(path, f"{table} row '{row_key}': {column} = {shown} is out of range")


def read_only_uris(path: Path) -> list[str]:
    """SQLite URIs to try, in order, for opening `path` without ever writing to it or beside it."""
    base = path.absolute().as_uri() + "?mode=ro"
    if os.access(path.parent, os.W_OK):
        return [base]
    wal = Path(f"{path}-wal")
    immutable = base + "&immutable=1"  # a read-only folder cannot hold the -shm file WAL needs
    if wal.exists() and wal.stat().st_size > 0:
        return [base, immutable]  # committed pages in the -wal: read them when SQLite can
    return [immutable]
