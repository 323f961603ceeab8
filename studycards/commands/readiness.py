"""`studycards readiness`: coverage of the exam guide, readiness per domain and task, a predicted score."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from studycards.commands._common import AppContext, pass_app
from studycards.commands.output import emit_json

if TYPE_CHECKING:
    from studycards.quiz.readiness import Readiness

NAME_WIDTH = 46  # the task column; with the five figure columns a row fits in 80 columns


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def readiness(app: AppContext, as_json: bool) -> None:
    """Am I ready for the exam, and where not? Coverage, readiness per domain and task, a score.

    Per task statement of the exam guide: cards and questions (a card counts for its topic's
    tasks), recall (mean FSRS retrievability now of the task's cards, unstudied ones as 0; once
    an exam date is set, the recall predicted for the exam day if due reviews are done), quiz
    accuracy (recent answers weigh more: half after 30 days) and readiness (0.4 recall + 0.6 quiz
    accuracy, over what exists; none for a task without material or not studied yet). Domains
    average their covered tasks; coverage is the share of the exam's weight with material.

    The predicted score is a range on the 100-1000 scale from your quiz accuracy (an 80% interval,
    uncovered tasks counted as 25% guesses), shown from 30 answers on. It is an estimate from your
    own history, not AWS's scaling.

    JSON keys: exam, coverage, domains, tasks, predicted_score ({low, high} or null), reason.

    \b
    Examples:
      studycards readiness
      studycards readiness --json
    """
    from studycards.quiz.readiness import exam_readiness

    library = app.library()
    now = app.clock()
    with app.open_store(read_only=True) as store:  # never written: works on a read-only copy
        found = exam_readiness(store, library, now)
    if as_json:
        emit_json(found.to_json())
        return
    click.echo(render(found))


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _cut(text: str, width: int) -> str:
    from studycards.content.safe_text import safe_line

    text = safe_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _row(name: str, cards: str, questions: str, recall: str, quiz: str, ready: str) -> str:
    return (f"{_cut(name, NAME_WIDTH):<{NAME_WIDTH}}{cards:>6}{questions:>5}{recall:>7}{quiz:>7}"
            f"{ready:>7}").rstrip()


def render(found: Readiness) -> str:
    """The human report: headline, verdict, a table per domain and task, the weakest tasks."""
    lines = [
        _cut(f"Exam readiness: {found.exam.title}", 78),
        f"Coverage: {_pct(found.coverage)} of the exam's weight has cards or questions.",
        _verdict_line(found),
        "",
        _row("domain / task", "cards", "qs", "recall", "quiz", "ready"),
        "-" * 78,
    ]
    for domain in found.domains:
        tasks = [t for t in found.tasks if t.domain == domain.id]
        covered = sum(t.covered for t in tasks)
        title = domain.title.removeprefix("Design ")
        lines.append(_row(f"{title} {domain.weight}% · {covered}/{len(tasks)} tasks",
                          str(sum(t.cards for t in tasks)), str(sum(t.questions for t in tasks)),
                          _pct(domain.recall), _pct(domain.quiz_accuracy), _pct(domain.readiness)))
        for task in tasks:
            lines.append(_row(f"  {task.id} {task.title}", str(task.cards), str(task.questions),
                              _pct(task.recall), _pct(task.quiz_accuracy), _pct(task.readiness)))
    lines.append("")
    bare = [t.id for t in found.tasks if not t.covered]
    if bare:
        lines.append(f"No cards or questions yet for task{'s' if len(bare) > 1 else ''} {', '.join(bare)}.")
    weakest = found.weakest()
    if not weakest:
        lines.append("Nothing studied yet: start with 'studycards review' or 'studycards quiz'.")
    else:
        lines.append("Weakest covered tasks:")
        for task in weakest:
            figure = _pct(task.readiness) if task.readiness is not None else "not studied"
            lines.append(f"{_cut(f'  {task.id} {task.title}', 66):<66} {figure:>11}".rstrip())
    if found.imported is not None:
        lines.append(f"{found.imported.line()} They have no exam domain: the figures above leave them out.")
    lines.append("An estimate from your own cards and answers, not AWS's scaled score.")
    return "\n".join(lines)


def _verdict_line(found: Readiness) -> str:
    return f"Verdict: {found.verdict}"


COMMANDS = [readiness]
