"""Settings: validation of every key, step parsing, and fallbacks for bad stored values."""

from __future__ import annotations

from datetime import timedelta

import pytest

from studycards.srs.settings import SettingError, Settings, format_steps, parse_setting, parse_steps


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("new_per_day", "30", 30),
        ("new_per_day", "0", 0),
        ("reviews_per_day", " 500 ", 500),
        ("day_starts_at", "5", 5),
        ("day_starts_at", "04:00", 4),
        ("day_starts_at", "0", 0),
        ("desired_retention", "0.85", 0.85),
        ("desired_retention", "0.7", 0.7),
        ("desired_retention", "97%", 0.97),
        ("maximum_interval", "365", 365),
        ("learning_steps", "1m, 10m", "1m 10m"),
        ("learning_steps", "30s 1h 1d", "30s 1h 1d"),
        ("relearning_steps", "", ""),
        ("leech_threshold", "4", 4),
        ("timezone", "Europe/Berlin", "Europe/Berlin"),
        ("timezone", "system", ""),
        ("theme", "textual-light", "textual-light"),
        ("keymap", "review.good=g; review.again=a,z\n", "review.good=g;review.again=a,z"),
    ],
)
def test_valid_values(key: str, raw: str, value: object) -> None:
    assert parse_setting(key, raw) == value


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("new_per_day", "-1", "out of range"),
        ("new_per_day", "ten", "not a whole number"),
        ("reviews_per_day", "1e9", "not a whole number"),
        ("day_starts_at", "24", "not an hour"),
        ("day_starts_at", "4:30", "not an hour"),
        ("desired_retention", "0.69", "out of range"),
        ("desired_retention", "0.98", "out of range"),
        ("desired_retention", "high", "not a number"),
        ("maximum_interval", "0", "out of range"),
        ("learning_steps", "", "at least one"),
        ("learning_steps", "1x", "bad step"),
        ("learning_steps", "10d", "between 1s and 7d"),
        ("leech_threshold", "0", "out of range"),
        ("timezone", "Mars/Base", "unknown time zone"),
        ("colour", "red", "unknown setting 'colour'"),
        ("theme", "dark mode!", "not a theme name"),
        ("keymap", "review.good", "bad keymap entry"),
    ],
)
def test_invalid_values_say_what_is_accepted(key: str, raw: str, message: str) -> None:
    with pytest.raises(SettingError, match=message):
        parse_setting(key, raw)


def test_steps_round_trip() -> None:
    steps = parse_steps("1m 10m 1h")
    assert steps == (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1))
    assert format_steps(steps) == "1m 10m 1h"


def test_defaults_match_anki() -> None:
    s = Settings.from_mapping({})
    assert (s.new_per_day, s.reviews_per_day, s.day_starts_at) == (20, 200, 4)
    assert s.desired_retention == 0.9
    assert s.learning_step_deltas == (timedelta(minutes=1), timedelta(minutes=10))
    assert s.relearning_step_deltas == (timedelta(minutes=10),)
    assert s.leech_threshold == 8


def test_bad_stored_values_fall_back_to_defaults() -> None:
    s = Settings.from_mapping({"new_per_day": "lots", "reviews_per_day": "50", "other": "x"})
    assert s.new_per_day == 20
    assert s.reviews_per_day == 50
