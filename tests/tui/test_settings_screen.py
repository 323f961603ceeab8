"""Pilot tests of the settings screen: empty fields mean the default, shown as such."""

from __future__ import annotations

from textual.widgets import Input

from studycards.srs.settings import SPECS
from studycards.tui.app import make_app
from studycards.tui.screens.settings import EDITABLE, SettingsScreen
from tests.tui.conftest import settle

SIZE = (80, 24)


async def open_settings(app, pilot) -> SettingsScreen:
    await settle(app, pilot)
    await pilot.press("comma")
    await settle(app, pilot)
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def test_clearing_relearning_steps_resets_to_the_default(make_services) -> None:
    services = make_services()
    services.store().set_setting("relearning_steps", "5m")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        field = screen.query_one("#set-relearning_steps", Input)
        assert field.value == "5m"
        assert field.placeholder == "default: 10m"
        field.value = ""
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not field.has_class("-invalid")
        assert "relearning_steps" not in services.store().stored_settings()
        assert services.settings().relearning_steps == "10m"
    # opened again, the field is empty and its placeholder names the default
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        field = screen.query_one("#set-relearning_steps", Input)
        assert field.value == "" and field.placeholder == "default: 10m"


async def test_every_cleared_field_means_its_default(make_services) -> None:
    services = make_services()
    for key, value in (("new_per_day", "5"), ("learning_steps", "2m"), ("desired_retention", "0.8")):
        services.store().set_setting(key, value)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        for key in EDITABLE:
            field = screen.query_one(f"#set-{key}", Input)
            assert field.placeholder.startswith("default: ")
            field.value = ""
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not any(screen.query_one(f"#set-{k}", Input).has_class("-invalid") for k in EDITABLE)
        assert not set(EDITABLE) & set(services.store().stored_settings())
        settings = services.settings()
        assert settings.new_per_day == int(SPECS["new_per_day"].default)
        assert settings.learning_steps == SPECS["learning_steps"].default
        assert settings.desired_retention == float(SPECS["desired_retention"].default)


async def test_none_turns_relearning_steps_off(make_services) -> None:
    services = make_services()
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        field = screen.query_one("#set-relearning_steps", Input)
        field.value = "none"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert services.settings().relearning_step_deltas == ()
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        assert screen.query_one("#set-relearning_steps", Input).value == "none"
