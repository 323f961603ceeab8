"""The one place that talks to SQLite: opening and migrating, card state, the review log, settings.

`Store.open(path)` checks the file is a studycards database (or new), migrates it (after a backup
copy `<file>.bak-v<N>`), and switches on WAL and a busy timeout. Every write runs in its own
`BEGIN IMMEDIATE` transaction, so two processes can review the same database and a killed process
loses nothing it committed. A file that is not a studycards database, or is corrupt, raises
`StudycardsError` and is never written to.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from sqlite_utils import Database

from studycards.errors import StudycardsError
from studycards.srs import integrity
from studycards.srs.day import day_number
from studycards.srs.migrations import LATEST_VERSION, MIGRATION_NAMES, MIGRATION_SET, migrations
from studycards.srs.model import CardState, Rating, State, ensure_utc, from_epoch, to_epoch
from studycards.srs.quizlog import QuizLogMixin
from studycards.srs.settings import SPECS, Settings, parse_setting, setting_text

if TYPE_CHECKING:
    from studycards.content.model import Card
    from studycards.srs.scheduler import ReviewOutcome, SrsScheduler

DEFAULT_BUSY_TIMEOUT_MS = 15_000
SCHED_COLUMNS = (
    "state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses",
    "suspended", "buried_until", "leech",
)
FINGERPRINT_KEY = "content_fingerprint"


def content_hash(card: Card) -> str:
    """A short digest of what a learner sees on a card; it changes when the text is edited."""
    text = "\x1f".join(
        (card.kind, card.front, card.back, card.extra, str(card.cloze_index), "r" if card.reverse else "")
    )
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def content_fingerprint(cards: Sequence[Card]) -> str:
    """One digest of every card's id, place and text: equal means a sync has nothing to do."""
    text = "\x1e".join([
        f"{c.id}\x1f{c.note_id}\x1f{c.topic}\x1f{c.deck}\x1f{c.kind}\x1f{c.front}\x1f{c.back}\x1f{c.extra}"
        f"\x1f{c.cloze_index}\x1f{c.reverse:d}"
        for c in cards
    ])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """Anki's rule: a leech at `threshold` lapses, and again every half threshold after."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(threshold // 2, 1) == 0


def state_from_row(row: sqlite3.Row | dict[str, Any]) -> CardState:
    """A CardState from a `cards` or `question_state` row (an unknown state is corruption)."""
    try:
        state = State(row["state"])
    except ValueError:
        raise StudycardsError(f"the database is corrupt (a state of {row['state']!r} is out of range); "
                              + integrity.RESTORE_HINT) from None
    return CardState(
        state=state,
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=from_epoch(row["due"]),
        last_review=from_epoch(row["last_review"]),
        reps=row["reps"],
        lapses=row["lapses"],
    )


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What syncing the cards with the loaded content changed."""

    added: int = 0
    edited: int = 0
    removed: int = 0
    restored: int = 0
    moved: int = 0
    skipped: bool = False  # nothing changed since the last sync (fingerprint matched)


@dataclass(frozen=True, slots=True)
class UndoStep:
    """Enough to put cards back exactly as they were: their rows before, and log rows to delete."""

    label: str
    card_rows: tuple[tuple[Any, ...], ...]  # (id, *SCHED_COLUMNS)
    log_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CardRecord:
    """A card's stored row: scheduling state plus flags."""

    id: str
    note_id: str
    topic: str
    state: CardState
    present: bool
    suspended: bool
    buried_until: datetime | None
    leech: bool
    content_hash: str


@dataclass(frozen=True, slots=True)
class Answer:
    """One committed answer."""

    card_id: str
    outcome: ReviewOutcome
    log_id: int
    leech: bool  # this answer made the card a leech: it was tagged and suspended
    undo: UndoStep


class Store(QuizLogMixin):
    """A studycards database. Use `Store.open(path)`; close it (or use `with`)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, db: Database, *, read_only: bool = False,
                 uri: str | None = None) -> None:
        self.path = path
        self.conn = conn
        self.db = db
        self.read_only = read_only
        self.uri = uri or str(path)  # what SQLite was given: a path, or a file: URI with mode=ro
        self.scratch = False  # a read-only store that changed: it now works on a copy in memory
        self.backup_path: Path | None = None
        self.rng = random.Random()
        self._settings: Settings | None = None
        self._lock = threading.RLock()  # TUI workers may share one Store
        self._scratch_writes = False

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
             read_only: bool = False) -> Store:
        """Open (creating or migrating) the database at `path`.

        Before anything is written the file passes SQLite's quick_check and every card and question
        state is checked for values out of range. Raises StudycardsError, leaving the file
        untouched, when it is not a studycards database, is corrupt, or was written by a newer
        studycards.

        `read_only=True` (for commands that only read) opens with `mode=ro` (and `immutable=1` in a
        folder that cannot be written), never creates a missing file and skips the quick_check;
        a missing or older database, or a sync, is handled on a copy in memory.
        """
        path = Path(path).expanduser()
        if path.is_dir():
            raise StudycardsError(f"{path} is a folder; --db needs a database file")
        integrity.check_header(path)
        if read_only:
            conn, uri = cls._connect_read_only(path, busy_timeout_ms)
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None,
                                       check_same_thread=False)
            except (OSError, sqlite3.Error) as exc:
                raise StudycardsError(f"cannot open the database {path}: {exc}") from None
            uri = str(path)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            store = cls(path, conn, Database(conn, execute_plugins=False), read_only=read_only, uri=uri)
        except BaseException:
            conn.close()
            raise
        try:
            store._check_and_migrate()
        except BaseException:
            store.conn.close()
            raise
        return store

    def _check_and_migrate(self) -> None:
        """Refuse a damaged or newer file, then migrate (a read-only store: its copy in memory)."""
        with self._guard():
            applied = self._inspect()
            if applied is not None:
                self._pending(applied)  # a newer schema is refused before anything else
                if not self.read_only:
                    integrity.quick_check(self.conn, self.path)
                integrity.check_values(self.conn, self.path)
            if self.read_only:
                if applied is None or self._pending(applied):
                    with self._writing_scratch():
                        self._migrate()
                return
            self._migrate()
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")

    @staticmethod
    def _connect_read_only(path: Path, busy_timeout_ms: int) -> tuple[sqlite3.Connection, str]:
        """A `mode=ro` connection (`immutable=1` where WAL cannot work); in memory for a missing file."""
        if not path.exists() or path.stat().st_size == 0:
            memory = ":memory:"
            return sqlite3.connect(memory, isolation_level=None, check_same_thread=False), memory
        error: Exception | None = None
        for uri in integrity.read_only_uris(path):
            conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None,
                                   check_same_thread=False)
            try:
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                return conn, uri
            except sqlite3.OperationalError as exc:
                conn.close()
                error = exc
            except (sqlite3.DatabaseError, UnicodeDecodeError):  # SQLite's message quotes the bad text
                conn.close()
                raise integrity.corrupt(path, "its schema cannot be read") from None
            except BaseException:
                conn.close()
                raise
        raise StudycardsError(f"cannot open the database {path} read-only: {error}")

    @contextmanager
    def _writing_scratch(self) -> Iterator[None]:
        """Let a read-only store change: first move it to a copy in memory, so the file is never written."""
        if self.read_only and not self.scratch:
            with self._lock:
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                try:
                    self.conn.backup(memory)
                except sqlite3.DatabaseError as exc:
                    memory.close()
                    raise self._error(exc) from None
                self.conn.close()
                self.conn = memory
                self.db = Database(memory, execute_plugins=False)
                self.scratch = True
        previous, self._scratch_writes = self._scratch_writes, True
        try:
            yield
        finally:
            self._scratch_writes = previous

    def _inspect(self) -> list[str] | None:
        """Applied migration names, or None for an empty file; raises for a foreign database."""
        objects = self.conn.execute("SELECT type, name FROM sqlite_master").fetchall()
        if not objects:
            return None
        tables = sorted(name for kind, name in objects if kind == "table")
        if migrations.migrations_table in tables:
            applied = [row[0] for row in self.conn.execute(
                f"SELECT name FROM {migrations.migrations_table} WHERE migration_set = ? ORDER BY rowid",
                (MIGRATION_SET,))]
            if applied:
                return applied
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise StudycardsError(
            f"{self.path} is an SQLite database but not a studycards one (tables: {shown or 'none'}); "
            "it was left untouched. Choose another file with --db."
        )

    def _migrate(self) -> None:
        applied = self._inspect()
        if applied is not None and not self._pending(applied):
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            applied = self._inspect()  # another process may have migrated while we waited
            pending = self._pending(applied or [])
            if pending:
                if applied and not self.read_only:
                    self.backup_path = self._backup(version=len(applied))
                migrations.apply(self.db)
                self.conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _pending(self, applied: list[str]) -> list[str]:
        unknown = [name for name in applied if name not in MIGRATION_NAMES]
        if unknown:
            raise StudycardsError(
                f"{self.path} was written by a newer studycards (schema version {len(applied)}, this one "
                f"knows {LATEST_VERSION}); upgrade studycards to open it. The file was left untouched."
            )
        return [name for name in MIGRATION_NAMES if name not in applied]

    def _backup(self, version: int) -> Path:
        target = self.path.with_name(f"{self.path.name}.bak-v{version}")
        counter = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.bak-v{version}.{counter}")
            counter += 1
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            # our write lock keeps the file still: a byte-for-byte copy
            shutil.copyfile(self.path, target)
            return target
        source = sqlite3.connect(str(self.path))  # WAL: committed pages may sit in the -wal file
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        return target

    @property
    def schema_version(self) -> int:
        """How many of the known migrations this database has."""
        return len(self._inspect() or [])

    def close(self) -> None:
        """Close the connection (WAL is checkpointed by SQLite when the last one closes)."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- SQL helpers -----------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Hold the connection (one thread at a time) and turn SQLite failures into a StudycardsError."""
        with self._lock:
            try:
                yield
            except sqlite3.DatabaseError as exc:
                raise self._error(exc) from None
            except UnicodeDecodeError:
                raise integrity.corrupt(self.path, "text that is not valid UTF-8") from None

    def _error(self, exc: sqlite3.Error) -> StudycardsError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return StudycardsError(f"the database {self.path} stayed busy (another studycards is writing "
                                   "to it); try again")
        if "readonly" in text or "read-only" in text:
            return StudycardsError(f"cannot write the database {self.path}: {text}")
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return StudycardsError(
                f"{self.path} is corrupt or not a studycards database ({text}); it was left untouched. "
                + integrity.RESTORE_HINT
            )
        return StudycardsError(f"database error in {self.path}: {text}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: `BEGIN IMMEDIATE` ... `COMMIT` (a savepoint when nested)."""
        if self.read_only and not self._scratch_writes:
            raise StudycardsError(f"the database {self.path} was opened read-only; this command cannot "
                                  "change it")
        with self._guard():
            if self.conn.in_transaction:
                self.conn.execute("SAVEPOINT nested")
                try:
                    yield self.conn
                except BaseException:
                    self.conn.execute("ROLLBACK TO nested")
                    self.conn.execute("RELEASE nested")
                    raise
                self.conn.execute("RELEASE nested")
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Run a read query; rows allow access by column name."""
        with self._guard():
            cursor = self.conn.cursor()
            cursor.row_factory = sqlite3.Row
            return cursor.execute(sql, params).fetchall()

    def row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        """The first row of a read query, or None."""
        with self._guard():
            cursor = self.conn.cursor()
            cursor.row_factory = sqlite3.Row
            result: sqlite3.Row | None = cursor.execute(sql, params).fetchone()
            return result

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """The first column of the first row (None when there is no row)."""
        with self._guard():
            found = self.conn.execute(sql, params).fetchone()
            return found[0] if found else None

    # ---- settings ----------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The learner's settings (defaults where unset)."""
        if self._settings is None:
            self._settings = Settings.from_mapping(self.stored_settings())
        return self._settings

    def stored_settings(self) -> dict[str, str]:
        """Settings the learner has set (others are at their defaults)."""
        return {row["key"]: row["value"] for row in self.rows("SELECT key, value FROM settings")}

    def set_setting(self, key: str, raw: str) -> Any:
        """Validate and store one setting; returns the typed value (raises SettingError)."""
        value = parse_setting(key, raw)
        with self.transaction() as conn:
            conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (key, setting_text(key, value)))
        self._settings = None
        return value

    def reset_setting(self, key: str) -> Any:
        """Put one setting back to its default; returns the default value."""
        if key not in SPECS:
            parse_setting(key, "")  # raises SettingError naming the valid keys
        with self.transaction() as conn:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))
        self._settings = None
        return parse_setting(key, SPECS[key].default)

    def scheduler(self, rng: random.Random | None = None) -> SrsScheduler:
        """An FSRS scheduler for the current settings (fuzz drawn from `rng`, else `self.rng`)."""
        from studycards.srs.scheduler import SrsScheduler

        return SrsScheduler(self.settings(), rng if rng is not None else self.rng)

    # ---- syncing with the content -------------------------------------------------------------

    def sync_cards(self, cards: Sequence[Card], now: datetime) -> SyncReport:
        """Give every loaded card a row (New on first sight) and mark cards that left the content.

        State is keyed by the authored id: an edited card keeps its history (the content hash
        changes and the edit is recorded in `card_edits`); a card that left the content keeps its
        history and leaves the queues (`present = 0`) until it comes back. A read-only store syncs
        its copy in memory: the file is never written.
        """
        stamp = to_epoch(now)
        fingerprint = content_fingerprint(cards)
        if self.scalar("SELECT value FROM meta WHERE key = ?", (FINGERPRINT_KEY,)) == fingerprint:
            return SyncReport(skipped=True)
        entries = [(c.id, c.note_id, c.topic, c.deck, pos, content_hash(c)) for pos, c in enumerate(cards)]
        with self._writing_scratch() if self.read_only else nullcontext(), self.transaction() as conn:
            existing = {
                row[0]: row[1:]
                for row in conn.execute(
                    "SELECT id, note_id, topic, deck, position, content_hash, present FROM cards")
            }
            inserts: list[tuple[Any, ...]] = []
            edits: list[tuple[str, str, str]] = []
            updates: list[tuple[Any, ...]] = []
            restored = moved = 0
            seen = set()
            for card_id, note_id, topic, deck, pos, digest in entries:
                seen.add(card_id)
                old = existing.get(card_id)
                if old is None:
                    inserts.append((card_id, note_id, topic, deck, pos, digest, stamp))
                    continue
                if old == (note_id, topic, deck, pos, digest, 1):
                    continue
                updates.append((note_id, topic, deck, pos, digest, card_id))
                if old[4] != digest:
                    edits.append((card_id, old[4], digest))
                elif not old[5]:
                    restored += 1
                else:
                    moved += 1
            removed = [(card_id,) for card_id, old in existing.items() if old[5] and card_id not in seen]
            conn.executemany(
                "INSERT OR IGNORE INTO cards(id, note_id, topic, deck, position, content_hash, first_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", inserts)
            conn.executemany(
                "UPDATE cards SET note_id = ?, topic = ?, deck = ?, position = ?, content_hash = ?, "
                "present = 1 WHERE id = ?", updates)
            conn.executemany("UPDATE cards SET edited_at = ? WHERE id = ?", [(stamp, e[0]) for e in edits])
            conn.executemany(
                "INSERT INTO card_edits(card_id, old_hash, new_hash, edited_at) VALUES (?, ?, ?, ?)",
                [(*e, stamp) for e in edits])
            conn.executemany("UPDATE cards SET present = 0 WHERE id = ?", removed)
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (FINGERPRINT_KEY, fingerprint))
        return SyncReport(added=len(inserts), edited=len(edits), removed=len(removed), restored=restored,
                          moved=moved)

    # ---- reading cards -----------------------------------------------------------------------

    def card(self, card_id: str) -> CardRecord | None:
        """The stored row of one card."""
        row = self.row("SELECT * FROM cards WHERE id = ?", (card_id,))
        if row is None:
            return None
        return CardRecord(
            id=row["id"], note_id=row["note_id"], topic=row["topic"], state=state_from_row(row),
            present=bool(row["present"]), suspended=bool(row["suspended"]),
            buried_until=from_epoch(row["buried_until"]) if row["buried_until"] else None,
            leech=bool(row["leech"]), content_hash=row["content_hash"],
        )

    def card_state(self, card_id: str) -> CardState | None:
        """The scheduling state of one card (None when unknown)."""
        record = self.card(card_id)
        return record.state if record else None

    def review_history(self, card_id: str) -> list[dict[str, Any]]:
        """Every answer given to one card, oldest first."""
        rows = self.rows("SELECT * FROM review_log WHERE card_id = ? ORDER BY id", (card_id,))
        return [dict(row) for row in rows]

    def card_edit_history(self, card_id: str) -> list[dict[str, Any]]:
        """Every recorded content edit of one card, oldest first."""
        rows = self.rows("SELECT * FROM card_edits WHERE card_id = ? ORDER BY id", (card_id,))
        return [dict(row) for row in rows]

    # ---- answering and learner controls ----------------------------------------------------------

    @overload
    def review(self, card_id: str, rating: Rating | int, now: datetime, *, scheduler: SrsScheduler,
               duration_ms: int | None = None, expected: None = None) -> Answer: ...

    @overload
    def review(self, card_id: str, rating: Rating | int, now: datetime, *, scheduler: SrsScheduler,
               duration_ms: int | None = None, expected: CardState) -> Answer | None: ...

    def review(self, card_id: str, rating: Rating | int, now: datetime, *, scheduler: SrsScheduler,
               duration_ms: int | None = None, expected: CardState | None = None) -> Answer | None:
        """Schedule one answer and commit it, with its log row, in one transaction.

        A Review card forgotten `leech_threshold` times is tagged leech and suspended. With
        `expected` (the state the learner was shown), the answer is only taken when, inside the
        same transaction, the card still has that state and is neither suspended nor buried;
        otherwise (another session answered it meanwhile) nothing is written and None is returned.
        """
        now = ensure_utc(now)
        settings = scheduler.settings
        with self.transaction() as conn:
            cursor = conn.cursor()
            cursor.row_factory = sqlite3.Row
            row = cursor.execute("SELECT * FROM cards WHERE id = ?", (card_id,)).fetchone()
            if row is None:
                raise StudycardsError(f"unknown card '{card_id}'")
            snapshot = (row["id"], *(row[c] for c in SCHED_COLUMNS))
            before = state_from_row(row)
            if expected is not None and (before != expected or row["suspended"] or not row["present"]
                                         or (row["buried_until"] or 0) > now.timestamp()):
                return None  # changed since it was shown: another session got there first
            outcome = scheduler.review(before, rating, now)
            after = outcome.after
            became_leech = outcome.lapsed and is_leech_lapse(after.lapses, settings.leech_threshold)
            conn.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                "last_review = ?, reps = ?, lapses = ?, leech = MAX(leech, ?), "
                "suspended = MAX(suspended, ?) WHERE id = ?",
                (int(after.state), after.step, after.stability, after.difficulty, to_epoch(after.due),
                 to_epoch(after.last_review), after.reps, after.lapses, int(became_leech), int(became_leech),
                 card_id),
            )
            log_id = self._insert_log(conn, card_id, outcome, settings, duration_ms)
        return Answer(card_id=card_id, outcome=outcome, log_id=log_id, leech=became_leech,
                      undo=UndoStep(label="answer", card_rows=(snapshot,), log_ids=(log_id,)))

    @staticmethod
    def _insert_log(conn: sqlite3.Connection, card_id: str, outcome: ReviewOutcome, settings: Settings,
                    duration_ms: int | None) -> int:
        before, after = outcome.before, outcome.after
        day = day_number(outcome.reviewed_at, settings.tz(), settings.day_starts_at)
        earlier = conn.execute("SELECT 1 FROM review_log WHERE card_id = ? AND day = ? LIMIT 1",
                               (card_id, day)).fetchone()
        cursor = conn.execute(
            "INSERT INTO review_log(card_id, rating, reviewed_at, day, first_of_day, duration_ms, "
            "state_before, step_before, stability_before, difficulty_before, due_before, "
            "state_after, step_after, stability_after, difficulty_after, due_after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (card_id, int(outcome.rating), to_epoch(outcome.reviewed_at), day, int(earlier is None),
             None if duration_ms is None else max(int(duration_ms), 0),
             int(before.state), before.step, before.stability, before.difficulty, to_epoch(before.due),
             int(after.state), after.step, after.stability, after.difficulty, to_epoch(after.due)),
        )
        return int(cursor.lastrowid or 0)

    def _snapshot(self, conn: sqlite3.Connection, card_ids: Iterable[str]) -> tuple[tuple[Any, ...], ...]:
        columns = ", ".join(SCHED_COLUMNS)
        out = []
        for card_id in card_ids:
            found = conn.execute(f"SELECT id, {columns} FROM cards WHERE id = ?", (card_id,)).fetchone()
            if found is None:
                raise StudycardsError(f"unknown card '{card_id}'")
            out.append(tuple(found))
        return tuple(out)

    def _set_flags(self, label: str, card_ids: Sequence[str], sql: str, params: Sequence[Any]) -> UndoStep:
        with self.transaction() as conn:
            snapshot = self._snapshot(conn, card_ids)
            conn.executemany(sql, [(*params, card_id) for card_id in card_ids])
        return UndoStep(label=label, card_rows=snapshot)

    def suspend(self, card_ids: Sequence[str]) -> UndoStep:
        """Take cards out of every queue until unsuspended."""
        return self._set_flags("suspend", card_ids, "UPDATE cards SET suspended = 1 WHERE id = ?", ())

    def unsuspend(self, card_ids: Sequence[str]) -> UndoStep:
        """Put suspended cards back in the queues (a leech keeps its leech tag)."""
        return self._set_flags("unsuspend", card_ids, "UPDATE cards SET suspended = 0 WHERE id = ?", ())

    def bury(self, card_ids: Sequence[str], until: datetime) -> UndoStep:
        """Hide cards until `until` (the start of the next study day)."""
        return self._set_flags("bury", card_ids, "UPDATE cards SET buried_until = ? WHERE id = ?",
                               (to_epoch(until),))

    def restore(self, step: UndoStep) -> None:
        """Undo: put the cards' rows back exactly and delete the log rows, in one transaction."""
        assignments = ", ".join(f"{c} = ?" for c in SCHED_COLUMNS)
        with self.transaction() as conn:
            conn.executemany(f"UPDATE cards SET {assignments} WHERE id = ?",
                             [(*snapshot[1:], snapshot[0]) for snapshot in step.card_rows])
            conn.executemany("DELETE FROM review_log WHERE id = ?", [(i,) for i in step.log_ids])

    def suspended_ids(self, leeches_only: bool = False) -> list[str]:
        """Ids of suspended cards (only leeches when asked)."""
        extra = " AND leech = 1" if leeches_only else ""
        return [r[0] for r in self.rows(f"SELECT id FROM cards WHERE suspended = 1{extra} ORDER BY id")]
