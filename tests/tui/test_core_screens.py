"""Pilot tests of the dashboard, review, notes, settings and help screens."""

from __future__ import annotations

from textual.widgets import Button, Input, Markdown, OptionList, Static

from studycards.tui.app import make_app
from studycards.tui.screens.dashboard import DashboardScreen
from studycards.tui.screens.help import HelpScreen
from studycards.tui.screens.notes import NotesScreen
from studycards.tui.screens.review import ReviewScreen
from studycards.tui.screens.settings import SettingsScreen
from tests.tui.conftest import settle

SIZE = (100, 30)


def text_of(widget: Static) -> str:
    return str(widget.render())


async def test_first_run_dashboard_greets_and_shows_due_counts(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        welcome = app.screen.query_one("#dash-welcome", Static)
        assert welcome.display and "Welcome to studycards" in text_of(welcome)
        due = text_of(app.screen.query_one("#dash-due-text", Static))
        assert "20 due" in due and "20 new" in " ".join(due.split())
        topics = app.screen.query_one("#dash-topics", OptionList)
        assert topics.option_count == len(app.services.library.topics)
        assert "Concurrency and throttling" in str(topics.get_option("lambda/concurrency").prompt)


async def test_dashboard_says_what_mastery_means(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        head = app.screen.query_one("#dash-topics-head", Static)
        assert "Mastery in 30d" in text_of(head)
        assert head.tooltip is not None and "90%" in str(head.tooltip) and "30 days" in str(head.tooltip)
        note = text_of(app.screen.query_one("#dash-mastery-note", Static))
        assert "90%" in note and "30 days" in note


async def test_review_rates_cards_and_persists_them(make_services, clock) -> None:
    services = make_services()
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first = screen.session.current.card.id
        assert not screen.query_one("#review-ratings").display
        await pilot.press("3")  # rating before reveal does nothing
        await settle(app, pilot)
        assert screen.session.answered == 0
        await pilot.press("space")
        await pilot.pause()
        assert screen.query_one("#review-ratings").display
        good = str(screen.query_one("#rate-3", Button).label)
        assert "Good" in good and "10m" in good  # the interval Good gives a new card
        await pilot.press("3")
        await settle(app, pilot)
        assert screen.session.answered == 1
        assert screen.session.current.card.id != first
        await pilot.press("space", "1")
        await settle(app, pilot)
    # the answers are in the database after the app has gone
    store = services.store()
    assert store.card_state(first).reps == 1
    assert store.scalar("SELECT COUNT(*) FROM review_log") == 2


async def test_undo_restores_the_previous_card(make_services) -> None:
    services = make_services()
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        first = screen.session.current.card.id
        await pilot.press("space", "4")
        await settle(app, pilot)
        assert screen.session.current.card.id != first
        await pilot.press("u")
        await settle(app, pilot)
        assert screen.session.current.card.id == first
        assert not screen.revealed
    assert services.store().card_state(first).reps == 0
    assert services.store().scalar("SELECT COUNT(*) FROM review_log") == 0


async def test_review_ends_with_a_summary(make_services) -> None:
    services = make_services()
    services.store().set_setting("new_per_day", "2")
    app = make_app(services, start="review")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for _ in range(2):
            await pilot.press("space", "4")  # Easy graduates a new card straight to review
            await settle(app, pilot)
        done = app.screen.query_one("#review-done", Static)
        assert done.display and "Session complete" in text_of(done) and "2 answers" in text_of(done)


IAM_JSON = '"Resource": ["arn:aws:s3:::my-bucket/*"]'
BRACKET_DECK = {
    "b/deck.yaml": (
        "deck: b\ntitle: B\ntopics:\n"
        "  - {slug: brackets, title: 'Brackets [literal]', domains: [secure], tasks: ['1.1']}\n"
    ),
    "b/t.yaml": (
        "topic: brackets\n"
        "notes:\n  - id: b.note\n    title: IAM [policy]\n    sources: [https://example.com]\n"
        "    summary: 'Grant [bold]only[/bold] this: `" + IAM_JSON.replace("'", "''") + "`'\n"
        "cards:\n  - id: b.card\n    front: 'Which statement is " + IAM_JSON.replace("'", "''") + " [red]?'\n"
        "    back: '[b]Read[/b] objects in my-bucket'\n"
    ),
}


def screen_text(app) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(" ".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " ")


async def test_notes_render_tables(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        screen.show_topic("concurrency")
        await pilot.pause()
        markdown = screen.query_one("#notes-markdown", Markdown)
        assert "| Control | What it does | Cost |" in markdown.source
        assert "Reserved concurrency" in screen_text(app)


async def test_brackets_and_markup_in_content_render_literally(make_services, write_deck, library) -> None:
    from studycards.content.loader import load_or_raise
    from studycards.locations import shipped_content_dir

    lib = load_or_raise([shipped_content_dir(), write_deck(BRACKET_DECK)])
    services = make_services(lib=lib)
    app = make_app(services, start="review", start_options={"topic": "brackets"})
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("space")
        await pilot.pause()
        shown = screen_text(app)
        assert IAM_JSON in shown and "[red]?" in shown
        assert "[b]Read[/b] objects" in shown
        await pilot.press("escape", "escape", "n")
        await pilot.pause()
        app.screen.show_topic("brackets")
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold]only[/bold]" in shown and "arn:aws:s3:::my-bucket/*" in shown
        assert "Brackets [literal]" in shown


async def test_notes_search_finds_cards_and_questions(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.press(*"reserved concurrency")
        await pilot.pause()
        results = app.screen.query_one("#notes-results", OptionList)
        assert results.display and results.option_count > 3
        kinds = {results.get_option_at_index(i).id.split(":")[0] for i in range(results.option_count)}
        assert {"card", "question"} <= kinds
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.screen.query_one("#notes-markdown", Markdown).source.startswith("#")


async def test_settings_validate_and_save(make_services) -> None:
    services = make_services()
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("comma")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        retention = screen.query_one("#set-desired_retention", Input)
        assert retention.value == "" and retention.placeholder == "default: 0.9"
        retention.value = "0.5"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert retention.has_class("-invalid")
        assert services.settings().desired_retention == 0.9
        retention.value = "0.85"
        screen.query_one("#set-new_per_day", Input).value = "15"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert services.settings().desired_retention == 0.85
        assert services.settings().new_per_day == 15


async def test_help_lists_the_screen_keys(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = text_of(app.screen.query_one("#help-text", Static))
        assert "Show answer" in text and "Undo" in text and "Suspend" in text
        assert "Cursor Up" not in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_keymap_setting_remaps_a_binding(make_services) -> None:
    services = make_services()
    services.store().set_setting("keymap", "dashboard.review=v")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_theme_choice_is_remembered(make_services) -> None:
    services = make_services()
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.theme = "textual-light"
        await pilot.pause()
    app2 = make_app(services)
    async with app2.run_test(size=SIZE) as pilot:
        await settle(app2, pilot)
        assert app2.theme == "textual-light"
