"""`studycards review`: today's flashcards, in the TUI or in a plain line mode for pipes."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

import click

from studycards.commands._common import AppContext, WholeNumber, deck_option, pass_app, topic_option
from studycards.content.topics import select_topics
from studycards.context import StartScreen
from studycards.errors import StudycardsError

if TYPE_CHECKING:
    from studycards.content.model import Library
    from studycards.context import Clock
    from studycards.srs.session import LeechNotice, ReviewSession, StudyCard

KEYS_HELP = (
    "Enter shows the answer; 1-4 (or again/hard/good/easy) rates; u undoes; s suspends; b buries; q quits."
)


@click.command()
@topic_option
@deck_option
@click.option("--limit", type=WholeNumber(1, 100_000), metavar="N", help="Stop after N answers.")
@click.option(
    "--plain",
    is_flag=True,
    help="Line mode for pipes and scripts: prints the front, reads one command per line.",
)
@click.option(
    "--unsuspend",
    "unsuspend_ids",
    multiple=True,
    metavar="CARD_ID",
    help="Unsuspend these cards (e.g. a leech you rewrote) and exit.",
)
@pass_app
def review(
    app: AppContext, topics: tuple[str, ...], decks: tuple[str, ...], limit: int | None, plain: bool,
    unsuspend_ids: tuple[str, ...],
) -> None:
    """Review the flashcards due today (FSRS scheduling, Anki's daily limits).

    Learning cards come first, then due reviews (most overdue first), then new cards mixed in.
    Every answer is saved before the next card shows; quitting or closing the input keeps them.

    With --plain, input is read line by line: an empty line reveals the back, then 1-4
    (or again, hard, good, easy) rates it; u undoes the last answer, s suspends the card,
    b buries it until tomorrow, q quits.

    \b
    Examples:
      studycards review --plain
      studycards review --topic concurrency --limit 20
      studycards review --deck lambda --plain
      printf '\\n3\\n\\n1\\nq\\n' | studycards review --plain
      studycards review --unsuspend lambda.concurrency.reserved-zero
    """
    library = app.library()
    if unsuspend_ids:
        _unsuspend(app, unsuspend_ids)
        return
    selected = select_topics(library, topics, decks)
    chosen = None if selected is None else frozenset(selected)
    if not plain:
        from studycards.commands.tui_bridge import open_tui

        if open_tui(app, StartScreen.REVIEW, topics=chosen, limit=limit):  # only in a terminal
            return
    run_plain(app, library, chosen, limit, sys.stdin)


def _unsuspend(app: AppContext, card_ids: tuple[str, ...]) -> None:
    with app.open_store(sync=False) as store:
        unknown = [card_id for card_id in card_ids if store.card(card_id) is None]
        if unknown:
            raise StudycardsError(f"unknown card id(s): {', '.join(unknown)}")
        store.unsuspend(list(card_ids))
    click.echo(f"Unsuspended {len(card_ids)} card(s).")


def run_plain(
    app: AppContext, library: Library, topics: frozenset[str] | None, limit: int | None, stdin: TextIO
) -> None:
    """The line-mode review loop: one command per input line, every answer committed at once."""
    from studycards.srs.session import ReviewSession

    clock = app.clock
    with app.open_store() as store:
        session = ReviewSession.start(store, library, clock(), topics=topics, limit=limit, sync=False)
        where = ", ".join(sorted(topics)) if topics else "all topics"
        counts = session.counts(clock())
        if session.current is None:
            click.echo(f"Nothing to review now ({where}). {_next_due_text(session, clock)}")
            return
        click.echo(f"Review ({where}): {counts.new} new, {counts.learning} learning, {counts.review} review.")
        click.echo(KEYS_HELP)
        _loop(session, stdin, clock)


def _show_front(session: ReviewSession, card: StudyCard, clock: Clock) -> None:
    counts = session.counts(clock())
    click.echo("")
    click.echo(
        f"--- {card.kind} · {card.card.qualified} · {card.id}   "
        f"[{counts.new} new · {counts.learning} learning · {counts.review} review]"
    )
    click.echo(_plain(card.card.question_text()))
    click.echo("(Enter: show answer)")


def _show_back(session: ReviewSession, card: StudyCard, clock: Clock) -> None:
    from studycards.srs.scheduler import format_interval

    click.echo(_plain(card.card.answer_text()))
    if card.card.extra:
        click.echo(_plain(card.card.extra))
    preview = session.preview(clock())
    click.echo("  ".join(f"{int(r)} {r.label} ({format_interval(d)})" for r, d in preview.items()))


def _loop(session: ReviewSession, stdin: TextIO, clock: Clock) -> None:
    from studycards.srs.model import Rating
    from studycards.srs.scheduler import format_interval

    card = session.current
    revealed = False
    shown_at = time.monotonic()
    if card is not None:
        _show_front(session, card, clock)
    while card is not None:
        line = stdin.readline()
        if line == "":
            _finish(session, "Input ended", clock)
            return
        command = line.strip().lower()
        if command == "":
            if not revealed:
                _show_back(session, card, clock)
                revealed = True
            continue
        if command in {"q", "quit"}:
            _finish(session, "Stopped", clock)
            return
        rating = Rating.parse(command)
        if rating is not None:
            if not revealed:
                _show_back(session, card, clock)
            duration = int((time.monotonic() - shown_at) * 1000)
            result = session.answer(rating, clock(), duration_ms=duration)
            if not result.skipped:
                click.echo(f"{rating.label}: next in {format_interval(result.interval)}")
            if result.message:
                click.echo(result.message)
            if result.leech_notice:
                click.echo(_leech_text(result.leech_notice))
        elif command in {"u", "undo"}:
            if not session.can_undo:
                click.echo("Nothing to undo.")
                continue
            session.undo(clock())
            click.echo("Undone.")
        elif command in {"s", "suspend"}:
            session.suspend_current(clock())
            click.echo(f"Suspended {card.id} (studycards review --unsuspend {card.id} brings it back).")
        elif command in {"b", "bury"}:
            session.bury_current(clock())
            click.echo(f"Buried {card.id} until tomorrow.")
        else:
            click.echo(f"Unknown input '{line.strip()}'. {KEYS_HELP}")
            continue
        card = session.current
        revealed = False
        shown_at = time.monotonic()
        if card is not None:
            _show_front(session, card, clock)
    _finish(session, "Done", clock)


def _leech_text(notice: LeechNotice) -> str:
    """What the command line says when an answer made a card a leech."""
    return (
        f"Leech: you have forgotten this card {notice.lapses} times, so it was tagged 'leech' and suspended. "
        f"Rewrite or split it, then unsuspend it (studycards review --unsuspend {notice.card_id}); "
        "'u' undoes."
    )


def _next_due_text(session: ReviewSession, clock: Clock) -> str:
    from studycards.srs.scheduler import format_interval

    due = session.next_due()
    if due is None:
        return "Nothing more is due today."
    return f"The next learning card is due in {format_interval(due - clock())}."


def _finish(session: ReviewSession, how: str, clock: Clock) -> None:
    n = session.answered
    extra = f" {_next_due_text(session, clock)}" if how == "Done" else ""
    click.echo(f"{how}: {n} answer{'s' if n != 1 else ''} saved.{extra}")


def _plain(text: str) -> str:
    from studycards.export.markdown import render_plain

    return render_plain(text)


COMMANDS = [review]
