"""`studycards content check|stats|schema` and `studycards topics`."""

from __future__ import annotations

from pathlib import Path

import click

from studycards.commands._common import AppContext, deck_option, pass_app
from studycards.commands.output import emit_json, table


@click.group()
def content() -> None:
    """Validate, count and describe the study content.

    \b
    Examples:
      studycards content check
      studycards content check --path ./my-decks
      studycards content stats --json
      studycards content schema > content.schema.json
    """


@content.command()
@click.option(
    "--path",
    "path",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Check only the decks under this folder.",
)
@pass_app
def check(app: AppContext, path: Path | None) -> None:
    """Validate decks; list every problem as file:line: field: message.

    Exits 0 when clean and 1 when there are problems.

    \b
    Example:
      studycards content check --path content/
    """
    from studycards.content.folders import find_deck_dirs
    from studycards.content.loader import load_library
    from studycards.content.safe_text import safe_line

    roots = [path] if path else app.content_roots()
    decks = find_deck_dirs(roots)
    if not decks:
        where = safe_line(", ".join(str(r) for r in roots))
        click.echo(f"No decks found (a deck is a folder with deck.yaml) under: {where}", err=True)
        raise SystemExit(1 if path else 0)
    result = load_library(roots)
    lib = result.library
    if result.problems:
        for problem in result.problems:
            click.echo(str(problem))  # one line, control characters escaped
        n = len(result.problems)
        click.echo(
            f"{n} problem{'s' if n != 1 else ''} in {len(decks)} deck{'s' if len(decks) != 1 else ''}.",
            err=True,
        )
        raise SystemExit(1)
    click.echo(
        f"OK: {len(decks)} deck(s), {len(lib.topics)} topics, {len(lib.notes)} notes, "
        f"{len(lib.cards)} cards, {len(lib.questions)} questions."
    )


@content.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def stats(app: AppContext, as_json: bool) -> None:
    """Count decks, topics, notes, cards and questions, per deck and per exam task statement.

    A card counts for the task statements of its topic; a question for its own.

    \b
    Example:
      studycards content stats --json
    """
    from studycards.content.stats import content_stats

    doc = content_stats(app.library())
    if as_json:
        emit_json(doc)
        return
    click.echo(f"{doc['decks']} deck(s), {doc['notes']} notes")
    c = doc["cards"]
    click.echo(f"cards: {c['total']} (basic {c['basic']}, cloze {c['cloze']}, table {c['table']})")
    q = doc["questions"]
    by_domain = ", ".join(f"{k} {v}" for k, v in q["by_domain"].items())
    click.echo(f"questions: {q['total']} ({q['choose_many']} choose-many)")
    click.echo(f"  by domain: {by_domain}")
    if doc["by_task"]:
        click.echo("\nBy task statement")
        click.echo(_task_table(app, doc["by_task"]))


def _task_table(app: AppContext, by_task: dict[str, dict[str, int]]) -> str:
    """One row per task statement: id, title (shortened to fit 80 columns), cards, questions."""
    from studycards.content.safe_text import safe_line

    exam = app.library().exam
    titles = {t.id: t.title for t in exam.tasks.values()} if exam else {}
    rows = [
        [safe_line(task), _shorten(safe_line(titles.get(task, "")), TASK_TITLE_WIDTH),
         str(n["cards"]), str(n["questions"])]
        for task, n in by_task.items()
    ]
    return table(rows, ["task", "title", "cards", "questions"])


TASK_TITLE_WIDTH = 54  # task 4 + title + cards 5 + questions 9 + gaps 6: within 80 columns


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@content.command()
def schema() -> None:
    """Print the JSON Schema of content files (for yaml-language-server).

    \b
    Example:
      studycards content schema > content.schema.json
    """
    from studycards.content.schema import json_schema

    emit_json(json_schema())


@click.command()
@deck_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def topics(app: AppContext, decks: tuple[str, ...], as_json: bool) -> None:
    """List the topics (the values --topic takes) deck by deck, with their counts.

    A topic is named deck/slug (lambda/concurrency); its bare slug works too while only one
    deck has it. --json prints a flat list of {deck, slug, qualified, title, cards, questions}.

    \b
    Examples:
      studycards topics
      studycards topics --deck lambda --json
    """
    from studycards.content.stats import topic_rows
    from studycards.content.topics import resolve_decks

    library = app.library()
    chosen = resolve_decks(decks, [d.id for d in library.decks]) or None
    rows = topic_rows(library, chosen)
    if as_json:
        emit_json(rows)
        return
    from studycards.content.safe_text import safe_line

    blocks = []
    for deck in library.decks:
        if chosen is not None and deck.id not in chosen:
            continue
        mine = [r for r in rows if r["deck"] == deck.id]
        cards, questions = sum(r["cards"] for r in mine), sum(r["questions"] for r in mine)
        heading = safe_line(
            f"{deck.title} ({deck.id}): {len(mine)} topics, {cards} cards, {questions} questions"
        )
        body = table(
            [[safe_line(r["qualified"]), safe_line(r["title"]), str(r["cards"]), str(r["questions"])]
             for r in mine],
            ["topic", "title", "cards", "questions"],
        )
        blocks.append(f"{heading}\n{body}")
    click.echo("\n\n".join(blocks))


COMMANDS = [content, topics]
