"""Deck titles no author means (markup, far too long) in the app's deck views."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList, Tree

from studycards.content.loader import load_or_raise
from studycards.context import AppContext
from studycards.tui.app import make_app
from studycards.tui.screens.quiz_setup import TopicPicker
from studycards.tui.services import Services
from tests.tui.conftest import Clock, settle
from tests.tui.test_many_decks import deck_files

MARKUP = "[bold red]Loud[/] $accent " + "very long deck title " * 6


async def test_hostile_deck_titles_stay_literal_on_one_line(
    write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    files = deck_files("one", f"'{MARKUP}'", {"alpha": 1})
    files.update(deck_files("two", "Two", {"gamma": 1}))
    library = load_or_raise([write_deck(files)])
    services = Services(AppContext.for_library(library, tmp_path / "tui.db", clock=Clock()))
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        topics = app.screen.query_one("#dash-topics", OptionList)
        line = str(topics.get_option("deck:one").prompt)
        assert line.startswith("▸ [bold red]Loud[/] $accent very")
        assert line.rstrip().endswith("–") and "…" in line  # cut to its column, the figures kept
        app.action_open_notes()
        await settle(app, pilot)
        assert str(app.screen.query_one(Tree).root.children[0].label).startswith("[bold red]Loud[/]")
        app.pop_screen()
        app.action_open_quiz()
        await settle(app, pilot)
        deck_line = app.screen.query_one(TopicPicker).get_option_at_index(0).prompt
        assert str(deck_line).startswith("[bold red]Loud[/]")
    services.close()
