"""Review histories as plain records: from the store's review log, or from a CSV file in py-fsrs's
documented format (`card_id,review_rating,review_time,review_duration`).

A record's `day` is its study day (`date.toordinal()`, the day boundary applied), which is what
FSRS's day-based intervals count. Nothing here imports FSRS.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from studycards.errors import StudycardsError
from studycards.srs.day import day_number

if TYPE_CHECKING:
    from pathlib import Path

    from studycards.srs.store import Store

CSV_COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")
MAX_CSV_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One answer: the card, the rating (1-4), the study day, when (epoch seconds) and how long it took."""

    card: str
    rating: int
    day: int
    at: int
    duration_ms: int | None = None


class RevlogError(StudycardsError):
    """A review-history CSV that cannot be read; the message names the line."""


def store_records(store: Store) -> list[ReviewRecord]:
    """Every answer in the store's review log, oldest first."""
    return [ReviewRecord(str(r[0]), int(r[1]), int(r[2]), int(r[3]), r[4])
            for r in store.reviews.all_answers()]


def read_revlog(path: Path, tz: tzinfo, day_starts_at: int) -> list[ReviewRecord]:
    """Read a review-history CSV file (see `parse_revlog`)."""
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise RevlogError(f"{path}: the file is {size // 2**20} MB; "
                              f"the limit is {MAX_CSV_BYTES // 2**20} MB")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise RevlogError(f"{path} is a folder, not a CSV file") from None
    except OSError as exc:
        raise RevlogError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RevlogError(f"{path}, line {line}: not UTF-8 text") from None
    return parse_revlog(text, tz, day_starts_at, name=str(path))


def parse_revlog(text: str, tz: tzinfo, day_starts_at: int, *, name: str = "revlog") -> list[ReviewRecord]:
    """Records from CSV text with the columns `card_id,review_rating,review_time,review_duration`:
    rating 1-4, ISO 8601 time with a UTC offset, duration in ms (may be empty). Sorted by time."""
    if "\x00" in text:
        raise RevlogError(f"{name}: a NUL byte: this is not a CSV text file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise RevlogError(f"{name}, line 1: {exc}") from None
    if header is None:
        raise RevlogError(f"{name} is empty: expected the header {','.join(CSV_COLUMNS)}")
    columns = [h.strip() for h in header]
    missing = [c for c in CSV_COLUMNS if c not in columns]
    if missing:
        raise RevlogError(f"{name}, line 1: missing column{'s' if len(missing) > 1 else ''} "
                          f"{', '.join(missing)} (expected {','.join(CSV_COLUMNS)})")
    where = {c: columns.index(c) for c in CSV_COLUMNS}
    out: list[ReviewRecord] = []
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise RevlogError(f"{name}, line {reader.line_num}: {exc}") from None
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        out.append(_record(row, where, tz, day_starts_at, f"{name}, line {reader.line_num}"))
    out.sort(key=lambda r: r.at)
    return out


def _record(row: list[str], where: dict[str, int], tz: tzinfo, starts: int, at: str) -> ReviewRecord:
    if len(row) < len(where) or len(row) <= max(where.values()):
        raise RevlogError(f"{at}: {len(row)} field{'s' if len(row) != 1 else ''}, "
                          f"expected {len(CSV_COLUMNS)}")
    card = row[where["card_id"]].strip()
    if not card or len(card) > 200 or not card.isprintable():
        raise RevlogError(f"{at}: card_id must be a non-empty printable text of at most 200 characters")
    rating_text = row[where["review_rating"]].strip()
    if rating_text not in {"1", "2", "3", "4"}:
        raise RevlogError(f"{at}: review_rating {_shown(rating_text)} is not 1, 2, 3 or 4")
    time_text = row[where["review_time"]].strip()
    try:
        moment = datetime.fromisoformat(time_text)
    except ValueError:
        raise RevlogError(f"{at}: review_time {_shown(time_text)} is not an ISO 8601 time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise RevlogError(f"{at}: review_time {_shown(time_text)} has no UTC offset (e.g. +00:00)")
    if not 1990 <= moment.year <= 2200:
        raise RevlogError(f"{at}: review_time {_shown(time_text)} is out of range (1990-2200)")
    duration_text = row[where["review_duration"]].strip()
    duration: int | None = None
    if duration_text:
        try:
            duration = int(float(duration_text))
        except (ValueError, OverflowError):
            raise RevlogError(f"{at}: review_duration {_shown(duration_text)} is not a number of ms") \
                from None
        if not 0 <= duration <= 86_400_000:
            raise RevlogError(f"{at}: review_duration {_shown(duration_text)} is out of range "
                              "(0-86400000 ms)")
    return ReviewRecord(card=card, rating=int(rating_text), day=day_number(moment, tz, starts),
                        at=int(moment.timestamp()), duration_ms=duration)


def _shown(text: str, limit: int = 30) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
