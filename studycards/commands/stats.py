"""`studycards stats`: progress, due counts, retention, mastery, forecast and quiz results."""

from __future__ import annotations

from typing import Any

import click

from studycards.commands._common import AppContext, deck_option, pass_app
from studycards.commands.output import emit_json, table


@click.command()
@deck_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def stats(app: AppContext, decks: tuple[str, ...], as_json: bool) -> None:
    """Show study progress: cards by state, what is due, streak, retention, mastery and forecast.

    Mastery is the share of a topic's cards (unseen ones count as not mastered) whose predicted
    recall (FSRS retrievability) 30 days from now is at least 90%; '-' for a topic not started.

    JSON keys: cards, due, reviews_today, streak_days, retention_30d (true retention over the last
    30 days, Anki's way), topics (cards, studied, mastery as above), forecast (due counts for the
    next 14 days) and quiz (answered, correct, accuracy, by_topic, by_domain). Each topic entry
    names its deck and its qualified name (deck/slug).

    --deck narrows cards, due counts, topics, forecast and quiz results to those decks.

    Reads the database without writing it, so it works on a read-only copy.

    \b
    Examples:
      studycards stats
      studycards stats --json
      studycards stats --deck lambda
    """
    from studycards.content.topics import resolve_decks
    from studycards.srs.stats import study_stats

    library = app.library()
    chosen = resolve_decks(decks, [d.id for d in library.decks]) or None
    now = app.clock()
    with app.open_store(read_only=True) as store:  # never written: works on a read-only copy
        doc = study_stats(store, library, now, decks=chosen).to_json()
    if as_json:
        emit_json(doc)
        return
    _print_text(doc)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _print_text(doc: dict[str, Any]) -> None:
    from studycards.srs.stats import MASTERY_MEANING

    c, d = doc["cards"], doc["due"]
    click.echo(
        f"Cards: {c['total']} (new {c['new']}, learning {c['learning']}, review {c['review']}, "
        f"relearning {c['relearning']}; suspended {c['suspended']}, leeches {c['leech']})"
    )
    click.echo(f"Due: now {d['now']}, today {d['today']}, tomorrow {d['tomorrow']}")
    days = doc["streak_days"]
    click.echo(
        f"Reviews today: {doc['reviews_today']}   streak: {days} day{'s' if days != 1 else ''}   "
        f"retention (30 days): {_percent(doc['retention_30d'])}"
    )
    rows = [[t["qualified"] or t["topic"], str(t["cards"]), str(t["studied"]), _percent(t["mastery"])]
            for t in doc["topics"]]
    if rows:
        click.echo("")
        click.echo(table(rows, ["topic", "cards", "studied", "mastery"]))
        click.echo(MASTERY_MEANING)
    click.echo("")
    click.echo("Forecast: " + ", ".join(f"{f['date'][5:]} {f['due']}" for f in doc["forecast"]))
    q = doc["quiz"]
    click.echo(f"Quiz: {q['answered']} answered, {q['correct']} correct ({_percent(q['accuracy'])})")


COMMANDS = [stats]
