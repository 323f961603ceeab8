"""Syncing card rows with the loaded content: new cards, edits, removals, returns, moves."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from studycards.srs.model import State
from studycards.srs.store import Store, SyncReport
from tests.store.srsutil import T0, make_card, make_library, open_store, start


def test_first_sight_gives_every_card_a_new_row(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    lib = make_library(n=5)
    report = store.sync_cards(lib.cards, T0)
    assert report == SyncReport(added=5)
    for card in lib.cards:
        record = store.card(card.id)
        assert record is not None and record.state.state == State.New and record.present
    assert store.sync_cards(lib.cards, T0).skipped  # unchanged content: nothing to do


def test_edited_text_keeps_history_and_records_the_edit(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    lib = make_library([make_card("a"), make_card("b")])
    session = start(store, lib)
    answered = session.answer(3, T0).card_id
    state_before = store.card_state(answered)
    old_hash = store.card(answered).content_hash  # type: ignore[union-attr]

    edited = make_library([make_card(c.id, front="new wording" if c.id == answered else None)
                           for c in lib.cards])
    report = store.sync_cards(edited.cards, T0 + timedelta(hours=1))
    assert report.edited == 1 and report.added == 0
    assert store.card_state(answered) == state_before  # the schedule survives the edit
    assert len(store.review_history(answered)) == 1
    new_hash = store.card(answered).content_hash  # type: ignore[union-attr]
    assert new_hash != old_hash
    edits = store.card_edit_history(answered)
    assert [(e["old_hash"], e["new_hash"]) for e in edits] == [(old_hash, new_hash)]


def test_removed_cards_keep_history_and_leave_the_queues(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    lib = make_library([make_card("keep"), make_card("gone")])
    session = start(store, lib)
    while session.current is not None and session.answered < 2:
        session.answer(1, T0)
    smaller = make_library([make_card("keep")])
    report = store.sync_cards(smaller.cards, T0)
    assert report.removed == 1
    gone = store.card("gone")
    assert gone is not None and not gone.present
    assert store.review_history("gone")  # history kept
    later = start(store, smaller, T0 + timedelta(minutes=5), sync=False)
    seen = set()
    while later.current is not None and len(seen) < 10:
        seen.add(later.current.id)
        later.answer(4, T0 + timedelta(minutes=5))
    assert "gone" not in seen

    back = store.sync_cards(lib.cards, T0 + timedelta(days=1))
    assert back.restored == 1
    assert store.card("gone").present  # type: ignore[union-attr]


def test_moving_a_card_to_another_topic_or_note_updates_it(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    store.sync_cards([make_card("x", topic="alpha")], T0)
    report = store.sync_cards([make_card("x", topic="beta", note_id="n1")], T0)
    assert report.moved == 1 and report.edited == 0
    record = store.card("x")
    assert record is not None and record.topic == "beta" and record.note_id == "n1"


def test_sync_of_many_cards_is_done_in_bulk(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    lib = make_library(n=3000)
    assert store.sync_cards(lib.cards, T0).added == 3000
    assert store.scalar("SELECT COUNT(*) FROM cards") == 3000
    assert store.sync_cards(lib.cards, T0).skipped
    # another process opening the same file sees the same state and skips too
    with Store.open(tmp_path / "s.db") as other:
        assert other.sync_cards(lib.cards, T0).skipped
