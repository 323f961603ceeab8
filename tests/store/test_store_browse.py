"""The card browser's engine on a real store: the index, the search, the changes and their undo."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from studycards.content.model import Card, Library, Origin
from studycards.errors import StudycardsError
from studycards.srs.browse import BrowseIndex, Filters, sort_rows
from studycards.srs.model import Rating, State
from studycards.srs.store import Store
from tests.store.srsutil import T0, dump, make_library, open_store


def _card(card_id: str, topic: str, front: str, tags: tuple[str, ...] = ()) -> Card:
    return Card(id=card_id, note_id=card_id, kind="basic", topic=topic, deck="mini", front=front,
                back="back", tags=tags, source="", origin=Origin(Path("t.yaml"), 1))


@pytest.fixture
def library() -> Library:
    return make_library([
        _card("mini.alpha.one", "alpha", "Reserved concurrency of zero", ("limits",)),
        _card("mini.alpha.two", "alpha", "Provisioned concurrency"),
        _card("mini.beta.three", "beta", "Cold starts and SnapStart", ("perf", "limits")),
        _card("mini.beta.four", "beta", "Timeout is 15 minutes"),
    ], topics=("alpha", "beta"))


@pytest.fixture
def store(tmp_path: Path, library: Library) -> Store:
    store = open_store(tmp_path / "browse.db")
    store.sync_cards(library.cards, T0)
    scheduler = store.scheduler()
    for _ in range(2):
        store.review("mini.alpha.one", Rating.Good, T0, scheduler=scheduler)
    store.review("mini.beta.three", Rating.Again, T0, scheduler=scheduler)
    return store


def ids(rows: list) -> list[str]:
    return [row.id for row in rows]


def test_every_library_card_is_listed_with_its_stored_state(store: Store, library: Library) -> None:
    index = BrowseIndex.build(store, library, T0 + timedelta(days=1))
    assert ids(index.rows) == [c.id for c in library.cards]
    one = index.row("mini.alpha.one")
    assert one is not None and one.state is not State.New and one.reps == 2
    assert one.recall is not None and 0 < one.recall <= 1 and one.stability and one.difficulty
    assert index.row("mini.beta.four").recall is None  # type: ignore[union-attr]


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["mini.alpha.one", "mini.alpha.two", "mini.beta.three", "mini.beta.four"]),
    ("concurrency", ["mini.alpha.one", "mini.alpha.two"]),
    ('"of zero"', ["mini.alpha.one"]),
    ("-concurrency", ["mini.beta.three", "mini.beta.four"]),
    ("topic:beta", ["mini.beta.three", "mini.beta.four"]),
    ("topic:mini/alpha", ["mini.alpha.one", "mini.alpha.two"]),
    ("deck:mini tag:limits", ["mini.alpha.one", "mini.beta.three"]),
    ("tag:perf", ["mini.beta.three"]),
    ("id:*.four", ["mini.beta.four"]),
    ("is:new", ["mini.alpha.two", "mini.beta.four"]),
    ("-is:new", ["mini.alpha.one", "mini.beta.three"]),
    ("is:learning", ["mini.beta.three"]),
    ("prop:reps>=2", ["mini.alpha.one"]),
    ("prop:reps<2", ["mini.alpha.two", "mini.beta.three", "mini.beta.four"]),
    ("prop:r>0", ["mini.alpha.one", "mini.beta.three"]),  # New cards have no recall: never matched
    ("-prop:r>0", ["mini.alpha.two", "mini.beta.four"]),
    ("deck:other", []),
])
def test_search(store: Store, library: Library, query: str, expected: list[str]) -> None:
    index = BrowseIndex.build(store, library, T0)
    assert sorted(ids(index.search(query, sort="id"))) == sorted(expected)


def test_filters_and_limits(store: Store, library: Library) -> None:
    store.change_cards("suspend", ["mini.beta.four"], T0)
    index = BrowseIndex.build(store, library, T0)
    assert ids(index.search(filters=Filters(suspended=True))) == ["mini.beta.four"]
    assert ids(index.search("is:suspended")) == ["mini.beta.four"]
    assert len(index.search(limit=2)) == 2
    assert ids(index.search(filters=Filters(states=frozenset({State.Learning})))) == ["mini.beta.three"]
    assert ids(index.search(filters=Filters(topics=frozenset({"alpha"})), sort="id")) == [
        "mini.alpha.one", "mini.alpha.two"]
    assert ids(index.search(filters=Filters(due_before=T0 + timedelta(hours=1)))) == ["mini.beta.three"]


def test_sorting_puts_cards_without_a_value_last_both_ways(store: Store, library: Library) -> None:
    rows = BrowseIndex.build(store, library, T0).rows
    assert ids(sort_rows(rows, "due"))[-2:] == ["mini.alpha.two", "mini.beta.four"]
    assert ids(sort_rows(rows, "due", reverse=True))[-2:] == ["mini.alpha.two", "mini.beta.four"]
    assert ids(sort_rows(rows, "lapses"))[0] == "mini.alpha.one"  # ties by id
    with pytest.raises(ValueError):
        sort_rows(rows, "colour")


@pytest.mark.parametrize("action", ["suspend", "unsuspend", "bury", "unbury", "forget"])
def test_every_change_is_undone_exactly(store: Store, action: str) -> None:
    if action in ("unsuspend", "unbury"):  # something to take back first, kept out of the journal
        store.cards.suspend(["mini.alpha.one"])
        store.cards.bury(["mini.alpha.one"], T0 + timedelta(days=1))
    before = dump(store)
    change = store.change_cards(action, ["mini.alpha.one", "mini.alpha.one"], T0)
    assert change.cards == 1 and change.changed == 1
    assert dump(store) != before
    undone = store.undo_change()
    assert undone is not None and undone.restored == 1 and undone.kept == 0 and undone.action == action
    assert dump(store) == before
    assert store.undo_change() is None


def test_forget_resets_to_new_and_keeps_the_log(store: Store) -> None:
    log = store.review_history("mini.alpha.one")
    store.change_cards("forget", ["mini.alpha.one"], T0)
    record = store.card("mini.alpha.one")
    assert record is not None and record.state.state is State.New and record.state.reps == 0
    assert record.state.stability is None and record.state.due is None
    assert store.review_history("mini.alpha.one") == log


def test_undo_keeps_a_card_changed_since(store: Store) -> None:
    store.change_cards("forget", ["mini.alpha.one", "mini.beta.three"], T0)
    store.review("mini.beta.three", Rating.Good, T0 + timedelta(minutes=5), scheduler=store.scheduler())
    reviewed = store.card("mini.beta.three")
    undone = store.undo_change()
    assert undone is not None and (undone.restored, undone.kept) == (1, 1)
    assert store.card("mini.beta.three") == reviewed
    assert store.card("mini.alpha.one").state.reps == 2  # type: ignore[union-attr]


def test_an_unknown_card_changes_nothing(store: Store) -> None:
    before = dump(store, ("cards", "undo_journal"))
    with pytest.raises(StudycardsError, match="unknown card 'nope'"):
        store.change_cards("suspend", ["mini.alpha.one", "nope"], T0)
    assert dump(store, ("cards", "undo_journal")) == before
    with pytest.raises(StudycardsError, match="unknown change"):
        store.change_cards("delete", ["mini.alpha.one"], T0)


def test_the_journal_survives_reopening(store: Store, tmp_path: Path) -> None:
    store.change_cards("suspend", ["mini.beta.four"], T0)
    store.close()
    again = Store.open(tmp_path / "browse.db")
    assert again.undo_change() is not None
    assert not again.card("mini.beta.four").suspended  # type: ignore[union-attr]
    again.close()


def test_json_line_is_exactly_the_json_of_the_row() -> None:
    """`cards --json` writes each row by hand for speed: it must read back as `to_json()`."""
    import json
    from datetime import UTC, datetime

    from studycards.srs.browse import BrowseRow
    from studycards.srs.model import State

    at = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    rows = [
        BrowseRow("d.t.new", "d", "d/t", 'A "quoted" front\\with \u00e9 and \u2028', State.New, None, None,
                  0, 0, None, None, None, False, False, False, at),
        BrowseRow("d.t.seen", "d", "d/t", "Front", State.Review, at, 12, 3, 9, 6.123456789, 41.5, 0.873219,
                  True, True, True, at),
    ]
    for row in rows:
        assert json.loads(row.json_line()) == row.to_json()
        assert row.json_line() == json.dumps(row.to_json(), ensure_ascii=False)
