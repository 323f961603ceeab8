"""The study day: the 04:00 boundary, other boundaries, DST days, time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from studycards.srs.day import day_number, day_start, next_day_start, resolve_timezone, study_day

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def local(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz).astimezone(UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("wall", "expected"),
    [
        ((2025, 3, 3, 3, 59, 59), date(2025, 3, 2)),  # before 04:00 still belongs to yesterday
        ((2025, 3, 3, 4, 0, 0), date(2025, 3, 3)),
        ((2025, 3, 3, 23, 59, 0), date(2025, 3, 3)),
        ((2025, 3, 4, 0, 30, 0), date(2025, 3, 3)),  # after midnight, same study day
        ((2025, 1, 1, 2, 0, 0), date(2024, 12, 31)),  # across a year
    ],
)
def test_day_starts_at_four_local(wall: tuple[int, ...], expected: date) -> None:
    assert study_day(local(BERLIN, *wall), BERLIN) == expected


def test_boundary_is_local_not_utc() -> None:
    # 03:30 UTC is 04:30 in Berlin (new day there) but 22:30 the previous evening in New York
    moment = datetime(2025, 3, 3, 3, 30, tzinfo=UTC)
    assert study_day(moment, BERLIN) == date(2025, 3, 3)
    assert study_day(moment, NEW_YORK) == date(2025, 3, 2)


@pytest.mark.parametrize(
    ("hour", "expected"), [(0, date(2025, 3, 3)), (4, date(2025, 3, 2)), (6, date(2025, 3, 2))])
def test_other_day_boundaries(hour: int, expected: date) -> None:
    assert study_day(local(BERLIN, 2025, 3, 3, 3, 0), BERLIN, hour) == expected


def test_next_day_start_is_tomorrow_at_four() -> None:
    now = local(BERLIN, 2025, 3, 3, 22, 0)
    assert next_day_start(now, BERLIN) == local(BERLIN, 2025, 3, 4, 4, 0)
    # just before 04:00: the day ends in minutes
    early = local(BERLIN, 2025, 3, 4, 3, 55)
    assert next_day_start(early, BERLIN) - early == timedelta(minutes=5)


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        (BERLIN, date(2025, 3, 29), 23),  # spring forward on Sunday 30 March at 02:00
        (BERLIN, date(2025, 10, 25), 25),  # fall back on Sunday 26 October at 03:00
        (NEW_YORK, date(2025, 3, 8), 23),
        (NEW_YORK, date(2025, 11, 1), 25),
        (BERLIN, date(2025, 6, 1), 24),
    ],
)
def test_dst_days_are_23_or_25_hours(tz: ZoneInfo, day: date, hours: int) -> None:
    length = day_start(day + timedelta(days=1), tz) - day_start(day, tz)
    assert length == timedelta(hours=hours)
    # every instant of that day maps back to it
    start = day_start(day, tz)
    for minutes in range(0, hours * 60, 37):
        assert study_day(start + timedelta(minutes=minutes), tz) == day


def test_boundary_inside_a_dst_gap_still_orders_days() -> None:
    # a 02:00 boundary on the spring-forward night does not exist in Berlin; days stay ordered
    days = [date(2025, 3, 29), date(2025, 3, 30), date(2025, 3, 31)]
    starts = [day_start(d, BERLIN, 2) for d in days]
    assert starts == sorted(starts)
    assert study_day(starts[1], BERLIN, 2) == days[1]
    assert study_day(starts[1] - timedelta(seconds=1), BERLIN, 2) == days[0]


def test_day_number_is_the_ordinal() -> None:
    moment = local(BERLIN, 2025, 3, 3, 12, 0)
    assert day_number(moment, BERLIN) == date(2025, 3, 3).toordinal()


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        study_day(datetime(2025, 3, 3, 12, 0), BERLIN)


def test_resolve_timezone() -> None:
    assert resolve_timezone("Europe/Berlin") == BERLIN
    assert resolve_timezone("") is not None
    with pytest.raises(ValueError, match="unknown time zone"):
        resolve_timezone("Mars/Olympus")
