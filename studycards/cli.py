"""The `studycards` command line: a click group whose commands import their engines lazily.

Only click and the light path helpers are imported at start-up, so `studycards --help` never
pulls in textual, genanki or fsrs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from studycards import __version__
from studycards.commands._common import content_option, db_option, merge_globals
from studycards.context import AppContext, StartScreen
from studycards.errors import StudycardsError

__all__ = ["AppContext", "cli", "main", "run_cli"]


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
@db_option
@content_option
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
    app = merge_globals(ctx, db, content)
    if ctx.invoked_subcommand is None:
        from studycards.commands.tui_bridge import open_tui

        if not open_tui(app, StartScreen.DASHBOARD):
            click.echo(ctx.get_help())


def _register() -> None:
    from studycards.commands import register_all

    register_all(cli)


_register()


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="studycards")
