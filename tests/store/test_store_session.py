"""Review sessions on a real database: order, limits, siblings, controls, leeches, undo, clock edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studycards.srs.model import Rating, State, to_epoch
from studycards.srs.queue import build_queue, interleave
from studycards.srs.session import LeechNotice
from studycards.srs.store import Store, is_leech_lapse
from tests.store.srsutil import BERLIN, T0, answer_all, dump, make_card, make_library, open_store, start


def set_state(store: Store, card_id: str, state: State, due: datetime, *, lapses: int = 0,
              stability: float = 5.0, last_review: datetime | None = None) -> None:
    """Put a card straight into a state (as if reviewed before)."""
    step = None if state == State.Review else 0
    last = last_review or (due - timedelta(days=3))
    store.conn.execute(
        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = 5.0, due = ?, last_review = ?, "
        "reps = 3, lapses = ? WHERE id = ?",
        (int(state), step, stability, to_epoch(due), to_epoch(last), lapses, card_id))


def order_of(session, now: datetime, rating: Rating = Rating.Easy, most: int = 50) -> list[str]:  # type: ignore[no-untyped-def]
    seen = []
    while session.current is not None and len(seen) < most:
        seen.append(session.current.id)
        session.answer(rating, now)
    return seen


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "study.db")


def test_learning_first_then_most_overdue_reviews_then_new_mixed_in(store: Store) -> None:
    ids = ["l1", "r1", "r2", "r3", "r4", "n1", "n2"]
    lib = make_library([make_card(i) for i in ids])
    store.sync_cards(lib.cards, T0)
    set_state(store, "l1", State.Learning, T0 - timedelta(minutes=1), last_review=T0 - timedelta(minutes=11))
    set_state(store, "r2", State.Review, T0 - timedelta(days=1))
    set_state(store, "r1", State.Review, T0 - timedelta(days=5))
    set_state(store, "r3", State.Review, T0 + timedelta(hours=3))  # later today: due today
    set_state(store, "r4", State.Review, T0 + timedelta(days=1))  # tomorrow: not today
    queue = build_queue(store, T0, topics=None)
    assert queue.learning == ["l1"] and queue.reviews == ["r1", "r2", "r3"] and queue.new == ["n1", "n2"]
    session = start(store, lib)
    assert session.counts(T0).new == 2 and session.counts(T0).review == 3 and session.counts(T0).learning == 1
    assert order_of(session, T0) == ["l1", "r1", "n1", "r2", "n2", "r3"]


def test_interleave_spreads_new_cards_evenly() -> None:
    mixed = interleave(["r1", "r2", "r3", "r4"], ["n1"])
    assert [c for c, _ in mixed] == ["r1", "r2", "n1", "r3", "r4"]
    assert [c for c, _ in interleave([], ["n1", "n2"])] == ["n1", "n2"]
    assert [c for c, _ in interleave(["r1"], [])] == ["r1"]


def test_new_cards_per_day_limit_and_the_reset_at_four(store: Store) -> None:
    store.set_setting("new_per_day", "3")
    lib = make_library(n=10)
    evening = datetime(2025, 3, 3, 20, 0, tzinfo=BERLIN).astimezone(UTC)
    assert answer_all(start(store, lib, evening), Rating.Easy, evening) == 3
    assert start(store, lib, evening + timedelta(hours=1)).current is None  # same day: limit used
    night = datetime(2025, 3, 4, 3, 59, tzinfo=BERLIN).astimezone(UTC)
    assert start(store, lib, night).current is None  # 03:59 still belongs to the 3rd
    morning = datetime(2025, 3, 4, 4, 0, tzinfo=BERLIN).astimezone(UTC)
    assert answer_all(start(store, lib, morning), Rating.Easy, morning) == 3


def test_reviews_per_day_limit(store: Store) -> None:
    store.set_setting("reviews_per_day", "2")
    store.set_setting("new_per_day", "0")
    lib = make_library(n=5)
    store.sync_cards(lib.cards, T0)
    for i, card in enumerate(lib.cards):
        set_state(store, card.id, State.Review, T0 - timedelta(days=i + 1))
    assert order_of(start(store, lib), T0) == ["c004", "c003"]  # the two most overdue
    assert start(store, lib, T0 + timedelta(minutes=5)).current is None


def test_siblings_are_not_shown_on_the_same_day(store: Store) -> None:
    cloze = [make_card(f"note::c{i}", note_id="note") for i in (1, 2, 3)]
    lib = make_library([*cloze, make_card("solo")])
    assert sorted(order_of(start(store, lib), T0)) == ["note::c1", "solo"]
    tomorrow = T0 + timedelta(days=1)
    assert order_of(start(store, lib, tomorrow), tomorrow) == ["note::c2"]


def test_a_review_sibling_waits_when_its_note_was_studied_today(store: Store) -> None:
    lib = make_library([make_card("n::a", note_id="n"), make_card("n::b", note_id="n")])
    store.sync_cards(lib.cards, T0)
    set_state(store, "n::b", State.Review, T0 - timedelta(days=1))
    set_state(store, "n::a", State.Review, T0 - timedelta(days=2))
    assert order_of(start(store, lib), T0) == ["n::a"]


def test_a_new_sibling_stays_hidden_in_a_later_session_of_the_same_day(store: Store) -> None:
    # Easy sends the first card straight to Review: only "answered today" can hide its sibling
    lib = make_library([make_card("n::a", note_id="n"), make_card("n::b", note_id="n")])
    first = start(store, lib, T0, limit=1)
    assert first.current is not None and first.current.id == "n::a"
    assert first.answer(Rating.Easy, T0).after.state == State.Review
    later = T0 + timedelta(hours=8)  # 18:00 Berlin, the same study day
    assert order_of(start(store, lib, later), later) == []
    assert build_queue(store, later).new == []
    tomorrow = datetime(2025, 3, 4, 4, 0, tzinfo=BERLIN).astimezone(UTC)
    assert build_queue(store, tomorrow).new == ["n::b"]


def test_a_review_sibling_stays_hidden_in_a_later_session_of_the_same_day(store: Store) -> None:
    lib = make_library([make_card("n::a", note_id="n"), make_card("n::b", note_id="n")])
    store.sync_cards(lib.cards, T0)
    set_state(store, "n::a", State.Review, T0 - timedelta(days=2))
    set_state(store, "n::b", State.Review, T0 - timedelta(days=1))
    first = start(store, lib, T0, limit=1)
    assert first.current is not None and first.current.id == "n::a"
    assert first.answer(Rating.Good, T0).after.state == State.Review
    later = T0 + timedelta(hours=2)
    assert build_queue(store, later).reviews == []
    assert order_of(start(store, lib, later), later) == []
    tomorrow = datetime(2025, 3, 4, 4, 0, tzinfo=BERLIN).astimezone(UTC)
    assert build_queue(store, tomorrow).reviews == ["n::b"]


@pytest.mark.parametrize(
    ("answered", "hidden"),
    [
        (datetime(2025, 3, 3, 4, 0), True),  # at the very start of the study day: today
        (datetime(2025, 3, 3, 3, 59, 59), False),  # one second earlier: yesterday's study day
    ],
)
def test_a_sibling_answered_today_means_since_the_day_started(store: Store, answered: datetime,
                                                              hidden: bool) -> None:
    lib = make_library([make_card("n::a", note_id="n"), make_card("n::b", note_id="n")])
    when = answered.replace(tzinfo=BERLIN).astimezone(UTC)
    session = start(store, lib, when, limit=1)
    assert session.current is not None and session.current.id == "n::a"
    session.answer(Rating.Easy, when)
    noon = datetime(2025, 3, 3, 12, 0, tzinfo=BERLIN).astimezone(UTC)
    assert build_queue(store, noon).new == ([] if hidden else ["n::b"])


def test_suspend_and_unsuspend(store: Store) -> None:
    lib = make_library(n=3)
    session = start(store, lib)
    first = session.current
    assert first is not None
    nxt = session.suspend_current(T0)
    assert nxt is not None and nxt.id != first.id
    assert store.card(first.id).suspended  # type: ignore[union-attr]
    assert first.id not in order_of(start(store, lib, T0, sync=False), T0)
    store.unsuspend([first.id])
    assert not store.card(first.id).suspended  # type: ignore[union-attr]
    assert start(store, lib, T0 + timedelta(days=1)).current is not None


def test_bury_hides_a_card_until_the_next_day_starts(store: Store) -> None:
    lib = make_library([make_card("only")])
    session = start(store, lib)
    assert session.bury_current(T0) is None
    day_end = datetime(2025, 3, 4, 4, 0, tzinfo=BERLIN).astimezone(UTC)
    assert store.card("only").buried_until == day_end  # type: ignore[union-attr]
    assert start(store, lib, day_end - timedelta(seconds=1)).current is None
    again = start(store, lib, day_end)
    assert again.current is not None and again.current.id == "only"


def test_bury_in_a_session_left_open_past_four_lasts_until_the_next_four(store: Store) -> None:
    lib = make_library([make_card("a"), make_card("b")])
    started = datetime(2025, 3, 4, 3, 30, tzinfo=BERLIN)  # study day 3 March, ending at 04:00
    session = start(store, lib, started)
    later = started + timedelta(hours=1)  # 04:30: study day 4 March
    buried = session.current
    assert buried is not None
    session.bury_current(later)
    day_end = datetime(2025, 3, 5, 4, 0, tzinfo=BERLIN).astimezone(UTC)
    assert store.card(buried.id).buried_until == day_end  # type: ignore[union-attr]
    assert buried.id not in order_of(start(store, lib, later, sync=False), later)


def test_a_card_failed_eight_times_becomes_a_suspended_leech(store: Store) -> None:
    lib = make_library([make_card("hard"), make_card("other")])
    store.sync_cards(lib.cards, T0)
    store.set_setting("new_per_day", "0")
    set_state(store, "hard", State.Review, T0 - timedelta(hours=1), lapses=7)
    session = start(store, lib)
    assert session.current is not None and session.current.id == "hard"
    result = session.answer(Rating.Again, T0)
    assert result.leech and result.after.lapses == 8
    assert result.leech_notice == LeechNotice("hard", 8) and result.message is None
    record = store.card("hard")
    assert record is not None and record.leech and record.suspended
    assert session.current is None  # suspended: it does not come back in relearning
    assert store.suspended_ids(leeches_only=True) == ["hard"]
    session.undo(T0)
    record = store.card("hard")
    assert record is not None and not record.leech and not record.suspended and record.state.lapses == 7


def test_lapses_below_the_threshold_are_not_leeches(store: Store) -> None:
    lib = make_library([make_card("c")])
    store.sync_cards(lib.cards, T0)
    set_state(store, "c", State.Review, T0 - timedelta(hours=1), lapses=3)
    result = start(store, lib).answer(Rating.Again, T0)
    assert not result.leech and result.leech_notice is None and result.message is None
    assert not store.card("c").suspended  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("threshold", "leech_at"),
    [
        (8, {8, 12, 16, 20}),  # Anki's default: at 8, then every 4 more
        (4, {4, 6, 8, 10, 12, 14, 16, 18, 20}),
        (5, {5, 7, 9, 11, 13, 15, 17, 19}),  # half of 5 is 2
        (3, set(range(3, 21))),  # half of 3 is 1: every lapse from the third
        (1, set(range(1, 21))),
    ],
)
def test_leech_lapses_follow_anki(threshold: int, leech_at: set[int]) -> None:
    assert {n for n in range(21) if is_leech_lapse(n, threshold)} == leech_at


def test_a_leech_is_suspended_again_every_half_threshold_of_further_lapses(store: Store) -> None:
    # the learner unsuspended the leech at 8 lapses and kept forgetting it (threshold 8: half is 4)
    lib = make_library([make_card("hard")])
    store.sync_cards(lib.cards, T0)
    store.set_setting("new_per_day", "0")
    store.conn.execute("UPDATE cards SET leech = 1 WHERE id = 'hard'")
    seen = {}
    for day, lapses_before in enumerate(range(8, 16)):
        now = T0 + timedelta(days=day)
        set_state(store, "hard", State.Review, now - timedelta(hours=1), lapses=lapses_before)
        store.unsuspend(["hard"])
        session = start(store, lib, now)
        assert session.current is not None and session.current.id == "hard"
        result = session.answer(Rating.Again, now)
        assert result.after.lapses == lapses_before + 1
        record = store.card("hard")
        assert record is not None and record.leech
        seen[result.after.lapses] = (result.leech, record.suspended)
        if result.leech:
            assert result.leech_notice == LeechNotice("hard", result.after.lapses)
        else:
            assert result.leech_notice is None
    assert seen == {9: (False, False), 10: (False, False), 11: (False, False), 12: (True, True),
                    13: (False, False), 14: (False, False), 15: (False, False), 16: (True, True)}


def test_undo_ten_answers_restores_the_exact_earlier_state(store: Store) -> None:
    lib = make_library(n=12)
    store.set_setting("new_per_day", "12")
    store.sync_cards(lib.cards, T0)
    before = dump(store)
    session = start(store, lib)
    first = session.current
    now = T0
    shown = []
    for i in range(12):
        assert session.current is not None
        shown.append(session.current.id)
        rating = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy][i % 4]
        session.answer(rating, now, duration_ms=1000 + i)
        now += timedelta(seconds=40)
    assert store.scalar("SELECT COUNT(*) FROM review_log") == 12
    undone = []
    for _ in range(12):
        card = session.undo(now)
        assert card is not None
        undone.append(card.id)
    assert undone == list(reversed(shown))
    assert dump(store) == before
    assert session.current is not None and first is not None and session.current.id == first.id
    assert session.answered == 0
    assert session.undo(now) is None and not session.can_undo


def test_undo_of_suspend_and_bury(store: Store) -> None:
    lib = make_library(n=3)
    store.sync_cards(lib.cards, T0)
    before = dump(store)
    session = start(store, lib)
    a = session.current
    session.suspend_current(T0)
    session.bury_current(T0)
    session.undo(T0)
    session.undo(T0)
    assert dump(store) == before
    assert session.current is not None and a is not None and session.current.id == a.id


def test_topic_filter_and_session_limit(store: Store) -> None:
    lib = make_library(n=10)
    only_alpha = order_of(start(store, lib, topics={"alpha"}), T0)
    assert only_alpha and all(lib.card(c).topic == "alpha" for c in only_alpha)  # type: ignore[union-attr]
    limited = start(store, lib, T0, topics={"beta"}, limit=2)
    assert len(order_of(limited, T0, rating=Rating.Again)) == 2


def test_learning_cards_come_back_in_the_same_session(store: Store) -> None:
    lib = make_library([make_card("solo")])
    session = start(store, lib)
    now = T0
    ratings = [Rating.Again, Rating.Good, Rating.Good]
    kinds = []
    for rating in ratings:
        assert session.current is not None and session.current.id == "solo"
        kinds.append(session.current.kind)
        result = session.answer(rating, now)
        now += timedelta(seconds=30)
    assert kinds == ["new", "learning", "learning"]
    assert result.after.state == State.Review
    assert session.current is None


def test_preview_matches_what_answering_does_without_fuzz(store: Store) -> None:
    lib = make_library([make_card("p")])
    session = start(store, lib)
    preview = session.preview(T0)
    assert preview[Rating.Again] == timedelta(minutes=1)
    assert preview[Rating.Good] == timedelta(minutes=10)
    assert session.answer(Rating.Good, T0).interval == preview[Rating.Good]


def test_the_desired_retention_setting_reaches_the_intervals(tmp_path: Path) -> None:
    # the same Review card, due now, under three stored settings: asking to remember more
    # schedules it sooner (in the preview, the answer and the stored due date alike)
    lib = make_library([make_card("r")])
    previews, intervals, dues = [], [], []
    for retention in ("0.97", "0.9", "0.7"):
        store = open_store(tmp_path / f"r{retention}.db", desired_retention=retention)
        store.sync_cards(lib.cards, T0)
        set_state(store, "r", State.Review, T0, stability=20.0, last_review=T0 - timedelta(days=20))
        session = start(store, lib)
        assert session.settings.desired_retention == float(retention)
        previews.append(session.preview(T0)[Rating.Good])
        intervals.append(session.answer(Rating.Good, T0).interval)
        dues.append(store.card("r").state.due)  # type: ignore[union-attr]
        store.close()
    assert previews[0] < previews[1] < previews[2]
    assert intervals[0] < intervals[1] < intervals[2]
    assert dues[0] < dues[1] < dues[2]  # type: ignore[operator]


def test_a_changed_retention_setting_applies_to_the_next_answer(store: Store) -> None:
    lib = make_library([make_card("r")])
    store.sync_cards(lib.cards, T0)
    set_state(store, "r", State.Review, T0, stability=20.0, last_review=T0 - timedelta(days=20))
    before = store.scheduler().preview(store.card_state("r"), T0)[Rating.Good]  # type: ignore[arg-type]
    store.set_setting("desired_retention", "0.7")
    after = store.scheduler().preview(store.card_state("r"), T0)[Rating.Good]  # type: ignore[arg-type]
    assert after > before


def test_a_clock_that_moved_backwards(store: Store) -> None:
    lib = make_library(n=3)
    session = start(store, lib)
    first = session.answer(Rating.Good, T0)
    back = T0 - timedelta(hours=2)
    # the learning card due in 10 minutes is not shown "before" it was reviewed; others are
    second = session.answer(Rating.Good, back)
    assert second.after.due > second.after.last_review  # type: ignore[operator]
    history = [r["reviewed_at"] for r in store.rows("SELECT reviewed_at FROM review_log ORDER BY id")]
    assert len(history) == 2
    assert first.after.due > first.after.last_review  # type: ignore[operator]
    assert store.scalar("PRAGMA integrity_check") == "ok"


def test_answers_are_visible_to_another_connection_at_once(store: Store, tmp_path: Path) -> None:
    lib = make_library(n=2)
    session = start(store, lib)
    session.answer(Rating.Good, T0)
    with Store.open(tmp_path / "study.db") as other:
        assert other.scalar("SELECT COUNT(*) FROM review_log") == 1


def test_answering_when_done_is_a_clear_error(store: Store) -> None:
    from studycards.errors import StudycardsError

    session = start(store, make_library([]))
    assert session.current is None
    with pytest.raises(StudycardsError, match="no card"):
        session.answer(Rating.Good, T0)


def test_the_day_resets_at_four_on_a_dst_night(store: Store) -> None:
    # Berlin springs forward on 2025-03-30 at 02:00 -> 03:00: that study day is 23 hours long
    store.set_setting("new_per_day", "2")
    lib = make_library(n=8)
    evening = datetime(2025, 3, 29, 20, 0, tzinfo=BERLIN).astimezone(UTC)
    assert answer_all(start(store, lib, evening), Rating.Easy, evening) == 2
    after_jump = datetime(2025, 3, 30, 3, 30, tzinfo=BERLIN).astimezone(UTC)
    assert after_jump - evening == timedelta(hours=6, minutes=30)
    assert start(store, lib, after_jump).current is None  # 03:30 local: still the 29th's study day
    four = datetime(2025, 3, 30, 4, 0, tzinfo=BERLIN).astimezone(UTC)
    assert answer_all(start(store, lib, four), Rating.Easy, four) == 2


def test_a_different_day_boundary_setting(store: Store) -> None:
    store.set_setting("new_per_day", "1")
    store.set_setting("day_starts_at", "0")
    lib = make_library(n=4)
    late = datetime(2025, 3, 3, 23, 30, tzinfo=BERLIN).astimezone(UTC)
    assert answer_all(start(store, lib, late), Rating.Easy, late) == 1
    midnight = datetime(2025, 3, 4, 0, 0, tzinfo=BERLIN).astimezone(UTC)
    assert answer_all(start(store, lib, midnight), Rating.Easy, midnight) == 1  # with 04:00 this would be 0


def test_two_sessions_never_answer_the_same_card_twice(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    lib = make_library(n=20)
    first = open_store(path, new_per_day="20")
    second = Store.open(path)
    one, two = start(first, lib), start(second, lib)
    assert one.current is not None and two.current is not None
    assert one.current.id == two.current.id  # both queues were built before any answer
    shared = one.current.id
    one.answer(Rating.Easy, T0)
    result = two.answer(Rating.Easy, T0 + timedelta(seconds=5))
    assert result.skipped and result.message and "another session" in result.message
    assert result.next is not None and result.next.id != shared
    assert second.scalar("SELECT COUNT(*) FROM review_log WHERE card_id = ?", (shared,)) == 1
    assert two.answered == 0
    now = T0 + timedelta(seconds=10)
    skipped = 1
    for _ in range(100):  # both keep answering Easy (one answer graduates a card), alternately
        if one.current is None and two.current is None:
            break
        for session in (one, two):
            if session.current is not None:
                skipped += session.answer(Rating.Easy, now).skipped
                now += timedelta(seconds=7)
    per_card = dict(first.conn.execute("SELECT card_id, COUNT(*) FROM review_log GROUP BY card_id"))
    assert set(per_card) == {card.id for card in lib.cards}
    assert set(per_card.values()) == {1}  # no card answered twice
    assert one.answered + two.answered == 20 and skipped >= 1
    first.close()
    second.close()
