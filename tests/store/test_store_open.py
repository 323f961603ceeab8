"""Opening databases: new, migrated from version 1, foreign, corrupt, newer, busy."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from studycards.errors import StudycardsError
from studycards.srs.migrations import LATEST_VERSION
from studycards.srs.model import State
from studycards.srs.store import Store
from tests.store.srsutil import T0, make_library, open_store, start

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
V1 = FIXTURES / "studycards-v1.db"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_real_db(path: Path) -> None:
    store = open_store(path)
    lib = make_library(n=30)
    session = start(store, lib)
    for _ in range(10):
        session.answer(3, T0)
    store.close()


def test_new_database_is_created_at_the_latest_version_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "study.db"
    with Store.open(path) as store:
        assert store.schema_version == LATEST_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert store.backup_path is None
        tables = set(store.db.table_names())
    assert {"cards", "review_log", "settings", "card_edits", "question_state", "quiz_answers"} <= tables
    with Store.open(path) as again:  # reopening is a no-op
        assert again.schema_version == LATEST_VERSION
        assert again.backup_path is None


def test_an_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Store.open(path) as store:
        assert store.schema_version == LATEST_VERSION


def test_version_1_database_migrates_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    original = digest(path)
    before = sqlite3.connect(path)
    old_rows = {t: before.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
                for t in ("cards", "review_log", "card_edits", "settings")}
    before.close()

    with Store.open(path) as store:
        assert store.schema_version == LATEST_VERSION
        for table, rows in old_rows.items():
            assert store.conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() == rows
        assert store.settings().new_per_day == 7
        assert store.settings().desired_retention == 0.85
        assert store.card_state("v1.beta.review").state == State.Review  # type: ignore[union-attr]
        assert len(store.review_history("v1.beta.review")) == 2
        # the new tables work
        store.record_quiz_answer(session_id="s", question_id="q1", topic="alpha", domain="secure",
                                 chosen_letters=["a"], chosen_texts=["A"], correct=True, now=T0)
        assert store.quiz_summary()["answered"] == 1
        backup = store.backup_path
    assert backup == tmp_path / "old.db.bak-v1"
    assert digest(backup) == original  # the backup is the untouched version-1 file
    with Store.open(backup) as old:  # and the backup itself still opens (and would migrate)
        assert old.schema_version == LATEST_VERSION


def test_a_second_backup_never_overwrites_the_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    (tmp_path / "old.db.bak-v1").write_bytes(b"earlier backup")
    with Store.open(path) as store:
        assert store.backup_path == tmp_path / "old.db.bak-v1.1"
    assert (tmp_path / "old.db.bak-v1").read_bytes() == b"earlier backup"


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my shopping list\n" * 100)
    original = digest(path)
    with pytest.raises(StudycardsError, match="not a studycards database"):
        Store.open(path)
    assert digest(path) == original
    assert not Path(f"{path}-wal").exists()


def test_a_foreign_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices(total) VALUES (9.5)")
    conn.commit()
    conn.close()
    original = digest(path)
    with pytest.raises(StudycardsError, match=r"not a studycards one \(tables: invoices\)"):
        Store.open(path)
    assert digest(path) == original


@pytest.mark.parametrize("damage", ["schema_page", "truncated", "header"])
def test_a_corrupt_database_gives_a_clear_error_and_is_untouched(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "study.db"
    make_real_db(path)
    data = bytearray(path.read_bytes())
    if damage == "schema_page":
        data[100:4096] = b"\xa5" * (4096 - 100)  # the page holding the schema
    elif damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data[0:16] = b"Not SQLite at al"
    path.write_bytes(bytes(data))
    original = digest(path)
    with pytest.raises(StudycardsError) as info:
        store = Store.open(path)
        store.rows("SELECT * FROM cards")
        store.close()
    message = info.value.message
    assert "corrupt" in message or "not a studycards database" in message
    assert "Traceback" not in message
    assert digest(path) == original


def test_damage_found_later_becomes_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    make_real_db(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'review_log'").fetchone()[0]
    conn.close()
    start_at = (root - 1) * page_size
    data[start_at:start_at + page_size] = b"\x00\xff" * (page_size // 2)
    path.write_bytes(bytes(data))
    with pytest.raises(StudycardsError, match="corrupt"), Store.open(path) as store:
        store.rows("SELECT * FROM review_log")


def test_a_database_from_a_newer_studycards_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                 "VALUES ('studycards', '0099_from_the_future', 'later')")
    conn.commit()
    conn.close()
    original = digest(path)
    with pytest.raises(StudycardsError, match="newer studycards"):
        Store.open(path)
    assert digest(path) == original


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StudycardsError, match="is a folder"):
        Store.open(tmp_path)


def test_many_processes_creating_the_same_database_at_once(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    code = (
        "import sys\nfrom studycards.srs.store import Store\n"
        "s = Store.open(sys.argv[1]); print(s.schema_version); s.close()"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], results
    assert all(out.strip() == str(LATEST_VERSION) for out, _ in results)
    with Store.open(path) as store:
        names = store.conn.execute("SELECT name FROM _sqlite_migrations").fetchall()
    assert len(names) == LATEST_VERSION


def test_backup_of_a_wal_database_includes_what_is_still_in_the_wal(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from studycards.srs.migrations import MIGRATION_NAMES, migrations

    path = tmp_path / "wal-v1.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # keep the rows in the -wal file
    migrations.apply(Database(writer, execute_plugins=False), stop_before=MIGRATION_NAMES[1])
    writer.execute("INSERT INTO settings(key, value) VALUES ('new_per_day', '9')")
    assert Path(f"{path}-wal").stat().st_size > 0
    try:
        with Store.open(path) as store:
            backup = store.backup_path
            assert store.settings().new_per_day == 9
    finally:
        writer.close()
    assert backup is not None and backup.name == "wal-v1.db.bak-v1"
    check = sqlite3.connect(backup)
    try:
        assert check.execute("SELECT value FROM settings WHERE key = 'new_per_day'").fetchone() == ("9",)
        assert "quiz_answers" not in {r[0] for r in check.execute("SELECT name FROM sqlite_master")}
    finally:
        check.close()


def test_what_is_pending_comes_from_sqlite_utils_record_of_applied_migrations(tmp_path: Path) -> None:
    from studycards.srs.migrations import MIGRATION_NAMES, migrations

    path = tmp_path / "record.db"
    Store.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:  # forget the last migration in the record and undo what it made
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", (MIGRATION_NAMES[-1],))
        conn.execute("DROP TABLE undo_journal")
    finally:
        conn.close()
    with Store.open(path) as store:
        assert store.schema_version == LATEST_VERSION
        assert migrations.pending(store.db) == []
        assert store.backup_path == tmp_path / f"record.db.bak-v{LATEST_VERSION - 1}"
        assert store.undo_change() is None  # the table is back


def test_the_light_list_of_migration_names_matches_the_registered_migrations() -> None:
    from studycards.srs import migrations as registered
    from studycards.srs.schema_names import MIGRATION_NAMES

    assert registered.REGISTERED == MIGRATION_NAMES


def test_opening_an_up_to_date_database_does_not_import_sqlite_utils(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "ready.db"
    Store.open(path).close()
    code = ("import sys; from studycards.srs.store import Store; Store.open(sys.argv[1]).close(); "
            "print('sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
