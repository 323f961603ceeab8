"""A review session: today's queue, the current card, answers, undo and the learner's controls.

Used by `studycards review --plain` and the TUI review screen alike:

    session = ReviewSession.start(store, library, now, topics={"concurrency"})
    while (card := session.current) is not None:
        ...show card.card.question_text(), then card.card.answer_text() and session.preview(now)...
        result = session.answer(Rating.Good, now, duration_ms=4200)   # committed before it returns
        if result.leech_notice: ...tell the learner (a leech was suspended), in your own words...

Each answer is committed in its own transaction before the next card is chosen; an answer to a
card another session changed meanwhile is skipped (`AnswerResult.skipped`), never saved twice.
`undo()` puts the last answer (or suspend/bury) back exactly as it was, up to `UNDO_DEPTH` steps.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from studycards.errors import StudycardsError
from studycards.srs.day import day_start, next_day_start
from studycards.srs.model import CardState, Rating, State, ensure_utc
from studycards.srs.queue import LEARN_AHEAD, build_queue, learning_due
from studycards.srs.scheduler import SrsScheduler

if TYPE_CHECKING:
    from studycards.content.model import Card, Library
    from studycards.srs.settings import Settings
    from studycards.srs.store import Store, UndoStep

UNDO_DEPTH = 50
EXAM_PREP_CARDS = 20  # cards offered ahead of their due date per session inside the exam buffer
SKIPPED = "This card was answered in another session meanwhile, so this answer was not saved; moving on."


@dataclass(frozen=True, slots=True)
class StudyCard:
    """The card to show: its content and its scheduling state."""

    card: Card
    state: CardState
    exam_prep: bool = False  # offered ahead of its due date in the buffer before the exam

    @property
    def id(self) -> str:
        """The card's authored id."""
        return self.card.id

    @property
    def kind(self) -> str:
        """new, learning, review or relearning; "exam prep" for a card offered ahead of its due date."""
        return "exam prep" if self.exam_prep else self.state.state.label


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """Anki's three numbers: new, learning and review cards left in this session."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        """All cards left."""
        return self.new + self.learning + self.review


@dataclass(frozen=True, slots=True)
class LeechNotice:
    """An answer made a card a leech: it was tagged and suspended (`lapses`: times forgotten)."""

    card_id: str
    lapses: int


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """What an answer did: the interval it gave, whether the card became a leech, and what's next."""

    card_id: str
    rating: Rating
    before: CardState
    after: CardState
    interval: timedelta
    leech: bool
    message: str | None  # why nothing was saved (a skipped answer), else None
    next: StudyCard | None
    skipped: bool = False  # another session answered the card meanwhile: nothing was saved
    leech_notice: LeechNotice | None = None  # set when this answer made the card a leech


@dataclass(frozen=True, slots=True)
class _UndoEntry:
    step: UndoStep
    card_id: str
    from_queue: tuple[str, State] | None
    answered: bool


class ReviewSession:
    """Today's reviews for some topics. Build it with `ReviewSession.start`."""

    def __init__(self, store: Store, library: Library, now: datetime, *, settings: Settings,
                 scheduler: SrsScheduler, topics: frozenset[str] | None, limit: int | None) -> None:
        self.store = store
        self.library = library
        self.settings = settings
        self.scheduler = scheduler
        self.topics = topics
        self.limit = limit
        self.answered = 0
        self._queue: deque[tuple[str, State]] = deque()
        self._undo: deque[_UndoEntry] = deque(maxlen=UNDO_DEPTH)
        self._current: StudyCard | None = None
        self._current_from_queue: tuple[str, State] | None = None
        self._day_end = next_day_start(ensure_utc(now), settings.tz(), settings.day_starts_at)
        self._exam_prep: set[str] = set()

    @classmethod
    def start(cls, store: Store, library: Library, now: datetime, *, topics: Iterable[str] | None = None,
              limit: int | None = None, tz: tzinfo | None = None, rng: random.Random | None = None,
              sync: bool = True, decks: Iterable[str] | None = None) -> ReviewSession:
        """Sync the cards with `library` (unless `sync=False`), build today's queue and pick the first card.

        `topics` (qualified `deck/slug` names; a bare slug means that slug in any deck) limits the
        session to those topics, `decks` to those decks' topics (both: the intersection); `limit`
        caps the answers in this session; `tz` overrides the zone of the day boundary; `rng` seeds
        the interval fuzz.
        """
        now = ensure_utc(now)
        if sync:
            store.sync_cards(library.cards, now)
        settings = store.settings().with_tz(tz) if tz is not None else store.settings()
        scheduler = SrsScheduler(settings, rng if rng is not None else store.rng)
        chosen = deck_filter(library, topics, decks)
        session = cls(store, library, now, settings=settings, scheduler=scheduler, topics=chosen, limit=limit)
        queue = build_queue(store, now, settings=settings, topics=chosen)
        session._queue.extend(item for item in queue.order if item[1] != State.Learning)
        session._add_exam_prep(now, {card_id for card_id, _ in queue.order})
        session._advance(now)
        return session

    # ---- reading -------------------------------------------------------------------------------

    @property
    def current(self) -> StudyCard | None:
        """The card to show now, or None when the session is done."""
        return self._current

    @property
    def can_undo(self) -> bool:
        """True when there is an answer, suspend or bury to undo."""
        return bool(self._undo)

    def preview(self, now: datetime) -> dict[Rating, timedelta]:
        """For the current card, the interval each rating would give (unfuzzed, as Anki shows it)."""
        if self._current is None:
            return {}
        return self.scheduler.preview(self._current.state, now)

    def counts(self, now: datetime) -> QueueCounts:
        """New, learning and review cards left (the current card included)."""
        new = sum(1 for _, kind in self._queue if kind == State.New)
        review = len(self._queue) - new
        if self._current_from_queue is not None:
            if self._current_from_queue[1] == State.New:
                new += 1
            else:
                review += 1
        learning = self.store.cards.learning_count(self._day_end, ensure_utc(now), self.topics)
        if self.limit is not None:
            left = max(self.limit - self.answered, 0)
            learning = min(learning, left)
            review = min(review, max(left - learning, 0))
            new = min(new, max(left - learning - review, 0))
        return QueueCounts(new=new, learning=learning, review=review)

    def next_due(self) -> datetime | None:
        """When the next (re)learning card of these topics comes due today (after the session ends)."""
        return self.store.cards.next_learning_due(self._day_end, self.topics)

    # ---- acting --------------------------------------------------------------------------------

    def answer(self, rating: Rating | int, now: datetime, duration_ms: int | None = None) -> AnswerResult:
        """Rate the current card; the answer is committed before the next card is chosen.

        The answer is checked, in its own transaction, against the state the card was shown with:
        when another session answered (or suspended, or buried) it meanwhile, nothing is saved and
        the result says `skipped`.
        """
        current = self._require_current()
        answer = self.store.review(current.id, rating, now, scheduler=self.scheduler, duration_ms=duration_ms,
                                   expected=current.state)
        if answer is None:
            self._current_from_queue = None
            self._advance(now)
            return AnswerResult(card_id=current.id, rating=Rating(rating), before=current.state,
                                after=current.state, interval=timedelta(0), leech=False, message=SKIPPED,
                                next=self._current, skipped=True)
        self._undo.append(_UndoEntry(answer.undo, current.id, self._current_from_queue, answered=True))
        self.answered += 1
        notice = LeechNotice(current.id, answer.outcome.after.lapses) if answer.leech else None
        self._current_from_queue = None
        self._advance(now)
        outcome = answer.outcome
        return AnswerResult(card_id=current.id, rating=outcome.rating, before=outcome.before,
                            after=outcome.after, interval=outcome.interval, leech=answer.leech,
                            message=None, next=self._current, leech_notice=notice)

    def undo(self, now: datetime) -> StudyCard | None:
        """Undo the last answer, suspend or bury: restore it exactly and show that card again.

        Returns the card shown again, or None when there is nothing to undo.
        """
        if not self._undo:
            return None
        entry = self._undo.pop()
        self.store.restore(entry.step)
        if self._current_from_queue is not None:
            self._queue.appendleft(self._current_from_queue)
        if entry.answered:
            self.answered = max(self.answered - 1, 0)
        self._current_from_queue = entry.from_queue
        self._current = self._load(entry.card_id)
        if self._current is None:  # the card left the content meanwhile
            self._current_from_queue = None
            self._advance(now)
        return self._current

    def suspend_current(self, now: datetime) -> StudyCard | None:
        """Suspend the current card (undoable) and move on; returns the next card."""
        current = self._require_current()
        step = self.store.suspend([current.id])
        return self._after_control(step, current, now)

    def bury_current(self, now: datetime) -> StudyCard | None:
        """Hide the current card until the next study day (undoable); returns the next card."""
        current = self._require_current()
        # the day `now` is in, which may be past the end of the day the session started in
        until = next_day_start(ensure_utc(now), self.settings.tz(), self.settings.day_starts_at)
        step = self.store.bury([current.id], until)
        return self._after_control(step, current, now)

    # ---- internals -----------------------------------------------------------------------------

    def _after_control(self, step: UndoStep, current: StudyCard, now: datetime) -> StudyCard | None:
        self._undo.append(_UndoEntry(step, current.id, self._current_from_queue, answered=False))
        self._current_from_queue = None
        self._advance(now)
        return self._current

    def _require_current(self) -> StudyCard:
        if self._current is None:
            raise StudycardsError("there is no card to act on: the session is finished")
        return self._current

    def _load(self, card_id: str) -> StudyCard | None:
        content = self.library.card(card_id)
        record = self.store.card(card_id)
        if content is None or record is None:
            return None
        return StudyCard(card=content, state=record.state)

    def _add_exam_prep(self, now: datetime, queued: set[str]) -> None:
        """Inside the buffer before the exam, queue the review cards whose recall on exam day would
        be lowest, ahead of their due date (up to `EXAM_PREP_CARDS`)."""
        from studycards.srs.day import study_day

        exam = self.settings.exam_day
        today = study_day(ensure_utc(now), self.settings.tz(), self.settings.day_starts_at)
        if exam is None or not 0 < (exam - today).days <= self.settings.buffer_days:
            return
        states = {card_id: state for card_id, state in self.store.studied_card_states().items()
                  if card_id not in queued and state.state == State.Review
                  and state.due is not None and state.due >= self._day_end
                  and (content := self.library.card(card_id)) is not None
                  and (self.topics is None or content.qualified in self.topics)}
        recall = _recall_at_exam_start(states, self.settings, exam)
        chosen = sorted(recall, key=lambda card_id: (recall[card_id], card_id))[:EXAM_PREP_CARDS]
        self._exam_prep.update(chosen)
        self._queue.extend((card_id, State.Review) for card_id in chosen)

    def _eligible(self, card_id: str, now: datetime) -> StudyCard | None:
        record = self.store.card(card_id)
        if record is None or not record.present or record.suspended:
            return None
        if record.buried_until is not None and record.buried_until > now:
            return None
        state = record.state
        if card_id in self._exam_prep and state.state == State.Review:
            content = self.library.card(card_id)
            return StudyCard(card=content, state=state, exam_prep=True) if content is not None else None
        if state.state != State.New and (state.due is None or state.due >= self._day_end):
            return None  # answered elsewhere meanwhile
        if state.state in (State.Learning, State.Relearning):
            return None  # comes back through the learning path when due
        content = self.library.card(card_id)
        return StudyCard(card=content, state=state) if content is not None else None

    def _learning(self, until: datetime, now: datetime) -> StudyCard | None:
        for card_id in learning_due(self.store, until, now, self.topics, limit=20):
            found = self._load(card_id)
            if found is not None:
                return found
        return None

    def _advance(self, now: datetime) -> None:
        """Choose the next card: learning due now, the queue, then learning due soon (learn ahead)."""
        now = ensure_utc(now)
        self._current = None
        self._current_from_queue = None
        if self.limit is not None and self.answered >= self.limit:
            return
        found = self._learning(now, now)
        if found is not None:
            self._current = found
            return
        while self._queue:
            item = self._queue.popleft()
            found = self._eligible(item[0], now)
            if found is not None:
                self._current = found
                self._current_from_queue = item
                return
        self._current = self._learning(min(now + LEARN_AHEAD, self._day_end), now)


def deck_filter(library: Library, topics: Iterable[str] | None,
                decks: Iterable[str] | None) -> frozenset[str] | None:
    """The topics a session covers: `topics` (bare slugs made qualified where the library knows
    them) within `decks`' topics; None for all."""
    chosen = None if topics is None else frozenset(
        found.qualified if (found := library.topic(name)) is not None else name for name in topics)
    if decks is None:
        return chosen
    wanted = set(decks)
    in_decks = frozenset(t.qualified for t in library.topics.values() if t.deck in wanted)
    return in_decks if chosen is None else chosen & in_decks


def _recall_at_exam_start(states: dict[str, CardState], settings: Settings, exam: date) -> dict[str, float]:
    """Each studied card's recall at the start of the exam day if it is not reviewed again."""
    scheduler = SrsScheduler(settings, fuzz=False)
    start = day_start(exam, settings.tz(), settings.day_starts_at)
    return {card_id: scheduler.retrievability(state, start) for card_id, state in states.items()}
