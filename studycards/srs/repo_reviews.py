"""The review log in the store: one row per answer given to a card, and what is counted from it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from studycards.srs.day import day_number
from studycards.srs.model import to_epoch

if TYPE_CHECKING:
    from studycards.srs.db import Db
    from studycards.srs.scheduler import ReviewOutcome
    from studycards.srs.settings import Settings


class ReviewRepo:
    """The `review_log` table."""

    def __init__(self, db: Db) -> None:
        self.db = db

    def insert(self, card_id: str, outcome: ReviewOutcome, settings: Settings,
               duration_ms: int | None) -> int:
        """Log one answer (marking the card's first answer of its study day); returns the row id."""
        before, after = outcome.before, outcome.after
        day = day_number(outcome.reviewed_at, settings.tz(), settings.day_starts_at)
        with self.db.transaction() as conn:
            earlier = conn.execute("SELECT 1 FROM review_log WHERE card_id = ? AND day = ? LIMIT 1",
                                   (card_id, day)).fetchone()
            cursor = conn.execute(
                "INSERT INTO review_log(card_id, rating, reviewed_at, day, first_of_day, duration_ms, "
                "state_before, step_before, stability_before, difficulty_before, due_before, "
                "state_after, step_after, stability_after, difficulty_after, due_after) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, int(outcome.rating), to_epoch(outcome.reviewed_at), day, int(earlier is None),
                 None if duration_ms is None else max(int(duration_ms), 0),
                 int(before.state), before.step, before.stability, before.difficulty, to_epoch(before.due),
                 int(after.state), after.step, after.stability, after.difficulty, to_epoch(after.due)),
            )
        return int(cursor.lastrowid or 0)

    def delete(self, log_ids: Iterable[int]) -> None:
        """Remove log rows (an undone answer)."""
        with self.db.transaction() as conn:
            conn.executemany("DELETE FROM review_log WHERE id = ?", [(i,) for i in log_ids])

    def history(self, card_id: str) -> list[dict[str, Any]]:
        """Every answer given to one card, oldest first."""
        rows = self.db.rows("SELECT * FROM review_log WHERE card_id = ? ORDER BY id", (card_id,))
        return [dict(row) for row in rows]

    def all_answers(self) -> list[tuple[str, int, int, int, int | None]]:
        """(card, rating, day, reviewed_at, duration_ms) of every answer, oldest first."""
        return [tuple(row) for row in self.db.rows(
            "SELECT card_id, rating, day, reviewed_at, duration_ms FROM review_log ORDER BY id")]

    def durations(self) -> list[int | None]:
        """The time each answer took (ms; None where not timed), the latest 1,000."""
        return [row[0] for row in self.db.rows(
            "SELECT duration_ms FROM review_log ORDER BY id DESC LIMIT 1000")]

    def total(self) -> int:
        """Every answer ever logged."""
        return int(self.db.scalar("SELECT COUNT(*) FROM review_log") or 0)

    def rating_counts(self, first_day: int, last_day: int) -> dict[int, dict[int, int]]:
        """Per study day (ordinal) from `first_day` to `last_day`: answers given, by rating."""
        counts: dict[int, dict[int, int]] = {}
        for day, rating, count in self.db.rows(
                "SELECT day, rating, COUNT(*) FROM review_log WHERE day >= ? AND day <= ? "
                "GROUP BY day, rating", (first_day, last_day)):
            counts.setdefault(day, {})[rating] = count
        return counts

    def cards_answered_on(self, day: int) -> dict[int, int]:
        """Distinct cards answered on one study day, by the state they were in (New and Review only)."""
        return {row[0]: row[1] for row in self.db.rows(
            "SELECT state_before, COUNT(DISTINCT card_id) FROM review_log "
            "WHERE day = ? AND state_before IN (0, 2) GROUP BY state_before", (day,))}
