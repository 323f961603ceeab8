"""The app's launcher: a crash inside the TUI must not end in exit status 0."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from studycards.cli import AppContext
from studycards.errors import StudycardsError
from studycards.tui import launch as launch_module


class CrashedApp:
    """Stands in for a Textual app that stopped on an unhandled error (Textual sets code 1)."""

    return_code: int | None = None

    def run(self) -> None:
        self.return_code = 1


class CleanApp(CrashedApp):
    def run(self) -> None:
        self.return_code = 0


@pytest.mark.parametrize(("app_type", "crashes"), [(CrashedApp, True), (CleanApp, False)])
def test_a_crash_in_the_app_is_a_non_zero_exit(
    app_type: type[CrashedApp],
    crashes: bool,
    write_deck: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("studycards.tui.app.make_app", lambda *a, **k: app_type())
    ctx: Any = AppContext(db_option=tmp_path / "study.db", content_option=write_deck())
    if crashes:
        with pytest.raises(StudycardsError) as info:
            launch_module.launch(ctx)
        assert info.value.exit_code == 1
        assert "unexpected error" in info.value.message
    else:
        launch_module.launch(ctx)
