"""Inside the buffer before the exam, review offers the cards weakest on exam day, ahead of due."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from studycards.planning.plan import studied_recall_on_exam_day
from studycards.srs.day import study_day
from studycards.srs.model import Rating
from tests.store.srsutil import T0, answer_all, make_library, open_store, start


def learned_store(tmp_path: Path, exam_in_days: int):  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "s.db", new_per_day="5")
    library = make_library(n=5)
    answer_all(start(store, library, T0), Rating.Good, T0)
    answer_all(start(store, library, T0), Rating.Good, T0 + timedelta(minutes=30))
    later = T0 + timedelta(days=1)
    exam = study_day(later, store.settings().tz(), 4) + timedelta(days=exam_in_days)
    store.set_setting("exam_date", exam.isoformat())
    return store, library, later


def test_inside_the_buffer_review_offers_exam_prep_cards(tmp_path: Path) -> None:
    store, library, later = learned_store(tmp_path, exam_in_days=3)
    session = start(store, library, later + timedelta(hours=1))
    assert session.current is not None and session.current.exam_prep
    assert session.current.kind == "exam prep"
    before = store.reviews.total()
    session.answer(Rating.Good, later + timedelta(hours=1))
    assert store.reviews.total() == before + 1  # logged as a normal review


def test_outside_the_buffer_nothing_is_offered_ahead(tmp_path: Path) -> None:
    store, library, later = learned_store(tmp_path, exam_in_days=30)
    assert start(store, library, later + timedelta(hours=1)).current is None


def test_readiness_recall_is_predicted_for_the_exam_day(tmp_path: Path) -> None:
    store, _, later = learned_store(tmp_path, exam_in_days=30)
    recall = studied_recall_on_exam_day(store, later)
    assert recall is not None and set(recall) == {f"c{i:03d}" for i in range(5)}
    assert all(0 < value < 1 for value in recall.values())
    store.reset_setting("exam_date")
    assert studied_recall_on_exam_day(store, later) is None
