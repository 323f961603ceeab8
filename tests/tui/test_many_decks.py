"""Many decks in the app: the dashboard's deck lines, the notes tree, deck review and the quiz picker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList, Tree

from studycards.content.loader import load_or_raise
from studycards.content.model import Library
from studycards.quiz.request import QuizRequest
from studycards.srs.model import Rating
from studycards.tui.app import make_app
from studycards.tui.screens.notes import NotesScreen
from studycards.tui.screens.quiz_setup import QuizSetupScreen, TopicPicker
from studycards.tui.screens.review import ReviewScreen
from tests.tui.conftest import settle

SIZE = (100, 30)


def topic_yaml(deck: str, slug: str, cards: int) -> str:
    """A topic file with `cards` basic cards and one question."""
    lines = [f"topic: {slug}", "cards:"]
    for i in range(cards):
        lines += [f"  - id: {deck}.{slug}.c{i}", f"    front: {deck} {slug} question {i}?",
                  f"    back: Answer {i}."]
    lines += [
        "questions:",
        f"  - id: {deck}.{slug}.q",
        f"    stem: Which option fits {deck} {slug}?",
        "    domain: secure",
        '    tasks: ["1.1"]',
        "    difficulty: easy",
        "    options:",
        "      - {text: Right, correct: true, why: It fits.}",
        "      - {text: Wrong one, why: It does not.}",
        "      - {text: Wrong two, why: It does not.}",
        "      - {text: Wrong three, why: It does not.}",
        "    sources: [https://example.com/q]",
    ]
    return "\n".join(lines) + "\n"


def deck_files(deck: str, title: str, topics: dict[str, int]) -> dict[str, str]:
    manifest = [f"deck: {deck}", f"title: {title}", "topics:"]
    manifest += [f"  - {{slug: {slug}, title: {slug.title()} things, domains: [secure], tasks: ['1.1']}}"
                 for slug in topics]
    files = {f"{deck}/deck.yaml": "\n".join(manifest) + "\n"}
    files.update({f"{deck}/{slug}.yaml": topic_yaml(deck, slug, n) for slug, n in topics.items()})
    return files


@pytest.fixture
def two_decks(write_deck: Callable[..., Path]) -> Library:
    """Deck `one` (alpha: 3 cards, beta: 2) and deck `two` (gamma: 4 cards)."""
    files = deck_files("one", "Deck One", {"alpha": 3, "beta": 2})
    files.update(deck_files("two", "Deck Two", {"gamma": 4}))
    return load_or_raise([write_deck(files)])


def option_ids(app) -> list[str]:
    topics = app.screen.query_one("#dash-topics", OptionList)
    return [topics.get_option_at_index(i).id or "" for i in range(topics.option_count)]


def row_text(app, option_id: str) -> str:
    return str(app.screen.query_one("#dash-topics", OptionList).get_option(option_id).prompt)


async def highlight(app, pilot, option_id: str) -> None:
    topics = app.screen.query_one("#dash-topics", OptionList)
    topics.focus()
    topics.highlighted = topics.get_option_index(option_id)
    await pilot.pause()


# -- dashboard ------------------------------------------------------------------------------------
async def test_two_decks_start_collapsed_to_one_line_each(make_services, two_decks) -> None:
    app = make_app(make_services(lib=two_decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert option_ids(app) == ["deck:one", "deck:two"]
        assert "Deck One" in row_text(app, "deck:one")


async def test_a_single_deck_shows_its_topics_without_a_deck_line(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        ids = option_ids(app)
        assert "lambda/compare" in ids
        assert not [i for i in ids if i.startswith("deck:")]


async def test_enter_right_and_left_expand_and_collapse_a_deck(make_services, two_decks) -> None:
    app = make_app(make_services(lib=two_decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await highlight(app, pilot, "deck:one")
        await pilot.press("enter")
        await pilot.pause()
        assert option_ids(app) == ["deck:one", "one/alpha", "one/beta", "deck:two"]
        assert app.screen.query_one("#dash-topics", OptionList).highlighted == 0  # the cursor stays
        await pilot.press("enter")
        await pilot.pause()
        assert option_ids(app) == ["deck:one", "deck:two"]
        await highlight(app, pilot, "deck:two")
        await pilot.press("right")
        await pilot.pause()
        assert option_ids(app) == ["deck:one", "deck:two", "two/gamma"]
        await pilot.press("down", "left")  # left on a topic folds its deck, the cursor on the deck
        await pilot.pause()
        assert option_ids(app) == ["deck:one", "deck:two"]
        topics = app.screen.query_one("#dash-topics", OptionList)
        assert topics.get_option_at_index(topics.highlighted or 0).id == "deck:two"


async def test_a_click_expands_a_deck(make_services, two_decks) -> None:
    app = make_app(make_services(lib=two_decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        topics = app.screen.query_one("#dash-topics", OptionList)
        await pilot.click(topics, offset=(2, 1))  # the second line: deck two
        await pilot.pause()
        assert option_ids(app) == ["deck:one", "deck:two", "two/gamma"]


async def test_expanded_decks_are_remembered_when_the_dashboard_comes_back(make_services, two_decks) -> None:
    app = make_app(make_services(lib=two_decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await highlight(app, pilot, "deck:two")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert option_ids(app) == ["deck:one", "deck:two", "two/gamma"]


async def test_deck_lines_total_their_topics(make_services, two_decks, clock) -> None:
    services = make_services(lib=two_decks)
    session = services.start_review(topics=["alpha", "beta"])
    for _ in range(3):
        services.answer_card(session, int(Rating.Good))
    question = next(q for q in two_decks.questions if q.topic == "beta")
    services.store().record_quiz_answer(
        session_id="s", question_id=question.id, topic="beta", domain="secure",
        chosen_letters=["a"], chosen_texts=["Right"], correct=True, now=clock(),
    )
    data = services.dashboard()
    one, two = data.decks
    assert (one.id, one.cards, one.studied, one.quiz_answered, one.quiz_accuracy) == ("one", 5, 3, 1, 1.0)
    assert [t.slug for t in one.topics] == ["one/alpha", "one/beta"]
    assert one.mastery is not None
    assert (two.id, two.cards, two.studied, two.mastery, two.quiz_answered) == ("two", 4, 0, None, 0)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        line = row_text(app, "deck:one")
        assert line.split()[3:5] == ["5", "3"]  # "▸ Deck One  5  3 ..."
        assert "100% of 1" in line
        total = str(app.screen.query_one("#dash-topics-total").render())
        assert total.split()[:5] == ["All", "2", "decks", "9", "3"]


async def test_r_on_a_deck_line_reviews_that_deck(make_services, two_decks) -> None:
    app = make_app(make_services(lib=two_decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await highlight(app, pilot, "deck:two")
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session is not None and screen.session.current is not None
        assert screen.session.current.card.deck == "two"
        assert screen.total == 4


def test_start_review_keeps_to_the_chosen_decks(make_services, two_decks) -> None:
    services = make_services(lib=two_decks)
    session = services.start_review(decks=["one"])
    assert session.counts(services.now()).total == 5
    assert services.start_review(topics=["gamma"], decks=["one"]).counts(services.now()).total == 0


def test_a_quiz_on_whole_decks_keeps_to_them(make_services, two_decks) -> None:
    services = make_services(lib=two_decks)
    questions = services.plan_quiz(QuizRequest(decks=("two",), count=10))
    assert [q.deck for q in questions] == ["two"]


# -- notes ----------------------------------------------------------------------------------------
async def test_notes_tree_is_deck_then_topic_with_the_current_deck_open(make_services, two_decks) -> None:
    app = make_app(make_services(lib=two_decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_open_notes("gamma")
        await settle(app, pilot)
        tree = app.screen.query_one(Tree)
        decks = tree.root.children
        assert [str(d.label) for d in decks] == ["Deck One", "Deck Two"]
        leaves = [[leaf.data for leaf in d.children] for d in decks]
        assert leaves == [["one/alpha", "one/beta"], ["two/gamma"]]
        assert [d.is_expanded for d in decks] == [False, True]


async def test_s_on_a_deck_in_the_notes_tree_reviews_that_deck(make_services, two_decks) -> None:
    app = make_app(make_services(lib=two_decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_open_notes("alpha")
        await settle(app, pilot)
        tree = app.screen.query_one(Tree)
        tree.move_cursor(tree.root.children[1])
        await pilot.pause()
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.decks == {"two"} and screen.total == 4
        assert "Deck Two" in screen.sub_title


# -- quiz setup -----------------------------------------------------------------------------------
async def test_quiz_setup_deck_line_toggles_its_topics_into_the_request(make_services, two_decks) -> None:
    app = make_app(make_services(lib=two_decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_open_quiz()
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QuizSetupScreen)
        picker = screen.query_one(TopicPicker)
        values = [picker.get_option_at_index(i).value for i in range(picker.option_count)]
        assert values == ["deck:one", "one/alpha", "one/beta", "deck:two", "two/gamma"]
        picker.focus()
        picker.highlighted = 0
        await pilot.press("space")
        await pilot.pause()
        assert set(picker.selected) == {"deck:one", "one/alpha", "one/beta"}
        request = screen.request()
        assert (request.decks, request.topics) == (("one",), ())
        picker.highlighted = 2
        await pilot.press("space")  # beta off: deck one is no longer whole
        await pilot.pause()
        assert set(picker.selected) == {"one/alpha"}
        request = screen.request()
        assert (request.decks, request.topics) == (("one",), ("one/alpha",))
        picker.highlighted = 2
        await pilot.press("space")  # beta back on: the deck line follows
        await pilot.pause()
        assert "deck:one" in picker.selected
        picker.highlighted = 0
        await pilot.press("space")
        await pilot.pause()
        assert picker.selected == []
        assert (screen.request().decks, screen.request().topics) == ((), ())
