"""Note tables: columns sized by their content, so no key column is cut while others have room."""

from __future__ import annotations

import pytest
from textual.widgets._markdown import MarkdownTableContent

from studycards.tui.app import make_app
from studycards.tui.screens.notes import NotesScreen
from studycards.tui.widgets.note_table import column_widths, fair_shares
from tests.tui.conftest import settle


@pytest.mark.parametrize(
    ("columns", "room", "expected"),
    [
        ([["Key"], ["Value"]], 40, [5, 7]),  # everything fits: each column as wide as its text
        # the key column keeps its longest word; the long text takes most of the spare room
        ([["Provisioned concurrency"], ["Keeps a set number of environments initialised so requests"]],
         30, [13, 17]),
        ([["aa bb"], ["cccccccccc"]], 10, [4, 6]),  # short words whole, the long one breaks
    ],
)
def test_column_widths(columns, room, expected) -> None:
    assert column_widths(columns, room) == expected


def test_column_widths_fill_the_room_when_the_text_needs_it() -> None:
    columns = [["Control", "Provisioned concurrency"], ["What it does", "x " * 80], ["Cost", "y " * 20]]
    for room in (37, 50, 79, 120):
        widths = column_widths(columns, room)
        assert sum(widths) == room
        assert widths[0] >= len("Provisioned") + 2


def test_fair_shares_give_short_wants_in_full() -> None:
    assert fair_shares([3, 30, 4], 20, 2) == [3, 13, 4]


def words_cut(table: MarkdownTableContent) -> list[str]:
    """Words of the table that do not fit the width of their cell."""
    cut = []
    for cell in table.children:
        room = cell.region.width - cell.styles.gutter.width
        cut += [word for word in str(cell.render()).split() if len(word) > room]
    return cut


@pytest.mark.parametrize("size", [(80, 24), (130, 40)])
async def test_concurrency_table_keeps_its_key_column_whole(make_services, size) -> None:
    app = make_app(make_services())
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        screen.show_topic("concurrency")
        await settle(app, pilot)
        table = screen.query_one(MarkdownTableContent)
        assert [str(h) for h in table.headers] == ["Control", "What it does", "Cost"]
        assert words_cut(table) == []
        control, what, cost = (cell.region.width for cell in list(table.children)[:3])
        assert what > max(control, cost)  # the longest text gets the most room
        frame = 2 + 2  # the outer lines and the two between the columns
        assert control + what + cost + frame == table.size.width  # no room left unused
