"""Learner settings: daily limits, the day boundary, FSRS options. Parsed and validated here.

Stored in the database's `settings` table as text; `Settings` is the typed view the engine uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta, tzinfo
from typing import Any

from studycards.srs.day import resolve_timezone


class SettingError(ValueError):
    """A setting name or value that is not accepted; the message says what would be."""


def _shown(raw: str, limit: int = 40) -> str:
    """A value as echoed in a message: quoted, control characters escaped, at most `limit` long."""
    return repr(raw if len(raw) <= limit else raw[: limit - 1] + "…")


_STEP_RE = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """`'1m 10m'` -> (1 minute, 10 minutes). Units s, m, h, d; an empty text means no steps."""
    steps = []
    for token in text.replace(",", " ").split():
        match = _STEP_RE.match(token.lower())
        if not match:
            raise SettingError(
                f"bad step {_shown(token)}: use a number and a unit s, m, h or d, e.g. '1m 10m'"
            )
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        if seconds < 1 or seconds > 7 * 86400:
            raise SettingError(f"bad step {_shown(token)}: steps must be between 1s and 7d")
        steps.append(timedelta(seconds=seconds))
    return tuple(steps)


def format_steps(steps: tuple[timedelta, ...]) -> str:
    """The inverse of `parse_steps`."""
    out = []
    for step in steps:
        seconds = step.total_seconds()
        for unit in ("d", "h", "m", "s"):
            size = _UNIT_SECONDS[unit]
            if seconds >= size and seconds % size == 0:
                out.append(f"{int(seconds // size)}{unit}")
                break
        else:
            out.append(f"{int(seconds)}s")
    return " ".join(out)


def _int_in(low: int, high: int) -> Callable[[str], Any]:
    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise SettingError(f"{_shown(raw)} is not a whole number ({low}-{high})") from None
        if not low <= value <= high:
            raise SettingError(f"{_shown(raw.strip())} is out of range: use {low}-{high}")
        return value

    return parse


def _retention(raw: str) -> float:
    text = raw.strip()
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise SettingError(f"{_shown(raw)} is not a number: use 0.70-0.97 (or 70%-97%)") from None
    if not 0.70 <= round(value, 6) <= 0.97:
        raise SettingError(f"{value:g} is out of range: use 0.70-0.97")
    return round(value, 4)


def _exam_date(raw: str) -> str:
    text = raw.strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date(raw)
    except ValueError:
        return _bad_date(raw)


def _bad_date(raw: str) -> str:
    raise SettingError(f"{_shown(raw)} is not a date: use YYYY-MM-DD, e.g. 2027-02-15 (empty: no exam date)")


PARAMETER_COUNT = 21  # FSRS-6: the format py-fsrs schedules with and fsrs-rs-python fits


def parse_parameters(raw: str) -> tuple[float, ...]:
    """`'0.212, 1.29, ...'` (21 numbers, FSRS-6's bounds) -> a tuple; empty text means the defaults (())."""
    tokens = [t for t in raw.replace(",", " ").split() if t]
    if not tokens:
        return ()
    if len(tokens) != PARAMETER_COUNT:
        raise SettingError(f"FSRS parameters are {PARAMETER_COUNT} numbers, got {len(tokens)}")
    try:
        values = tuple(float(t) for t in tokens)
    except ValueError:
        raise SettingError(f"FSRS parameters must be numbers: {_shown(raw)}") from None
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    for index, (value, low, high) in enumerate(zip(values, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS,
                                                   strict=True)):
        if not low <= value <= high:  # NaN fails both
            raise SettingError(f"FSRS parameter w[{index}] = {value:g} is outside {low:g}-{high:g}")
    return values


def format_parameters(values: tuple[float, ...]) -> str:
    """The stored text of a parameter set (the inverse of `parse_parameters`)."""
    return ", ".join(f"{v:.4f}".rstrip("0").rstrip(".") if v else "0" for v in values)


def _parameters(raw: str) -> str:
    return format_parameters(parse_parameters(raw))


def _hour(raw: str) -> int:
    text = raw.strip()
    match = re.fullmatch(r"(\d{1,2})(?::00)?", text)
    if not match or not 0 <= int(match.group(1)) <= 23:
        raise SettingError(f"{_shown(raw)} is not an hour: use 0-23 (or HH:00), e.g. 4 for 04:00")
    return int(match.group(1))


def _steps(raw: str) -> str:
    return format_steps(parse_steps(raw))


def _nonempty_steps(raw: str) -> str:
    if not parse_steps(raw):
        raise SettingError("give at least one learning step, e.g. '1m 10m'")
    return _steps(raw)


def _zone(raw: str) -> str:
    name = raw.strip()
    if name.lower() in {"", "local", "system"}:
        return ""
    try:
        resolve_timezone(name)
    except ValueError as exc:
        raise SettingError(str(exc)) from None
    return name


def _theme(raw: str) -> str:
    name = raw.strip()
    if name and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", name):
        raise SettingError(f"{_shown(raw)} is not a theme name (letters, digits, '-', '_' or '.')")
    return name


def _keymap(raw: str) -> str:
    parts = [p.strip() for p in raw.replace("\n", ";").split(";") if p.strip()]
    for part in parts:
        ident, sep, keys = part.partition("=")
        if not sep or not ident.strip() or not keys.strip():
            raise SettingError(
                f"bad keymap entry {_shown(part)}: use binding-id=key[,key], e.g. 'review.good=g'"
            )
    return ";".join(parts)


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One setting: its default (as stored text), parser and a line of help."""

    key: str
    default: str
    parse: Callable[[str], Any]
    help: str


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("new_per_day", "20", _int_in(0, 9999), "new cards introduced per day (0-9999)"),
        SettingSpec("reviews_per_day", "200", _int_in(0, 99999), "reviews shown per day (0-99999)"),
        SettingSpec("day_starts_at", "4", _hour, "hour of local time the next study day starts (0-23)"),
        SettingSpec("desired_retention", "0.9", _retention, "FSRS desired retention (0.70-0.97)"),
        SettingSpec("maximum_interval", "36500", _int_in(1, 36500), "longest interval in days (1-36500)"),
        SettingSpec("learning_steps", "1m 10m", _nonempty_steps, "learning steps, e.g. '1m 10m'"),
        SettingSpec("relearning_steps", "10m", _steps, "relearning steps, e.g. '10m' (empty: none)"),
        SettingSpec("leech_threshold", "8", _int_in(1, 99), "lapses that make a card a leech (1-99)"),
        SettingSpec("timezone", "", _zone, "IANA time zone for the day boundary (empty: system)"),
        SettingSpec("theme", "", _theme, "the app's colour theme (empty: the default)"),
        SettingSpec("keymap", "", _keymap, "key remaps for the app, e.g. 'review.good=g;review.again=a'"),
        SettingSpec("exam_date", "", _exam_date, "the exam's date, YYYY-MM-DD, for the plan (empty: none)"),
        SettingSpec("buffer_days", "7", _int_in(0, 60),
                    "days before the exam with no new cards, only reviews (0-60)"),
        SettingSpec("fsrs_parameters", "", _parameters,
                    "FSRS-6 weights, 21 numbers (empty: the defaults; set by 'studycards optimize')"),
    )
}


def parse_setting(key: str, raw: str) -> Any:
    """Validate `raw` for `key`; returns the typed value or raises SettingError."""
    spec = SPECS.get(key)
    if spec is None:
        raise SettingError(f"unknown setting '{key}'. Settings: {', '.join(SPECS)}")
    return spec.parse(str(raw))


def setting_text(key: str, value: Any) -> str:
    """How a typed value is stored and shown."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True, slots=True)
class Settings:
    """The typed settings the engine uses (defaults match Anki's)."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    day_starts_at: int = 4
    desired_retention: float = 0.9
    maximum_interval: int = 36500
    learning_steps: str = "1m 10m"
    relearning_steps: str = "10m"
    leech_threshold: int = 8
    timezone: str = ""
    theme: str = ""
    keymap: str = ""
    exam_date: str = ""
    buffer_days: int = 7
    fsrs_parameters: str = ""
    _tz: tzinfo | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_mapping(cls, stored: Mapping[str, str]) -> Settings:
        """Build from stored text values; unknown keys are ignored, bad values fall back to defaults."""
        values: dict[str, Any] = {}
        for key, spec in SPECS.items():
            raw = stored.get(key)
            try:
                values[key] = spec.parse(raw) if raw is not None else spec.parse(spec.default)
            except SettingError:
                values[key] = spec.parse(spec.default)
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        """Public settings as a plain dict."""
        return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}

    @property
    def learning_step_deltas(self) -> tuple[timedelta, ...]:
        """The learning steps as durations."""
        return parse_steps(self.learning_steps)

    @property
    def relearning_step_deltas(self) -> tuple[timedelta, ...]:
        """The relearning steps as durations (may be empty)."""
        return parse_steps(self.relearning_steps)

    @property
    def parameters(self) -> tuple[float, ...] | None:
        """The learner's fitted FSRS-6 parameters, or None for the defaults."""
        return parse_parameters(self.fsrs_parameters) or None

    @property
    def exam_day(self) -> date | None:
        """The exam date, or None when none is set."""
        return date.fromisoformat(self.exam_date) if self.exam_date else None

    def tz(self) -> tzinfo:
        """The zone the day boundary is computed in."""
        if self._tz is not None:
            return self._tz
        return resolve_timezone(self.timezone)

    def with_tz(self, tz: tzinfo | None) -> Settings:
        """A copy that uses `tz` for the day boundary (tests and callers that know the zone)."""
        values = self.as_dict()
        return Settings(**values, _tz=tz)
