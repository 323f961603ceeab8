"""The study day, as Anki counts it: a new day starts at a set hour of local time (04:00 default).

Everything takes a UTC-aware `now` and a `tzinfo`; nothing here reads the clock. Days are
identified by their calendar date (the date on which the study day started), and stored in the
database as `date.toordinal()`.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studycards.srs.model import ensure_utc

DEFAULT_DAY_STARTS_AT = 4


def study_day(now: datetime, tz: tzinfo, starts_at: int = DEFAULT_DAY_STARTS_AT) -> date:
    """The study day `now` falls in: the local date, minus one before `starts_at` o'clock."""
    local = ensure_utc(now).astimezone(tz)
    if local.hour < starts_at:
        return local.date() - timedelta(days=1)
    return local.date()


def day_start(day: date, tz: tzinfo, starts_at: int = DEFAULT_DAY_STARTS_AT) -> datetime:
    """The UTC instant study day `day` begins (`starts_at` o'clock local on that date).

    On a DST gap that wall time does not exist and the instant after the gap is used (PEP 495,
    fold=0); on a DST overlap the first of the two instants is used.
    """
    return datetime.combine(day, time(starts_at), tzinfo=tz).astimezone(UTC)


def next_day_start(now: datetime, tz: tzinfo, starts_at: int = DEFAULT_DAY_STARTS_AT) -> datetime:
    """The UTC instant the next study day begins (the end of today)."""
    return day_start(study_day(now, tz, starts_at) + timedelta(days=1), tz, starts_at)


def day_number(now: datetime, tz: tzinfo, starts_at: int = DEFAULT_DAY_STARTS_AT) -> int:
    """The study day as an integer (`date.toordinal()`), as stored in the review log."""
    return study_day(now, tz, starts_at).toordinal()


def resolve_timezone(name: str = "") -> tzinfo:
    """An IANA zone by name, or (empty name) the system's local zone, DST rules included.

    Raises ValueError for an unknown name. A TZ environment variable that names no zone means UTC,
    with a one-line warning on stderr (once per process).
    """
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            # OSError: a folder of zones ('Europe'), or a name too long for a file name
            raise ValueError(
                f"unknown time zone {_shown(name)} (use an IANA name such as Europe/Berlin)"
            ) from None
    return _system_timezone()


def _shown(name: str, limit: int = 40) -> str:
    """A zone name as echoed in a message: quoted, control characters escaped, at most `limit` long."""
    return repr(name if len(name) <= limit else name[: limit - 1] + "…")


@lru_cache(maxsize=1)
def _system_timezone() -> tzinfo:
    raw = os.environ.get("TZ", "")
    env = raw.lstrip(":")
    if env:
        try:
            if env.startswith("/"):  # TZ=:/etc/localtime, a zone file by path
                with open(env, "rb") as handle:
                    return ZoneInfo.from_file(handle, key=env)
            return ZoneInfo(env)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            print(f"Warning: TZ={_shown(raw)} is not a known time zone; using UTC", file=sys.stderr)
            return UTC
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    try:
        with localtime.open("rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        pass
    fixed = datetime.now().astimezone().tzinfo
    return fixed if fixed is not None else UTC
