"""`studycards export anki`: write the cards and questions as an Anki package (.apkg)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from studycards.commands._common import AppContext, deck_option, pass_app, topic_option
from studycards.content.topics import resolve_decks, select_topics
from studycards.errors import StudycardsError

if TYPE_CHECKING:
    from studycards.export.anki import ExportPlan


@click.group()
def export() -> None:
    """Take your cards to other apps.

    \b
    Example:
      studycards export anki
    """


@export.command("anki")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: studycards-<deck>.apkg in the current folder).",
)
@topic_option
@deck_option
@click.option("--no-questions", is_flag=True, help="Leave out the multiple-choice questions.")
@click.option(
    "--force",
    is_flag=True,
    help="Replace the file if it exists (through a symlink: the file it points to). "
    "Only regular files are replaced; the folder must exist.",
)
@pass_app
def anki(
    app: AppContext, output: Path | None, topics: tuple[str, ...], decks: tuple[str, ...], no_questions: bool,
    force: bool,
) -> None:
    """Write an Anki package (.apkg) of the cards and questions.

    Decks are named SAA-C03::<deck short name>::<topic title> (SAA-C03::Lambda::...). Importing
    a newer export into Anki updates the notes you already have in place (keeping your review
    progress) and adds the new ones.

    \b
    Examples:
      studycards export anki
      studycards export anki --topic concurrency --topic pricing -o lambda-cost.apkg
      studycards export anki --no-questions --force
      studycards export anki --deck lambda
    """
    from studycards.export.anki import (
        ExportTargetError,
        check_target,
        default_filename,
        plan_export,
        write_apkg,
    )

    library = app.library()
    selected = select_topics(library, topics, decks)
    chosen = list(selected) if selected is not None else None
    whole = resolve_decks(decks, [d.id for d in library.decks]) if decks and not topics else None
    named = chosen if whole is None else None
    path = output if output is not None else Path(default_filename(library, named, whole))
    try:
        check_target(path, overwrite=force)  # before the work of planning
        plan = plan_export(library, chosen, include_questions=not no_questions)
        if not plan.notes:
            what = "cards" if no_questions else "cards or questions"
            raise StudycardsError(f"nothing to export: the selected topics have no {what}")
        write_apkg(plan, path, now=app.clock(), overwrite=force)
    except ExportTargetError as exc:
        raise StudycardsError(str(exc)) from None
    except FileExistsError:
        raise StudycardsError(f"{path} already exists; use --force to overwrite it") from None
    except OSError as exc:
        raise StudycardsError(f"cannot write {path}: {exc.strerror or exc}") from None
    _report(path, plan)


def _report(path: Path, plan: ExportPlan) -> None:
    from studycards.export.notetypes import NOTE_TYPES

    counts = plan.counts()
    total_notes = sum(c["notes"] for c in counts.values())
    topic_decks = sum(1 for d in plan.decks if d.name.count("::") >= 2)
    click.echo(f"Wrote {path}: {total_notes} notes, {plan.card_count} cards in {topic_decks} topic decks")
    width = max(len(NOTE_TYPES[k].label) for k in counts)
    for key, c in counts.items():
        cards = f" ({c['cards']} cards)" if c["cards"] != c["notes"] else ""
        click.echo(f"  {NOTE_TYPES[key].label.ljust(width)}  {c['notes']:>5} notes{cards}")
    click.echo("Import it in Anki (File > Import); a newer export updates these notes in place.")


COMMANDS = [export]
