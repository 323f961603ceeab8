"""`studycards quiz`: scenario questions in practice or exam mode."""

from __future__ import annotations

import sys

import click

from studycards.cli import AppContext, WholeNumber, pass_app, topic_option, utc_now
from studycards.content.vocabulary import DIFFICULTIES, DOMAINS


@click.command()
@topic_option
@click.option("--domain", type=click.Choice(list(DOMAINS)), help="Only questions of this exam domain.")
@click.option("--difficulty", type=click.Choice(list(DIFFICULTIES)), help="Only this difficulty.")
@click.option(
    "--count",
    "-n",
    type=WholeNumber(1, 500),
    default=None,
    help="Number of questions [default: 10; 65 with --exam].",
)
@click.option("--exam", is_flag=True, help="Timed exam: 2 minutes a question, feedback only at the end.")
@click.option("--wrong", is_flag=True, help="Retry the questions you missed in your last quiz.")
@click.option(
    "--generated",
    type=WholeNumber(0, 100),
    default=None,
    help="Add N calculator-made numeric questions [default: 2 on pricing or concurrency].",
)
@click.option(
    "--seed",
    type=WholeNumber(0, 2**32 - 1),
    default=None,
    help="Seed the question and option order (reproducible).",
)
@click.option("--plain", is_flag=True, help="Line mode: read answers from stdin (automatic in pipes).")
@pass_app
def quiz(
    app: AppContext,
    topics: tuple[str, ...],
    domain: str | None,
    difficulty: str | None,
    count: int | None,
    exam: bool,
    wrong: bool,
    generated: int | None,
    seed: int | None,
    plain: bool,
) -> None:
    """Answer exam-style scenario questions, scheduled by spaced repetition.

    Practice mode explains every option after each answer. Exam mode (--exam) runs a countdown,
    lets you flag and revisit questions, and reports your score by domain and topic at the end.
    Questions you get wrong come back sooner; your weakest topics come first.

    \b
    Examples:
      studycards quiz --topic concurrency
      studycards quiz --exam --count 20
      studycards quiz --wrong
      echo b | studycards quiz --topic pricing --count 1 --plain
    """
    from studycards.quiz.service import QuizRequest, new_session_id, plan_questions, record_exam, record_slot
    from studycards.quiz.session import QuizSession
    from studycards.srs.store import Store

    mode = "exam" if exam else "practice"
    request = QuizRequest(
        topics=topics,
        domain=domain,
        difficulty=difficulty,
        count=count or (65 if exam else 10),
        mode=mode,
        wrong_only=wrong,
        seed=seed,
        generated=generated,
    )
    library = app.library()
    with Store.open(app.db_path) as store:
        questions = plan_questions(store, library, request, utc_now())
        if not plain:
            from studycards.commands.tui_bridge import open_tui

            if open_tui(app, "quiz", questions=questions, mode=mode, seed=seed):
                return
        from studycards.quiz.plain import report_text, run_plain

        session = QuizSession.start(questions, mode=mode, now=utc_now(), seed=seed)
        session_id = new_session_id(utc_now())

        def save(index: int) -> None:
            record_slot(store, session_id, session, session.slots[index], utc_now())

        try:
            report = run_plain(session, iter(sys.stdin.readline, ""), click.echo, utc_now, save)
        finally:  # an exam ended by q, end of input, the clock or Ctrl-C keeps its answers
            if mode == "exam":
                session.submit(utc_now())
                record_exam(store, session_id, session, utc_now())
        click.echo("")
        click.echo(report_text(report))


COMMANDS = [quiz]
