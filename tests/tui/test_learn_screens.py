"""The app's side of [learn]: the dashboard countdown, Optimize now, and the plan chart in Stats."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Button, Static

from studycards.srs.day import study_day
from studycards.tui.app import make_app
from studycards.tui.screens.stats import StatsScreen
from tests.tui.conftest import settle
from tests.tui.test_settings_screen import SIZE, open_settings


def set_exam(services, days: int) -> None:  # type: ignore[no-untyped-def]
    settings = services.settings()
    today = study_day(services.now(), settings.tz(), settings.day_starts_at)
    services.set_setting("exam_date", (today + timedelta(days=days)).isoformat())


async def test_dashboard_shows_the_countdown_and_on_track_state(make_services) -> None:  # type: ignore[no-untyped-def]
    services = make_services()
    set_exam(services, 40)
    services.set_setting("new_per_day", "2")
    plan = services.exam_plan()
    assert plan is not None and not plan.on_track  # more than 2 new cards a day are needed
    app = make_app(services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        text = str(app.screen.query_one("#dash-due-text", Static).render())
        assert "Exam in 40 days" in text and "behind plan" in text
        assert f"{plan.new_per_day_needed} new a day needed" in text


async def test_dashboard_without_exam_date_has_no_countdown(make_services) -> None:  # type: ignore[no-untyped-def]
    app = make_app(make_services())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "Exam in" not in str(app.screen.query_one("#dash-due-text", Static).render())


async def test_optimize_now_without_history_says_how_many_more(make_services) -> None:  # type: ignore[no-untyped-def]
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one("#settings-optimize", Button).press()
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        text = str(screen.query_one("#settings-optimize-text", Static).render())
        assert "400 more needed" in text
        assert not screen.query_one("#settings-optimize", Button).disabled


async def test_stats_charts_the_plan_forecast(make_services) -> None:  # type: ignore[no-untyped-def]
    services = make_services()
    store = services.store()
    from studycards.srs.model import Rating

    store.review("lambda.concurrency.formula", Rating.Good, services.now(), scheduler=store.scheduler())
    set_exam(services, 30)
    app = make_app(services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(StatsScreen())
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        caption = app.screen.query_one("#stats-plan-caption", Static)
        assert caption.display and "Exam plan: 30 days" in str(caption.render())
