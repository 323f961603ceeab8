"""`studycards import anki|csv|questions`: turn material from other tools into user decks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from studycards.commands._common import AppContext, pass_app
from studycards.errors import StudycardsError

if TYPE_CHECKING:
    from studycards.imports.model import ImportedDeck
    from studycards.imports.writer import ImportReport

SOURCE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group("import")
def import_() -> None:
    """Bring your own material: Anki packages, CSV files and question banks.

    Each import becomes an ordinary deck in your data folder (<data dir>/decks/<deck>/, YAML
    files you may edit); review, quiz, readiness and export then work on it like on the shipped
    decks. Re-importing the same or a newer file updates the deck in place: an item keeps its id
    (from the source's own id, else from its text), so your review history stays with it.

    \b
    Examples:
      studycards import anki course.apkg
      studycards import csv vocabulary.csv --deck aws-terms --title "AWS terms"
      studycards import questions saa-c03-bank.md --dry-run
    """


def _common(func: Callable[..., None]) -> Callable[..., None]:
    func = click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")(func)
    func = click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")(func)
    func = click.option("--title", help="The deck's title (default: from the file name).")(func)
    func = click.option(
        "--deck",
        "deck_slug",
        metavar="SLUG",
        help="The deck id to import into (default: from the file name).",
    )(func)
    return func


@import_.command("anki")
@click.argument("file", type=SOURCE)
@_common
@click.option(
    "--fields",
    metavar="FRONT,BACK",
    help="For note types other than Basic and Cloze: the fields (names or 1-based numbers) "
    "for the front and the back, e.g. --fields Question,Answer.",
)
@click.option(
    "--with-history",
    is_flag=True,
    help="Also import the review log, so each card's schedule continues where Anki left it.",
)
@pass_app
def anki(
    app: AppContext,
    file: Path,
    deck_slug: str | None,
    title: str | None,
    dry_run: bool,
    as_json: bool,
    fields: str | None,
    with_history: bool,
) -> None:
    """Import an Anki package (.apkg, or a whole collection .colpkg).

    Both package formats work: the legacy one and the current compressed one (Anki 2.1.50+).
    Basic notes (with or without a reverse card) become basic cards, cloze notes cloze cards;
    Anki decks become topics and tags are kept. Card HTML becomes Markdown; media files are not
    imported (each reference becomes a placeholder such as [image: diagram.png]).

    \b
    Examples:
      studycards import anki AWS-SAA.apkg
      studycards import anki AWS-SAA.apkg --with-history
      studycards import anki vocab.apkg --fields Word,Meaning
    """
    from studycards.imports.anki import read_package

    picked = None
    if fields is not None:
        parts = [p.strip() for p in fields.split(",")]
        if len(parts) != 2 or not all(parts):
            raise click.BadParameter("give two fields, FRONT,BACK (names or numbers)", param_hint="--fields")
        picked = (parts[0], parts[1])
    _run(
        app,
        file,
        "anki",
        deck_slug,
        title,
        dry_run,
        as_json,
        lambda deck: read_package(file, deck, fields=picked, with_history=with_history),
    )


@import_.command("csv")
@click.argument("file", type=SOURCE)
@_common
@pass_app
def csv_(
    app: AppContext, file: Path, deck_slug: str | None, title: str | None, dry_run: bool, as_json: bool
) -> None:
    """Import a CSV or TSV file of cards (front, back, optional tags).

    Anki's text-import headers are understood (#separator:Tab, #html:true, #columns:...,
    #tags column:3, #deck column:4, #guid column:1); without them the first line decides the
    separator, and a first row such as "Front,Back,Tags" names the columns. A front with
    {{c1::...}} makes a cloze card. Bad rows are reported with their line numbers; good rows
    still import.

    \b
    Examples:
      studycards import csv notes.csv
      studycards import csv export.txt --deck my-anki-notes
    """
    from studycards.imports.textfile import read_text_file

    _run(app, file, "csv", deck_slug, title, dry_run, as_json, lambda deck: read_text_file(file, deck))


@import_.command("questions")
@click.argument("file", type=SOURCE)
@_common
@pass_app
def questions(
    app: AppContext, file: Path, deck_slug: str | None, title: str | None, dry_run: bool, as_json: bool
) -> None:
    """Import a question bank (Markdown .md or JSON .json).

    \b
    Markdown, as community SAA-C03 banks write it:
      ### A company needs ... Which solution meets these requirements?
      - [ ] Use Amazon SQS.
      - [x] Use Amazon SNS.
      <details>explanation (optional)</details>
    Several [x] make a "choose N" question. JSON: a list of objects with "question",
    "options" and "answer" (a letter, letters, 0-based positions or the option's text); see
    the README for every key understood. Questions have no exam domain or task statement:
    readiness counts them apart as "your imported questions".

    \b
    Examples:
      studycards import questions README.md --deck community-bank
      studycards import questions bank.json --json
    """
    from studycards.imports.bank import read_bank

    if file.suffix.lower() not in (".md", ".markdown", ".json"):
        raise StudycardsError(f"{file.name}: question banks are .md or .json files")
    _run(app, file, "questions", deck_slug, title, dry_run, as_json, lambda deck: read_bank(file, deck))


def _run(
    app: AppContext,
    file: Path,
    source_format: str,
    deck_slug: str | None,
    title: str | None,
    dry_run: bool,
    as_json: bool,
    read: Callable[[ImportedDeck], None],
) -> None:
    """Read the source into a deck, write it, report; every import failure is one line, exit 2."""
    from studycards.imports.model import ImportedDeck, ImportFailed, slugify
    from studycards.imports.writer import write_deck
    from studycards.locations import user_decks_dir

    slug = deck_slug if deck_slug is not None else slugify(file.stem, limit=40) or "imported"
    if slugify(slug) != slug:
        raise click.BadParameter(
            f"{slug[:40]!r} is not a deck id (lowercase letters, digits and dashes)", param_hint="--deck"
        )
    _refuse_authored_deck(app, slug)
    deck = ImportedDeck(
        slug, (title or "").strip() or file.stem.replace("_", " ").strip() or slug, source_format, file.name
    )
    try:
        read(deck)
        report = write_deck(deck, user_decks_dir(), dry_run=dry_run, now=app.clock())
    except ImportFailed as exc:
        raise StudycardsError(str(exc)) from None
    except OSError as exc:
        raise StudycardsError(f"cannot write the deck: {exc.strerror or exc}") from None
    if deck.history and not dry_run:
        report.history = _replay_history(app, deck)
    _print(report, as_json)


def _refuse_authored_deck(app: AppContext, slug: str) -> None:
    """An import never writes over a shipped deck or one the learner wrote by hand."""
    try:
        library = app.library()
    except StudycardsError:
        return  # a broken deck elsewhere must not block an import; `content check` reports it
    found = next((d for d in library.decks if d.id == slug), None)
    if found is not None and not found.imported:
        raise StudycardsError(
            f"a deck named '{slug}' already exists ({found.title}) and was not imported; "
            "choose another --deck"
        )


def _replay_history(app: AppContext, deck: ImportedDeck) -> int:
    """Answer the imported cards again, in time order, with the source's ratings (FSRS from history).

    Cards that already have reviews here keep them: a repeated import adds no review twice.
    """
    from datetime import UTC, datetime

    app.forget_library()
    known = {card.id for card in app.library().cards if card.deck == deck.slug}
    replayed = 0
    with app.open_store() as store:  # syncs the new cards in first
        scheduler = store.scheduler()
        known -= set(store.studied_card_states())
        for entry in deck.history:
            if entry.card_id not in known:
                continue
            at = datetime.fromtimestamp(entry.reviewed_at_ms / 1000, UTC)
            store.review(entry.card_id, entry.rating, at, scheduler=scheduler, duration_ms=entry.duration_ms)
            replayed += 1
    return replayed


def _print(report: ImportReport, as_json: bool) -> None:
    from studycards.commands.output import emit_json

    if as_json:
        emit_json(report.as_json())
        return
    verb = "Would import" if report.dry_run else "Imported"
    click.echo(
        f"{verb} {report.cards} cards and {report.questions} questions into deck "
        f"'{report.deck}' ({report.path})"
    )
    click.echo(
        f"  {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped"
    )
    for skipped in report.skipped[:10]:
        click.echo(f"  skipped {skipped['where']}: {skipped['reason']}")
    if len(report.skipped) > 10:
        click.echo(f"  ... and {len(report.skipped) - 10} more (see --json)")
    if report.media_referenced:
        click.echo(
            f"  {report.media_referenced} media references were not imported; "
            "each is a placeholder such as [image: name.png]"
        )
    if report.history:
        click.echo(f"  {report.history} reviews replayed: the schedule continues from the source's history")
    if not report.dry_run:
        click.echo("Review it with: studycards review --deck " + report.deck)


COMMANDS = [import_]
