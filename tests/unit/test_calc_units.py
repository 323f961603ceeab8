"""The unit parsers the calculators accept: 3M, 1.5k, 200ms, 1.5s, 512MB, 1GB."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studycards.calc.units import (
    UnitError,
    parse_count,
    parse_duration_ms,
    parse_hours,
    parse_rate,
    parse_size_mb,
    parse_value,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3M", 3_000_000),
        ("3m", 3_000_000),
        ("1.5k", 1_500),
        ("1.5K", 1_500),
        ("30000000", 30_000_000),
        ("2,000,000", 2_000_000),
        ("1_000", 1_000),
        ("2B", 2_000_000_000),
        ("0", 0),
        (42, 42),
    ],
)
def test_parse_count(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1.2345k", "is not a whole number"),
        ("0.5", "is not a whole number"),
        ("abc", "is not a number"),
        ("", "is not a number"),
        ("3X", r"unknown suffix 'X' in '3X' \(use k, M or B"),
        ("1e6", "is not a number"),
        (".", "is not a number"),
    ],
)
def test_parse_count_refuses(text: str, why: str) -> None:
    with pytest.raises(UnitError, match=rf"^requests: .*{why}"):
        parse_count(text, "requests")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("200ms", Decimal(200)),
        ("200", Decimal(200)),
        ("1s", Decimal(1000)),
        ("1.5s", Decimal(1500)),
        ("0.5 s", Decimal(500)),
        ("99.5ms", Decimal("99.5")),
        ("16min", Decimal(960_000)),
        ("2m", Decimal(120_000)),
    ],
)
def test_parse_duration_ms(text: str, expected: Decimal) -> None:
    assert parse_duration_ms(text) == expected


def test_parse_duration_is_exact_decimal_not_float() -> None:
    value = parse_duration_ms("0.1s")
    assert isinstance(value, Decimal)
    assert value == Decimal(100)


@pytest.mark.parametrize("text", ["fast", "10h", "1.5x"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(UnitError, match="duration"):
        parse_duration_ms(text, "duration")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("512MB", Decimal(512)),
        ("512", Decimal(512)),
        ("512 mb", Decimal(512)),
        ("1GB", Decimal(1024)),
        ("1.5GB", Decimal(1536)),
        ("10GiB", Decimal(10240)),
        ("100", Decimal(100)),
    ],
)
def test_parse_size_mb(text: str, expected: Decimal) -> None:
    assert parse_size_mb(text) == expected


def test_parse_size_refuses_unknown_unit() -> None:
    with pytest.raises(UnitError, match="MB or GB"):
        parse_size_mb("1TB", "memory")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.5k", Decimal(1500)), ("0.5", Decimal("0.5")), ("-5", Decimal(-5)), ("2k", Decimal(2000))],
)
def test_parse_rate(text: str, expected: Decimal) -> None:
    assert parse_rate(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("720", Decimal(720)), ("720h", Decimal(720)), ("30d", Decimal(720))]
)
def test_parse_hours(text: str, expected: Decimal) -> None:
    assert parse_hours(text) == expected


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("count", "3M", 3_000_000),
        ("rate", "1.5k", Decimal(1500)),
        ("duration", "1.5s", Decimal(1500)),
        ("hours", "30d", Decimal(720)),
        ("size", "1GB", 1024),
    ],
)
def test_parse_value_reads_each_calculator_kind(kind: str, text: str, expected: object) -> None:
    value = parse_value(kind, text, "field")
    assert value == expected and type(value) is type(expected)


def test_a_size_must_be_whole_megabytes() -> None:
    with pytest.raises(UnitError, match="memory must be a whole number of MB"):
        parse_value("size", "1.5MB", "memory")
