"""Opening a TUI screen from a command, when the terminal allows it."""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studycards.context import AppContext, StartScreen


def interactive() -> bool:
    """True when both stdin and stdout are a terminal (else commands use their line mode)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_tui(app: AppContext, screen: StartScreen | str, **options: Any) -> bool:
    """Run the app on `screen` (a StartScreen); False when the TUI is unavailable."""
    if not interactive() or importlib.util.find_spec("studycards.tui.launch") is None:
        return False
    from studycards.tui.launch import launch

    launch(app, screen, **options)
    return True
