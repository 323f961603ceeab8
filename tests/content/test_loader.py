"""Loading decks into the model: kinds of cards, ids, siblings, and the rendered text."""

from __future__ import annotations

from pathlib import Path

from studycards.content.loader import load_library, load_or_raise
from studycards.content.model import render_cloze


def test_mini_deck_loads_every_kind(write_deck) -> None:
    lib = load_or_raise([write_deck()])
    ids = {c.id for c in lib.cards}
    assert ids == {
        "mini.alpha.basic",
        "mini.alpha.basic::reverse",
        "mini.alpha.cloze::c1",
        "mini.alpha.cloze::c2",
        "mini.alpha.rows::first",
        "mini.alpha.rows::second",
    }
    assert [q.id for q in lib.questions] == ["mini.alpha.q.one", "mini.alpha.q.two"]
    assert list(lib.topics) == ["mini/alpha", "mini/beta"]
    assert lib.notes[0].tables[0].row_dicts()[1] == {"Name": "Second", "Meaning": "The second one"}


def test_reverse_card_swaps_sides_and_shares_note(write_deck) -> None:
    lib = load_or_raise([write_deck()])
    forward, reverse = lib.card("mini.alpha.basic"), lib.card("mini.alpha.basic::reverse")
    assert forward and reverse
    assert (reverse.front, reverse.back) == (forward.back, forward.front)
    assert reverse.note_id == forward.note_id == "mini.alpha.basic"


def test_cloze_cards_hide_only_their_own_deletion(write_deck) -> None:
    lib = load_or_raise([write_deck()])
    c1, c2 = lib.card("mini.alpha.cloze::c1"), lib.card("mini.alpha.cloze::c2")
    assert c1 and c2
    assert c1.question_text() == "[...] comes before beta."
    assert c2.question_text() == "Alpha comes before [...]."
    assert c2.answer_text() == "Alpha comes before **beta**."
    assert c1.note_id == c2.note_id


def test_cloze_hint_is_shown_in_place_of_the_answer() -> None:
    assert render_cloze("Max {{c1::15::minutes}} run", 1, reveal=False) == "Max [minutes] run"


def test_table_cards_fill_templates_per_row(write_deck) -> None:
    lib = load_or_raise([write_deck()])
    card = lib.card("mini.alpha.rows::second")
    assert card is not None
    assert card.front == "Which name means: The second one?"
    assert card.back == "Second"
    assert card.note_id == card.id  # each row is its own note


def test_choose_hint_added_to_prompt(write_deck) -> None:
    lib = load_or_raise([write_deck()])
    q = lib.question("mini.alpha.q.two")
    assert q is not None
    assert q.prompt().endswith("(Choose two.)")
    assert q.correct_indexes == {0, 1}


def test_decks_from_several_roots_load_together(write_deck, tmp_path: Path) -> None:
    first = write_deck()
    other = write_deck(
        {
            "extra/deck.yaml": (
                "deck: extra\ntitle: Extra\ntopics:\n"
                "  - {slug: gamma, title: G, domains: [cost], tasks: ['4.2']}\n"
            ),
            "extra/g.yaml": "topic: gamma\ncards:\n  - {id: extra.g.one, front: Gamma?, back: Third.}\n",
        },
        root_name="more",
    )
    result = load_library([first, other])
    assert result.ok, result.problems
    assert {d.id for d in result.library.decks} == {"mini", "extra"}
    assert result.library.card("extra.g.one") is not None


def test_shipped_content_is_clean() -> None:
    from studycards.locations import shipped_content_dir

    result = load_library([shipped_content_dir()])
    assert result.problems == []
    assert result.library.cards and result.library.questions
