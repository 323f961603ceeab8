"""The SQLite connection under the store: opening, checking, migrating, transactions, reads.

`Db.open(path)` checks the file is a studycards database (or new), migrates it (after a backup
copy `<file>.bak-v<N>`), and switches on WAL and a busy timeout. Every write runs in its own
`BEGIN IMMEDIATE` transaction (a savepoint when nested). A file that is not a studycards
database, or is corrupt, raises `StudycardsError` and is never written to. One thread at a time
holds the connection (`guard`), which also turns SQLite failures into a `StudycardsError`.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycards.errors import StudycardsError
from studycards.srs import integrity
from studycards.srs.schema_names import LATEST_VERSION, MIGRATION_NAMES, MIGRATION_SET

if TYPE_CHECKING:
    from sqlite_utils import Database

DEFAULT_BUSY_TIMEOUT_MS = 15_000
Params = Sequence[Any] | dict[str, Any]


class Db:
    """One connection to a studycards database. Use `Db.open(path)`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool = False,
                 uri: str | None = None) -> None:
        self.path = path
        self.conn = conn
        self._sdb: Database | None = None
        self.read_only = read_only
        self.uri = uri or str(path)  # what SQLite was given: a path, or a file: URI with mode=ro
        self.scratch = False  # a read-only store that changed: it now works on a copy in memory
        self.backup_path: Path | None = None
        self.lock = threading.RLock()  # TUI workers may share one store
        self._scratch_writes = False

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
             read_only: bool = False) -> Db:
        """Open (creating or migrating) the database at `path`.

        Before anything is written the file passes SQLite's quick_check and every card and question
        state is checked for values out of range. Raises StudycardsError, leaving the file
        untouched, when it is not a studycards database, is corrupt, or was written by a newer
        studycards.

        `read_only=True` opens with `mode=ro` (and `immutable=1` in a folder that cannot be
        written), never creates a missing file and skips the quick_check; a missing or older
        database, or a sync, is handled on a copy in memory.
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
            db = cls(path, conn, read_only=read_only, uri=uri)
        except BaseException:
            conn.close()
            raise
        try:
            db._check_and_migrate()
        except BaseException:
            db.conn.close()
            raise
        return db

    def _check_and_migrate(self) -> None:
        """Refuse a damaged or newer file, then migrate (a read-only store: its copy in memory)."""
        with self.guard():
            applied = self._inspect()
            if applied is not None:
                self._pending(applied)  # a newer schema is refused before anything else
                if not self.read_only:
                    integrity.quick_check(self.conn, self.path)
                integrity.check_values(self.conn, self.path)
            if self.read_only:
                if applied is None or self._pending(applied):
                    with self.writing_scratch():
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
    def writing_scratch(self) -> Iterator[None]:
        """Let a read-only store change: first move it to a copy in memory, so the file is never written."""
        if self.read_only and not self.scratch:
            with self.lock:
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                try:
                    self.conn.backup(memory)
                except sqlite3.DatabaseError as exc:
                    memory.close()
                    raise self.error(exc) from None
                self.conn.close()
                self.conn = memory
                self._sdb = None
                self.scratch = True
        previous, self._scratch_writes = self._scratch_writes, True
        try:
            yield
        finally:
            self._scratch_writes = previous

    # ---- migrations ----------------------------------------------------------------------

    @property
    def sdb(self) -> Database:
        """sqlite-utils over the connection: imported only to migrate (or for maintenance)."""
        if self._sdb is None or self._sdb.conn is not self.conn:
            from studycards.srs.sqlite_lib import Database

            self._sdb = Database(self.conn, execute_plugins=False)
        return self._sdb

    def _applied(self) -> list[str]:
        """The migrations sqlite-utils recorded as applied, in order (its `_sqlite_migrations` table)."""
        recorded = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        if not self.conn.execute(recorded).fetchone():
            return []
        return [row[0] for row in self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", (MIGRATION_SET,))]

    def _inspect(self) -> list[str] | None:
        """Applied migration names (sqlite-utils' record), or None for an empty file; raises for a
        foreign database."""
        objects = self.conn.execute("SELECT type, name FROM sqlite_master").fetchall()
        if not objects:
            return None
        applied = self._applied()
        if applied:
            return applied
        tables = sorted(name for kind, name in objects if kind == "table")
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise StudycardsError(
            f"{self.path} is an SQLite database but not a studycards one (tables: {shown or 'none'}); "
            "it was left untouched. Choose another file with --db."
        )

    def _pending(self, applied: list[str]) -> list[str]:
        """Names of the migrations still to apply, as sqlite-utils reports them; raises for a newer file."""
        if any(name not in MIGRATION_NAMES for name in applied):
            raise StudycardsError(
                f"{self.path} was written by a newer studycards (schema version {len(applied)}, this one "
                f"knows {LATEST_VERSION}); upgrade studycards to open it. The file was left untouched."
            )
        return [name for name in MIGRATION_NAMES if name not in applied]

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
                from studycards.srs.migrations import migrations

                migrations.apply(self.sdb)
                self.conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

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
        with self.guard():
            return len(self._inspect() or [])

    def close(self) -> None:
        """Close the connection (WAL is checkpointed by SQLite when the last one closes)."""
        self.conn.close()

    # ---- guard, transactions, reads ------------------------------------------------------

    @contextmanager
    def guard(self) -> Iterator[sqlite3.Connection]:
        """Hold the connection (one thread at a time) and turn SQLite failures into a StudycardsError."""
        with self.lock:
            try:
                yield self.conn
            except sqlite3.DatabaseError as exc:
                raise self.error(exc) from None
            except UnicodeDecodeError:
                raise integrity.corrupt(self.path, "text that is not valid UTF-8") from None

    def error(self, exc: sqlite3.Error) -> StudycardsError:
        """The one-line StudycardsError for an SQLite failure."""
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
        with self.guard():
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

    def rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Run a read query; rows allow access by column name."""
        with self.guard():
            cursor = self.conn.cursor()
            cursor.row_factory = sqlite3.Row
            return cursor.execute(sql, params).fetchall()

    def tuples(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Run a read query; plain tuples (cheaper than rows when there are thousands)."""
        with self.guard():
            cursor = self.conn.cursor()
            cursor.row_factory = None
            return cursor.execute(sql, params).fetchall()

    def row(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row of a read query, or None."""
        with self.guard():
            cursor = self.conn.cursor()
            cursor.row_factory = sqlite3.Row
            result: sqlite3.Row | None = cursor.execute(sql, params).fetchone()
            return result

    def scalar(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row (None when there is no row)."""
        with self.guard():
            found = self.conn.execute(sql, params).fetchone()
            return found[0] if found else None
