"""study_stats on a real database: states, due counts, streak, true retention, mastery, forecast."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studycards.srs.model import Rating, State, to_epoch
from studycards.srs.stats import study_stats
from studycards.srs.store import Store
from tests.store.srsutil import BERLIN, T0, make_card, make_library, open_store, start

KEYS = {"cards", "due", "reviews_today", "streak_days", "retention_30d", "topics", "forecast", "quiz"}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "study.db")


def log(store: Store, card_id: str, rating: int, when: datetime, state_before: State) -> None:
    """Add a review-log row directly (history from earlier days)."""
    day = when.astimezone(BERLIN)
    day_number = (day - timedelta(hours=4)).date().toordinal()
    store.conn.execute(
        "INSERT INTO review_log(card_id, rating, reviewed_at, day, state_before, state_after) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (card_id, rating, to_epoch(when), day_number, int(state_before), 2))


def test_empty_database_has_the_documented_shape(store: Store) -> None:
    lib = make_library(n=4)
    store.sync_cards(lib.cards, T0)
    doc = study_stats(store, lib, T0).to_json()
    assert set(doc) == KEYS
    assert doc["cards"] == {"new": 4, "learning": 0, "review": 0, "relearning": 0, "suspended": 0,
                            "buried": 0, "leech": 0, "total": 4}
    assert doc["due"] == {"now": 0, "today": 0, "tomorrow": 0}
    assert doc["reviews_today"] == 0 and doc["streak_days"] == 0 and doc["retention_30d"] is None
    assert [t["topic"] for t in doc["topics"]] == ["alpha", "beta"]
    assert all(t["mastery"] is None for t in doc["topics"])
    assert len(doc["forecast"]) == 14 and doc["forecast"][0]["date"] == "2025-03-03"
    assert doc["quiz"] == {"answered": 0, "correct": 0, "accuracy": None, "by_topic": {}, "by_domain": {},
                           "pending": 0}


def test_counts_after_a_session(store: Store) -> None:
    lib = make_library(n=6)
    session = start(store, lib)
    ratings = [Rating.Again, Rating.Good, Rating.Easy, Rating.Easy]
    for rating in ratings:
        session.answer(rating, T0)
    session.suspend_current(T0)
    doc = study_stats(store, lib, T0 + timedelta(minutes=2)).to_json()
    cards = doc["cards"]
    assert cards["learning"] == 2 and cards["review"] == 2 and cards["new"] == 1 and cards["suspended"] == 1
    assert cards["total"] == 6
    assert doc["reviews_today"] == 4
    assert doc["streak_days"] == 1
    assert doc["due"]["now"] == 1  # the Again card (1 minute) is due; the Good one in 10 minutes is not
    assert doc["due"]["today"] == 2
    assert sum(f["due"] for f in doc["forecast"]) == 4  # every studied, unsuspended card within 14 days
    assert doc["forecast"][0]["due"] == 2


def test_streak_counts_consecutive_study_days(store: Store) -> None:
    lib = make_library([make_card("a")])
    store.sync_cards(lib.cards, T0)
    for days_ago in (1, 2, 3, 5):
        log(store, "a", 3, T0 - timedelta(days=days_ago), State.Review)
    assert study_stats(store, lib, T0).streak_days == 3  # nothing yet today: yesterday's streak counts
    log(store, "a", 3, T0, State.Review)
    assert study_stats(store, lib, T0).streak_days == 4
    # a quiz answer also counts as studying
    store.record_quiz_answer(session_id="s", question_id="q", topic="alpha", domain="cost",
                             chosen_letters=["a"], chosen_texts=["x"], correct=True,
                             now=T0 + timedelta(days=1))
    assert study_stats(store, lib, T0 + timedelta(days=1)).streak_days == 5


def test_true_retention_uses_first_review_of_each_card_each_day(store: Store) -> None:
    lib = make_library([make_card(c) for c in "abcd"])
    store.sync_cards(lib.cards, T0)
    day1 = T0 - timedelta(days=3)
    log(store, "a", 3, day1, State.Review)  # pass
    log(store, "b", 2, day1, State.Review)  # Hard counts as a pass
    log(store, "c", 1, day1, State.Review)  # fail ...
    log(store, "c", 3, day1 + timedelta(minutes=10), State.Relearning)  # ... relearning later: not counted
    log(store, "d", 1, day1, State.New)  # learning answers are not retention
    log(store, "a", 1, T0 - timedelta(days=40), State.Review)  # outside the 30 days
    assert study_stats(store, lib, T0).retention_30d == pytest.approx(2 / 3, abs=1e-4)


def reviewed(store: Store, card_id: str, stability: float, when: datetime) -> None:
    """Put a card in Review with this stability, last reviewed at `when`."""
    store.conn.execute("UPDATE cards SET state = 2, stability = ?, difficulty = 5, last_review = ?, due = ? "
                       "WHERE id = ?", (stability, to_epoch(when), to_epoch(T0), card_id))


def test_mastery_is_the_share_of_cards_recalled_at_90_percent_in_30_days(store: Store) -> None:
    lib = make_library([make_card("a", topic="alpha"), make_card("b", topic="alpha"),
                        make_card("n", topic="alpha"), make_card("c", topic="beta")])
    store.sync_cards(lib.cards, T0)
    for card_id, stability in (("a", 10), ("b", 100)):
        reviewed(store, card_id, stability, T0 - timedelta(days=10))
    doc = study_stats(store, lib, T0).to_json()
    alpha = next(t for t in doc["topics"] if t["topic"] == "alpha")
    beta = next(t for t in doc["topics"] if t["topic"] == "beta")
    assert alpha["cards"] == 3 and alpha["studied"] == 2
    # a: S = 10 days, 40 days after its review in 30 days: below 90%. b: S = 100 days: above.
    # n: never seen, so not mastered.
    assert alpha["mastery"] == pytest.approx(1 / 3, abs=0.0001)
    assert beta["mastery"] is None  # not started


def test_mastery_at_the_edge_of_90_percent(store: Store) -> None:
    lib = make_library([make_card("edge", topic="alpha"), make_card("short", topic="alpha")])
    store.sync_cards(lib.cards, T0)
    # recall is exactly 90% S days after a review: S = 40 reviewed 10 days ago is at 90% in 30 days
    for card_id, stability in (("edge", 40.0), ("short", 39.9)):
        reviewed(store, card_id, stability, T0 - timedelta(days=10))
    alpha = study_stats(store, lib, T0).to_json()["topics"][0]
    assert alpha["mastery"] == 0.5


def test_one_look_at_18_of_25_cards_is_not_mastery(store: Store) -> None:
    lib = make_library([make_card(f"c{i:02d}", topic="alpha") for i in range(25)], topics=("alpha",))
    store.set_setting("new_per_day", "25")
    session = start(store, lib)
    now = T0
    for _ in range(18):
        assert session.current is not None
        session.answer(Rating.Good, now)
        now += timedelta(seconds=15)
    alpha = study_stats(store, lib, now).to_json()["topics"][0]
    assert alpha["studied"] == 18 and alpha["cards"] == 25
    assert alpha["mastery"] is not None and alpha["mastery"] < 0.2


def test_forecast_spreads_due_cards_over_the_days(store: Store) -> None:
    lib = make_library(n=5)
    store.sync_cards(lib.cards, T0)
    for i, card in enumerate(lib.cards):
        due = datetime(2025, 3, 3 + i * 2, 12, 0, tzinfo=BERLIN).astimezone(UTC)
        store.conn.execute("UPDATE cards SET state = 2, stability = 3, difficulty = 5, due = ?, "
                           "last_review = ? WHERE id = ?",
                           (to_epoch(due), to_epoch(T0 - timedelta(days=1)), card.id))
    forecast = study_stats(store, lib, T0).to_json()["forecast"]
    assert [f["due"] for f in forecast[:9]] == [1, 0, 1, 0, 1, 0, 1, 0, 1]
    assert study_stats(store, lib, T0).to_json()["due"] == {"now": 1, "today": 1, "tomorrow": 0}


def test_only_the_first_answer_of_a_card_each_day_is_marked(store: Store) -> None:
    lib = make_library([make_card("a")])
    session = start(store, lib)
    now = T0
    for rating in (Rating.Again, Rating.Good, Rating.Good):
        session.answer(rating, now)
        now += timedelta(minutes=15)
    store.conn.execute("UPDATE cards SET due = ? WHERE id = 'a'", (to_epoch(T0 + timedelta(days=1)),))
    start(store, lib, T0 + timedelta(days=1)).answer(Rating.Good, T0 + timedelta(days=1))
    flags = [r[0] for r in store.rows("SELECT first_of_day FROM review_log ORDER BY id")]
    assert flags == [1, 0, 0, 1]
