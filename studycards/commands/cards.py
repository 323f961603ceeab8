"""`studycards cards`: find any card, see it in full, suspend, unsuspend, bury, unbury, forget, undo."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from studycards.commands._common import AppContext, WholeNumber, deck_option, pass_app, topic_option
from studycards.errors import StudycardsError

if TYPE_CHECKING:
    from studycards.content.model import Library
    from studycards.srs.browse import BrowseIndex, BrowseRow, Filters
    from studycards.srs.store import Store

QUERY_HELP = """\b
The search language (Anki-like; all terms must match):
  lambda  "reserved concurrency"   words and phrases in the id, front, back or extra
  deck:lambda  topic:concurrency   a deck; a topic (deck/slug or slug); * is a wildcard
  tag:limits  id:lambda.*          a tag; a card id
  is:new is:learning is:review is:relearning is:due is:suspended is:buried is:leech
  prop:lapses>3  prop:ivl>=30      also reps, due (days from today), d (difficulty),
  prop:s<10  prop:r<0.8            s (stability, days), r (recall now, 0-1); = != < <= > >=
  -is:suspended                    a leading - negates a term
Quote a term with < or > for the shell: 'prop:lapses>3'.
"""
SORT_CHOICES = ("due", "lapses", "difficulty", "stability", "retrievability", "added")
STATE_CHOICES = ("new", "learning", "review", "relearning")
ACTIONS = {
    "suspend": ("Suspended", "Take cards out of every queue until unsuspended."),
    "unsuspend": ("Unsuspended", "Put suspended cards back in the queues (a leech keeps its tag)."),
    "bury": ("Buried", "Hide cards until the next study day."),
    "unbury": ("Unburied", "Show buried cards again today."),
    "forget": ("Forgot", "Reset cards to new (their review history is kept)."),
}


class QueryCommand(click.Command):
    """A command whose positional words are a query: `-is:new` is a negated term, not an option.

    Known options (and their values) stay where they are, as do words starting with `--` (click
    refuses an unknown one); every other word moves after `--`, in its order, so click reads it
    as part of the query.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not (param.is_flag or param.count)
        options: list[str] = []
        words: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                words.extend(args[i + 1:])
                break
            name = arg.split("=", 1)[0]
            if arg.startswith("--") and name not in takes_value:
                options.append(arg)  # a mistyped option: click says so
            elif arg.startswith("-") and name in takes_value:
                options.append(arg)
                if takes_value[name] and "=" not in arg and i + 1 < len(args):
                    options.append(args[i + 1])
                    i += 1
            else:
                words.append(arg)
            i += 1
        return super().parse_args(ctx, [*options, "--", *words] if words else options)


class CardsGroup(click.Group):
    """`cards [QUERY] [options]` lists cards: anything that is not a subcommand goes to `list`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["list", *args]
        return super().parse_args(ctx, args)


@click.group(cls=CardsGroup, help=f"""Find any card, see its history, suspend, unsuspend, bury, forget.

'studycards cards [QUERY] [options]' lists cards (it is 'studycards cards list'); see
'studycards cards list --help' for the options.

{QUERY_HELP}
Every change is kept in an undo journal: 'studycards cards undo' (or u in the app's Browse
screen) takes the last one back.

\b
Examples:
  studycards cards is:suspended
  studycards cards "cold start" --sort lapses
  studycards cards deck:lambda 'prop:lapses>3' --json
  studycards cards show lambda.concurrency.reserved-zero
  studycards cards unsuspend lambda.concurrency.reserved-zero
  studycards cards suspend is:leech --yes
  studycards cards undo
""")
def cards() -> None:
    """Find any card, see its history, suspend, unsuspend, bury, forget."""


@cards.command("list", cls=QueryCommand, help=f"""List cards matching QUERY, one row a card.

Columns: id, topic (deck/slug), state, due (local date), interval (days), lapses, difficulty,
stability (days), recall now, flags and the front.

{QUERY_HELP}
The options add to the query. Reads the database without writing it.

\b
Examples:
  studycards cards is:suspended
  studycards cards is:leech --sort lapses
  studycards cards --deck lambda --state review --sort retrievability --limit 20
  studycards cards "provisioned concurrency" -is:new --json
  studycards cards --due-before 2026-04-01
""")
@click.argument("query", nargs=-1)
@deck_option
@topic_option
@click.option("--state", "states", multiple=True, type=click.Choice(STATE_CHOICES),
              help="Only cards in this state (repeat for several).")
@click.option("--suspended", is_flag=True, help="Only suspended cards.")
@click.option("--buried", is_flag=True, help="Only buried cards.")
@click.option("--leech", is_flag=True, help="Only leeches.")
@click.option("--due-before", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M"]), metavar="DATE",
              help="Only cards due before DATE (YYYY-MM-DD, your time zone).")
@click.option("--sort", type=click.Choice(SORT_CHOICES), default="due", show_default=True,
              help="Order: due soonest, most lapses, hardest, least stable, lowest recall, newest.")
@click.option("--reverse", is_flag=True, help="Reverse the order.")
@click.option("--limit", type=WholeNumber(1, 1_000_000), metavar="N", help="At most N cards.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def list_cards(app: AppContext, query: tuple[str, ...], decks: tuple[str, ...],
               topics: tuple[str, ...], states: tuple[str, ...], suspended: bool, buried: bool,
               leech: bool, due_before: datetime | None, sort: str, reverse: bool, limit: int | None,
               as_json: bool) -> None:
    from studycards.srs.browse_query import parse_query

    parsed = parse_query(" ".join(query))  # a bad query fails before the database is opened
    library = app.library()
    with app.open_store(read_only=True) as store:
        filters = _filters(store, library, decks, topics, states, suspended, buried, leech, due_before)
        index = _index(app, store, library)
        rows = index.search(parsed, filters=filters, sort=sort, reverse=reverse, limit=limit)
        tz = store.settings().tz()
    if as_json:
        _emit_rows(parsed.text, rows)
        return
    _print_rows(rows, tz)


def _emit_rows(query: str, rows: list[BrowseRow]) -> None:
    """The `--json` document, one card a line (each written directly: ten thousand cards stay fast)."""
    import json

    head = json.dumps({"query": query, "count": len(rows)}, ensure_ascii=False)[:-1]
    body = ",\n".join(row.json_line() for row in rows)
    click.echo(f'{head}, "cards": [\n{body}\n]}}' if rows else f'{head}, "cards": []}}')


def _index(app: AppContext, store: Store, library: Library) -> BrowseIndex:
    from studycards.srs.browse import BrowseIndex

    return BrowseIndex.build(store, library, app.clock())


def _filters(store: Store, library: Library, decks: tuple[str, ...], topics: tuple[str, ...],
             states: tuple[str, ...], suspended: bool, buried: bool, leech: bool,
             due_before: datetime | None) -> Filters:
    from studycards.content.topics import select_topics
    from studycards.srs.browse import Filters
    from studycards.srs.model import State

    chosen = select_topics(library, topics, decks)
    before = due_before.replace(tzinfo=store.settings().tz()) if due_before is not None else None
    return Filters(
        topics=None if chosen is None else frozenset(chosen),
        states=frozenset(State[s.capitalize()] for s in states) or None,
        suspended=suspended, buried=buried, leech=leech, due_before=before,
    )


def _figure(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _print_rows(rows: list[BrowseRow], tz: Any) -> None:
    from studycards.commands.output import table
    from studycards.content.safe_text import safe_line

    if not rows:
        click.echo("No cards match.")
        return
    lines = [[
        safe_line(row.id), safe_line(row.topic), row.state.label,
        row.due.astimezone(tz).strftime("%Y-%m-%d") if row.due else "-",
        "-" if row.interval_days is None else f"{row.interval_days}d", str(row.lapses),
        _figure(row.difficulty), _figure(row.stability),
        "-" if row.recall is None else f"{row.recall * 100:.0f}%", row.flags or "-",
        safe_line(row.front if len(row.front) <= 50 else row.front[:49] + "…"),
    ] for row in rows]
    click.echo(table(lines, ["id", "topic", "state", "due", "ivl", "lapses", "d", "s", "recall", "flags",
                             "front"]))
    click.echo(f"{len(rows)} card{'' if len(rows) == 1 else 's'}")


@cards.command(help="""Show one card: its text, FSRS state, predicted recall and full review history.

\b
Examples:
  studycards cards show lambda.concurrency.reserved-zero
  studycards cards show lambda.concurrency.reserved-zero --json
""")
@click.argument("card_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def show(app: AppContext, card_id: str, as_json: bool) -> None:
    from studycards.srs.browse_detail import card_detail

    library = app.library()
    with app.open_store(read_only=True) as store:
        detail = card_detail(store, library, card_id, app.clock())
        tz = store.settings().tz()
    doc = detail.to_json()
    if as_json:
        from studycards.commands.output import emit_json

        emit_json(doc)
        return
    _print_detail(doc, tz)


def _print_detail(doc: dict[str, Any], tz: Any) -> None:
    from studycards.content.safe_text import safe_line, safe_text

    def when(text: str | None) -> str:
        return "-" if text is None else datetime.fromisoformat(text).astimezone(tz).strftime("%Y-%m-%d %H:%M")

    fsrs, flags, recall = doc["fsrs"], doc["flags"], doc["recall"]
    click.echo(f"{safe_line(doc['id'])}  ({safe_line(doc['topic'])}, {doc['kind']})")
    click.echo(f"\nFront:\n{safe_text(doc['front'])}\n\nBack:\n{safe_text(doc['back'])}")
    if doc["extra"]:
        click.echo(f"\n{safe_text(doc['extra'])}")
    marks = [name for name in ("suspended", "leech") if flags[name]]
    if flags["buried_until"]:
        marks.append(f"buried until {when(flags['buried_until'])}")
    click.echo(
        f"\nState: {fsrs['state']}  due {when(fsrs['due'])}  last review {when(fsrs['last_review'])}  "
        f"reps {fsrs['reps']}  lapses {fsrs['lapses']}  difficulty {_figure(fsrs['difficulty'], 2)}  "
        f"stability {_figure(fsrs['stability'], 2)} days" + (f"  [{', '.join(marks)}]" if marks else ""))
    if recall["now"] is not None:
        ahead = ", ".join(f"in {k} {v * 100:.0f}%" for k, v in recall["ahead"].items())
        falls = recall["days_after_last_review_until"]
        until = ", ".join(f"{k} after {v:.1f} days" for k, v in falls.items())
        click.echo(f"Recall now {recall['now'] * 100:.0f}%; {ahead}. "
                   f"Falls to {until} (from the last review).")
    history = doc["history"]
    click.echo(f"\nHistory ({len(history)} answer{'' if len(history) == 1 else 's'}):")
    for entry in history:
        click.echo(f"  {when(entry['reviewed_at'])}  {entry['rating']:<5}  {entry['state_before']} -> "
                   f"{entry['state_after']}  stability {_figure(entry['stability_after'], 2)}")


def _action_command(action: str) -> click.Command:
    done, what = ACTIONS[action]

    @click.command(action, cls=QueryCommand, help=f"""{what}

ARGS are card ids, or else a query (see 'studycards cards --help'). With ids, the cards change
at once; with a query, it says how many cards would change and stops unless --yes is given.
'studycards cards undo' takes the change back.

\b
Examples:
  studycards cards {action} lambda.concurrency.reserved-zero
  studycards cards {action} deck:lambda is:leech
  studycards cards {action} deck:lambda is:leech --yes
""")
    @click.argument("args", nargs=-1, required=True)
    @click.option("--yes", "-y", is_flag=True, help="Change every card the query matches.")
    @pass_app
    def command(app: AppContext, args: tuple[str, ...], yes: bool) -> None:
        _change(app, action, done, args, yes)

    return command


def _change(app: AppContext, action: str, done: str, args: tuple[str, ...], yes: bool) -> None:
    from studycards.srs.browse_query import parse_query

    library = app.library()
    ids = [arg for arg in args if library.card(arg) is not None]
    by_ids = len(ids) == len(args)
    parsed = None if by_ids else parse_query(" ".join(args))
    if parsed is not None and not any(t.field != "text" or not _looks_like_id(t.value) for t in parsed.terms):
        unknown = [arg for arg in args if library.card(arg) is None]
        raise StudycardsError(f"unknown card id(s): {', '.join(_short(a) for a in unknown)}")
    with app.open_store() as store:
        if parsed is not None:
            ids = [row.id for row in _index(app, store, library).search(parsed, sort="id")]
            if not ids:
                click.echo("No cards match.")
                return
            if not yes:
                click.echo(f"{len(ids)} card{'' if len(ids) == 1 else 's'} match; add --yes to {action} "
                           f"{'it' if len(ids) == 1 else 'them'}.")
                return
        change = store.change_cards(action, ids, app.clock())
    same = change.cards - change.changed
    extra = f" ({same} already {'was' if same == 1 else 'were'})" if same else ""
    click.echo(f"{done} {change.cards} card{'' if change.cards == 1 else 's'}{extra}. "
               "'studycards cards undo' takes it back.")


def _looks_like_id(text: str) -> bool:
    return text.count(".") >= 2 and " " not in text and ":" not in text.split("::")[0]


def _short(text: str) -> str:
    from studycards.content.safe_text import safe_line

    return safe_line(text if len(text) <= 60 else text[:59] + "…")


@cards.command(help="""Undo the last change made with these commands or in the app's Browse screen.

A card reviewed since the change keeps its new state. Repeat to go further back.

\b
Examples:
  studycards cards undo
""")
@pass_app
def undo(app: AppContext) -> None:
    with app.open_store(sync=False) as store:
        undone = store.undo_change()
    if undone is None:
        click.echo("Nothing to undo.")
        return
    kept = f"; {undone.kept} reviewed since kept their new state" if undone.kept else ""
    click.echo(f"Undone: {undone.action} of {undone.restored + undone.kept} "
               f"card{'' if undone.restored + undone.kept == 1 else 's'}{kept}.")


for _action in ACTIONS:
    cards.add_command(_action_command(_action))

COMMANDS = [cards]
