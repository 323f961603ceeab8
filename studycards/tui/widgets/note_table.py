"""Markdown tables for the notes: each column as wide as its content asks, not an even share.

Textual shares a table's width evenly and cuts long words with an ellipsis, so a key column
such as "Provisioned concurrency" shrinks to "Provisio…" while a column of short words keeps
spare room. Here every column first gets its longest word, then the room left is shared in
proportion to how much more text each column holds (the auto table layout of web browsers),
and the longest texts wrap.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.layout import Layout
from textual.layouts.grid import GridLayout
from textual.widgets._markdown import MarkdownTable, MarkdownTableContent

CELL_PADDING = 2  # a cell's padding: one space each side


def longest_word(texts: Sequence[str]) -> int:
    """The width of the longest word in `texts`."""
    return max((cell_len(word) for text in texts for word in text.split()), default=0)


def column_widths(columns: Sequence[Sequence[str]], room: int, padding: int = CELL_PADDING) -> list[int]:
    """Widths (padding included) for table columns, given as their cells' texts, to fit `room` cells."""
    if not columns:
        return []
    most = [max((cell_len(text) for text in column), default=0) + padding for column in columns]
    word = [longest_word(column) + padding for column in columns]
    least = [min(w, m) for w, m in zip(word, most, strict=True)]
    if sum(most) <= room:
        return most
    if sum(least) > room:  # not even the words fit: short words whole, the longest ones break
        widths = fair_shares(least, room, padding + 1)
        wanted = least
    else:
        spare = room - sum(least)
        wants = [m - low for m, low in zip(most, least, strict=True)]
        widths = [low + spare * want // sum(wants) for low, want in zip(least, wants, strict=True)]
        wanted = most
    # The few cells that rounding left over go to the columns with the most text still to place.
    short = sorted(range(len(widths)), key=lambda i: wanted[i] - widths[i], reverse=True)
    for i in short[: max(room - sum(widths), 0)]:
        widths[i] += 1
    return widths


def fair_shares(wanted: Sequence[int], room: int, floor: int) -> list[int]:
    """Share `room` so each gets what it wants up to an equal share of what is left (at least `floor`)."""
    widths = [0] * len(wanted)
    left = room
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    for done, i in enumerate(order):
        widths[i] = max(floor, min(wanted[i], left // (len(wanted) - done)))
        left -= widths[i]
    return widths


class NoteTableContent(MarkdownTableContent):
    """The table's grid, with its columns sized by `column_widths` whenever its width changes.

    Where the longest words do not fit with a space each side of them, the cells keep only the
    left space (class `-tight`); where they do not fit even so, words break (`-cramped`) rather
    than lose their ends to an ellipsis.
    """

    DEFAULT_CSS = """
    NoteTableContent.-tight > .cell, NoteTableContent.-tight > .header { padding: 0 0 0 1; }
    NoteTableContent.-cramped > .cell, NoteTableContent.-cramped > .header { text-overflow: fold; }
    """

    def __init__(self, headers: list[Content], rows: list[list[Content]]) -> None:
        super().__init__(headers, rows)
        self._fitted = ""

    def pre_layout(self, layout: Layout) -> None:
        super().pre_layout(layout)
        if self._fitted and isinstance(layout, GridLayout):
            layout.expand = layout.shrink = layout.auto_minimum = False  # the widths are already fitted

    def on_resize(self, event: events.Resize) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Size the columns to the room the table has now."""
        count = len(self.headers)
        if not count or not self.size.width:
            return
        room = self.size.width - 2 - (count - 1) * self.styles.grid_gutter_vertical  # frame and gutters
        columns = [
            [self.headers[i].plain, *(row[i].plain for row in self.rows if i < len(row))]
            for i in range(count)
        ]
        words = sum(longest_word(column) for column in columns)
        tight = words + CELL_PADDING * count > room
        widths = column_widths(columns, room, padding=1 if tight else CELL_PADDING)
        fitted = " ".join(str(width) for width in widths)
        if fitted != self._fitted:
            self._fitted = fitted
            self.set_class(tight, "-tight")
            self.set_class(words + count > room, "-cramped")  # words must break: none is cut short
            self.styles.grid_columns = fitted


class NoteTable(MarkdownTable):
    """A Markdown table whose columns are sized by their content."""

    def compose(self) -> ComposeResult:
        headers, rows = self._get_headers_and_rows()
        self._headers = headers
        self._rows = rows
        yield NoteTableContent(headers, rows)
