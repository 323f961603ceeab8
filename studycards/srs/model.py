"""Plain value types of the spaced-repetition engine: states, ratings and a card's FSRS state.

No fsrs import here, so the TUI and the quiz engine can use these names cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum


class State(IntEnum):
    """Where a card is in its life. `New` has never been answered (fsrs has no such state)."""

    New = 0
    Learning = 1
    Review = 2
    Relearning = 3

    @property
    def label(self) -> str:
        """The state's name in lower case, as the CLI prints it."""
        return self.name.lower()


class Rating(IntEnum):
    """The four answer buttons, numbered as Anki and fsrs number them."""

    Again = 1
    Hard = 2
    Good = 3
    Easy = 4

    @property
    def label(self) -> str:
        """The rating's name in lower case: again, hard, good, easy."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Rating | None:
        """`1`-`4` or `again|hard|good|easy` (any case); None when it is neither."""
        word = text.strip().lower()
        if word in {"1", "2", "3", "4"}:
            return cls(int(word))
        for rating in cls:
            if word == rating.label:
                return rating
        return None


def ensure_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is refused (time must be explicit)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware (pass a UTC datetime)")
    return moment.astimezone(UTC)


def to_epoch(moment: datetime | None) -> int | None:
    """Whole seconds since the epoch (floor), as stored in the database."""
    if moment is None:
        return None
    return int(ensure_utc(moment).timestamp() // 1)


def from_epoch(seconds: int | float | None) -> datetime | None:
    """A stored epoch-seconds value as a UTC datetime."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True, slots=True)
class CardState:
    """The scheduling state of one card (or quiz question) at one moment.

    `due` and `last_review` are UTC-aware (None while New). `step` is the learning or
    relearning step (None in Review). `reps` counts answers, `lapses` times a Review card was
    forgotten.
    """

    state: State = State.New
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
