"""A one-line key bar: the screen's keys as text, much lighter to build than a Footer."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class KeyBar(Static):
    """Shows each visible binding of the screen (as remapped by the keymap) and its label."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1; padding: 0 1; text-wrap: nowrap;
        background: $panel; color: $text-muted;
    }
    """

    def on_mount(self) -> None:
        self.call_after_refresh(self.refresh_keys)

    def refresh_keys(self) -> None:
        parts: list[str | tuple[str, str]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.id is None or binding.description in seen:
                continue
            seen.add(binding.description)
            parts += [(self.app.get_key_display(binding), "bold $accent"), f" {binding.description}  "]
        self.update(Content.assemble(*parts))
