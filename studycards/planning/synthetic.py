"""A synthetic learner: review histories drawn from known FSRS-6 memory parameters (tests, benchmarks).

Each card is introduced on its day, scheduled by the default FSRS-6 weights at a desired retention
of 0.9 (as a learner with no fit would be), and answered by a "true" memory model with other
weights: recalled with the true retrievability (Good mostly, some Hard and Easy), else Again.
Everything is drawn from a seeded `random.Random`, so a seed gives the same history.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from studycards.planning.revlog import ReviewRecord

# A learner who forgets faster than FSRS's defaults assume, with a flatter curve.
TRUE_PARAMETERS = (0.08, 0.45, 1.1, 4.5, 6.8, 0.9, 2.6, 0.02, 1.5, 0.12, 0.9, 1.9, 0.08, 0.35, 1.4,
                   0.55, 2.2, 0.55, 0.1, 0.06, 0.35)
FIRST_DAY = 739_000  # a study day (date.toordinal()), 2024-05-13
EPOCH_DAY = 719_163  # 1970-01-01


def synthetic_history(reviews: int, *, seed: int = 7, true_parameters: Sequence[float] = TRUE_PARAMETERS,
                      new_per_day: int = 20, retention: float = 0.9) -> list[ReviewRecord]:
    """About `reviews` answers (exactly that many, cut at the end) from a learner with `true_parameters`."""
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    rng = random.Random(seed)
    truth, scheduler = FSRS(list(true_parameters)), FSRS(list(DEFAULT_PARAMETERS))
    decay = -true_parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    # per card: [next day, true memory, scheduler's memory, last day]
    cards: list[list] = []
    out: list[ReviewRecord] = []
    day = FIRST_DAY
    while len(out) < reviews:
        for _ in range(new_per_day):
            cards.append([day, None, None, day])
        seq = 0
        for index, card in enumerate(cards):
            if card[0] != day:
                continue
            elapsed = day - card[3]
            if card[1] is None:
                rating = rng.choices((1, 2, 3, 4), weights=(0.2, 0.1, 0.55, 0.15))[0]
            else:
                recall = (1 + factor * elapsed / max(card[1].stability, 0.01)) ** decay
                recalled = rng.random() < recall
                rating = rng.choices((2, 3, 4), weights=(0.15, 0.7, 0.15))[0] if recalled else 1
            true_next = _pick(truth.next_states(card[1], retention, elapsed), rating)
            sched_next = _pick(scheduler.next_states(card[2], retention, elapsed), rating)
            interval = max(1, round(sched_next.interval * rng.uniform(0.95, 1.05)))
            out.append(ReviewRecord(card=f"synthetic.{index}", rating=rating, day=day,
                                    at=(day - EPOCH_DAY) * 86400 + 12 * 3600 + seq,
                                    duration_ms=rng.randint(3000, 15000)))
            seq += 1
            card[:] = [day + interval, true_next.memory, sched_next.memory, day]
        day += 1
    return out[:reviews]


def _pick(states, rating: int):  # type: ignore[no-untyped-def]
    return (states.again, states.hard, states.good, states.easy)[rating - 1]
