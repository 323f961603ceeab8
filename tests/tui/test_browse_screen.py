"""The Browse screen: search, the table, the detail pane, the actions and undo (Pilot)."""

from __future__ import annotations

from textual.widgets import Input, Static

from studycards.tui.app import make_app
from studycards.tui.screens.browse import BrowseScreen
from studycards.tui.screens.review import ReviewScreen
from studycards.tui.widgets.card_table import CardTable
from tests.tui.conftest import settle

SIZE = (120, 36)
ZERO = "lambda.concurrency.reserved-zero"


async def open_browse(app, pilot, *keys: str) -> BrowseScreen:
    await settle(app, pilot)
    await pilot.press("b")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    if keys:
        await pilot.press(*keys)
        await pilot.pause(0.1)
        await settle(app, pilot)
    return screen


def status(screen: BrowseScreen) -> str:
    return str(screen.query_one("#browse-status", Static).render())


async def test_search_lists_matching_cards(make_services, library) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browse(app, pilot)
        table = screen.query_one(CardTable)
        assert len(table.rows) == len(library.cards)
        await pilot.press(*"topic:concurrency")
        await pilot.pause(0.1)
        await settle(app, pilot)
        assert table.rows and all(row.topic == "lambda/concurrency" for row in table.rows)
        assert f"{len(table.rows)} of {len(library.cards)} cards" in status(screen)


async def test_a_bad_query_says_where_and_keeps_the_results(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browse(app, pilot)
        before = len(screen.query_one(CardTable).rows)
        screen.query_one(Input).value = "is:nope"
        await pilot.pause(0.1)
        await settle(app, pilot)
        assert "bad query at character 1: unknown is:nope" in status(screen)
        assert len(screen.query_one(CardTable).rows) == before


async def test_suspended_in_review_then_found_and_unsuspended_in_browse(make_services) -> None:
    services = make_services()
    app = make_app(services, start="review", start_options={"topic": "concurrency"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        card_id = review.session.current.id
        await pilot.press("S")
        await settle(app, pilot)
        assert services.store().card(card_id).suspended
        toast = [n.message for n in app._notifications]
        assert any(card_id in message and "press b to browse" in message.lower() for message in toast)
        await pilot.press("b")  # opens on the card just suspended
        await pilot.pause(0.1)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert screen.query_one(Input).value == f"id:{card_id}"
        table = screen.query_one(CardTable)
        assert [row.id for row in table.rows] == [card_id] and table.rows[0].suspended
        await pilot.press("S")  # toggles: unsuspends
        await settle(app, pilot)
        await pilot.pause(0.1)
        await settle(app, pilot)
        assert not services.store().card(card_id).suspended
        assert not table.rows[0].suspended
        await pilot.press("u")  # the undo puts the suspension back
        await settle(app, pilot)
        await pilot.pause(0.1)
        await settle(app, pilot)
        assert services.store().card(card_id).suspended


async def test_bury_forget_and_undo(make_services) -> None:
    services = make_services()
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browse(app, pilot, *f"id:{ZERO}", "enter")
        await pilot.press("B")
        await settle(app, pilot)
        await pilot.pause(0.1)
        await settle(app, pilot)
        assert screen.query_one(CardTable).rows[0].buried
        await pilot.press("u")
        await settle(app, pilot)
        await pilot.pause(0.1)
        await settle(app, pilot)
        assert not screen.query_one(CardTable).rows[0].buried
        await pilot.press("F")
        await settle(app, pilot)
        assert services.store().undo_change() is not None  # the forget was journaled


async def test_the_detail_pane_shows_the_card(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browse(app, pilot, *f"id:{ZERO}", "enter")
        await pilot.pause(0.2)
        await settle(app, pilot)
        text = str(screen.query_one("#browse-card", Static).render())
        assert ZERO in text and "reserved concurrency is set to 0" in text and "State" in text


async def test_sorting_by_key_and_by_clicking_a_title(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browse(app, pilot)
        table = screen.query_one(CardTable)
        table.focus()
        await pilot.press("o")
        await settle(app, pilot)
        assert screen.sort == "lapses"
        await pilot.click(CardTable, offset=(2, 0))  # the Card column's title: the card's text
        await settle(app, pilot)
        assert screen.sort == "front"
        fronts = [row.front.casefold() for row in table.rows]
        assert fronts == sorted(fronts)
        await pilot.click(CardTable, offset=(2, 0))
        await settle(app, pilot)
        assert screen.reverse and [row.front.casefold() for row in table.rows] == sorted(fronts, reverse=True)


async def test_browse_opens_from_every_screen_and_the_palette_finds_it(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for key in ("n", "c"):  # notes and calculators, then b
            await pilot.press(key)
            await settle(app, pilot)
            app.screen.set_focus(None)
            await pilot.press("b")
            await settle(app, pilot)
            assert isinstance(app.screen, BrowseScreen)
            await pilot.press("escape")
            await settle(app, pilot)
            await pilot.press("escape")
            await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"suspend")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BrowseScreen)


async def test_the_table_scrolls_with_the_cursor(make_services, library) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browse(app, pilot)
        table = screen.query_one(CardTable)
        table.focus()
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor == len(library.cards) - 1 and table.scroll_offset.y > 0
        await pilot.press("home", "down", "pagedown")
        await pilot.pause()
        assert table.cursor > 1 and table.current is table.rows[table.cursor]


async def palette_titles(app, pilot, query: str) -> list[str]:
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.5)
    found = app.screen.query_one(CommandList)
    titles = [str(found.get_option_at_index(i).prompt).split("\n")[0] for i in range(found.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return titles


async def test_the_palette_finds_screens_by_what_they_do_without_duplicates(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("Start a quiz" in title for title in await palette_titles(app, pilot, "exam"))
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Keys" not in commands and "Help" in commands
        assert len(commands) == len(set(commands))
        await pilot.press("r")
        await settle(app, pilot)
        assert any("Review: Suspend" in title for title in await palette_titles(app, pilot, "suspend"))
