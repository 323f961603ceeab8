"""Review history by study day: what the stats screen charts beside `study_stats`.

Days are study days (a new day starts at `day_starts_at` local time, 04:00 by default), as the
review log stores them (`date.toordinal()` in the `day` column). `now` is injected; nothing here
reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from studycards.srs.day import study_day
from studycards.srs.model import ensure_utc

if TYPE_CHECKING:
    from studycards.srs.store import Store

HISTORY_DAYS = 30


@dataclass(frozen=True, slots=True)
class DayReviews:
    """The answers given on one study day, split by rating."""

    day: date
    again: int = 0
    hard: int = 0
    good: int = 0
    easy: int = 0

    @property
    def total(self) -> int:
        """Every answer given that day."""
        return self.again + self.hard + self.good + self.easy


def daily_reviews(store: Store, now: datetime, days: int = HISTORY_DAYS, *,
                  tz: tzinfo | None = None) -> list[DayReviews]:
    """One entry per study day for the last `days` days up to today, oldest first, zeros included.

    `tz` overrides the zone from the settings for deciding which day is today.
    """
    if days < 1:
        return []
    settings = store.settings().with_tz(tz) if tz is not None else store.settings()
    today = study_day(ensure_utc(now), settings.tz(), settings.day_starts_at)
    first = today - timedelta(days=days - 1)
    counts = store.reviews.rating_counts(first.toordinal(), today.toordinal())
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        by_rating = counts.get(day.toordinal(), {})
        out.append(DayReviews(day=day, again=by_rating.get(1, 0), hard=by_rating.get(2, 0),
                              good=by_rating.get(3, 0), easy=by_rating.get(4, 0)))
    return out


def reviews_per_day(store: Store, now: datetime, days: int = HISTORY_DAYS, *,
                    tz: tzinfo | None = None) -> list[tuple[date, int]]:
    """(study day, answers given) for the last `days` days up to today, oldest first, zeros included."""
    return [(entry.day, entry.total) for entry in daily_reviews(store, now, days, tz=tz)]


def total_reviews(store: Store) -> int:
    """Every answer ever logged (0 means the learner has never reviewed a card)."""
    return store.reviews.total()
