"""TUI figures: tui_ready_ms vs textual_hello_ms (same harness), rating_to_next_card_ms.

tui_ready_ms_10x: the same start with ten more copies of the decks given as `--content`
(scripts/ten_decks.py) and loaded by the app itself, through a warm content cache.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchutil import private_data_dir
from ten_decks import build_settled
from textual.app import App, ComposeResult
from textual.widgets import Static

from studycards.content.loader import load_or_raise
from studycards.context import AppContext
from studycards.locations import shipped_content_dir
from studycards.tui.app import make_app
from studycards.tui.services import Services

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
GOALS = {"tui_ready_ms_10x": "tui_ready_ms"}


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello")


async def _ready_ms(build) -> float:
    start = time.perf_counter()
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed


async def _rating_samples(services: Services, answers: int) -> list[float]:
    """Time from the rating key to the next card painted, as the review screen records it."""
    app = make_app(services, start="review")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for _ in range(answers):
            await pilot.press("space")
            await pilot.pause()
            await pilot.press("3")
            await app.workers.wait_for_complete()
            await pilot.pause()
        return list(app.screen.rating_latencies_ms)  # type: ignore[attr-defined]


def measure() -> dict[str, float]:
    """Run the TUI benchmarks."""
    library = load_or_raise([shipped_content_dir()])
    with tempfile.TemporaryDirectory() as tmp:
        hello = [asyncio.run(_ready_ms(Hello)) for _ in range(9)]
        services = Services(AppContext.for_library(library, Path(tmp) / "rating.db", clock=lambda: NOW))
        rating = asyncio.run(_rating_samples(services, 15))
        services.close()
    return {
        "tui_ready_ms": ready_ms(ten_decks=False),
        "tui_ready_ms_10x": ready_ms(ten_decks=True),
        "textual_hello_ms": round(statistics.median(hello), 2),
        "rating_to_next_card_ms": round(statistics.median(rating), 2),
    }


def ready_ms(*, ten_decks: bool) -> float:
    """From building the app to its first screen ready, the app loading its decks itself.

    The shipped deck alone, or with ten copies given as `--content` (scripts/ten_decks.py); both
    after one first start that writes the content cache and adds the cards to the database.
    """
    with tempfile.TemporaryDirectory() as tmp, private_data_dir(Path(tmp) / "data"):
        decks = build_settled(Path(tmp) / "decks") if ten_decks else None
        db = Path(tmp) / "bench.db"

        def studycards_app() -> App[None]:
            return make_app(Services(AppContext(db_option=db, content_option=decks, clock=lambda: NOW)))

        asyncio.run(_ready_ms(studycards_app))  # first start: writes the cache and adds the cards
        ready = [asyncio.run(_ready_ms(studycards_app)) for _ in range(9)]
    return round(statistics.median(ready), 2)
