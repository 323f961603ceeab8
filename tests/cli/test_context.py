"""The AppContext: one place for the database, the content and the clock, shared by CLI and TUI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from studycards import cli as cli_module
from studycards.context import AppContext, StartScreen
from studycards.errors import StudycardsError
from studycards.srs.store import Store
from tests.store.srsutil import T0, make_library
from tests.unit.test_import_hygiene import modules_after

BROKEN_TOPIC = "topic: alpha\ncards:\n  - id: mini.alpha.bad\n    front: no back\n"


def test_the_context_module_imports_neither_click_nor_textual() -> None:
    loaded = modules_after("import studycards.context")
    assert "studycards.context" in loaded
    assert not {"click", "textual", "fsrs"} & loaded


def test_the_cli_builds_the_one_context_class() -> None:
    assert cli_module.AppContext is AppContext


def test_open_store_syncs_the_cards_of_the_library(tmp_path: Path) -> None:
    context = AppContext.for_library(make_library(n=3), tmp_path / "study.db", clock=lambda: T0)
    with context.open_store() as store:
        assert [store.card(f"c{i:03d}") is not None for i in range(3)] == [True, True, True]


def test_open_store_without_sync_leaves_the_content_alone(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    from tests.conftest import MINI_MANIFEST

    broken = write_deck({"mini/deck.yaml": MINI_MANIFEST, "mini/alpha.yaml": BROKEN_TOPIC})
    context = AppContext(db_option=tmp_path / "study.db", content_option=broken)
    with context.open_store(sync=False) as store:  # settings need no content
        assert store.card("mini.alpha.bad") is None
    with pytest.raises(StudycardsError) as info:
        context.open_store()
    assert info.value.exit_code == 1


def test_a_read_only_opening_does_not_create_the_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    context = AppContext(db_option=path)
    with context.open_store(read_only=True, sync=False) as store:
        assert store.settings().new_per_day == 20
    assert not path.exists()


def test_the_library_is_loaded_once(write_deck: Callable[..., Path]) -> None:
    context = AppContext(content_option=write_deck())
    assert context.library() is context.library()


def test_start_screens_are_their_names() -> None:
    assert StartScreen("dashboard") is StartScreen.DASHBOARD
    assert StartScreen.QUIZ == "quiz"
    assert [str(s) for s in StartScreen] == ["dashboard", "review", "quiz"]


def test_launch_builds_the_services_on_the_context_with_its_clock_and_the_saved_theme(
    tmp_path: Path, write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from studycards.tui import launch as launch_module

    made: dict[str, Any] = {}

    class App:
        return_code = 0

        def run(self) -> None:
            made["db open while running"] = made["services"]._store is not None

    def fake_make_app(services: Any, **kwargs: Any) -> App:
        made["services"], made["kwargs"] = services, kwargs
        return App()

    with Store.open(tmp_path / "study.db") as store:
        store.set_setting("theme", "textual-light")
    monkeypatch.setattr("studycards.tui.app.make_app", fake_make_app)
    context = AppContext(db_option=tmp_path / "study.db", content_option=write_deck(), clock=lambda: T0)
    launch_module.launch(context, "review", limit=3)

    services = made["services"]
    assert services.context is context and services.clock() == T0
    assert services.db_path == tmp_path / "study.db" and "alpha" in services.library.topics
    assert made["kwargs"]["theme"] == "textual-light"
    assert made["kwargs"]["start"] is StartScreen.REVIEW
    assert made["kwargs"]["start_options"] == {"limit": 3}
    assert made["db open while running"] is True
    assert services._store is None  # closed after the app ends


async def test_make_app_applies_the_theme_it_is_given(tmp_path: Path) -> None:
    from studycards.tui.app import make_app
    from studycards.tui.services import Services

    services = Services(AppContext.for_library(make_library(n=2), tmp_path / "study.db", clock=lambda: T0))
    try:
        app = make_app(services, theme="textual-light")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert app.theme == "textual-light"
            assert services.ui_setting("theme") is None  # applied, not written back
    finally:
        services.close()
