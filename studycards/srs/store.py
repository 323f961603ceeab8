"""The store: a studycards database, built from a connection (`db.Db`) and one repository per
area: `cards` (sync, state, flags), `reviews` (the review log), `quiz` (quiz log, question state,
exams in progress) and `settings_repo`.

`Store.open(path)` opens, checks and migrates the file (see `Db.open`). The methods below are the
store's public face; each delegates to a repository, and an answer writes its card and its log
row in one transaction.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from studycards.errors import StudycardsError
from studycards.srs.db import DEFAULT_BUSY_TIMEOUT_MS, Db, Params
from studycards.srs.model import CardState, Rating, ensure_utc
from studycards.srs.repo_cards import (
    SCHED_COLUMNS,
    CardRecord,
    CardRepo,
    SyncReport,
    UndoStep,
    content_fingerprint,
    content_hash,
    is_leech_lapse,
    state_from_row,
)
from studycards.srs.repo_journal import CardChange, JournalRepo, UndoneChange
from studycards.srs.repo_params import ParameterRepo
from studycards.srs.repo_quiz import QuizRepo
from studycards.srs.repo_reviews import ReviewRepo
from studycards.srs.repo_settings import SettingsRepo

if TYPE_CHECKING:
    from sqlite_utils import Database

    from studycards.content.model import Card
    from studycards.srs.quizlog import (
        AnswerOutcome,
        PendingExam,
        PendingSlot,
        QuestionHistory,
        QuizAnswerRecord,
    )
    from studycards.srs.scheduler import ReviewOutcome, SrsScheduler
    from studycards.srs.settings import Settings

__all__ = [
    "CARD_CHANGES",
    "DEFAULT_BUSY_TIMEOUT_MS",
    "SCHED_COLUMNS",
    "Answer",
    "CardChange",
    "CardRecord",
    "Store",
    "SyncReport",
    "UndoStep",
    "UndoneChange",
    "content_fingerprint",
    "content_hash",
    "is_leech_lapse",
    "state_from_row",
]


CARD_CHANGES = ("suspend", "unsuspend", "bury", "unbury", "forget")


@dataclass(frozen=True, slots=True)
class Answer:
    """One committed answer."""

    card_id: str
    outcome: ReviewOutcome
    log_id: int
    leech: bool  # this answer made the card a leech: it was tagged and suspended
    undo: UndoStep


class Store:
    """A studycards database. Use `Store.open(path)`; close it (or use `with`)."""

    def __init__(self, database: Db) -> None:
        self.database = database
        self.cards = CardRepo(database)
        self.reviews = ReviewRepo(database)
        self.settings_repo = SettingsRepo(database)
        self.quiz = QuizRepo(database, self.settings_repo)
        self.parameters = ParameterRepo(database)
        self.journal = JournalRepo(database)
        self.rng = random.Random()

    @classmethod
    def open(cls, path: Path | str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
             read_only: bool = False) -> Store:
        """Open (creating or migrating) the database at `path` (see `Db.open`)."""
        return cls(Db.open(path, busy_timeout_ms=busy_timeout_ms, read_only=read_only))

    def close(self) -> None:
        """Close the connection (WAL is checkpointed by SQLite when the last one closes)."""
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the connection's facts -----------------------------------------------------------

    @property
    def path(self) -> Path:
        """The database file."""
        return self.database.path

    @property
    def uri(self) -> str:
        """What SQLite was given: a path, or a file: URI with mode=ro."""
        return self.database.uri

    @property
    def read_only(self) -> bool:
        """Opened for reading only."""
        return self.database.read_only

    @property
    def scratch(self) -> bool:
        """A read-only store that changed: it now works on a copy in memory."""
        return self.database.scratch

    @property
    def backup_path(self) -> Path | None:
        """The copy made before migrating, if one was."""
        return self.database.backup_path

    @property
    def schema_version(self) -> int:
        """How many of the known migrations this database has."""
        return self.database.schema_version

    @property
    def conn(self) -> sqlite3.Connection:
        """The raw connection (for tests and maintenance scripts; the engine uses repositories)."""
        return self.database.conn

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection."""
        return self.database.sdb

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One atomic write: `BEGIN IMMEDIATE` ... `COMMIT` (a savepoint when nested)."""
        return self.database.transaction()

    def rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Run a read query; rows allow access by column name."""
        return self.database.rows(sql, params)

    def tuples(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Run a read query; plain tuples, for reads of every card."""
        return self.database.tuples(sql, params)

    def row(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row of a read query, or None."""
        return self.database.row(sql, params)

    def scalar(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row (None when there is no row)."""
        return self.database.scalar(sql, params)

    # ---- settings ----------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The learner's settings (defaults where unset)."""
        return self.settings_repo.settings()

    def stored_settings(self) -> dict[str, str]:
        """Settings the learner has set (others are at their defaults)."""
        return self.settings_repo.stored()

    def set_setting(self, key: str, raw: str) -> Any:
        """Validate and store one setting; returns the typed value (raises SettingError)."""
        return self.settings_repo.set(key, raw)

    def reset_setting(self, key: str) -> Any:
        """Put one setting back to its default; returns the default value."""
        return self.settings_repo.reset(key)

    def scheduler(self, rng: random.Random | None = None) -> SrsScheduler:
        """An FSRS scheduler for the current settings (fuzz drawn from `rng`, else `self.rng`)."""
        from studycards.srs.scheduler import SrsScheduler

        return SrsScheduler(self.settings(), rng if rng is not None else self.rng)

    # ---- cards -------------------------------------------------------------------------------

    def sync_cards(self, cards: Sequence[Card], now: datetime) -> SyncReport:
        """Give every loaded card a row and mark cards that left the content (see `CardRepo.sync`)."""
        return self.cards.sync(cards, now)

    def card(self, card_id: str) -> CardRecord | None:
        """The stored row of one card."""
        return self.cards.card(card_id)

    def card_state(self, card_id: str) -> CardState | None:
        """The scheduling state of one card (None when unknown)."""
        record = self.cards.card(card_id)
        return record.state if record else None

    def studied_card_states(self) -> dict[str, CardState]:
        """Card id -> scheduling state, for every card in the content answered at least once."""
        return self.cards.studied_states()

    def review_history(self, card_id: str) -> list[dict[str, Any]]:
        """Every answer given to one card, oldest first."""
        return self.reviews.history(card_id)

    def card_edit_history(self, card_id: str) -> list[dict[str, Any]]:
        """Every recorded content edit of one card, oldest first."""
        return self.cards.edit_history(card_id)

    def suspend(self, card_ids: Sequence[str]) -> UndoStep:
        """Take cards out of every queue until unsuspended."""
        return self.cards.suspend(card_ids)

    def unsuspend(self, card_ids: Sequence[str]) -> UndoStep:
        """Put suspended cards back in the queues (a leech keeps its leech tag)."""
        return self.cards.unsuspend(card_ids)

    def bury(self, card_ids: Sequence[str], until: datetime) -> UndoStep:
        """Hide cards until `until` (the start of the next study day)."""
        return self.cards.bury(card_ids, until)

    def suspended_ids(self, leeches_only: bool = False) -> list[str]:
        """Ids of suspended cards (only leeches when asked)."""
        return self.cards.suspended_ids(leeches_only)

    def change_cards(self, action: str, card_ids: Sequence[str], now: datetime) -> CardChange:
        """Suspend, unsuspend, bury (until the next study day), unbury or forget (reset to New, the
        log kept) cards, and record the change in the undo journal, all in one transaction."""
        from studycards.srs.day import next_day_start

        if action not in CARD_CHANGES:
            raise StudycardsError(f"unknown change '{action}'; choose one of {', '.join(CARD_CHANGES)}")
        ids = list(dict.fromkeys(card_ids))
        now = ensure_utc(now)
        with self.database.transaction():
            if action == "bury":
                settings = self.settings()
                step = self.cards.bury(ids, next_day_start(now, settings.tz(), settings.day_starts_at))
            else:
                step = getattr(self.cards, action)(ids)
            after = self.cards.snapshot(ids)
            entry_id = self.journal.record(action, step.card_rows, after, now)
        changed = sum(before != done for before, done in zip(step.card_rows, after, strict=True))
        return CardChange(action=action, cards=len(ids), changed=changed, entry_id=entry_id)

    def undo_change(self) -> UndoneChange | None:
        """Undo the last recorded browser change (None when there is none).

        A card is put back only where it still is as the change left it; one reviewed or changed
        since keeps its later state (counted in `kept`).
        """
        with self.database.transaction():
            entry = self.journal.last()
            if entry is None:
                return None
            current = {row[0]: row for row in self.cards.snapshot(entry.card_ids)}
            restorable = [before for before, after in zip(entry.before, entry.after, strict=True)
                          if current.get(after[0]) == tuple(after)]
            self.cards.put_back(restorable)
            self.journal.delete(entry.id)
        return UndoneChange(action=entry.label, restored=len(restorable),
                            kept=len(entry.before) - len(restorable), card_ids=tuple(entry.card_ids))

    # ---- answering -----------------------------------------------------------------------------

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
        with self.database.transaction():
            row = self.cards.raw(card_id)
            if row is None:
                raise StudycardsError(f"unknown card '{card_id}'")
            snapshot = (row["id"], *(row[c] for c in SCHED_COLUMNS))
            before = state_from_row(row)
            if expected is not None and (before != expected or row["suspended"] or not row["present"]
                                         or (row["buried_until"] or 0) > now.timestamp()):
                return None  # changed since it was shown: another session got there first
            outcome = scheduler.review(before, rating, now)
            became_leech = outcome.lapsed and is_leech_lapse(outcome.after.lapses, settings.leech_threshold)
            self.cards.write_answer(card_id, outcome.after, became_leech)
            log_id = self.reviews.insert(card_id, outcome, settings, duration_ms)
        return Answer(card_id=card_id, outcome=outcome, log_id=log_id, leech=became_leech,
                      undo=UndoStep(label="answer", card_rows=(snapshot,), log_ids=(log_id,)))

    def restore(self, step: UndoStep) -> None:
        """Undo: put the cards' rows back exactly and delete the log rows, in one transaction."""
        with self.database.transaction():
            self.cards.put_back(step.card_rows)
            self.reviews.delete(step.log_ids)

    # ---- quiz ----------------------------------------------------------------------------------

    def record_quiz_answer(self, *, session_id: str, question_id: str, topic: str, domain: str,
                           chosen_letters: Sequence[str], chosen_texts: Sequence[str], correct: bool,
                           now: datetime, mode: str = "practice", duration_ms: int | None = None,
                           scheduler: SrsScheduler | None = None) -> QuizAnswerRecord:
        """Store one quiz answer and review the question's FSRS state (wrong: Again, right: Good),
        both in one transaction."""
        return self.quiz.record_answer(
            session_id=session_id, question_id=question_id, topic=topic, domain=domain,
            chosen_letters=chosen_letters, chosen_texts=chosen_texts, correct=correct, now=now,
            scheduler=scheduler or self.scheduler(), mode=mode, duration_ms=duration_ms)

    def question_state(self, question_id: str) -> CardState | None:
        """The FSRS state of one question (None until it is first answered)."""
        return self.quiz.question_state(question_id)

    def due_question_ids(self, now: datetime, topics: Iterable[str] | None = None) -> list[str]:
        """Questions due now, most overdue first: learning ones due by now, review ones due today."""
        return self.quiz.due_question_ids(now, topics)

    def question_history(self, question_ids: Iterable[str] | None = None) -> dict[str, QuestionHistory]:
        """Per question: answers, correct answers, the last result and the FSRS due time."""
        return self.quiz.question_history(question_ids)

    def quiz_answers(self, question_id: str | None = None,
                     session_id: str | None = None) -> list[dict[str, Any]]:
        """Stored answers (optionally of one question or one session), oldest first."""
        return self.quiz.answers(question_id, session_id)

    def quiz_outcomes(self) -> list[AnswerOutcome]:
        """Every stored quiz answer as (question, correct, when, mode), oldest first."""
        return self.quiz.outcomes()

    def last_session_id(self, mode: str | None = None) -> str | None:
        """The session of the most recent quiz answer (of one mode, if given)."""
        return self.quiz.last_session_id(mode)

    def last_session_wrong_ids(self, mode: str | None = None) -> list[str]:
        """Questions answered wrong in the most recent quiz session, in the order they were asked."""
        return self.quiz.last_session_wrong_ids(mode)

    def quiz_summary(self, topics: Iterable[str] | None = None) -> dict[str, Any]:
        """`{answered, correct, accuracy, by_topic, by_domain}` over every stored quiz answer."""
        return self.quiz.summary(topics)

    def begin_pending_exam(self, session_id: str, started_at: datetime, time_limit_seconds: int,
                           slots: Sequence[PendingSlot], now: datetime, position: int = 0) -> None:
        """Store an exam in progress (replacing what was stored under `session_id`)."""
        self.quiz.begin_pending_exam(session_id, started_at, time_limit_seconds, slots, now, position)

    def save_pending_slot(self, session_id: str, index: int, slot: PendingSlot, position: int,
                          now: datetime) -> None:
        """Store one question's answer, flag and time (and where the learner is) in one transaction."""
        self.quiz.save_pending_slot(session_id, index, slot, position, now)

    def pending_exam(self, session_id: str | None = None) -> PendingExam | None:
        """An exam in progress (the most recently started one unless `session_id` is given)."""
        return self.quiz.pending_exam(session_id)

    def pending_answer_count(self) -> int:
        """Answers given in exams still in progress (stored, not yet graded)."""
        return self.quiz.pending_answer_count()

    def grade_pending_exam(self, session_id: str, answers: Sequence[dict[str, Any]], now: datetime) -> None:
        """Move an exam's answers into the quiz log and forget the exam in progress, all in one
        transaction. Each answer is the keyword arguments of `record_quiz_answer` without
        `session_id`, `now`, `mode` and `scheduler`."""
        self.quiz.grade_pending_exam(session_id, answers, now, self.scheduler())
