"""Fixtures for driving the app headless: a temporary database and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studycards.content.loader import load_or_raise
from studycards.content.model import Library
from studycards.context import AppContext
from studycards.locations import shipped_content_dir
from studycards.tui.services import Services

FIXED_NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


class Clock:
    """A clock tests can move forward."""

    def __init__(self, start: datetime = FIXED_NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def library() -> Library:
    """The Lambda deck alone: the screens' tests pin its topics (many decks have tests of their own)."""
    return load_or_raise([shipped_content_dir() / "lambda"])


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_services(library: Library, tmp_path: Path, clock: Clock) -> Callable[..., Services]:
    """Services on a fresh temporary database (UTC day boundary for determinism)."""
    created: list[Services] = []

    def make(db: Path | None = None, lib: Library | None = None) -> Services:
        services = Services(AppContext.for_library(lib or library, db or tmp_path / "tui.db", clock=clock))
        services.store().set_setting("timezone", "UTC")
        created.append(services)
        return services

    yield make
    for services in created:
        services.close()


async def settle(app, pilot) -> None:
    """Let the app finish its workers and repaint."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
