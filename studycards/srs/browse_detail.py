"""One card in full, for `studycards cards show` and the browser's detail pane: its text, FSRS
state, predicted recall (now, ahead, and when it falls below 90% and 80%) and review history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from studycards.errors import StudycardsError
from studycards.srs.model import Rating, State, ensure_utc, from_epoch

if TYPE_CHECKING:
    from studycards.content.model import Library
    from studycards.srs.store import Store

AHEAD_DAYS = (1, 7, 30, 90)
THRESHOLDS = (0.9, 0.8)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One answer in a card's review log."""

    reviewed_at: datetime
    rating: Rating
    state_before: State
    state_after: State
    stability_after: float | None
    due_after: datetime | None
    duration_ms: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "reviewed_at": self.reviewed_at.isoformat(), "rating": self.rating.label,
            "state_before": self.state_before.label, "state_after": self.state_after.label,
            "stability_after": None if self.stability_after is None else round(self.stability_after, 4),
            "due_after": self.due_after.isoformat() if self.due_after else None,
            "duration_ms": self.duration_ms,
        }


@dataclass(frozen=True, slots=True)
class CardDetail:
    """Everything the browser shows about one card."""

    id: str
    deck: str
    topic: str
    kind: str
    front: str  # the question as shown
    back: str  # the answer as shown
    extra: str
    tags: tuple[str, ...]
    source: str
    state: State
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: bool
    buried_until: datetime | None
    leech: bool
    recall_now: float | None
    recall_ahead: dict[int, float]  # days from now -> predicted recall
    days_until: dict[float, float]  # recall threshold -> days after the last review it is reached
    history: tuple[HistoryEntry, ...]

    def to_json(self) -> dict[str, Any]:
        """The document of `cards show --json`."""
        return {
            "id": self.id, "deck": self.deck, "topic": self.topic, "kind": self.kind,
            "front": self.front, "back": self.back, "extra": self.extra, "tags": list(self.tags),
            "source": self.source,
            "fsrs": {
                "state": self.state.label, "stability": _r(self.stability), "difficulty": _r(self.difficulty),
                "due": _iso(self.due), "last_review": _iso(self.last_review), "reps": self.reps,
                "lapses": self.lapses,
            },
            "flags": {"suspended": self.suspended, "buried_until": _iso(self.buried_until),
                      "leech": self.leech},
            "recall": {
                "now": _r(self.recall_now),
                "ahead": {f"{days}d": _r(value) for days, value in self.recall_ahead.items()},
                "days_after_last_review_until": {
                    f"{round(t * 100)}%": _r(d) for t, d in self.days_until.items()},
            },
            "history": [entry.to_json() for entry in self.history],
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def card_detail(store: Store, library: Library, card_id: str, now: datetime) -> CardDetail:
    """The card with this id in full; an unknown id raises StudycardsError (exit 2)."""
    now = ensure_utc(now)
    card = library.card(card_id)
    record = store.card(card_id)
    if card is None or record is None:
        raise StudycardsError(f"unknown card '{card_id}' (see 'studycards cards' for the ids)")
    state = record.state
    scheduler = store.scheduler()
    decay, factor = scheduler.curve
    recall_now: float | None = None
    ahead: dict[int, float] = {}
    until: dict[float, float] = {}
    if state.last_review is not None and state.stability:
        recall_now = scheduler.retrievability(state, now)
        elapsed = max(0, (now - state.last_review).days)
        ahead = {days: scheduler.retrievability_after(state.stability, elapsed + days) for days in AHEAD_DAYS}
        until = {t: float(state.stability * (t ** (1 / decay) - 1) / factor) for t in THRESHOLDS}
    history = tuple(
        HistoryEntry(
            reviewed_at=from_epoch(row["reviewed_at"]) or now, rating=Rating(row["rating"]),
            state_before=State(row["state_before"]), state_after=State(row["state_after"]),
            stability_after=row["stability_after"], due_after=from_epoch(row["due_after"]),
            duration_ms=row["duration_ms"],
        )
        for row in store.review_history(card_id)
    )
    back = card.answer_text()
    return CardDetail(
        id=card.id, deck=card.deck, topic=card.qualified, kind=card.kind, front=card.question_text(),
        back=back, extra=card.extra, tags=card.tags, source=card.source, state=state.state,
        stability=state.stability, difficulty=state.difficulty, due=state.due, last_review=state.last_review,
        reps=state.reps, lapses=state.lapses, suspended=record.suspended,
        buried_until=record.buried_until if record.buried_until and record.buried_until > now else None,
        leech=record.leech, recall_now=recall_now, recall_ahead=ahead, days_until=until, history=history,
    )
