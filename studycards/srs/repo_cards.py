"""Cards in the store: syncing with the content, scheduling state, flags (suspend, bury, leech),
undo snapshots, and the queries that pick today's cards.

Every method runs its SQL through the `Db` it was given; writes are one transaction each (a
savepoint inside a caller's transaction).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from studycards.errors import StudycardsError
from studycards.srs import integrity
from studycards.srs.model import CardState, State, from_epoch, to_epoch

if TYPE_CHECKING:
    from studycards.content.model import Card
    from studycards.srs.db import Db

SCHED_COLUMNS = (
    "state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses",
    "suspended", "buried_until", "leech",
)
FINGERPRINT_KEY = "content_fingerprint"
ACTIVE = "present = 1 AND suspended = 0"  # the leading columns of the cards_queue index


def topic_clause(topics: Iterable[str] | None, keyword: str = "AND", *,
                 has_deck: bool = True) -> tuple[str, list[Any]]:
    """An ` AND topic IN (...)` clause (or ` WHERE ...`) and its parameters (empty when all topics).

    A qualified name `deck/slug` matches that deck's topic only (on tables with a `deck` column;
    elsewhere, `has_deck=False`, its slug); a bare slug matches the slug in any deck.
    """
    if topics is None:
        return "", []
    chosen = sorted(set(topics))
    slugs = sorted({name.rpartition("/")[2] for name in chosen})
    clause = f" {keyword} topic IN ({', '.join('?' * len(slugs))})"
    qualified = [name for name in chosen if "/" in name]
    if not has_deck or not qualified or len(qualified) < len(chosen):
        return clause, slugs  # a bare name admits its slug in every deck
    return clause + f" AND deck || '/' || topic IN ({', '.join('?' * len(qualified))})", slugs + qualified


def sibling_clause(alias: str = "cards") -> str:
    """SQL: no other card of this note was answered today (since `:day_start`) or is in (re)learning."""
    return (
        f" AND NOT EXISTS (SELECT 1 FROM cards AS sib WHERE sib.note_id = {alias}.note_id"
        f" AND sib.id <> {alias}.id AND sib.present = 1"
        " AND (sib.last_review >= :day_start OR sib.state IN (1, 3)))"
    )


def content_hash(card: Card) -> str:
    """A short digest of what a learner sees on a card; it changes when the text is edited."""
    text = "\x1f".join(
        (card.kind, card.front, card.back, card.extra, str(card.cloze_index), "r" if card.reverse else "")
    )
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def content_fingerprint(cards: Sequence[Card]) -> str:
    """One digest of every card's id, place and text: equal means a sync has nothing to do."""
    text = "\x1e".join([
        f"{c.id}\x1f{c.note_id}\x1f{c.topic}\x1f{c.deck}\x1f{c.kind}\x1f{c.front}\x1f{c.back}\x1f{c.extra}"
        f"\x1f{c.cloze_index}\x1f{c.reverse:d}"
        for c in cards
    ])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """Anki's rule: a leech at `threshold` lapses, and again every half threshold after."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(threshold // 2, 1) == 0


def state_from_row(row: sqlite3.Row | dict[str, Any]) -> CardState:
    """A CardState from a `cards` or `question_state` row (an unknown state is corruption)."""
    try:
        state = State(row["state"])
    except ValueError:
        raise StudycardsError(f"the database is corrupt (a state of {row['state']!r} is out of range); "
                              + integrity.RESTORE_HINT) from None
    return CardState(
        state=state,
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=from_epoch(row["due"]),
        last_review=from_epoch(row["last_review"]),
        reps=row["reps"],
        lapses=row["lapses"],
    )


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What syncing the cards with the loaded content changed."""

    added: int = 0
    edited: int = 0
    removed: int = 0
    restored: int = 0
    moved: int = 0
    skipped: bool = False  # nothing changed since the last sync (fingerprint matched)


@dataclass(frozen=True, slots=True)
class UndoStep:
    """Enough to put cards back exactly as they were: their rows before, and log rows to delete."""

    label: str
    card_rows: tuple[tuple[Any, ...], ...]  # (id, *SCHED_COLUMNS)
    log_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CardRecord:
    """A card's stored row: scheduling state plus flags."""

    id: str
    note_id: str
    topic: str
    state: CardState
    present: bool
    suspended: bool
    buried_until: datetime | None
    leech: bool
    content_hash: str


class CardRepo:
    """The `cards` and `card_edits` tables."""

    def __init__(self, db: Db) -> None:
        self.db = db

    # ---- syncing with the content -------------------------------------------------------------

    def sync(self, cards: Sequence[Card], now: datetime) -> SyncReport:
        """Give every loaded card a row (New on first sight) and mark cards that left the content.

        An edited card keeps its history (the edit is recorded in `card_edits`); a card that left
        the content keeps its history and leaves the queues (`present = 0`) until it comes back. A
        read-only store syncs its copy in memory: the file is never written.
        """
        stamp = to_epoch(now)
        fingerprint = content_fingerprint(cards)
        if self.db.scalar("SELECT value FROM meta WHERE key = ?", (FINGERPRINT_KEY,)) == fingerprint:
            return SyncReport(skipped=True)
        entries = [(c.id, c.note_id, c.topic, c.deck, pos, content_hash(c)) for pos, c in enumerate(cards)]
        with self.db.writing_scratch() if self.db.read_only else nullcontext(), self.db.transaction() as conn:
            existing = {
                row[0]: row[1:]
                for row in conn.execute(
                    "SELECT id, note_id, topic, deck, position, content_hash, present FROM cards")
            }
            inserts: list[tuple[Any, ...]] = []
            edits: list[tuple[str, str, str]] = []
            updates: list[tuple[Any, ...]] = []
            restored = moved = 0
            seen = set()
            for card_id, note_id, topic, deck, pos, digest in entries:
                seen.add(card_id)
                old = existing.get(card_id)
                if old is None:
                    inserts.append((card_id, note_id, topic, deck, pos, digest, stamp))
                    continue
                if old == (note_id, topic, deck, pos, digest, 1):
                    continue
                updates.append((note_id, topic, deck, pos, digest, card_id))
                if old[4] != digest:
                    edits.append((card_id, old[4], digest))
                elif not old[5]:
                    restored += 1
                else:
                    moved += 1
            removed = [(card_id,) for card_id, old in existing.items() if old[5] and card_id not in seen]
            conn.executemany(
                "INSERT OR IGNORE INTO cards(id, note_id, topic, deck, position, content_hash, first_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", inserts)
            conn.executemany(
                "UPDATE cards SET note_id = ?, topic = ?, deck = ?, position = ?, content_hash = ?, "
                "present = 1 WHERE id = ?", updates)
            conn.executemany("UPDATE cards SET edited_at = ? WHERE id = ?", [(stamp, e[0]) for e in edits])
            conn.executemany(
                "INSERT INTO card_edits(card_id, old_hash, new_hash, edited_at) VALUES (?, ?, ?, ?)",
                [(*e, stamp) for e in edits])
            conn.executemany("UPDATE cards SET present = 0 WHERE id = ?", removed)
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (FINGERPRINT_KEY, fingerprint))
        return SyncReport(added=len(inserts), edited=len(edits), removed=len(removed), restored=restored,
                          moved=moved)

    # ---- reading ------------------------------------------------------------------------------

    def studied_states(self) -> dict[str, CardState]:
        """The scheduling state of every card in the content that has been answered at least once."""
        return {row["id"]: state_from_row(row) for row in self.db.rows(
            "SELECT * FROM cards WHERE present = 1 AND last_review IS NOT NULL")}

    def raw(self, card_id: str) -> sqlite3.Row | None:
        """The whole stored row of one card."""
        return self.db.row("SELECT * FROM cards WHERE id = ?", (card_id,))

    def card(self, card_id: str) -> CardRecord | None:
        """The stored row of one card."""
        row = self.raw(card_id)
        if row is None:
            return None
        return CardRecord(
            id=row["id"], note_id=row["note_id"], topic=row["topic"], state=state_from_row(row),
            present=bool(row["present"]), suspended=bool(row["suspended"]),
            buried_until=from_epoch(row["buried_until"]) if row["buried_until"] else None,
            leech=bool(row["leech"]), content_hash=row["content_hash"],
        )

    def edit_history(self, card_id: str) -> list[dict[str, Any]]:
        """Every recorded content edit of one card, oldest first."""
        rows = self.db.rows("SELECT * FROM card_edits WHERE card_id = ? ORDER BY id", (card_id,))
        return [dict(row) for row in rows]

    def suspended_ids(self, leeches_only: bool = False) -> list[str]:
        """Ids of suspended cards (only leeches when asked)."""
        extra = " AND leech = 1" if leeches_only else ""
        return [r[0] for r in self.db.rows(f"SELECT id FROM cards WHERE suspended = 1{extra} ORDER BY id")]

    # ---- writing ------------------------------------------------------------------------------

    def write_answer(self, card_id: str, after: CardState, leech: bool) -> None:
        """Store a card's state after an answer; a new leech is tagged and suspended."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                "last_review = ?, reps = ?, lapses = ?, leech = MAX(leech, ?), "
                "suspended = MAX(suspended, ?) WHERE id = ?",
                (int(after.state), after.step, after.stability, after.difficulty, to_epoch(after.due),
                 to_epoch(after.last_review), after.reps, after.lapses, int(leech), int(leech), card_id),
            )

    def snapshot(self, card_ids: Iterable[str]) -> tuple[tuple[Any, ...], ...]:
        """The scheduling columns of cards, `(id, *SCHED_COLUMNS)` each, for an undo step."""
        columns = ", ".join(SCHED_COLUMNS)
        out = []
        with self.db.guard() as conn:
            for card_id in card_ids:
                found = conn.execute(f"SELECT id, {columns} FROM cards WHERE id = ?", (card_id,)).fetchone()
                if found is None:
                    raise StudycardsError(f"unknown card '{card_id}'")
                out.append(tuple(found))
        return tuple(out)

    def _set_flags(self, label: str, card_ids: Sequence[str], sql: str, params: Sequence[Any]) -> UndoStep:
        with self.db.transaction() as conn:
            snapshot = self.snapshot(card_ids)
            conn.executemany(sql, [(*params, card_id) for card_id in card_ids])
        return UndoStep(label=label, card_rows=snapshot)

    def suspend(self, card_ids: Sequence[str]) -> UndoStep:
        """Take cards out of every queue until unsuspended."""
        return self._set_flags("suspend", card_ids, "UPDATE cards SET suspended = 1 WHERE id = ?", ())

    def unsuspend(self, card_ids: Sequence[str]) -> UndoStep:
        """Put suspended cards back in the queues (a leech keeps its leech tag)."""
        return self._set_flags("unsuspend", card_ids, "UPDATE cards SET suspended = 0 WHERE id = ?", ())

    def bury(self, card_ids: Sequence[str], until: datetime) -> UndoStep:
        """Hide cards until `until` (the start of the next study day)."""
        return self._set_flags("bury", card_ids, "UPDATE cards SET buried_until = ? WHERE id = ?",
                               (to_epoch(until),))

    def unbury(self, card_ids: Sequence[str]) -> UndoStep:
        """Show buried cards again today."""
        return self._set_flags("unbury", card_ids, "UPDATE cards SET buried_until = 0 WHERE id = ?", ())

    def forget(self, card_ids: Sequence[str]) -> UndoStep:
        """Reset cards to New (their review log stays; flags such as suspended stay as they are)."""
        return self._set_flags(
            "forget", card_ids,
            "UPDATE cards SET state = 0, step = NULL, stability = NULL, difficulty = NULL, due = NULL, "
            "last_review = NULL, reps = 0, lapses = 0 WHERE id = ?", ())

    def put_back(self, card_rows: Iterable[tuple[Any, ...]]) -> None:
        """Write snapshot rows (from `snapshot`) back exactly."""
        assignments = ", ".join(f"{c} = ?" for c in SCHED_COLUMNS)
        with self.db.transaction() as conn:
            conn.executemany(f"UPDATE cards SET {assignments} WHERE id = ?",
                             [(*snapshot[1:], snapshot[0]) for snapshot in card_rows])

    # ---- queues ---------------------------------------------------------------------------------

    def learning_due(self, until: datetime, now: datetime, topics: Iterable[str] | None = None,
                     limit: int = 50) -> list[str]:
        """(Re)learning cards due by `until`, earliest first (one index range per state, merged)."""
        where, params = topic_clause(topics)
        found: list[Any] = []
        for state in (State.Learning, State.Relearning):
            found.extend(self.db.rows(
                f"SELECT due, rowid, id FROM cards WHERE {ACTIVE} AND state = ? AND due <= ? "
                f"AND buried_until <= ?{where} ORDER BY due LIMIT ?",
                [int(state), to_epoch(until), to_epoch(now), *params, limit]))
        found.sort(key=lambda row: (row[0], row[1]))
        return [row[2] for row in found[:limit]]

    def learning_count(self, before: datetime, now: datetime, topics: Iterable[str] | None) -> int:
        """(Re)learning cards due before `before` and not buried at `now`."""
        where, params = topic_clause(topics)
        return int(self.db.scalar(
            f"SELECT COUNT(*) FROM cards WHERE {ACTIVE} AND state IN (1, 3) AND due < ? AND buried_until <= ?"
            f"{where}", [to_epoch(before), to_epoch(now), *params]) or 0)

    def next_learning_due(self, before: datetime, topics: Iterable[str] | None) -> datetime | None:
        """When the earliest (re)learning card due before `before` comes due."""
        where, params = topic_clause(topics)
        return from_epoch(self.db.scalar(
            f"SELECT MIN(due) FROM cards WHERE {ACTIVE} AND state IN (1, 3) AND due < ?{where}",
            [to_epoch(before), *params]))

    def queue_reviews(self, times: dict[str, int | None], topics: Sequence[str] | None, need: int,
                      taken_notes: set[str]) -> list[str]:
        """Reviews due by `day_end`, most overdue first, one per note (see `_take`)."""
        where, params = _named_topics(topics)
        return self._take(
            f"SELECT id, note_id FROM cards WHERE {ACTIVE} AND state = 2 AND due < :day_end "
            f"AND buried_until <= :now{where}{sibling_clause()} ORDER BY due",
            {**times, **params}, need, taken_notes)

    def queue_new(self, times: dict[str, int | None], topics: Sequence[str] | None, need: int,
                  taken_notes: set[str]) -> list[str]:
        """New cards in content order, one per note (see `_take`)."""
        where, params = _named_topics(topics)
        return self._take(
            f"SELECT id, note_id FROM cards WHERE state = 0 AND {ACTIVE} AND buried_until <= :now{where}"
            f"{sibling_clause()} ORDER BY position, rowid",
            {**times, **params}, need, taken_notes)

    def _take(self, sql: str, params: dict[str, Any], need: int, taken_notes: set[str]) -> list[str]:
        """Read rows lazily until `need` cards of notes not in `taken_notes` are found (adding theirs).

        `params` holds `now`, `day_start` and `day_end` (epoch seconds) and the topic names.
        """
        out: list[str] = []
        if need <= 0:
            return out
        with self.db.guard() as conn:
            for card_id, note_id in conn.execute(sql, params):
                if note_id in taken_notes:
                    continue
                taken_notes.add(note_id)
                out.append(card_id)
                if len(out) >= need:
                    break
        return out


def _named_topics(topics: Sequence[str] | None) -> tuple[str, dict[str, str]]:
    """`topic_clause` with named parameters (`:t0, ...`) for the queue queries."""
    where, values = topic_clause(topics)
    params = {f"t{i}": value for i, value in enumerate(values)}
    for name in params:
        where = where.replace("?", f":{name}", 1)
    return where, params
