"""Reviews per study day over a real database: windows, rating split and the 04:00 day boundary."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from studycards.content.model import Library
from studycards.srs.history import DayReviews, daily_reviews, reviews_per_day, total_reviews
from studycards.srs.model import Rating
from studycards.srs.session import ReviewSession
from studycards.srs.store import Store
from tests.store.srsutil import T0, make_library, open_store

# T0 is 2025-03-03 10:00 in Berlin (UTC+1); the store's zone is Berlin, days start at 04:00
TODAY = date(2025, 3, 3)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "study.db")


@pytest.fixture
def library() -> Library:
    return make_library(n=60)


def answer(store: Store, library: Library, when: datetime, ratings: list[int]) -> Counter[int]:
    """Start a session at `when` and give these ratings to the cards it shows, in order."""
    session = ReviewSession.start(store, library, when, rng=random.Random(7))
    given: Counter[int] = Counter()
    for rating in ratings:
        assert session.current is not None
        session.answer(rating, when)
        given[rating] += 1
        when += timedelta(seconds=15)
    return given


def as_counter(entry: DayReviews) -> Counter[int]:
    return Counter({1: entry.again, 2: entry.hard, 3: entry.good, 4: entry.easy}) - Counter()


def test_an_empty_store_has_thirty_zero_days_ending_today(store: Store) -> None:
    days = daily_reviews(store, T0)
    assert len(days) == 30
    assert days[-1].day == TODAY and days[0].day == TODAY - timedelta(days=29)
    assert [d.day for d in days] == [TODAY - timedelta(days=29 - i) for i in range(30)]
    assert all(d.total == 0 for d in days)
    assert reviews_per_day(store, T0, days=3) == [
        (TODAY - timedelta(days=2), 0), (TODAY - timedelta(days=1), 0), (TODAY, 0)]
    assert total_reviews(store) == 0
    assert daily_reviews(store, T0, days=0) == []


def test_answers_are_counted_on_their_day_split_by_rating(store: Store, library: Library) -> None:
    plan = {
        6: [Rating.Good, Rating.Good, Rating.Again, Rating.Easy],
        3: [Rating.Hard, Rating.Good],
        1: [Rating.Again, Rating.Again, Rating.Good, Rating.Good, Rating.Easy],
        0: [Rating.Good],
    }
    given = {}
    for days_ago, ratings in sorted(plan.items(), reverse=True):
        given[days_ago] = answer(store, library, T0 - timedelta(days=days_ago), [int(r) for r in ratings])

    days = daily_reviews(store, T0, days=7)
    assert [d.day for d in days] == [TODAY - timedelta(days=6 - i) for i in range(7)]
    by_day = {(TODAY - d.day).days: d for d in days}
    for days_ago in range(7):
        assert as_counter(by_day[days_ago]) == given.get(days_ago, Counter()), days_ago
    assert by_day[1].again == 2 and by_day[1].good == 2 and by_day[1].easy == 1 and by_day[1].total == 5
    assert [count for _, count in reviews_per_day(store, T0, days=7)] == [4, 0, 0, 2, 0, 5, 1]
    assert total_reviews(store) == 12


def test_the_window_leaves_out_older_days_and_later_ones(store: Store, library: Library) -> None:
    answer(store, library, T0 - timedelta(days=40), [3, 3])  # before the 30-day window
    answer(store, library, T0 - timedelta(days=29), [3])  # the first day of the window
    answer(store, library, T0 + timedelta(days=1), [4])  # after `now` (a clock that went back)
    days = daily_reviews(store, T0)
    assert days[0].day == TODAY - timedelta(days=29) and days[0].good == 1
    assert sum(d.total for d in days) == 1
    assert total_reviews(store) == 4
    assert sum(count for _, count in reviews_per_day(store, T0 - timedelta(days=40), days=1)) == 2


def test_a_study_day_starts_at_four_in_the_morning(store: Store, library: Library) -> None:
    berlin = ZoneInfo("Europe/Berlin")

    def local(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2025, 3, day, hour, minute, tzinfo=berlin).astimezone(UTC)

    answer(store, library, local(3, 10), [3])  # Monday morning: Monday
    answer(store, library, local(4, 3, 30), [1])  # 03:30 on Tuesday still counts for Monday
    answer(store, library, local(4, 3, 59), [2])  # so does 03:59
    answer(store, library, local(4, 4, 0), [4])  # 04:00 starts Tuesday
    # seen late on Monday night (03:45 Tuesday), today is still Monday and Tuesday's answer is ahead
    monday_night = daily_reviews(store, local(4, 3, 45), days=2)
    assert [d.day for d in monday_night] == [date(2025, 3, 2), date(2025, 3, 3)]
    assert monday_night[-1] == DayReviews(day=date(2025, 3, 3), again=1, hard=1, good=1, easy=0)
    tuesday = daily_reviews(store, local(4, 4, 0), days=2)
    assert [(d.day, d.total) for d in tuesday] == [(date(2025, 3, 3), 3), (date(2025, 3, 4), 1)]
    assert tuesday[-1].easy == 1


def test_the_day_boundary_follows_the_settings(tmp_path: Path, library: Library) -> None:
    store = open_store(tmp_path / "late.db", day_starts_at="6")
    when = datetime(2025, 3, 4, 5, 30, tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)  # before 06:00
    answer(store, library, when, [3, 3])
    assert reviews_per_day(store, when, days=1) == [(date(2025, 3, 3), 2)]
    # another zone for "today" (the stored day numbers are not rewritten)
    assert reviews_per_day(store, when, days=2, tz=ZoneInfo("Asia/Tokyo")) == [
        (date(2025, 3, 3), 2), (date(2025, 3, 4), 0)]
