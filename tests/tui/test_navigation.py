"""Pilot tests of moving around by keyboard: notes search, Esc, and switching calculator tabs."""

from __future__ import annotations

from textual.widgets import Input, OptionList, TabbedContent

from studycards.tui.app import make_app
from studycards.tui.screens.calc import CalcScreen
from studycards.tui.screens.dashboard import DashboardScreen
from studycards.tui.screens.notes import NotesScreen
from tests.tui.conftest import settle

SIZE = (80, 24)


async def search_notes(app, pilot, query: str) -> NotesScreen:
    await settle(app, pilot)
    await pilot.press("n")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, NotesScreen)
    await pilot.press("slash", *query)
    await pilot.pause()
    return screen


def hit(screen: NotesScreen, index: int) -> tuple[str, str]:
    option = screen.query_one("#notes-results", OptionList).get_option_at_index(index)
    kind, _, ident = (option.id or "").partition(":")
    if kind == "note":
        return ("topic", next(n.topic for n in screen.library.notes if n.id == ident))
    return (kind, ident)


async def test_down_then_one_enter_opens_the_highlighted_result(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_notes(app, pilot, "reserved concurrency")
        await pilot.press("down")
        await pilot.pause()
        results = screen.query_one("#notes-results", OptionList)
        assert app.focused is results and results.highlighted == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        assert screen.shown == hit(screen, 1)


async def test_one_enter_in_the_search_opens_the_first_result(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_notes(app, pilot, "reserved concurrency")
        assert hit(screen, 0)[0] in ("card", "question")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.shown == hit(screen, 0)
        assert app.focused is screen.query_one("#notes-results", OptionList)


async def test_escape_clears_the_search_then_leaves_the_notes(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_notes(app, pilot, "reserved")
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#notes-search", Input).value == ""
        assert not screen.query_one("#notes-results", OptionList).display
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_ctrl_t_focuses_the_first_field_of_the_tab_it_shows(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CalcScreen)
        screen.query_one("#cost-requests", Input).focus()
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert screen.query_one("#calc-tabs", TabbedContent).active == "calc-conc"
        focused = app.focused
        assert isinstance(focused, Input) and focused.id is not None and focused.id.startswith("conc-")
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        focused = app.focused
        assert isinstance(focused, Input) and focused.id is not None and focused.id.startswith("cost-")
