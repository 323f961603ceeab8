"""Help: the keys of the screen underneath, with what each does."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from studycards.tui.keymap import KEY_MAP

GENERAL = [
    ("ctrl+p", "Command palette: every screen and action, by name or by what it does"),
    ("escape", "Back to the previous screen"),
    ("ctrl+q", "Quit (every answer is already saved)"),
]


class HelpScreen(ModalScreen[None]):
    """A modal listing the bindings active on the screen it was opened from."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help.close_q"),
    ]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self.keys_text(), id="help-text")

    def keys_text(self) -> Text:
        title = (self.under.sub_title or self.under.__class__.__name__.replace("Screen", "")).strip()
        text = Text()
        text.append(f"Keys · {title}\n\n", style="bold")
        seen: set[str] = set()
        for active in self.under.active_bindings.values():
            binding = active.binding
            # the screen's and the app's own keys carry ids; widget internals (cursor keys) do not
            if binding.id is None or not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            text.append(f"{self.app.get_key_display(binding):>12}", style="bold")
            text.append(f"  {binding.description}\n")
        text.append("\n")
        for key, what in GENERAL:
            text.append(f"{key:>12}", style="bold")
            text.append(f"  {what}\n")
        text.append("\nThe key map: one meaning per key on every screen\n", style="bold")
        for key, what in KEY_MAP:
            text.append(f"{key:>12}", style="bold")
            text.append(f"  {what}\n")
        text.append("\nescape or ? closes this help.", style="dim")
        return text
