"""SVG snapshots of the key screens at 100x30 (fixed clock, fresh database)."""

from __future__ import annotations

from studycards.tui.app import make_app
from tests.tui.conftest import settle

SIZE = (100, 30)


async def _settle(pilot) -> None:
    await settle(pilot.app, pilot)


def test_dashboard_first_run(snap_compare, make_services) -> None:
    assert snap_compare(make_app(make_services()), terminal_size=SIZE, run_before=_settle)


def test_review_answer_revealed(snap_compare, make_services) -> None:
    async def reveal(pilot) -> None:
        await _settle(pilot)
        await pilot.press("space")
        await pilot.pause()

    app = make_app(make_services(), start="review", start_options={"topic": "concurrency"})
    assert snap_compare(app, terminal_size=SIZE, run_before=reveal)


def test_browse_search(snap_compare, make_services) -> None:
    async def search(pilot) -> None:
        await _settle(pilot)
        await pilot.press("b")
        await _settle(pilot)
        pilot.app.screen.query_one("Input").value = "topic:concurrency prop:lapses<1"
        await pilot.pause(0.1)
        await _settle(pilot)
        await pilot.press("enter")
        await pilot.pause(0.2)
        await _settle(pilot)

    assert snap_compare(make_app(make_services()), terminal_size=SIZE, run_before=search)
