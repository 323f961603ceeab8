"""The workload simulator: a day-by-day run of our own scheduler over a deck, without the database.

Each simulated day, cards due that day are answered (learning steps repeat within the day), new
cards are introduced up to a daily number until a last day, and answers are drawn from a seeded
`random.Random`: a New card is forgotten (Again) with `first_again`, any other card recalled
(Good) with its FSRS retrievability at that moment, else Again. Answers are given at
`REVIEW_HOUR` hours after the day starts (cards due later that day included, as a review session
shows them); a learning step due within the 20-minute learn-ahead is answered at once, a
later one when due. The scheduler is `SrsScheduler` unfuzzed, so intervals
are exactly today's; its answers are cached by (state, elapsed time, rating), which keeps a run of
thousands of cards fast. Limits (reviews per day) are not applied: the forecast shows the load.

Pure: no database, no clock; `start` and the day boundary are given.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from studycards.srs.day import day_start
from studycards.srs.model import CardState, Rating, State

if TYPE_CHECKING:
    from studycards.srs.scheduler import SrsScheduler

REVIEW_HOUR = 6  # answers are given 6 h after the study day starts (10:00 with the 04:00 default)
LEARN_AHEAD_SECONDS = 20 * 60  # a step due this soon is answered at once, as a session's learn-ahead does
FIRST_AGAIN = 0.2  # a first answer is Again this often unless the learner's history says otherwise
_BASE = datetime(2000, 1, 1, tzinfo=UTC)
_Key = tuple[int, int | None, float | None, float | None, int, int]
_Result = tuple[int, int | None, float, float, int]


@dataclass(frozen=True, slots=True)
class SimCard:
    """A card to simulate: its id and current state (New for a card not studied yet)."""

    id: str
    state: CardState


@dataclass(frozen=True, slots=True)
class SimDay:
    """One simulated day: answers given (learning steps included) and of them new cards introduced."""

    day: date
    reviews: int
    new: int


@dataclass(frozen=True, slots=True)
class Simulation:
    """The days simulated, and each card's predicted recall at the end (0 for one never studied)."""

    days: list[SimDay]
    recall_at_end: dict[str, float]


class _Stepper:
    """`SrsScheduler.review` by (state, elapsed seconds, rating), cached."""

    def __init__(self, scheduler: SrsScheduler) -> None:
        self.scheduler = scheduler
        self.cache: dict[_Key, _Result] = {}

    def step(self, key: _Key) -> _Result:
        found = self.cache.get(key)
        if found is None:
            state, step, stability, difficulty, elapsed, rating = key
            before = CardState(state=State(state), step=step, stability=stability, difficulty=difficulty,
                               due=_BASE, last_review=None if state == State.New else _BASE, reps=1)
            after = self.scheduler.review(before, Rating(rating), _BASE + timedelta(seconds=elapsed)).after
            assert after.due is not None and after.stability is not None and after.difficulty is not None
            interval = int((after.due - _BASE).total_seconds()) - elapsed
            found = (int(after.state), after.step, after.stability, after.difficulty, interval)
            self.cache[key] = found
        return found


def simulate(cards: Sequence[SimCard], scheduler: SrsScheduler, *, start: date, days: int,
             new_per_day: int, last_new_day: date | None = None, end: datetime | None = None,
             first_again: float = FIRST_AGAIN, seed: int = 0) -> Simulation:
    """Simulate `days` study days from `start`; New cards (in the given order) are introduced
    `new_per_day` a day up to and including `last_new_day` (None: every day). Recall at the end
    is taken at `end` (default: the start of the day after the last)."""
    settings = scheduler.settings
    tz, starts = settings.tz(), settings.day_starts_at
    rng = random.Random(seed)
    stepper = _Stepper(scheduler)
    bounds = [int(day_start(start + timedelta(days=k), tz, starts).timestamp()) for k in range(days + 1)]
    end_epoch = int(end.timestamp()) if end is not None else bounds[-1]
    # per card: [state, step, stability, difficulty, last_review, due] (epoch seconds)
    sims: list[list] = []
    buckets: list[list[int]] = [[] for _ in range(days)]
    new_queue: list[int] = []
    for card in cards:
        st = card.state
        index = len(sims)
        if st.state == State.New or st.last_review is None or st.stability is None:
            sims.append([int(State.New), None, None, None, None, None])
            new_queue.append(index)
            continue
        due = int(st.due.timestamp()) if st.due is not None else bounds[0]
        last = int(st.last_review.timestamp())
        sims.append([int(st.state), st.step, st.stability, st.difficulty, last, due])
        slot = bisect.bisect_right(bounds, due) - 1
        if slot < days:
            buckets[max(slot, 0)].append(index)
    decay, factor = scheduler.curve
    out: list[SimDay] = []
    next_new = 0
    for k in range(days):
        today = start + timedelta(days=k)
        day_end = bounds[k + 1]
        moment = bounds[k] + REVIEW_HOUR * 3600
        introduced = 0
        todo = buckets[k]
        if last_new_day is None or today <= last_new_day:
            take = new_queue[next_new: next_new + new_per_day]
            next_new += len(take)
            introduced = len(take)
            todo = todo + take
        answers = 0
        for index in todo:
            sim = sims[index]
            when = moment  # as a session does: every card due today is shown when the learner sits down
            while True:
                state, step, stability, difficulty, last, _ = sim
                if state == State.New:
                    rating = Rating.Again if rng.random() < first_again else Rating.Good
                    elapsed = 0
                else:
                    elapsed = max(when - last, 0)
                    recall = (1 + factor * (elapsed / 86400) / stability) ** decay
                    rating = Rating.Good if rng.random() < recall else Rating.Again
                new_state, new_step, new_s, new_d, interval = stepper.step(
                    (state, step, stability, difficulty, elapsed, int(rating)))
                answers += 1
                sim[:] = [new_state, new_step, new_s, new_d, when, when + interval]
                if when + interval >= day_end:
                    slot = bisect.bisect_right(bounds, when + interval) - 1
                    if slot < days:
                        buckets[slot].append(index)
                    break
                if interval > LEARN_AHEAD_SECONDS:
                    when += interval  # a later step: answered when due
        out.append(SimDay(day=today, reviews=answers, new=introduced))
    recall_at_end: dict[str, float] = {}
    for card, sim in zip(cards, sims, strict=True):
        if sim[0] == State.New:
            recall_at_end[card.id] = 0.0
        else:
            elapsed_days = max(end_epoch - sim[4], 0) / 86400
            recall_at_end[card.id] = float((1 + factor * elapsed_days / sim[2]) ** decay)
    return Simulation(days=out, recall_at_end=recall_at_end)
