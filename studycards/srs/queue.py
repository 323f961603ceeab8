"""Today's review queue, built the way Anki builds it.

Order: due learning and relearning cards first, then due reviews (most overdue first, up to the
reviews-per-day limit), then new cards (in content order, up to the new-per-day limit) spread
evenly among the reviews. Cards of a note already studied today, or with a card in learning,
are left for another day, and only one card per note is taken (Anki's sibling burying); a
note counts as studied today when any of its cards was answered since the day started.
Suspended, buried and removed cards never appear. Selection happens in SQL on indexed columns;
rows are read lazily and only as many as needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from studycards.srs.day import day_number, day_start, next_day_start, study_day
from studycards.srs.model import State, ensure_utc, to_epoch

if TYPE_CHECKING:
    from studycards.srs.settings import Settings
    from studycards.srs.store import Store

LEARN_AHEAD = timedelta(minutes=20)  # Anki's learn-ahead limit
LEARNING_LISTED = 1000  # (re)learning cards listed in a DayQueue; sessions fetch them live anyway
ACTIVE = "present = 1 AND suspended = 0"  # the leading columns of the cards_queue index


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


def topic_clause(topics: Iterable[str] | None, keyword: str = "AND") -> tuple[str, list[Any]]:
    """An ` AND topic IN (...)` clause (or ` WHERE ...`) and its parameters (empty when all topics)."""
    if topics is None:
        return "", []
    chosen = sorted(set(topics))
    return f" {keyword} topic IN ({', '.join('?' * len(chosen))})", list(chosen)


def daily_progress(store: Store, now: datetime, settings: Settings) -> DailyProgress:
    """New cards and reviews answered today (each card once), and the room left under the limits."""
    today = day_number(now, settings.tz(), settings.day_starts_at)
    done = {row[0]: row[1] for row in store.rows(
        "SELECT state_before, COUNT(DISTINCT card_id) FROM review_log "
        "WHERE day = ? AND state_before IN (0, 2) GROUP BY state_before", (today,))}
    new_done, reviews_done = done.get(0, 0), done.get(2, 0)
    return DailyProgress(
        new_done=new_done,
        reviews_done=reviews_done,
        new_left=max(0, settings.new_per_day - new_done),
        reviews_left=max(0, settings.reviews_per_day - reviews_done),
    )


def sibling_clause(alias: str = "cards") -> str:
    """SQL: no other card of this note was answered today (since `:day_start`) or is in (re)learning."""
    return (
        f" AND NOT EXISTS (SELECT 1 FROM cards AS sib WHERE sib.note_id = {alias}.note_id"
        f" AND sib.id <> {alias}.id AND sib.present = 1"
        " AND (sib.last_review >= :day_start OR sib.state IN (1, 3)))"
    )


def learning_due(store: Store, until: datetime, now: datetime, topics: Iterable[str] | None = None,
                 limit: int = 50) -> list[str]:
    """(Re)learning cards due by `until`, earliest first (one index range per state, merged)."""
    where, params = topic_clause(topics)
    found: list[Any] = []
    for state in (State.Learning, State.Relearning):
        found.extend(store.rows(
            f"SELECT due, rowid, id FROM cards WHERE {ACTIVE} AND state = ? AND due <= ? "
            f"AND buried_until <= ?{where} ORDER BY due LIMIT ?",
            [int(state), to_epoch(until), to_epoch(now), *params, limit]))
    found.sort(key=lambda row: (row[0], row[1]))
    return [row[2] for row in found[:limit]]


def _take(store: Store, sql: str, params: dict[str, Any], need: int, taken_notes: set[str]) -> list[str]:
    """Read rows lazily until `need` cards of distinct notes are found."""
    out: list[str] = []
    if need <= 0:
        return out
    with store._guard():
        for card_id, note_id in store.conn.execute(sql, params):
            if note_id in taken_notes:
                continue
            taken_notes.add(note_id)
            out.append(card_id)
            if len(out) >= need:
                break
    return out


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
    params: dict[str, Any] = {
        "now": to_epoch(now),
        "day_start": to_epoch(day_start(study_day(now, tz, starts), tz, starts)),
        "day_end": to_epoch(next_day_start(now, tz, starts)),
    }
    where = ""
    if topic_list is not None:
        names = [f"t{i}" for i in range(len(topic_list))]
        where = f" AND topic IN ({', '.join(':' + n for n in names)})"
        params.update(zip(names, topic_list, strict=True))
    progress = daily_progress(store, now, settings)
    taken: set[str] = set()

    learning = learning_due(store, now, now, topic_list, limit=LEARNING_LISTED)
    reviews = _take(
        store,
        f"SELECT id, note_id FROM cards WHERE {ACTIVE} AND state = 2 AND due < :day_end "
        f"AND buried_until <= :now{where}{sibling_clause()} ORDER BY due",
        params, progress.reviews_left, taken,
    )
    new = _take(
        store,
        f"SELECT id, note_id FROM cards WHERE state = 0 AND {ACTIVE} AND buried_until <= :now{where}"
        f"{sibling_clause()} ORDER BY position, rowid",
        params, progress.new_left, taken,
    )
    order = [(card_id, State.Learning) for card_id in learning] + interleave(reviews, new)
    if limit is not None:
        order = order[: max(limit, 0)]
    return DayQueue(learning=learning, reviews=reviews, new=new, order=order)
