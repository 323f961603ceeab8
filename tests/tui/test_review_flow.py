"""Pilot tests of what a learner meets: key hints, undo, content text, one review at a time."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, Static

from studycards.tui.app import make_app
from studycards.tui.screens.notes import NotesScreen, question_view_markdown
from studycards.tui.screens.review import ReviewScreen
from studycards.tui.screens.settings import SettingsScreen
from studycards.tui.widgets.safe_markdown import SafeMarkdown, escape_markdown
from tests.tui.conftest import settle

SIZE = (100, 30)

PLACEHOLDER_DECK = {
    "p/deck.yaml": (
        "deck: p\ntitle: P\ntopics:\n  - {slug: urls, title: URLs, domains: [secure], tasks: ['1.1']}\n"
    ),
    "p/t.yaml": (
        "topic: urls\n"
        "notes:\n  - id: p.note\n    title: Function URLs\n    sources: [https://example.com]\n"
        "    summary: Logs go to /aws/lambda/<function-name> by default.\n"
        "cards:\n  - id: p.card\n    front: What is the format of a function URL?\n"
        "    back: https://<url-id>.lambda-url.<region>.on.aws\n"
    ),
}


def shown_keys(screen) -> set[str]:
    """The descriptions of the keys the footer shows now."""
    return {b.binding.description for b in screen.active_bindings.values() if b.binding.show}


async def test_key_hints_follow_the_review(make_services) -> None:
    services = make_services()
    services.store().set_setting("new_per_day", "1")
    app = make_app(services, start="review")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert {"Show answer", "Suspend", "Bury", "Note"} <= shown_keys(screen)
        await pilot.press("space")
        await pilot.pause()
        assert "Show answer" not in shown_keys(screen)  # already shown: the rating buttons take over
        await pilot.press("4")
        await settle(app, pilot)
        assert screen.finished
        assert not {"Show answer", "Suspend", "Bury", "Note"} & shown_keys(screen)
        assert "Undo" in shown_keys(screen)


async def test_undo_takes_the_rating_out_of_the_summary(make_services) -> None:
    services = make_services()
    services.store().set_setting("new_per_day", "2")
    app = make_app(services, start="review")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("space", "3")  # Good, then undone
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        for _ in range(2):
            await pilot.press("space", "4")
            await settle(app, pilot)
        summary = str(screen.query_one("#review-done", Static).render())
        assert "2 answers" in summary
        assert "Good 0" in summary and "Easy 2" in summary


async def test_html_like_placeholders_in_content_stay_visible(make_services, write_deck) -> None:
    from studycards.content.loader import load_or_raise

    services = make_services(lib=load_or_raise([write_deck(PLACEHOLDER_DECK)]))
    app = make_app(services, start="review")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("space")
        await pilot.pause()
        back = app.screen.query_one("#review-back", SafeMarkdown)
        assert "<url-id>" in str(back.query_one("MarkdownParagraph").render())
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        paragraphs = " ".join(str(p.render()) for p in app.screen.query("MarkdownParagraph"))
        assert "/aws/lambda/<function-name>" in paragraphs


def test_question_text_is_shown_literally_in_the_notes(library) -> None:
    question = next(q for q in library.questions if any("/*" in o.text for o in q.options))
    markdown = question_view_markdown(question)
    assert escape_markdown("arn:aws:s3:::") in markdown
    assert "uploads/*" not in markdown  # every asterisk is escaped


async def test_studying_from_the_notes_returns_to_the_open_review(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert app.screen is review  # no second session over the same cards
        assert sum(isinstance(s, ReviewScreen) for s in app.screen_stack) == 1


async def test_settings_warn_before_dropping_unsaved_changes(make_services) -> None:
    services = make_services()
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("comma")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#set-new_per_day", Input).value = "12"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen  # warned, still here
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
    assert services.settings().new_per_day == 20


async def test_clicking_a_key_hint_runs_its_action(make_services) -> None:
    from studycards.tui.screens.dashboard import DashboardScreen
    from studycards.tui.screens.quiz import QuizSetupScreen
    from studycards.tui.widgets.keybar import KeyBar

    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        bar = app.screen.query_one(KeyBar)
        span = next(s for s in bar.spans if s.action == "app.open_quiz")
        await pilot.click(KeyBar, offset=(span.start + 1, 0))
        await settle(app, pilot)
        assert isinstance(app.screen, QuizSetupScreen)
        assert "Start quiz" in str(app.screen.query_one(KeyBar).render())


async def test_a_leech_notice_speaks_of_the_app_not_of_a_command(make_services, clock) -> None:
    from studycards.srs.model import State
    from tests.store.test_store_session import set_state

    services = make_services()
    store = services.store()
    store.set_setting("new_per_day", "0")
    store.set_setting("leech_threshold", "1")
    card_id = services.library.cards[0].id
    set_state(store, card_id, State.Review, clock() - timedelta(hours=1))
    app = make_app(services, start="review")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "1")  # Again: the first lapse makes it a leech
        await settle(app, pilot)
        leech = [n for n in app._notifications if n.title == "Leech"]
        assert len(leech) == 1 and leech[0].severity == "warning"
        text = leech[0].message
        assert "forgotten this card 1 time," in text and "suspended" in text and "u undoes" in text
        assert "studycards review" not in text and "--unsuspend" not in text
    assert store.card(card_id).leech  # type: ignore[union-attr]
