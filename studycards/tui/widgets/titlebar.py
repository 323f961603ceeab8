"""A one-line title bar: the app's name and the screen's subtitle (lighter than Header)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class TitleBar(Static):
    """Shows `studycards — <screen subtitle>`, following subtitle changes."""

    DEFAULT_CSS = """
    TitleBar { dock: top; height: 1; background: $panel; color: $foreground; content-align: center middle;
               text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "sub_title", self._show, init=True)

    def _show(self, sub_title: str | None = None) -> None:
        subtitle = sub_title if sub_title else self.app.sub_title
        self.update(Content.assemble((self.app.title, "bold"), f" — {subtitle}" if subtitle else ""))
