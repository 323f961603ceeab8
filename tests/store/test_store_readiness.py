"""What readiness reads from the store: studied cards' states and every quiz answer with its time."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from studycards.srs.model import Rating
from studycards.srs.scheduler import SrsScheduler
from tests.store.srsutil import T0, make_card, open_store


def test_studied_card_states_hold_only_answered_cards_in_the_content(tmp_path: Path) -> None:
    store = open_store(tmp_path / "study.db")
    cards = [make_card("c1"), make_card("c2"), make_card("c3")]
    store.sync_cards(cards, T0)
    scheduler = SrsScheduler(store.settings(), fuzz=False)
    store.review("c1", Rating.Good, T0, scheduler=scheduler)
    store.review("c3", Rating.Good, T0, scheduler=scheduler)
    store.sync_cards(cards[:2], T0)  # c3 left the content
    states = store.studied_card_states()
    assert set(states) == {"c1"}
    assert states["c1"].last_review == T0 and states["c1"].stability


def test_quiz_outcomes_carry_question_result_time_and_mode(tmp_path: Path) -> None:
    store = open_store(tmp_path / "study.db")
    for minutes, (qid, correct, mode) in enumerate([("q1", True, "practice"), ("q2", False, "exam")]):
        store.record_quiz_answer(session_id="s", question_id=qid, topic="alpha", domain="secure",
                                 chosen_letters=["a"], chosen_texts=["A"], correct=correct,
                                 now=T0 + timedelta(minutes=minutes), mode=mode)
    outcomes = store.quiz_outcomes()
    assert [(o.question_id, o.correct, o.answered_at, o.mode) for o in outcomes] == [
        ("q1", True, T0, "practice"), ("q2", False, T0 + timedelta(minutes=1), "exam")]
