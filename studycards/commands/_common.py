"""What the commands share: the --db/--content options, --topic and whole-number options."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from studycards.context import AppContext

__all__ = [
    "AppContext", "WholeNumber", "content_option", "db_option", "deck_option", "pass_app", "topic_option",
]

F = TypeVar("F", bound=Callable[..., Any])


def merge_globals(ctx: click.Context, db: Path | None, content: Path | None) -> AppContext:
    """The command's AppContext (`ctx.obj`, made if missing) with any --db/--content given."""
    app = ctx.ensure_object(AppContext)
    if db is not None:
        app.db_option = db
    if content is not None:
        app.content_option = content
    return app


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="STUDYCARDS_DB",
    help="Database file (default: studycards.db in your data folder). Env: STUDYCARDS_DB.",
)
content_option = click.option(
    "--content",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    envvar="STUDYCARDS_CONTENT",
    help="Extra folder of decks loaded beside the shipped ones. Env: STUDYCARDS_CONTENT.",
)


class WholeNumber(click.IntRange):
    """A whole number within a stated range, written in ASCII digits; a bad value is echoed to at
    most 40 characters (click's own INT would echo all of it, or fail past 4,300 digits)."""

    name = "integer"
    _MAX_CHARS = 40

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Check the text before click converts it, so a huge or odd value is one short line."""
        if not isinstance(value, int):
            text = str(value).strip()
            if not (len(text) <= self._MAX_CHARS and text and _WHOLE.fullmatch(text)):
                self.fail(f"{_shown(value)} is not a whole number ({self._describe_range()})", param, ctx)
            value = text
        return super().convert(value, param, ctx)


_WHOLE = re.compile(r"[-+]?[0-9]+")


def _shown(value: object, limit: int = 40) -> str:
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


topic_option = click.option(
    "--topic",
    "-t",
    "topics",
    multiple=True,
    metavar="[DECK/]SLUG",
    help="Only this topic, as deck/slug or a slug only one deck has (repeat, or separate with "
    "commas). See 'studycards topics'.",
)
deck_option = click.option(
    "--deck",
    "decks",
    multiple=True,
    metavar="DECK",
    help="Only this deck (repeat, or separate with commas); with --topic, only topics in these decks.",
)


def pass_app(func: F) -> F:
    """Give a command the AppContext and accept --db/--content after the command name too."""

    @db_option
    @content_option
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args: Any, db: Path | None, content: Path | None, **kwargs: Any) -> Any:
        return func(merge_globals(ctx, db, content), *args, **kwargs)

    return wrapper  # type: ignore[return-value]
