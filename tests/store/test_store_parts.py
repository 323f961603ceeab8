"""The store is built from parts: one connection (`Db`) shared by the card, review, quiz and
settings repositories, with `Store` delegating to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from studycards.errors import StudycardsError
from studycards.srs.model import Rating
from studycards.srs.store import Store
from tests.store.srsutil import T0, make_library, open_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "study.db")
    store.sync_cards(make_library(n=3).cards, T0)
    return store


def test_the_store_is_composed_of_repositories_sharing_one_connection(store: Store) -> None:
    assert Store.__mro__ == (Store, object)  # no mixins
    parts = (store.cards, store.reviews, store.quiz, store.settings_repo)
    assert all(part.db is store.database for part in parts)


def test_an_answer_whose_log_row_fails_leaves_the_card_unchanged(store: Store,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    before = store.card("c000")

    def broken(*args: object, **kwargs: object) -> int:
        raise StudycardsError("log failed")

    monkeypatch.setattr(store.reviews, "insert", broken)
    with pytest.raises(StudycardsError, match="log failed"):
        store.review("c000", Rating.Good, T0, scheduler=store.scheduler())
    assert store.card("c000") == before
    assert store.review_history("c000") == []


def test_undo_puts_the_card_back_and_drops_its_log_row_together(store: Store) -> None:
    before = store.card("c001")
    answer = store.review("c001", Rating.Again, T0, scheduler=store.scheduler())
    assert store.review_history("c001") != []
    store.restore(answer.undo)
    assert store.card("c001") == before and store.review_history("c001") == []


def test_a_read_only_store_refuses_writes_through_a_repository(tmp_path: Path, store: Store) -> None:
    store.close()
    with Store.open(tmp_path / "study.db", read_only=True) as reader:
        with pytest.raises(StudycardsError, match="read-only"):
            reader.cards.suspend(["c000"])
        with pytest.raises(StudycardsError, match="read-only"):
            reader.settings_repo.set("new_per_day", "5")
