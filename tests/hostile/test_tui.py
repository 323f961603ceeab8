"""Hostile input in the TUI's settings fields: blanks, words where steps belong, odd text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input

from studycards.content.loader import load_or_raise
from studycards.content.model import Library
from studycards.context import AppContext
from studycards.locations import shipped_content_dir
from studycards.tui.app import make_app
from studycards.tui.screens.settings import SettingsScreen
from studycards.tui.services import Services
from tests.tui.conftest import Clock, settle


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_or_raise([shipped_content_dir()])


@pytest.fixture
def services(shipped: Library, tmp_path) -> Iterator[Services]:
    made = Services(AppContext.for_library(shipped, tmp_path / "tui.db", clock=Clock()))
    made.store().set_setting("timezone", "UTC")
    yield made
    made.close()


async def save_field(services, key: str, text: str) -> bool:
    """Type `text` into one settings field, save, and say whether the field was refused."""
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("comma")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        field = screen.query_one(f"#set-{key}", Input)
        field.value = text
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        return field.has_class("-invalid")


@pytest.mark.parametrize("text", ["   ", "\t"])
async def test_a_blank_field_is_the_default_not_an_error(services, text) -> None:
    services.store().set_setting("leech_threshold", "3")
    assert not await save_field(services, "leech_threshold", text)
    assert services.settings().leech_threshold == 8


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("learning_steps", "none"),  # learning needs a step; only relearning can be turned off
        ("relearning_steps", "none 10m"),
        ("new_per_day", "20; DROP TABLE settings"),
        ("timezone", "../../etc/passwd"),
    ],
)
async def test_nonsense_is_refused_and_nothing_stored(services, key, text) -> None:
    before = services.store().stored_settings()
    assert await save_field(services, key, text)
    assert services.store().stored_settings() == before
