"""Card browser figures over about 10,000 cards (the shipped decks and 19 copies of Lambda).

browse_10k_open_ms: from pressing b on the dashboard (right after it shows) to the Browse screen
  painted with every card (the screen notes the first refresh after its rows arrive): the index
  is read then (cold).
browse_10k_open_warm_ms: the same a second after the dashboard shows, once the app has read the
  index in the background (what a learner who looks at the dashboard first sees).
browse_10k_search_ms: from a keystroke in the search box to the table showing its results
  (median over the keys of a few typed queries; includes the 20 ms typing pause the screen waits).
cards_cli_10k_ms: `studycards cards --json` over every card, as a process, cache warm.
cards_list_10k_ms: the command's own work in that process (index, search, JSON), the library
  already loaded and the database open: what the browser adds to any command's start.
stats_cli_10k_ms: `studycards stats --json` on the same decks, for comparison (the same start).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchutil import PYTHON, command_ms, private_data_dir
from ten_decks import build_settled

from studycards.context import AppContext
from studycards.tui.app import make_app
from studycards.tui.services import Services

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
COPIES = 19  # 2,575 shipped cards + 19 x 402 Lambda cards = about 10,200
GOALS = {"browse_10k_open_ms": 300, "browse_10k_search_ms": 50, "cards_cli_10k_ms": 500}
QUERIES = ("concurrency", "is:new -deck:lambda*", "prop:lapses>3")


async def _browse(db: Path, decks: Path, warm: bool) -> tuple[list[float], list[float], int]:
    open_ms: list[float] = []
    search_ms: list[float] = []
    shown = 0
    for _ in range(5):
        services = Services(AppContext(db_option=db, content_option=decks, clock=lambda: NOW))
        app = make_app(services)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            if warm:
                await asyncio.sleep(1.2)
                await app.workers.wait_for_complete()
            start = time.perf_counter()
            await pilot.press("b")
            while getattr(app.screen, "ready_at", None) is None:
                await asyncio.sleep(0.002)
            # the screen notes when its first rows were painted: the pilot's own waiting for idle
            # (timers such as the detail pane's delay) is not part of the learner's wait
            open_ms.append((app.screen.ready_at - start) * 1000)  # type: ignore[attr-defined]
            screen = app.screen
            shown = len(screen.rows)  # type: ignore[attr-defined]
            for query in QUERIES:
                await pilot.press("ctrl+u")
                for key in query:
                    await pilot.press(key)
                    await pilot.pause(0.05)
                    await app.workers.wait_for_complete()
                    await pilot.pause()
            search_ms.extend(screen.search_latencies_ms)  # type: ignore[attr-defined]
        services.close()
    return open_ms, search_ms, shown


def measure() -> dict[str, float]:
    """Run the browser benchmarks."""
    with tempfile.TemporaryDirectory() as tmp, private_data_dir(Path(tmp) / "data"):
        decks = build_settled(Path(tmp) / "decks", COPIES)
        db = Path(tmp) / "bench.db"
        context = AppContext(db_option=db, content_option=decks, clock=lambda: NOW)
        context.open_store().close()  # writes the content cache and adds the cards
        cli = command_ms([PYTHON, "-m", "studycards", "--db", str(db), "--content", str(decks), "cards",
                          "--json"], repeat=5)
        stats = command_ms([PYTHON, "-m", "studycards", "--db", str(db), "--content", str(decks), "stats",
                            "--json"], repeat=5)
        listing = _list_ms(context)
        open_ms, search_ms, shown = asyncio.run(_browse(db, decks, warm=False))
        warm_ms, _, _ = asyncio.run(_browse(db, decks, warm=True))
    return {
        "browse_cards": float(shown),
        "browse_10k_open_ms": round(statistics.median(open_ms), 2),
        "browse_10k_open_warm_ms": round(statistics.median(warm_ms), 2),
        "browse_10k_search_ms": round(statistics.median(search_ms), 2),
        "cards_cli_10k_ms": cli,
        "cards_list_10k_ms": listing,
        "stats_cli_10k_ms": stats,
    }


def _list_ms(context: AppContext) -> float:
    import io
    from contextlib import redirect_stdout

    from benchutil import median_ms

    from studycards.commands.cards import _emit_rows
    from studycards.srs.browse import BrowseIndex

    library = context.library()
    store = context.open_store(read_only=True)

    def run() -> None:
        rows = BrowseIndex.build(store, library, NOW).search("")
        with redirect_stdout(io.StringIO()):
            _emit_rows("", rows)

    try:
        return median_ms(run, repeat=5)
    finally:
        store.close()
