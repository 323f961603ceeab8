"""Today's review queue, built the way Anki builds it.

Order: due learning and relearning cards first, then due reviews (most overdue first, up to the
reviews-per-day limit), then new cards (in content order, up to the new-per-day limit) spread
evenly among the reviews. Cards of a note already studied today, or with a card in learning,
are left for another day, and only one card per note is taken (Anki's sibling burying); a
note counts as studied today when any of its cards was answered since the day started.
Suspended, buried and removed cards never appear. Selection happens in SQL on indexed columns
(`CardRepo.queue_reviews`, `queue_new`); rows are read lazily and only as many as needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from studycards.srs.day import day_number, day_start, next_day_start, study_day
from studycards.srs.model import State, ensure_utc, to_epoch
from studycards.srs.repo_cards import ACTIVE, sibling_clause, topic_clause

if TYPE_CHECKING:
    from studycards.srs.settings import Settings
    from studycards.srs.store import Store

LEARN_AHEAD = timedelta(minutes=20)  # Anki's learn-ahead limit
LEARNING_LISTED = 1000  # (re)learning cards listed in a DayQueue; sessions fetch them live anyway
__all__ = ["ACTIVE", "DailyProgress", "DayQueue", "build_queue", "daily_progress", "interleave",
           "learning_due", "sibling_clause", "topic_clause"]


@dataclass(frozen=True, slots=True)
class DailyProgress:
    """How many new cards and reviews were already done today, and what is left of the limits."""

    new_done: int
    reviews_done: int
    new_left: int
    reviews_left: int


@dataclass(slots=True)
class DayQueue:
    """Today's queue: learning due now, reviews and new cards, and the order they are shown in."""

    learning: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    order: list[tuple[str, State]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.order)


def daily_progress(store: Store, now: datetime, settings: Settings) -> DailyProgress:
    """New cards and reviews answered today (each card once), and the room left under the limits."""
    done = store.reviews.cards_answered_on(day_number(now, settings.tz(), settings.day_starts_at))
    new_done, reviews_done = done.get(0, 0), done.get(2, 0)
    return DailyProgress(
        new_done=new_done,
        reviews_done=reviews_done,
        new_left=max(0, settings.new_per_day - new_done),
        reviews_left=max(0, settings.reviews_per_day - reviews_done),
    )


def learning_due(store: Store, until: datetime, now: datetime, topics: Iterable[str] | None = None,
                 limit: int = 50) -> list[str]:
    """(Re)learning cards due by `until`, earliest first."""
    return store.cards.learning_due(until, now, topics, limit)


def interleave(reviews: list[str], new: list[str]) -> list[tuple[str, State]]:
    """Spread new cards evenly among the reviews (Anki's 'mix new cards with reviews')."""
    keyed = [((i + 1) / (len(reviews) + 1), 0, card_id, State.Review) for i, card_id in enumerate(reviews)]
    keyed += [((j + 1) / (len(new) + 1), 1, card_id, State.New) for j, card_id in enumerate(new)]
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [(card_id, state) for _, _, card_id, state in keyed]


def build_queue(store: Store, now: datetime, *, settings: Settings | None = None,
                topics: Iterable[str] | None = None, limit: int | None = None) -> DayQueue:
    """Today's queue for the chosen topics (all when None), capped at `limit` cards when given."""
    now = ensure_utc(now)
    settings = settings or store.settings()
    topic_list = None if topics is None else sorted(set(topics))
    tz, starts = settings.tz(), settings.day_starts_at
    times = {
        "now": to_epoch(now),
        "day_start": to_epoch(day_start(study_day(now, tz, starts), tz, starts)),
        "day_end": to_epoch(next_day_start(now, tz, starts)),
    }
    progress = daily_progress(store, now, settings)
    taken: set[str] = set()

    learning = learning_due(store, now, now, topic_list, limit=LEARNING_LISTED)
    reviews = store.cards.queue_reviews(times, topic_list, progress.reviews_left, taken)
    new = store.cards.queue_new(times, topic_list, progress.new_left, taken)
    order = [(card_id, State.Learning) for card_id in learning] + interleave(reviews, new)
    if limit is not None:
        order = order[: max(limit, 0)]
    return DayQueue(learning=learning, reviews=reviews, new=new, order=order)
