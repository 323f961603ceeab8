"""The undo journal: changes made from the card browser, kept in the database so that the app and
the CLI (`studycards cards undo`) can undo them, whichever of the two made them.

An entry holds the changed cards' scheduling rows before and after the change. Undoing puts the
`before` row back only where a card still has its `after` row: a card reviewed (or changed) since
keeps what happened to it later.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from studycards.errors import StudycardsError
from studycards.srs.model import from_epoch, to_epoch

if TYPE_CHECKING:
    from studycards.srs.db import Db

KEEP = 200  # entries kept; older ones are dropped as new ones come


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One recorded change: what it was, when, and the card rows before and after."""

    id: int
    label: str
    made_at: datetime
    before: tuple[tuple[Any, ...], ...]
    after: tuple[tuple[Any, ...], ...]

    @property
    def card_ids(self) -> list[str]:
        """The cards the change touched."""
        return [str(row[0]) for row in self.before]


@dataclass(frozen=True, slots=True)
class CardChange:
    """What a browser change did: `changed` of the `cards` asked for were not already that way."""

    action: str
    cards: int
    changed: int
    entry_id: int


@dataclass(frozen=True, slots=True)
class UndoneChange:
    """What an undo put back: `restored` cards; `kept` were changed since and kept their later state."""

    action: str
    restored: int
    kept: int
    card_ids: tuple[str, ...]


class JournalRepo:
    """The `undo_journal` table."""

    def __init__(self, db: Db) -> None:
        self.db = db

    def record(self, label: str, before: Sequence[Sequence[Any]], after: Sequence[Sequence[Any]],
               now: datetime) -> int:
        """Add an entry (inside the caller's transaction when there is one); returns its id."""
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO undo_journal(label, made_at, before, after) VALUES (?, ?, ?, ?)",
                (label, to_epoch(now), json.dumps([list(r) for r in before]),
                 json.dumps([list(r) for r in after])))
            new_id = int(cursor.lastrowid or 0)
            conn.execute("DELETE FROM undo_journal WHERE id <= ?", (new_id - KEEP,))
        return new_id

    def last(self) -> JournalEntry | None:
        """The most recent entry, or None."""
        row = self.db.row("SELECT * FROM undo_journal ORDER BY id DESC LIMIT 1")
        if row is None:
            return None
        try:
            before = tuple(tuple(r) for r in json.loads(row["before"]))
            after = tuple(tuple(r) for r in json.loads(row["after"]))
        except (ValueError, TypeError):
            raise StudycardsError("the undo journal is corrupt; nothing was undone") from None
        made_at = from_epoch(row["made_at"])
        assert made_at is not None
        return JournalEntry(id=row["id"], label=row["label"], made_at=made_at, before=before, after=after)

    def count(self) -> int:
        """Entries that can be undone."""
        return int(self.db.scalar("SELECT COUNT(*) FROM undo_journal") or 0)

    def delete(self, entry_id: int) -> None:
        """Forget one entry (it was undone)."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM undo_journal WHERE id = ?", (entry_id,))
