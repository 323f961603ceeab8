"""A one-line key bar: the screen's keys as text, much lighter to build than a Footer.

It uses the Footer's colours, shows the command palette key on the right as the Footer does,
and runs a key's action when it is clicked, so it looks and works like every other screen's
Footer. It re-renders one Static when the screen's bindings change (cheap enough to follow
every card of a review).
"""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Static


class KeySpan(NamedTuple):
    """Where a key's hint sits on the bar, and what clicking it runs."""

    start: int
    end: int
    action: str
    namespace: DOMNode | None


class KeyBar(Static):
    """Shows each visible binding of the screen (as remapped by the keymap) and its label."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1; padding: 0; text-wrap: nowrap; text-overflow: ellipsis;
        background: $footer-background; color: $footer-description-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[KeySpan] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh_keys())
        self.call_after_refresh(self.refresh_keys)

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_keys()

    def refresh_keys(self) -> None:
        if not self.is_attached:
            return
        keys = Content("")
        spans: list[KeySpan] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.id is None or binding.description in seen:
                continue
            seen.add(binding.description)
            hint = Content.assemble(
                (f" {self.app.get_key_display(binding)}", "bold $footer-key-foreground"),
                f" {binding.description} ",
            )
            if not active.enabled:  # shown but not available now, dimmed as a Footer does
                hint = hint.stylize("dim")
            start = keys.cell_length
            spans.append(KeySpan(start, start + hint.cell_length, binding.action, active.node))
            keys += hint
        palette = self._palette_hint()
        room = self.size.width - keys.cell_length - palette.cell_length
        if palette and room >= 1:
            start = keys.cell_length + room
            spans.append(KeySpan(start, start + palette.cell_length, "app.command_palette", None))
            keys = keys + Content(" " * room) + palette
        self.spans = spans
        self.update(keys)

    def _palette_hint(self) -> Content:
        """`▏^p palette`, as the Footer shows it, when the app has a command palette."""
        app = self.app
        if not app.ENABLE_COMMAND_PALETTE:
            return Content("")
        display = app.COMMAND_PALETTE_DISPLAY
        binding = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", key_display=display)
        return Content.assemble(
            ("▏", "$footer-key-foreground 30%"),
            (app.get_key_display(binding), "bold $footer-key-foreground"),
            " palette ",
        )

    async def on_click(self, event: events.Click) -> None:
        """Run the action of the key hint that was clicked, as a Footer does."""
        for span in self.spans:
            if span.start <= event.x < span.end:
                event.stop()
                await self.app.run_action(span.action, span.namespace)
                return
