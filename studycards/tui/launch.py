"""Start the Textual app from the CLI."""

from __future__ import annotations

from typing import Any

from studycards.context import AppContext, StartScreen
from studycards.errors import StudycardsError


def launch(ctx: AppContext, screen: StartScreen | str = StartScreen.DASHBOARD, **options: Any) -> None:
    """Open the app on a screen and run until the learner quits.

    A crash inside the app becomes a non-zero exit status (StudycardsError), not a silent 0.
    """
    from studycards.tui.app import make_app
    from studycards.tui.services import Services

    ctx.library()  # content errors print as one line before the UI starts
    services = Services(ctx)
    services.settings_store()  # so do database errors; the cards are synced by the first worker
    app = make_app(
        services,
        start=StartScreen(screen),
        start_options=options,
        keymap=services.keymap(),
        theme=services.ui_setting("theme"),
    )
    try:
        app.run()
    finally:
        services.close()
    if app.return_code:  # Textual has printed the error; the exit status must say so too
        raise StudycardsError(
            "the app stopped after an unexpected error (details above)", exit_code=app.return_code
        )
