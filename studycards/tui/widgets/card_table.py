"""The browser's card table: a virtual list that renders only the rows on screen (Textual's line
API), so 10,000 cards cost no more to show, scroll or replace than 100.

A fixed header names the columns (the sorted one marked ▲/▼; clicking one asks to sort by it);
a cursor row follows the arrow keys, page keys, home/end and the mouse. Cell text is made safe
(control and bidi characters escaped) only for the rows being drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from studycards.content.safe_text import safe_line
from studycards.srs.browse import BrowseRow


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the sort key it stands for, its title, width (0: the rest) and cell text."""

    key: str
    title: str
    width: int
    cell: Callable[[BrowseRow], str]
    right: bool = False


COLUMNS = (
    Column("front", "Card", 0, lambda r: r.front),
    Column("topic", "Topic", 18, lambda r: r.topic),
    Column("state", "State", 10, lambda r: r.state.label),
    Column("flags", "Flg", 3, lambda r: ("S" if r.suspended else "") + ("B" if r.buried else "")
           + ("L" if r.leech else "")),
    Column("due", "Due", 10, lambda r: r.due.astimezone().strftime("%Y-%m-%d") if r.due else "-"),
    Column("interval", "Ivl", 5, lambda r: "-" if r.interval_days is None else f"{r.interval_days}d", True),
    Column("lapses", "Lps", 4, lambda r: str(r.lapses), True),
    Column("difficulty", "D", 4, lambda r: _num(r.difficulty), True),
    Column("stability", "S", 6, lambda r: _num(r.stability), True),
    Column("retrievability", "R", 5, lambda r: _pct(r.recall), True),
    Column("id", "Id", 30, lambda r: r.id),
)
BY_KEY = {column.key: column for column in COLUMNS}
PRIORITY = ("state", "due", "retrievability", "lapses", "stability", "interval", "difficulty", "flags",
            "topic", "id")  # the card's text is always shown: it is how a learner knows a card
CARD_MIN = 24


class CardTable(ScrollView, can_focus=True):
    """Rows of cards with a cursor; posts `CursorMoved` and `SortRequested`."""

    DEFAULT_CSS = """
    CardTable { height: 1fr; background: $surface; }
    CardTable > .card-table--header { text-style: bold; color: $text-muted; background: $panel; }
    CardTable > .card-table--cursor { background: $block-cursor-blurred-background; }
    CardTable:focus > .card-table--cursor { background: $block-cursor-background;
                                            color: $block-cursor-foreground; text-style: bold; }
    CardTable > .card-table--flagged { color: $text-warning; }
    """
    COMPONENT_CLASSES = {"card-table--header", "card-table--cursor", "card-table--flagged"}
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class CursorMoved(Message):
        """The cursor rests on another card (None: the table is empty)."""

        def __init__(self, row: BrowseRow | None) -> None:
            super().__init__()
            self.row = row

    class SortRequested(Message):
        """The learner clicked a column title."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[BrowseRow] = ()
        self.sort_key = "due"
        self.descending = False
        self._widths_for: tuple[int, list[int]] = (-1, [])

    # ---- data ----------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[BrowseRow], keep: str | None = None) -> None:
        """Show `rows`; the cursor stays on card `keep` when it is still listed, else goes to the top."""
        self.rows = rows
        index = 0
        if keep is not None:
            index = next((i for i, row in enumerate(rows) if row.id == keep), 0)
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.cursor = index
        self.refresh()

    def set_sort(self, key: str, descending: bool) -> None:
        """Mark the sorted column in the header."""
        self.sort_key, self.descending = key, descending
        self.refresh()

    @property
    def current(self) -> BrowseRow | None:
        """The row under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    # ---- cursor ----------------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1))

    def watch_cursor(self, value: int) -> None:
        visible = max(self.size.height - 1, 1)
        top = round(self.scroll_offset.y)
        if value < top:
            self.scroll_to(y=value, animate=False)
        elif value >= top + visible:
            self.scroll_to(y=value - visible + 1, animate=False)
        self.refresh()
        self.post_message(self.CursorMoved(self.current))

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_page(self, step: int) -> None:
        self.cursor += step * max(self.size.height - 2, 1)

    def action_jump(self, where: int) -> None:
        self.cursor = where if where >= 0 else len(self.rows) - 1

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            key = self._column_at(event.x)
            if key is not None:
                self.post_message(self.SortRequested(key))
            return
        self.cursor = round(self.scroll_offset.y) + event.y - 1

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)

    # ---- drawing ---------------------------------------------------------------------------------
    def _widths(self) -> list[int]:
        """Each column's width (0: hidden). Columns join in PRIORITY order while they fit; the
        card's text takes what is left."""
        width = self.size.width
        if width == self._widths_for[0]:
            return self._widths_for[1]
        room = width - CARD_MIN
        shown: set[str] = set()
        for key in PRIORITY:
            need = BY_KEY[key].width + 1
            if need <= room:
                shown.add(key)
                room -= need
        widths = [CARD_MIN + max(room, 0) if column.key == "front" else
                  (column.width if column.key in shown else 0) for column in COLUMNS]
        self._widths_for = (width, widths)
        return widths

    def _column_at(self, x: int) -> str | None:
        start = 0
        for column, width in zip(COLUMNS, self._widths(), strict=True):
            if not width:
                continue
            if start <= x < start + width + 1:
                return column.key
            start += width + 1
        return None

    def _line(self, cells: list[str], style: Style) -> Strip:
        parts = []
        for column, width, text in zip(COLUMNS, self._widths(), cells, strict=True):
            if not width:
                continue
            if cell_len(text) > width:
                text = set_cell_size(text, max(width - 1, 0)) + "…"
            parts.append(text.rjust(width) if column.right else set_cell_size(text, width))
        return Strip([Segment(" ".join(parts), style)]).adjust_cell_length(self.size.width, style)

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        if y == 0:
            titles = []
            for column in COLUMNS:
                mark = ("▼" if self.descending else "▲") if column.key == self.sort_key else ""
                titles.append(column.title + mark)
            return self._line(titles, base + self.get_component_rich_style("card-table--header"))
        index = round(self.scroll_offset.y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(self.size.width, base)
        row = self.rows[index]
        style = base
        if row.suspended or row.buried:
            style += self.get_component_rich_style("card-table--flagged")
        if index == self.cursor:
            style += self.get_component_rich_style("card-table--cursor")
        return self._line([safe_line(column.cell(row)) for column in COLUMNS], style)
