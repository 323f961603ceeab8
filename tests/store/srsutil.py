"""Helpers for the spaced-repetition store tests: small libraries, a fixed clock, table dumps."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from studycards.content.model import Card, Library, Origin, Topic
from studycards.srs.session import ReviewSession
from studycards.srs.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
# 2025-03-03 10:00 in Berlin (UTC+1): a Monday, well away from DST changes
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def make_card(card_id: str, topic: str = "alpha", note_id: str | None = None, front: str | None = None,
              back: str = "back") -> Card:
    """A basic card; cards sharing `note_id` are siblings."""
    return Card(
        id=card_id, note_id=note_id or card_id, kind="basic", topic=topic, deck="mini",
        front=front or f"front of {card_id}", back=back, tags=(), source="", origin=Origin(Path("t.yaml"), 1),
    )


def make_library(cards: list[Card] | None = None, n: int = 10,
                 topics: tuple[str, ...] = ("alpha", "beta")) -> Library:
    """A library of `cards` (default: n single cards alternating between the topics)."""
    if cards is None:
        cards = [make_card(f"c{i:03d}", topic=topics[i % len(topics)]) for i in range(n)]
    lib = Library()
    lib.topics = {t: Topic(slug=t, title=t.title(), domains=("secure",), deck="mini") for t in topics}
    for card in cards:
        lib.topics.setdefault(card.topic, Topic(slug=card.topic, title=card.topic, domains=(), deck="mini"))
    lib.cards = list(cards)
    return lib


def open_store(path: Path, **settings: str) -> Store:
    """A store with Berlin as its zone and a seeded fuzz generator; extra settings applied."""
    store = Store.open(path)
    store.set_setting("timezone", "Europe/Berlin")
    for key, value in settings.items():
        store.set_setting(key, value)
    store.rng = random.Random(1234)
    return store


def start(store: Store, library: Library, now: datetime = T0, **kwargs: object) -> ReviewSession:
    """A session with a seeded fuzz generator."""
    return ReviewSession.start(store, library, now, rng=random.Random(99), **kwargs)  # type: ignore[arg-type]


def dump(store: Store, tables: tuple[str, ...] = ("cards", "review_log", "card_edits", "settings")) -> dict:
    """Every row of the given tables, for exact before/after comparisons."""
    return {t: [tuple(r) for r in store.conn.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in tables}


def answer_all(session: ReviewSession, rating: int, now: datetime,
               step: timedelta = timedelta(seconds=20)) -> int:
    """Answer every card the session offers with one rating; returns how many."""
    n = 0
    while session.current is not None and n < 1000:
        session.answer(rating, now)
        now += step
        n += 1
    return n
