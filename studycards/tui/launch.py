"""Start the Textual app from the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studycards.errors import StudycardsError

if TYPE_CHECKING:
    from studycards.cli import AppContext


def launch(ctx: AppContext, screen: str = "dashboard", **options: Any) -> None:
    """Open the app on a screen ("dashboard", "review" or "quiz") and run until the learner quits.

    A crash inside the app becomes a non-zero exit status (StudycardsError), not a silent 0.
    """
    from studycards.tui.app import make_app
    from studycards.tui.services import Services

    services = Services(ctx.library(), ctx.db_path)
    services.store()  # open (and migrate) before the UI starts, so errors print as one line
    app = make_app(services, start=screen, start_options=options)
    try:
        app.run()
    finally:
        services.close()
    if app.return_code:  # Textual has printed the error; the exit status must say so too
        raise StudycardsError(
            "the app stopped after an unexpected error (details above)", exit_code=app.return_code
        )
