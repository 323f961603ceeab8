"""Parse the values learners type: `3M`, `1.5k`, `200ms`, `1.5s`, `512MB`, `1GB`.

Every parser returns an exact `Decimal` (or an `int` where Lambda only takes whole numbers) and
raises `UnitError` with a message that says what was expected. Nothing here goes through float.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from studycards.calc.limits import MAX_INPUT_CHARS, RANGES, range_text, shown

_NUMBER_RE = re.compile(
    r"^\s*(?P<num>[-+]?(?:\d[\d,_]*)?(?:\.\d+)?)\s*(?P<unit>[A-Za-z]*)\s*$", re.ASCII
)

_COUNT_SUFFIXES = {
    "": Decimal(1),
    "k": Decimal(1_000),
    "K": Decimal(1_000),
    "m": Decimal(1_000_000),
    "M": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "b": Decimal(1_000_000_000),
    "B": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
}
_DURATION_TO_MS = {
    "": Decimal(1),
    "ms": Decimal(1),
    "s": Decimal(1_000),
    "sec": Decimal(1_000),
    "m": Decimal(60_000),
    "min": Decimal(60_000),
}
_SIZE_TO_MB = {
    "": Decimal(1),
    "m": Decimal(1),
    "mb": Decimal(1),
    "mib": Decimal(1),
    "g": Decimal(1024),
    "gb": Decimal(1024),
    "gib": Decimal(1024),
}
_HOURS = {
    "": Decimal(1),
    "h": Decimal(1),
    "hr": Decimal(1),
    "hrs": Decimal(1),
    "d": Decimal(24),
    "day": Decimal(24),
    "days": Decimal(24),
}


class UnitError(ValueError):
    """A value could not be read; the message says what form was expected."""


def _split(text: str, what: str) -> tuple[Decimal, str]:
    if len(text) > MAX_INPUT_CHARS:
        raise UnitError(
            f"{what}: {shown(text)} is too long for a number (at most {MAX_INPUT_CHARS} characters)"
        )
    match = _NUMBER_RE.match(str(text))
    if not match or not match.group("num") or match.group("num") in "+-.":
        raise UnitError(f"{what}: {shown(text)} is not a number")
    raw = match.group("num").replace(",", "").replace("_", "")
    try:
        return Decimal(raw), match.group("unit")
    except InvalidOperation:
        raise UnitError(f"{what}: {shown(text)} is not a number") from None


def parse_count(text: str | int, what: str = "count") -> int:
    """A whole count such as `3M`, `1.5k`, `30000000` or `2,000,000` (k, M, B suffixes)."""
    number, unit = _split(str(text), what)
    factor = _COUNT_SUFFIXES.get(unit)
    if factor is None:
        raise UnitError(f"{what}: unknown suffix {unit!r} in {shown(text)} (use k, M or B, e.g. 3M or 1.5k)")
    value = number * factor
    if value != value.to_integral_value():
        raise UnitError(f"{what}: {shown(text)} is not a whole number")
    return int(value)


def parse_rate(text: str | int, what: str = "rate") -> Decimal:
    """A rate or amount that may be fractional: `250`, `1.5k`, `0.5`."""
    number, unit = _split(str(text), what)
    factor = _COUNT_SUFFIXES.get(unit)
    if factor is None:
        raise UnitError(f"{what}: unknown suffix {unit!r} in {shown(text)} (use k or M, e.g. 1.5k)")
    return number * factor


def _scaled(text: str | int, what: str, units: dict[str, Decimal], hint: str) -> Decimal:
    """A number times the factor of its (case-insensitive) unit; `hint` shows the accepted units."""
    number, unit = _split(str(text), what)
    factor = units.get(unit.lower())
    if factor is None:
        raise UnitError(f"{what}: unknown unit {unit!r} in {shown(text)} ({hint})")
    return number * factor


def parse_duration_ms(text: str | int, what: str = "duration") -> Decimal:
    """A duration in milliseconds: `200ms`, `1s`, `1.5s`, `2min`; a bare number is milliseconds."""
    return _scaled(text, what, _DURATION_TO_MS, "use ms or s, e.g. 200ms or 1.5s")


def parse_size_mb(text: str | int, what: str = "size") -> Decimal:
    """A size in MB: `512MB`, `1GB`, `1.5GB`; a bare number is MB; GB = 1,024 MB."""
    return _scaled(text, what, _SIZE_TO_MB, "use MB or GB, e.g. 512MB or 1GB")


def parse_hours(text: str | int, what: str = "hours") -> Decimal:
    """A number of hours: `720`, `720h`, `30d` (days of 24 hours)."""
    return _scaled(text, what, _HOURS, "use h or d, e.g. 720h or 30d")


def parse_whole_mb(text: str | int, what: str = "size") -> int:
    """A size Lambda sets in 1 MB steps: `512MB`, `1GB`; `1.5MB` is refused."""
    size = parse_size_mb(text, what)
    if size != size.to_integral_value():
        raise UnitError(f"{what} must be a whole number of MB (Lambda uses 1 MB steps)")
    return int(size)


PARSERS: dict[str, Callable[[str | int, str], int | Decimal]] = {
    "count": parse_count,
    "rate": parse_rate,
    "duration": parse_duration_ms,
    "hours": parse_hours,
    "size": parse_whole_mb,
}


def parse_value(kind: str, text: str | int, what: str, field: str | None = None) -> int | Decimal:
    """One calculator input of `kind` (a key of PARSERS), as `studycards calc` and the app read it.

    With `field` (an engine field name in `limits.RANGES`) a value above its range, or too long to
    read, is refused with the range in the message (the engine explains values below it).
    """
    bounds = RANGES.get(field or "")
    if bounds is not None and len(str(text)) > MAX_INPUT_CHARS:
        raise UnitError(f"{what} must be {range_text(field or '')}, not {shown(text)}")
    value = PARSERS[kind](text, what)
    if bounds is not None and value > bounds[1]:  # below the range: the engine says why
        raise UnitError(f"{what} must be {range_text(field or '')}, not {shown(text)}")
    return value
