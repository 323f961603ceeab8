"""FSRS scheduling through the wrapper: New cards, steps, preview, fuzz, clock edges, settings."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from studycards.srs.model import CardState, Rating, State
from studycards.srs.scheduler import SrsScheduler, format_interval
from studycards.srs.settings import Settings

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
NEW = CardState()


def sched(seed: int = 1, **settings: object) -> SrsScheduler:
    return SrsScheduler(Settings(**settings), random.Random(seed))  # type: ignore[arg-type]


def graduate(scheduler: SrsScheduler, now: datetime = NOW) -> CardState:
    """A card taken through both learning steps with Good: now in Review."""
    state = scheduler.review(NEW, Rating.Good, now).after
    state = scheduler.review(state, Rating.Good, now + timedelta(minutes=10)).after
    assert state.state == State.Review
    return state


@pytest.mark.parametrize(
    ("rating", "state", "step", "interval"),
    [
        (Rating.Again, State.Learning, 0, timedelta(minutes=1)),
        (Rating.Hard, State.Learning, 0, timedelta(minutes=5, seconds=30)),
        (Rating.Good, State.Learning, 1, timedelta(minutes=10)),
    ],
)
def test_new_card_follows_learning_steps(rating: Rating, state: State, step: int,
                                         interval: timedelta) -> None:
    outcome = sched().review(NEW, rating, NOW)
    assert outcome.after.state == state
    assert outcome.after.step == step
    assert outcome.interval == interval
    assert outcome.after.due == NOW + interval
    assert outcome.after.last_review == NOW
    assert outcome.after.reps == 1
    assert outcome.before == NEW


def test_easy_on_a_new_card_graduates_at_once() -> None:
    outcome = sched().review(NEW, Rating.Easy, NOW)
    assert outcome.after.state == State.Review
    assert outcome.after.step is None
    assert outcome.interval >= timedelta(days=3)


def test_good_twice_graduates_to_review_in_days() -> None:
    state = graduate(sched())
    assert state.due is not None and state.due - state.last_review >= timedelta(days=1)  # type: ignore[operator]


def test_relearning_after_a_lapse_uses_the_relearning_step() -> None:
    scheduler = sched()
    review = graduate(scheduler)
    later = review.due + timedelta(hours=1)  # type: ignore[operator]
    outcome = scheduler.review(review, Rating.Again, later)
    assert outcome.after.state == State.Relearning
    assert outcome.interval == timedelta(minutes=10)
    assert outcome.after.lapses == 1
    assert outcome.lapsed


def test_custom_learning_steps() -> None:
    scheduler = sched(learning_steps="30s 5m 1h")
    state = scheduler.review(NEW, Rating.Good, NOW).after
    assert state.due - NOW == timedelta(minutes=5)  # type: ignore[operator]
    state = scheduler.review(state, Rating.Good, NOW + timedelta(minutes=5)).after
    assert state.step == 2 and state.due - state.last_review == timedelta(hours=1)  # type: ignore[operator]


def test_preview_gives_each_rating_unfuzzed() -> None:
    preview = sched().preview(NEW, NOW)
    assert list(preview) == [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]
    assert preview[Rating.Again] == timedelta(minutes=1)
    assert preview[Rating.Good] == timedelta(minutes=10)
    assert preview[Rating.Easy] >= timedelta(days=3)
    # unfuzzed: the same whatever the seed
    assert sched(seed=5).preview(NEW, NOW) == sched(seed=6).preview(NEW, NOW)


def test_fuzz_is_seedable_and_stays_in_range() -> None:
    review = graduate(sched())
    moment = review.due + timedelta(days=30)  # type: ignore[operator]
    unfuzzed = SrsScheduler(Settings(), random.Random(0), fuzz=False)
    plain = unfuzzed.review(review, Rating.Good, moment).interval
    first = [sched(seed=42).review(review, Rating.Good, moment).interval for _ in range(3)]
    assert len(set(first)) == 1  # same seed, same fuzz
    fuzzed = {sched(seed=s).review(review, Rating.Good, moment).interval for s in range(40)}
    assert len(fuzzed) > 1  # fuzz does spread intervals
    days = plain.days
    assert all(abs(f.days - days) <= max(2, round(days * 0.15)) for f in fuzzed)


def test_short_intervals_are_not_fuzzed() -> None:
    outcomes = {sched(seed=s).review(NEW, Rating.Good, NOW).interval for s in range(20)}
    assert outcomes == {timedelta(minutes=10)}


def test_higher_desired_retention_gives_shorter_intervals() -> None:
    base = graduate(SrsScheduler(Settings(), fuzz=False))
    moment = base.due + timedelta(days=1)  # type: ignore[operator]
    strict = SrsScheduler(Settings(desired_retention=0.97), fuzz=False).review(base, Rating.Good, moment)
    loose = SrsScheduler(Settings(desired_retention=0.70), fuzz=False).review(base, Rating.Good, moment)
    assert strict.interval < loose.interval


def test_maximum_interval_caps_reviews() -> None:
    scheduler = SrsScheduler(Settings(maximum_interval=5), random.Random(3))
    state = graduate(scheduler)
    for _ in range(6):
        state = scheduler.review(state, Rating.Easy, state.due).after  # type: ignore[arg-type]
        assert state.due - state.last_review <= timedelta(days=5)  # type: ignore[operator]


def test_clock_moved_backwards_never_schedules_into_the_past() -> None:
    scheduler = sched()
    first = scheduler.review(NEW, Rating.Good, NOW).after
    earlier = NOW - timedelta(hours=3)  # the clock jumped back
    outcome = scheduler.review(first, Rating.Good, earlier)
    assert outcome.after.last_review == first.last_review
    assert outcome.after.due > first.last_review  # type: ignore[operator]


def test_times_are_whole_seconds_and_utc() -> None:
    from zoneinfo import ZoneInfo

    moment = datetime(2025, 3, 3, 10, 0, 0, 987654, tzinfo=ZoneInfo("Europe/Berlin"))
    after = sched().review(NEW, Rating.Good, moment).after
    assert after.last_review == datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    assert after.due is not None and after.due.microsecond == 0


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sched().review(NEW, Rating.Good, datetime(2025, 3, 3, 9, 0))


def test_retrievability_falls_with_time() -> None:
    scheduler = sched()
    state = graduate(scheduler)
    assert scheduler.retrievability(NEW, NOW) == 0.0
    fresh = scheduler.retrievability(state, state.last_review)  # type: ignore[arg-type]
    later = scheduler.retrievability(state, state.last_review + timedelta(days=30))  # type: ignore[operator]
    assert fresh == pytest.approx(1.0)
    assert 0 < later < fresh


@pytest.mark.parametrize(
    ("text", "rating"),
    [("1", Rating.Again), ("again", Rating.Again), (" Hard ", Rating.Hard), ("3", Rating.Good),
     ("EASY", Rating.Easy), ("5", None), ("", None), ("goodish", None)],
)
def test_rating_parse(text: str, rating: Rating | None) -> None:
    assert Rating.parse(text) == rating


@pytest.mark.parametrize(
    ("interval", "text"),
    [(timedelta(seconds=30), "30s"), (timedelta(minutes=1), "1m"), (timedelta(minutes=5, seconds=30), "6m"),
     (timedelta(hours=1), "1h"), (timedelta(hours=1, minutes=30), "1.5h"), (timedelta(days=3), "3d"),
     (timedelta(days=45), "1.5mo"), (timedelta(days=730), "2y")],
)
def test_format_interval(interval: timedelta, text: str) -> None:
    assert format_interval(interval) == text


def test_elapsed_time_counts_study_days_not_24_hour_periods() -> None:
    """Yesterday's answer is one day ago at any hour: answering at 09:00 after a 10:00 answer the
    day before gives the same schedule as answering at 11:00 (Anki counts study days too)."""
    from datetime import UTC, datetime

    from studycards.srs.model import CardState, Rating, State
    from studycards.srs.scheduler import SrsScheduler
    from studycards.srs.settings import Settings

    scheduler = SrsScheduler(Settings(timezone="UTC", day_starts_at=4), fuzz=False)
    yesterday = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    state = CardState(state=State.Review, stability=1.2, difficulty=6.0,
                      due=datetime(2026, 3, 2, 10, tzinfo=UTC), last_review=yesterday, reps=3)
    early = scheduler.review(state, Rating.Good, datetime(2026, 3, 2, 9, 0, tzinfo=UTC)).after
    late = scheduler.review(state, Rating.Good, datetime(2026, 3, 2, 11, 0, tzinfo=UTC)).after
    assert early.stability == late.stability
    assert early.stability is not None and early.stability > 1.2
    same_day = scheduler.review(state, Rating.Good, datetime(2026, 3, 1, 15, 0, tzinfo=UTC)).after
    assert same_day.stability != late.stability  # a second answer the same study day is a short-term update
