"""The database schema as an ordered list of migrations (sqlite-utils `Migrations`).

The schema version of a database is the number of these migrations applied to it; what is applied
is sqlite-utils' own record (the `_sqlite_migrations` table). Never edit or
reorder an applied migration: add a new one at the end.

Times are whole seconds since the epoch (UTC); `day` columns hold the study day as
`date.toordinal()`; states are `State` values (0 new, 1 learning, 2 review, 3 relearning).
`review_log.first_of_day` marks a card's first answer of its study day (true retention uses it).
"""

from __future__ import annotations

from studycards.srs.schema_names import LATEST_VERSION, MIGRATION_NAMES, MIGRATION_SET
from studycards.srs.sqlite_lib import Database, Migrations

migrations = Migrations(MIGRATION_SET)


def _run(db: Database, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations(name="0001_cards_reviews_settings")
def m0001_cards_reviews_settings(db: Database) -> None:
    """Version 1: card state, the review log, content edits, settings and internal metadata."""
    _run(db, """
    CREATE TABLE cards (
        id TEXT PRIMARY KEY,
        note_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        deck TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT NOT NULL,
        present INTEGER NOT NULL DEFAULT 1,
        state INTEGER NOT NULL DEFAULT 0,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due INTEGER,
        last_review INTEGER,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        buried_until INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0,
        first_seen INTEGER NOT NULL,
        edited_at INTEGER
    );
    CREATE INDEX cards_queue ON cards(present, suspended, state, due, buried_until, leech);
    CREATE INDEX cards_new_order ON cards(present, suspended, state, position);
    CREATE INDEX cards_note ON cards(note_id);
    CREATE INDEX cards_topic ON cards(present, topic, state, stability, last_review);
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL,
        rating INTEGER NOT NULL,
        reviewed_at INTEGER NOT NULL,
        day INTEGER NOT NULL,
        first_of_day INTEGER NOT NULL DEFAULT 1,
        duration_ms INTEGER,
        state_before INTEGER NOT NULL,
        step_before INTEGER,
        stability_before REAL,
        difficulty_before REAL,
        due_before INTEGER,
        state_after INTEGER NOT NULL,
        step_after INTEGER,
        stability_after REAL,
        difficulty_after REAL,
        due_after INTEGER
    );
    CREATE INDEX review_log_card ON review_log(card_id, id);
    CREATE INDEX review_log_day ON review_log(day, state_before, first_of_day, rating, card_id);
    CREATE TABLE card_edits (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL,
        old_hash TEXT NOT NULL,
        new_hash TEXT NOT NULL,
        edited_at INTEGER NOT NULL
    );
    CREATE INDEX card_edits_card ON card_edits(card_id);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
    """)


@migrations(name="0002_quiz")
def m0002_quiz(db: Database) -> None:
    """Version 2: FSRS state of scenario questions and every quiz answer."""
    _run(db, """
    CREATE TABLE question_state (
        question_id TEXT PRIMARY KEY,
        topic TEXT NOT NULL DEFAULT '',
        domain TEXT NOT NULL DEFAULT '',
        state INTEGER NOT NULL DEFAULT 0,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due INTEGER,
        last_review INTEGER,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX question_state_due ON question_state(state, due);
    CREATE TABLE quiz_answers (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        domain TEXT NOT NULL,
        chosen_letters TEXT NOT NULL,
        chosen_texts TEXT NOT NULL,
        correct INTEGER NOT NULL,
        duration_ms INTEGER,
        answered_at INTEGER NOT NULL,
        day INTEGER NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam'))
    );
    CREATE INDEX quiz_answers_question ON quiz_answers(question_id, id);
    CREATE INDEX quiz_answers_session ON quiz_answers(session_id, id);
    CREATE INDEX quiz_answers_day ON quiz_answers(day)
    """)


@migrations(name="0003_pending_exams")
def m0003_pending_exams(db: Database) -> None:
    """Version 3: exams in progress, kept answer by answer until they are graded.

    `pending_exam_slots.option_order` is the shown order of the options (indexes into the
    question's options, comma-separated); `chosen_letters` is NULL while a question is unanswered.
    """
    _run(db, """
    CREATE TABLE pending_exams (
        session_id TEXT PRIMARY KEY,
        started_at INTEGER NOT NULL,
        time_limit INTEGER NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE pending_exam_slots (
        session_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        option_order TEXT NOT NULL,
        chosen_letters TEXT,
        flagged INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (session_id, position)
    )
    """)


@migrations(name="0004_parameter_sets")
def m0004_parameter_sets(db: Database) -> None:
    """Version 4: every FSRS parameter set fitted to the learner's history, with its evaluation.

    `parameters` is the stored text of the 21 weights; `applied` marks the sets that were put in use
    (the setting `fsrs_parameters` holds the one in use now).
    """
    _run(db, """
    CREATE TABLE parameter_sets (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        parameters TEXT NOT NULL,
        source TEXT NOT NULL,
        reviews INTEGER NOT NULL,
        cards INTEGER NOT NULL,
        default_log_loss REAL,
        default_rmse REAL,
        fitted_log_loss REAL,
        fitted_rmse REAL,
        applied INTEGER NOT NULL DEFAULT 0
    )
    """)


@migrations(name="0005_undo_journal")
def m0005_undo_journal(db: Database) -> None:
    """Version 5: changes made from the card browser (CLI or app), kept so they can be undone later.

    `before` and `after` hold the changed cards' scheduling rows as JSON lists of
    `[id, *SCHED_COLUMNS]`; an undo puts `before` back where a card still matches `after`.
    """
    _run(db, """
    CREATE TABLE undo_journal (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        made_at INTEGER NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL
    )
    """)


def _registered() -> tuple[str, ...]:
    """Every registered migration in order, as sqlite-utils lists them pending on an empty database."""
    empty = Database(memory=True)
    try:
        return tuple(migration.name for migration in migrations.pending(empty))
    finally:
        empty.close()


REGISTERED = _registered()  # equal to MIGRATION_NAMES (tested): add a new migration to both
__all__ = ["LATEST_VERSION", "MIGRATION_NAMES", "MIGRATION_SET", "REGISTERED", "migrations"]
