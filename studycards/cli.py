"""The `studycards` command line: a click group whose commands import their engines lazily.

Only click and the light path helpers are imported at start-up, so `studycards --help` never
pulls in textual, genanki or fsrs.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from studycards import __version__
from studycards.errors import StudycardsError

if TYPE_CHECKING:
    from studycards.content.model import Library

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class AppContext:
    """What every command needs: where the database and the content are."""

    db_option: Path | None = None
    content_option: Path | None = None
    _library: Library | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        """The database file: --db / STUDYCARDS_DB, else the platform data folder."""
        from studycards.locations import default_db_path

        return self.db_option or default_db_path()

    def content_roots(self) -> list[Path]:
        """The folders decks are loaded from: shipped, the user's decks folder, then --content."""
        from studycards.locations import content_roots

        return content_roots(self.content_option)

    def library(self) -> Library:
        """Load all decks once; content problems become one clear error."""
        if self._library is None:
            from studycards.content.loader import ContentError, load_or_raise

            try:
                self._library = load_or_raise(self.content_roots())
            except ContentError as exc:
                raise StudycardsError(str(exc), exit_code=1) from None
        return self._library


def _merge_globals(ctx: click.Context, db: Path | None, content: Path | None) -> AppContext:
    app = ctx.ensure_object(AppContext)
    if db is not None:
        app.db_option = db
    if content is not None:
        app.content_option = content
    return app


_db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="STUDYCARDS_DB",
    help="Database file (default: studycards.db in your data folder). Env: STUDYCARDS_DB.",
)
_content_option = click.option(
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
    metavar="SLUG",
    help="Only this topic (repeat, or separate with commas). See 'studycards topics'.",
)


def utc_now() -> datetime:
    """The commands' clock (tests replace it in each command module)."""
    return datetime.now(UTC)


def pass_app(func: F) -> F:
    """Give a command the AppContext and accept --db/--content after the command name too."""

    @_db_option
    @_content_option
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args: Any, db: Path | None, content: Path | None, **kwargs: Any) -> Any:
        return func(_merge_globals(ctx, db, content), *args, **kwargs)

    return wrapper  # type: ignore[return-value]


class StudycardsGroup(click.Group):
    """A group that turns every error into one line on stderr and a proper exit code."""

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the CLI; errors become one line on stderr and an exit code."""
        code = run_cli(
            lambda: super(StudycardsGroup, self).main(
                args=args,
                prog_name=prog_name or "studycards",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        )
        if standalone_mode:
            sys.exit(code)
        return code


def run_cli(invoke: Callable[[], Any]) -> int:
    """Run the click entry point, mapping errors to exit codes and one-line messages."""
    try:
        result = invoke()
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "studycards"
        click.echo(f"Error: {_usage_message(exc)} (see '{where} --help')", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"Error: {exc.format_message()}", err=True)
        return exc.exit_code
    except StudycardsError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("Interrupted; every answer shown as recorded was saved.", err=True)
        return 130
    except BrokenPipeError:
        return 0
    return result if isinstance(result, int) else 0


def _usage_message(exc: click.UsageError) -> str:
    """The one-line message of a usage error; a group run without a command lists its commands
    (click would put the whole help text there)."""
    if isinstance(exc, click.exceptions.NoArgsIsHelpError) and exc.ctx is not None:
        command = exc.ctx.command
        if isinstance(command, click.Group):
            names = command.list_commands(exc.ctx)
            return f"missing command: choose one of {', '.join(names)}"
        return "missing arguments"
    return exc.format_message()


@click.group(
    cls=StudycardsGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@_db_option
@_content_option
@click.version_option(__version__, "--version", "-V", prog_name="studycards")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, content: Path | None) -> None:
    """Study AWS Lambda for the SAA-C03 exam: flashcards, quizzes, calculators.

    Run with no command to open the app.

    \b
    Examples:
      studycards                          open the app
      studycards review --plain           review due cards in the terminal
      studycards quiz --topic concurrency scenario questions on one topic
      studycards calc cost --requests 3M --duration-ms 1s --memory-mb 512
      studycards content check            validate the decks
    """
    app = _merge_globals(ctx, db, content)
    if ctx.invoked_subcommand is None:
        from studycards.commands.tui_bridge import open_tui

        if not open_tui(app, "dashboard"):
            click.echo(ctx.get_help())


def _register() -> None:
    from studycards.commands import register_all

    register_all(cli)


_register()


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="studycards")
