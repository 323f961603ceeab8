"""The worker error policy: a StudycardsError becomes a notification, any other error fails the app."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from textual.worker import WorkerFailed

from studycards.errors import StudycardsError
from studycards.tui.app import make_app
from studycards.tui.screens.settings import SettingsScreen
from tests.tui.conftest import settle

SIZE = (80, 24)


def notices(app) -> list[str]:
    return [f"{n.severity}: {n.message}" for n in app._notifications]


async def open_settings(app, pilot) -> SettingsScreen:
    await settle(app, pilot)
    await pilot.press("comma")
    await settle(app, pilot)
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def test_a_busy_database_while_saving_settings_is_a_notification(make_services, monkeypatch) -> None:
    services = make_services()

    def busy(key: str, raw: str) -> None:
        raise StudycardsError("database is busy: another studycards is writing; try again")

    monkeypatch.setattr(services, "set_setting", busy)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one("#set-new_per_day", Input).value = "7"
        screen.query_one("#set-learning_steps", Input).value = "2m 20m"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.is_running and app.screen is screen
        assert "error: database is busy: another studycards is writing; try again" in notices(app)
        assert "Settings saved." not in " ".join(notices(app))
        assert screen.query_one("#set-new_per_day", Input).value == "7"
        assert screen.query_one("#set-learning_steps", Input).value == "2m 20m"
        # the values still count as unsaved: escape warns before leaving
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
    assert "new_per_day" not in services.store().stored_settings()


async def test_a_bug_in_a_worker_still_fails_the_app(make_services, monkeypatch) -> None:
    services = make_services()

    def broken(key: str, raw: str) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(services, "set_setting", broken)
    app = make_app(services)
    with pytest.raises(WorkerFailed) as info:
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_settings(app, pilot)
            screen.query_one("#set-new_per_day", Input).value = "7"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
    assert isinstance(info.value.error, KeyError)


async def test_a_busy_database_while_rating_keeps_the_card(make_services, monkeypatch) -> None:
    from studycards.tui.screens.review import ReviewScreen

    services = make_services()
    services.store().set_setting("new_per_day", "1")
    answer_card = services.answer_card

    def busy_once(*args, **kwargs):
        monkeypatch.setattr(services, "answer_card", answer_card)
        raise StudycardsError("database is busy")

    monkeypatch.setattr(services, "answer_card", busy_once)
    app = make_app(services, start="review")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("space", "4")
        await settle(app, pilot)
        assert "error: database is busy" in notices(app)
        assert not screen.busy and screen.revealed and not screen.finished
        await pilot.press("4")  # the second try is saved (Easy: the card leaves today's session)
        await settle(app, pilot)
        assert screen.finished and screen.session is not None and screen.session.answered == 1
