"""The shared text formats: durations, percentages and short domain names."""

from __future__ import annotations

from datetime import timedelta

import pytest

from studycards.formatting import format_duration, format_percent, short_domain


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "0:00"),
        (timedelta(seconds=5), "0:05"),
        (timedelta(minutes=2, seconds=5), "2:05"),
        (timedelta(minutes=59, seconds=59), "59:59"),
        (timedelta(hours=1), "1:00:00"),
        (timedelta(minutes=130), "2:10:00"),  # a 65-question exam's limit
        (timedelta(seconds=-30), "0:00"),
        (timedelta(seconds=61.9), "1:01"),
    ],
)
def test_durations_read_as_a_clock(delta: timedelta, text: str) -> None:
    assert format_duration(delta) == text


@pytest.mark.parametrize(
    ("fraction", "decimals", "text"),
    [
        (0.5, 0, "50%"),
        (0.5, 1, "50.0%"),
        (2 / 3, 0, "67%"),
        (2 / 3, 1, "66.7%"),
        (0.0, 1, "0.0%"),
        (1.0, 0, "100%"),
        (None, 0, "–"),
    ],
)
def test_percentages(fraction: float | None, decimals: int, text: str) -> None:
    assert format_percent(fraction, decimals) == text


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("secure", "Secure"),
        ("resilient", "Resilient"),
        ("performance", "High-Performing"),
        ("cost", "Cost-Optimized"),
        ("mystery", "mystery"),
    ],
)
def test_short_domain_names(slug: str, name: str) -> None:
    assert short_domain(slug) == name
