"""`studycards plan`: new cards a day to be ready by the exam date, the daily load, exam-day recall."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from studycards.commands._common import AppContext, deck_option, pass_app
from studycards.commands.output import emit_json

if TYPE_CHECKING:
    from studycards.planning.plan import Plan


def _exam_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from studycards.srs.settings import SettingError, parse_setting

    try:
        parsed = parse_setting("exam_date", value)
    except SettingError as exc:
        raise click.BadParameter(str(exc)) from None
    if not parsed:
        raise click.BadParameter("give a date, YYYY-MM-DD, e.g. 2027-02-15")
    return date.fromisoformat(parsed)


@click.command()
@click.option("--exam-date", callback=_exam_date, metavar="YYYY-MM-DD",
              help="The exam's date (default: the exam_date setting).")
@deck_option
@click.option("--apply", "apply_", is_flag=True, help="Set the daily new-card limit to what the plan needs.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def plan(app: AppContext, exam_date: date | None, decks: tuple[str, ...], apply_: bool,
         as_json: bool) -> None:
    """Plan backwards from the exam date: new cards a day, daily load, recall on exam day.

    New cards still to learn in the chosen decks are spread over the days before the exam, less a
    buffer (the buffer_days setting, default 7) with no new cards. The daily load is simulated with
    your own scheduler and settings: answers a day (learning steps included) and minutes (your
    median answer time once 50 answers are timed, else 8 s a card). Predicted recall is FSRS's
    probability of recall at the start of the exam day if the plan is followed, overall, per
    domain and per task statement. It is a model of your memory, not a promise: it assumes you
    review every due card and does not know about quiz questions.

    JSON keys: exam_date, days_left, buffer_days, new_remaining, new_per_day_needed, forecast
    [{date, reviews, minutes}], predicted_recall {overall, by_domain, by_task}, on_track, advice.

    \b
    Examples:
      studycards config set exam_date 2027-02-15
      studycards plan
      studycards plan --deck lambda --deck compute --json
      studycards plan --exam-date 2027-03-01 --apply
    """
    from studycards.content.topics import resolve_decks
    from studycards.planning.plan import build_plan

    library = app.library()
    chosen = resolve_decks(decks, [d.id for d in library.decks]) or None
    now = app.clock()
    with app.open_store(read_only=not apply_) as store:
        found = build_plan(store, library, now, exam_date=exam_date, decks=chosen)
        applied = False
        if apply_ and found.new_per_day_needed > 0:
            store.set_setting("new_per_day", str(min(found.new_per_day_needed, 9999)))
            applied = True
    if as_json:
        emit_json(found.to_json())
        return
    click.echo(render(found))
    if applied:
        click.echo(f"Applied: new_per_day = {found.new_per_day_needed}.")
    elif apply_:
        click.echo("Nothing to apply: no new cards are left to introduce before the buffer.")


def render(found: Plan) -> str:
    """The plan as text: the figures, a weekly load summary, recall per domain, the advice."""
    lines = [
        f"Exam on {found.exam_date.isoformat()}: {found.days_left} day{'s' if found.days_left != 1 else ''} "
        f"left, the last {found.buffer_days} without new cards.",
        f"New cards to learn: {found.new_remaining:,}; needed per day: {found.new_per_day_needed} "
        f"(limit now {found.new_per_day_now}).",
        f"On track: {'yes' if found.on_track else 'no'}.",
        "",
        f"Daily load (answers, minutes at {found.seconds_per_review:g} s a card):",
    ]
    for start in range(0, len(found.forecast), 7):
        week = found.forecast[start: start + 7]
        reviews = [d.reviews for d in week]
        minutes = [d.minutes for d in week]
        lines.append(f"  {week[0].date.isoformat()}  {sum(reviews) / len(week):6.0f} a day "
                     f"(peak {max(reviews)}), {sum(minutes) / len(week):5.0f} min a day")
    lines += ["", f"Predicted recall on exam day: {found.overall * 100:.0f}% of the chosen cards"]
    for domain, value in found.by_domain.items():
        lines.append(f"  {domain:<28} {value * 100:5.0f}%")
    lines.append("")
    lines += [f"Advice: {line}." for line in found.advice]
    return "\n".join(lines)


COMMANDS = [plan]
