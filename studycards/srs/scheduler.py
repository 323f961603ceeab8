"""FSRS-6 scheduling (through `fsrs`) with the parts fsrs leaves to its caller.

- fsrs has no New state: a New card is handed to fsrs as a fresh Learning card at step 0.
- fsrs wants UTC datetimes: every `now` is converted (a naive one is refused).
- A clock that moved backwards: a review is scheduled from the later of now and the last review,
  so a card's history never runs backwards.
- Fuzz: fsrs draws fuzz from the global `random` module; here fsrs runs unfuzzed and the same
  fuzz ranges are applied with an injectable `random.Random`, so tests can seed it. The draw is a
  whole day from the range (fsrs's rounding can land one day past it); `preview_range` shows it.
- Times are whole seconds, exactly as stored, so a state read back equals the state written.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler as FsrsScheduler
from fsrs import State as FsrsState
from fsrs.scheduler import DEFAULT_PARAMETERS as FSRS_DEFAULT_PARAMETERS
from fsrs.scheduler import FUZZ_RANGES

from studycards.srs.day import study_day
from studycards.srs.model import CardState, Rating, State, ensure_utc
from studycards.srs.settings import Settings


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """One answer: the state before and after, and the interval it produced."""

    rating: Rating
    before: CardState
    after: CardState
    reviewed_at: datetime
    interval: timedelta

    @property
    def lapsed(self) -> bool:
        """A Review card was forgotten (Anki's lapse)."""
        return self.before.state == State.Review and self.rating == Rating.Again


class SrsScheduler:
    """Schedules answers with FSRS-6 under the learner's settings."""

    def __init__(self, settings: Settings | None = None, rng: random.Random | None = None,
                 *, fuzz: bool = True) -> None:
        self.settings = settings or Settings()
        self.rng = rng if rng is not None else random.Random()
        self.fuzz = fuzz
        self._fsrs = FsrsScheduler(
            parameters=self.settings.parameters or FSRS_DEFAULT_PARAMETERS,
            desired_retention=self.settings.desired_retention,
            learning_steps=self.settings.learning_step_deltas,
            relearning_steps=self.settings.relearning_step_deltas,
            maximum_interval=self.settings.maximum_interval,
            enable_fuzzing=False,
        )
        self._decay = -self._fsrs.parameters[20]
        self._factor = 0.9 ** (1 / self._decay) - 1

    def review(self, state: CardState, rating: Rating | int, now: datetime) -> ReviewOutcome:
        """Answer a card: the new state (fuzzed when it goes to Review) and the log facts."""
        rating = Rating(rating)
        moment = self._effective_time(state, now)
        card, _ = self._fsrs.review_card(self._to_fsrs(state, moment), FsrsRating(int(rating)), moment)
        interval = card.due - moment
        if self.fuzz and card.state == FsrsState.Review:
            interval = self._fuzzed(interval)
        lapses = state.lapses + (1 if state.state == State.Review and rating == Rating.Again else 0)
        after = CardState(
            state=State(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=moment + interval,
            last_review=moment,
            reps=state.reps + 1,
            lapses=lapses,
        )
        return ReviewOutcome(rating=rating, before=state, after=after, reviewed_at=moment, interval=interval)

    def preview(self, state: CardState, now: datetime) -> dict[Rating, timedelta]:
        """The interval each rating would give now, without fuzz (what Anki shows on its buttons)."""
        moment = self._effective_time(state, now)
        card = self._to_fsrs(state, moment)
        out: dict[Rating, timedelta] = {}
        for rating in Rating:
            reviewed, _ = self._fsrs.review_card(card, FsrsRating(int(rating)), moment)
            out[rating] = reviewed.due - moment
        return out

    def preview_range(self, state: CardState, now: datetime) -> dict[Rating, tuple[timedelta, timedelta]]:
        """For each rating, the shortest and longest interval an answer now can give (fuzz included).

        The unfuzzed interval of `preview` always lies in it, and so does the one `review` gives.
        """
        moment = self._effective_time(state, now)
        card = self._to_fsrs(state, moment)
        out: dict[Rating, tuple[timedelta, timedelta]] = {}
        for rating in Rating:
            reviewed, _ = self._fsrs.review_card(card, FsrsRating(int(rating)), moment)
            interval = reviewed.due - moment
            bounds = self.fuzz_range(interval) if reviewed.state == FsrsState.Review else None
            if bounds is None:
                out[rating] = (interval, interval)
            else:
                out[rating] = (timedelta(days=bounds[0]), timedelta(days=bounds[1]))
        return out

    def retrievability(self, state: CardState, now: datetime) -> float:
        """Predicted probability of recall now (0 for a card never reviewed)."""
        if state.last_review is None or not state.stability:
            return 0.0
        elapsed_days = max(0, (ensure_utc(now) - state.last_review).days)
        return self.retrievability_after(state.stability, elapsed_days)

    @property
    def curve(self) -> tuple[float, float]:
        """(decay, factor) of the forgetting curve R = (1 + factor * days / S) ** decay."""
        return self._decay, self._factor

    def retrievability_after(self, stability: float, elapsed_days: float) -> float:
        """FSRS-6 forgetting curve: recall probability `elapsed_days` after a review."""
        return float((1 + self._factor * max(elapsed_days, 0) / stability) ** self._decay)

    @staticmethod
    def _effective_time(state: CardState, now: datetime) -> datetime:
        moment = ensure_utc(now).replace(microsecond=0)
        if state.last_review is not None and moment < state.last_review:
            return state.last_review  # the clock moved backwards: never schedule into the past
        return moment

    def _to_fsrs(self, state: CardState, moment: datetime) -> FsrsCard:
        if state.state == State.New:
            return FsrsCard(card_id=0, state=FsrsState.Learning, step=0, due=moment)
        return FsrsCard(
            card_id=0,
            state=FsrsState(int(state.state)),
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=state.due or moment,
            last_review=self._on_day_grid(state.last_review, moment),
        )

    def _on_day_grid(self, last_review: datetime | None, moment: datetime) -> datetime | None:
        """The last review as py-fsrs should see it: whole study days before `moment`.

        py-fsrs counts elapsed time in 24-hour periods, so an answer a little earlier in the day
        than the last one would count as the same day. Like Anki, we count study days (which
        start at the learner's day boundary): yesterday's answer is one day ago at any hour.
        """
        if last_review is None:
            return None
        tz, starts_at = self.settings.tz(), self.settings.day_starts_at
        days = (study_day(moment, tz, starts_at) - study_day(last_review, tz, starts_at)).days
        return last_review if days <= 0 else moment - timedelta(days=days)

    def fuzz_range(self, interval: timedelta) -> tuple[int, int] | None:
        """The days a Review interval may be fuzzed to (Anki's ranges), or None when it is not fuzzed."""
        days = interval.days
        if not self.fuzz or days < 2.5:
            return None
        delta = 1.0
        for fuzz_range in FUZZ_RANGES:
            span = min(float(days), fuzz_range["end"]) - fuzz_range["start"]
            delta += fuzz_range["factor"] * max(span, 0.0)
        maximum = self.settings.maximum_interval
        max_ivl = min(round(days + delta), maximum)
        min_ivl = min(max(2, round(days - delta)), max_ivl)
        return min_ivl, max_ivl

    def _fuzzed(self, interval: timedelta) -> timedelta:
        """fsrs's fuzz ranges (Anki's), drawn from this scheduler's own random generator."""
        bounds = self.fuzz_range(interval)
        if bounds is None:
            return interval
        min_ivl, max_ivl = bounds
        # a whole day drawn uniformly from min..max; fsrs rounds here, which can give max + 1
        fuzzed = min_ivl + int(self.rng.random() * (max_ivl - min_ivl + 1))
        return timedelta(days=min(fuzzed, max_ivl))


def format_interval(interval: timedelta) -> str:
    """A short human interval as on Anki's buttons: 45s, 10m, 1.5h, 3d, 2.1mo, 1.4y."""
    seconds = max(interval.total_seconds(), 0)
    if seconds < 60:
        return f"{math.floor(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return _trim(seconds / 3600, "h")
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return _trim(days / 30, "mo")
    return _trim(days / 365, "y")


def _trim(value: float, unit: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"
