"""The engine as the TUI sees it: one object that screens call from worker threads.

No SQL and no pricing math lives here or in the screens: each method forwards to the engine
packages (srs, quiz, calc) and returns plain data. A lock serialises database access, since
workers run in threads.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycards.content.model import Library, Question
from studycards.context import AppContext, Clock
from studycards.tui.screen_data import Dashboard, QueueFigures, StatsHistory, TopicRow, deck_rows

if TYPE_CHECKING:
    from collections.abc import Callable

    from studycards.calc.prices import PriceTable
    from studycards.planning.optimize import FitResult
    from studycards.planning.plan import Plan
    from studycards.quiz.readiness import Readiness
    from studycards.quiz.service import QuizRequest
    from studycards.quiz.session import QuizSession, Slot
    from studycards.srs.browse import BrowseIndex
    from studycards.srs.browse_detail import CardDetail
    from studycards.srs.repo_journal import CardChange, UndoneChange
    from studycards.srs.session import AnswerResult, ReviewSession, StudyCard
    from studycards.srs.settings import Settings
    from studycards.srs.stats import StudyStats
    from studycards.srs.store import Store


BROWSE_INDEX_TTL = 60.0  # seconds a browse index is reused (recall and due drift with the clock)


class Services:
    """The library, the database and the clock of one AppContext, shared by every screen."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self._store: Store | None = None
        self._synced = False
        self._lock = threading.RLock()
        self._writes = 0  # card writes made through these services (a cached browse index is stale)
        self._browse: tuple[int, float, BrowseIndex] | None = None

    def __repr__(self) -> str:
        return f"Services({self.context!r})"

    @property
    def library(self) -> Library:
        return self.context.library()

    @property
    def db_path(self) -> Path:
        return self.context.db_path

    @property
    def clock(self) -> Clock:
        return self.context.clock

    # -- store ------------------------------------------------------------------------------
    def store(self) -> Store:
        """The open database, synced with the content on first use (in a worker, off the UI thread)."""
        with self._lock:
            store = self.settings_store()
            if not self._synced:
                store.sync_cards(self.library.cards, self.clock())
                self._synced = True
                settle_heap()  # the decks are loaded for good
            return store

    def settings_store(self) -> Store:
        """The open (and migrated) database, not necessarily synced: enough to read settings."""
        with self._lock:
            if self._store is None:
                self._store = self.context.open_store(sync=False)
                self._synced = False
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def now(self) -> datetime:
        return self.clock()

    # -- dashboard and stats ------------------------------------------------------------------
    def stats(self) -> StudyStats:
        """The same figures as `studycards stats` (`to_json()` is its JSON document)."""
        from studycards.srs.stats import study_stats

        with self._lock:
            return study_stats(self.store(), self.library, self.clock())

    def readiness(self) -> Readiness:
        """The same figures as `studycards readiness` (`to_json()` is its JSON document)."""
        from studycards.quiz.readiness import exam_readiness

        with self._lock:
            return exam_readiness(self.store(), self.library, self.clock())

    def dashboard(self) -> Dashboard:
        """Due counts by kind, progress, streak and the per-topic table."""
        from studycards.quiz.pending import unfinished_exam
        from studycards.srs.session import ReviewSession

        with self._lock:
            store = self.store()
            now = self.clock()
            stats = self.stats()
            counts = ReviewSession.start(store, self.library, now, sync=False).counts(now)
            unfinished = unfinished_exam(store, now)
            readiness = self.readiness() if self.library.exam is not None else None
            plan = self.exam_plan()
        quiz = stats.quiz
        by_topic = quiz.by_topic
        rows = [
            TopicRow(
                slug=t.qualified or t.topic,  # unique across decks: the option ids of the table
                title=t.title,
                cards=t.cards,
                studied=t.studied,
                mastery=t.mastery,
                quiz_answered=by_topic[t.topic].answered if t.topic in by_topic else 0,
                quiz_accuracy=by_topic[t.topic].accuracy if t.topic in by_topic else None,
            )
            for t in stats.topics
        ]
        studied = sum(r.studied for r in rows)
        return Dashboard(
            new=counts.new,
            learning=counts.learning,
            review=counts.review,
            reviews_today=stats.reviews_today,
            streak_days=stats.streak_days,
            retention_30d=stats.retention_30d,
            total_cards=sum(r.cards for r in rows),
            studied_cards=studied,
            quiz_answered=quiz.answered,
            quiz_accuracy=quiz.accuracy,
            topics=rows,
            by_domain=quiz.by_domain,
            first_run=studied == 0 and quiz.answered == 0 and unfinished is None,
            unfinished_exam=unfinished,
            readiness=readiness,
            decks=deck_rows(self.library, rows, by_topic),
            plan=plan,
        )

    # -- personal parameters and the exam-day plan ---------------------------------------------
    def exam_plan(self) -> Plan | None:
        """The exam-day plan for every deck, or None without an exam date ahead."""
        from studycards.errors import StudycardsError
        from studycards.planning.plan import build_plan

        with self._lock:
            if self.store().settings().exam_day is None:
                return None
            try:
                return build_plan(self.store(), self.library, self.clock())
            except StudycardsError:
                return None  # the date is past or too far: the settings screen says so

    def optimize(self, progress: Callable[[int, int], None] | None = None) -> tuple[FitResult, bool]:
        """Fit FSRS parameters to the review log and apply them when better (raises NotEnoughHistory)."""
        from studycards.planning.optimize import fit, save_fit
        from studycards.planning.revlog import store_records

        with self._lock:
            records = store_records(self.store())
        result = fit(records, progress)
        with self._lock:
            applied = save_fit(self.store(), result, self.clock(), source="review log", apply=True)
        return result, applied

    def suggested_retention(self) -> tuple[float, float, float]:
        """(suggested desired retention, minutes a day at it, minutes a day at the current one)
        from fsrs-rs-python's simulator over the loaded cards."""
        from studycards.planning.optimize import suggest_retention

        with self._lock:
            settings = self.store().settings()
        return suggest_retention(settings, len(self.library.cards))

    # -- review ---------------------------------------------------------------------------------
    def start_review(
        self,
        topics: Iterable[str] | None = None,
        limit: int | None = None,
        decks: Iterable[str] | None = None,
    ) -> ReviewSession:
        """Today's review session (the queue is built now), on the given topics and decks (None: all)."""
        from studycards.srs.session import ReviewSession

        with self._lock:
            return ReviewSession.start(
                self.store(), self.library, self.clock(), topics=topics, limit=limit, sync=False, decks=decks
            )

    def queue_figures(self, session: ReviewSession) -> QueueFigures:
        """Cards left in the session and when its next learning card comes due."""
        with self._lock:
            return QueueFigures(session.counts(self.clock()), session.next_due())

    def answer_card(
        self, session: ReviewSession, rating: int, duration_ms: int | None = None
    ) -> AnswerResult:
        """Rate the session's current card (committed before it returns)."""
        with self._lock:
            self._writes += 1
            return session.answer(rating, self.clock(), duration_ms)

    def undo_review(self, session: ReviewSession) -> StudyCard | None:
        """Undo the session's last answer, suspend or bury; the card shown again."""
        with self._lock:
            self._writes += 1
            return session.undo(self.clock())

    def suspend_card(self, session: ReviewSession) -> StudyCard | None:
        """Suspend the session's current card; the next card."""
        with self._lock:
            self._writes += 1
            return session.suspend_current(self.clock())

    def bury_card(self, session: ReviewSession) -> StudyCard | None:
        """Bury the session's current card until tomorrow; the next card."""
        with self._lock:
            self._writes += 1
            return session.bury_current(self.clock())

    # -- card browser -----------------------------------------------------------------------------
    def browse_index(self) -> BrowseIndex:
        """Every card with its stored state now, ready to search in memory.

        The index is kept for BROWSE_INDEX_TTL seconds while no card is changed through these
        services, so Browse opens at once after the app read it in the background (`prefetch`).
        """
        import time

        from studycards.srs.browse import BrowseIndex

        with self._lock:
            cached = self._browse
            fresh = cached is not None and time.monotonic() - cached[1] < BROWSE_INDEX_TTL
            if cached is not None and fresh and cached[0] == self._writes:
                return cached[2]
            index = BrowseIndex.build(self.store(), self.library, self.clock())
            index.texts  # noqa: B018  (made now, off the UI thread, not at the first typed word)
            self._browse = (self._writes, time.monotonic(), index)
            settle_heap()
            return index

    def card_detail(self, card_id: str) -> CardDetail:
        """One card in full: text, FSRS state, recall figures, review history."""
        from studycards.srs.browse_detail import card_detail

        with self._lock:
            return card_detail(self.store(), self.library, card_id, self.clock())

    def change_cards(self, action: str, card_ids: list[str]) -> CardChange:
        """Suspend, unsuspend, bury, unbury or forget cards (kept in the undo journal)."""
        with self._lock:
            self._writes += 1
            return self.store().change_cards(action, card_ids, self.clock())

    def undo_change(self) -> UndoneChange | None:
        """Undo the last browser change, made here or with `studycards cards`."""
        with self._lock:
            self._writes += 1
            return self.store().undo_change()

    # -- quiz -----------------------------------------------------------------------------------
    def plan_quiz(self, request: QuizRequest, notes: list[str] | None = None) -> list[Question]:
        """The questions of a quiz (whole decks asked for are passed on as their topics too).

        What an exam's blueprint could not fill is appended to `notes`.
        """
        from dataclasses import replace

        from studycards.quiz.service import plan_questions

        if request.decks and not request.topics:
            chosen = set(request.decks)
            topics = tuple(name for name, topic in self.library.topics.items() if topic.deck in chosen)
            request = replace(request, topics=topics)
        with self._lock:
            return plan_questions(self.store(), self.library, request, self.clock(), notes)

    def record_quiz_answer(self, session_id: str, quiz: QuizSession, slot: Slot) -> None:
        from studycards.quiz.service import record_slot

        with self._lock:
            record_slot(self.store(), session_id, quiz, slot, self.clock())

    def record_exam(self, session_id: str, quiz: QuizSession) -> None:
        """Grade an ended exam (its answers go to the quiz log; it is no longer in progress)."""
        from studycards.quiz.service import record_exam

        with self._lock:
            record_exam(self.store(), session_id, quiz, self.clock())

    def begin_exam(self, session_id: str, quiz: QuizSession) -> None:
        """Write a new exam down, so every answer given can be stored as it is given."""
        from studycards.quiz.pending import begin_exam

        with self._lock:
            begin_exam(self.store(), session_id, quiz, self.clock())

    def save_exam_slot(self, session_id: str, quiz: QuizSession, index: int) -> None:
        """Store one exam question's answer and flag (one small transaction)."""
        from studycards.quiz.pending import save_exam_slot

        with self._lock:
            save_exam_slot(self.store(), session_id, quiz, index, self.clock())

    def resume_exam(self) -> tuple[str, QuizSession]:
        """The unfinished exam, rebuilt as it was; raises StudycardsError when there is none."""
        from studycards.quiz.pending import resume_exam

        with self._lock:
            return resume_exam(self.store(), self.library, self.clock())

    # -- settings -------------------------------------------------------------------------------
    def settings(self) -> Settings:
        with self._lock:
            return self.settings_store().settings()

    def set_setting(self, key: str, raw: str) -> Any:
        """Validate and store one setting; raises SettingError with a readable message."""
        with self._lock:
            self._writes += 1
            return self.settings_store().set_setting(key, raw)

    def stored_settings(self) -> dict[str, str]:
        """The settings the learner has set, as stored text (the rest are at their defaults)."""
        with self._lock:
            return self.settings_store().stored_settings()

    def reset_setting(self, key: str) -> Any:
        """Put one setting back to its default."""
        with self._lock:
            return self.settings_store().reset_setting(key)

    def ui_setting(self, key: str) -> str | None:
        """A stored interface setting (theme, keymap), or None."""
        with self._lock:
            return self.settings_store().stored_settings().get(key)

    def save_ui_setting(self, key: str, value: str) -> None:
        """Store an interface setting; an invalid one is ignored rather than breaking the UI."""
        from studycards.srs.settings import SettingError

        with self._lock, contextlib.suppress(SettingError):
            self.settings_store().set_setting(key, value)

    def keymap(self) -> dict[str, str]:
        """Binding id -> keys, from the `keymap` setting ("review.good=g,review.again=a")."""
        from studycards.tui.keymap import parse_keymap

        return parse_keymap(self.ui_setting("keymap") or "")

    # -- calculators ----------------------------------------------------------------------------
    def prices(self) -> PriceTable:
        """The price table; a missing or malformed one is a StudycardsError naming the problem."""
        from studycards.calc.prices import PriceTableError, load_price_table
        from studycards.errors import StudycardsError

        try:
            return load_price_table()
        except (PriceTableError, OSError) as exc:
            raise StudycardsError(str(exc)) from exc

    # -- statistics screen ------------------------------------------------------------------------
    def stats_history(self, days: int = 30) -> StatsHistory:
        """The `stats()` document, answers per study day split by rating, and all-time answers."""
        from studycards.srs.history import daily_reviews, total_reviews
        from studycards.srs.stats import study_stats

        with self._lock:
            store = self.store()
            now = self.clock()
            return StatsHistory(
                stats=study_stats(store, self.library, now),
                days=daily_reviews(store, now, days),
                total_reviews=total_reviews(store),
                plan=self.exam_plan(),
            )


def settle_heap() -> None:
    """Move what is alive now (the decks, a browse index: tens of thousands of objects that live
    on) out of the cycle collector's way, so its full passes stop pausing the screen for tens of
    milliseconds. Refcounting still frees them: nothing here forms cycles."""
    import gc

    gc.freeze()
