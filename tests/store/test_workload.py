"""The workload simulator against a day-by-day run of our own scheduler through the store.

Stated tolerance: over 35 days of a fresh 150-card deck at 15 new cards a day, the simulated
answers in total are within 10% of the store run's, and each week's within 20%. Both draw answers
from the same memory model (New: Again 20%; otherwise Good with FSRS's retrievability, else
Again) with different seeds; the store run fuzzes intervals, the simulator does not. The learner
answers a day's cards at once (learn-ahead shows short learning steps straight away).
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from studycards.planning.workload import FIRST_AGAIN, REVIEW_HOUR, SimCard, simulate
from studycards.srs.day import day_start, study_day
from studycards.srs.model import CardState, Rating, State
from studycards.srs.scheduler import SrsScheduler
from studycards.srs.session import ReviewSession
from tests.store.srsutil import T0, make_library, open_store

CARDS, NEW_PER_DAY, DAYS = 150, 15, 35


def store_run(tmp_path: Path) -> list[int]:
    """Answers per day when every due card is answered each day through a real review session."""
    store = open_store(tmp_path / "run.db", new_per_day=str(NEW_PER_DAY), reviews_per_day="9999")
    library = make_library(n=CARDS)
    settings = store.settings()
    tz, starts = settings.tz(), settings.day_starts_at
    first = study_day(T0, tz, starts)
    rng = random.Random(2024)
    per_day = []
    for k in range(DAYS):
        now = day_start(first + timedelta(days=k), tz, starts) + timedelta(hours=REVIEW_HOUR)
        session = ReviewSession.start(store, library, now, rng=random.Random(k))
        scheduler: SrsScheduler = session.scheduler
        answers = 0
        while (card := session.current) is not None:
            if card.state.state == State.New:
                rating = Rating.Again if rng.random() < FIRST_AGAIN else Rating.Good
            else:
                assert card.state.last_review is not None and card.state.stability is not None
                elapsed = max((now - card.state.last_review).total_seconds(), 0) / 86400
                recall = scheduler.retrievability_after(card.state.stability, elapsed)
                rating = Rating.Good if rng.random() < recall else Rating.Again
            session.answer(rating, now)
            answers += 1
            if session.current is None and (due := session.next_due()) is not None:
                now = max(now, due)  # wait for a learning step due later today
                session = ReviewSession.start(store, library, now, rng=random.Random(k), sync=False)
        per_day.append(answers)
    store.close()
    return per_day


def test_simulator_matches_a_day_by_day_run_of_the_scheduler(tmp_path: Path) -> None:
    run = store_run(tmp_path)
    store = open_store(tmp_path / "sim.db")
    settings = store.settings()
    store.close()
    simulation = simulate([SimCard(f"c{i:03d}", CardState()) for i in range(CARDS)],
                          SrsScheduler(settings, fuzz=False), start=study_day(T0, settings.tz(), 4),
                          days=DAYS, new_per_day=NEW_PER_DAY, seed=5)
    simulated = [d.reviews for d in simulation.days]
    assert sum(d.new for d in simulation.days) == CARDS
    assert abs(sum(simulated) - sum(run)) <= 0.10 * sum(run), (simulated, run)
    for week in range(0, DAYS, 7):
        got, want = sum(simulated[week: week + 7]), sum(run[week: week + 7])
        assert abs(got - want) <= 0.20 * want, (week, simulated, run)
