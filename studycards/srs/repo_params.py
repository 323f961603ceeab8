"""Fitted FSRS parameter sets in the store (the `parameter_sets` table), with their figures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studycards.srs.db import Db


class ParameterRepo:
    """The `parameter_sets` table: one row per fit, applied or not."""

    def __init__(self, db: Db) -> None:
        self.db = db

    def insert(self, *, created_at: int, parameters: str, source: str, reviews: int, cards: int,
               default: tuple[float, float], fitted: tuple[float, float], applied: bool) -> int:
        """Record one fit ((log loss, RMSE) for the defaults and the fit); returns the row id."""
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO parameter_sets(created_at, parameters, source, reviews, cards, "
                "default_log_loss, "
                "default_rmse, fitted_log_loss, fitted_rmse, applied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (created_at, parameters, source, reviews, cards, *default, *fitted, int(applied)))
        return int(cursor.lastrowid or 0)

    def history(self) -> list[dict[str, Any]]:
        """Every fitted set, oldest first."""
        return [dict(row) for row in self.db.rows("SELECT * FROM parameter_sets ORDER BY id")]
