"""`studycards quiz`: scenario questions in practice or exam mode."""

from __future__ import annotations

import sys

import click

from studycards.commands._common import AppContext, WholeNumber, deck_option, pass_app, topic_option
from studycards.commands.output import emit_json
from studycards.content.vocabulary import DIFFICULTIES, DOMAINS
from studycards.quiz.request import DEFAULT_COUNT, MAX_COUNT, MAX_GENERATED, MIN_COUNT, QuizMode, QuizRequest


@click.command()
@topic_option
@deck_option
@click.option("--domain", type=click.Choice(list(DOMAINS)), help="Only questions of this exam domain.")
@click.option("--difficulty", type=click.Choice(list(DIFFICULTIES)), help="Only this difficulty.")
@click.option(
    "--count",
    "-n",
    type=WholeNumber(MIN_COUNT, MAX_COUNT),
    default=None,
    help=(
        f"Number of questions [default: {DEFAULT_COUNT[QuizMode.PRACTICE]}; "
        f"{DEFAULT_COUNT[QuizMode.EXAM]} with --exam]."
    ),
)
@click.option(
    "--exam",
    is_flag=True,
    help="Timed exam like the real one: 2 minutes a question, questions spread over the domains "
    "by the exam's weights, feedback only at the end.",
)
@click.option("--wrong", is_flag=True, help="Retry the questions you missed in your last quiz.")
@click.option(
    "--generated",
    type=WholeNumber(0, MAX_GENERATED),
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
@click.option(
    "--resume", is_flag=True, help="Continue the unfinished exam: same questions, answers and clock."
)
@click.option(
    "--list", "list_only", is_flag=True, help="Print the questions the quiz would ask; save nothing."
)
@click.option("--json", "as_json", is_flag=True, help="With --list: print one JSON document.")
@pass_app
def quiz(
    app: AppContext,
    topics: tuple[str, ...],
    decks: tuple[str, ...],
    domain: str | None,
    difficulty: str | None,
    count: int | None,
    exam: bool,
    wrong: bool,
    generated: int | None,
    seed: int | None,
    plain: bool,
    resume: bool,
    list_only: bool,
    as_json: bool,
) -> None:
    """Answer exam-style scenario questions, scheduled by spaced repetition.

    Practice mode explains every option after each answer. Exam mode (--exam) follows the exam
    guide: 65 questions in 130 minutes unless --count says otherwise, spread over the domains by
    their weights and over each domain's task statements. It runs a countdown, lets you flag and
    revisit questions, and reports your score by domain, topic and task statement at the end,
    with your three weakest task statements. --list prints the questions a quiz would ask and
    stops, saving nothing.
    Each exam answer is saved as you give it: an exam cut short (a closed terminal, a crash)
    goes on with --resume. Questions you get wrong come back sooner; your weakest topics come first.

    \b
    Examples:
      studycards quiz --topic concurrency
      studycards quiz --deck lambda --topic lambda/pricing
      studycards quiz --exam --count 20
      studycards quiz --exam --list --json
      studycards quiz --wrong
      studycards quiz --resume
      echo b | studycards quiz --topic pricing --count 1 --plain
    """
    from studycards.quiz.blueprint import exam_question_count, exam_seconds_per_question
    from studycards.quiz.controller import QuizController, StoreRecorder
    from studycards.quiz.pending import resume_exam
    from studycards.quiz.plain import question_list, question_list_text, report_text, resume_text, run_plain
    from studycards.quiz.service import plan_questions

    if list_only and resume:
        raise click.UsageError("--list shows the questions of a new quiz: drop --resume")
    if as_json and not list_only:
        raise click.UsageError("--json goes with --list")
    if resume:
        options = {"--topic": topics, "--deck": decks, "--domain": domain, "--difficulty": difficulty,
                   "--count": count,
                   "--wrong": wrong or None, "--generated": generated, "--seed": seed}
        given = [name for name, value in options.items() if value is not None and value != ()]
        if given:
            raise click.UsageError(f"--resume takes the unfinished exam as it was: drop {', '.join(given)}")
    mode = QuizMode.EXAM if exam or resume else QuizMode.PRACTICE
    library = app.library()
    clock = app.clock
    with app.open_store(sync=False) as store:
        recorder = StoreRecorder(store, clock)
        if resume:
            session_id, session = resume_exam(store, library, clock())
            if not plain:
                from studycards.commands.tui_bridge import open_tui

                if open_tui(app, "quiz", resume=(session_id, session)):
                    return
            click.echo(resume_text(session, clock()))
            controller = QuizController(session, session_id, recorder)
        else:
            default_count = exam_question_count(library.exam) if exam else QuizRequest.default_count(mode)
            request = QuizRequest(
                topics=topics,
                domain=domain,
                difficulty=difficulty,
                count=count or default_count,
                mode=mode,
                wrong_only=wrong,
                seed=seed,
                generated=generated,
                decks=decks,
            )
            notes: list[str] = []
            questions = plan_questions(store, library, request, clock(), notes)
            for note in notes:  # a short domain is said before the exam starts
                click.echo(note, err=True)
            if list_only:
                if as_json:
                    emit_json(question_list(questions))
                else:
                    click.echo(question_list_text(questions))
                return
            if not plain:
                from studycards.commands.tui_bridge import open_tui

                if open_tui(app, "quiz", questions=questions, mode=mode, seed=seed):
                    return
            seconds = exam_seconds_per_question(library.exam.format if library.exam else None)
            controller = QuizController.start(
                questions, mode, clock(), seed=seed, recorder=recorder, seconds_per_question=seconds
            )
        try:
            report = run_plain(controller, iter(sys.stdin.readline, ""), click.echo, clock)
        finally:  # an exam ended by s, q, end of input, the clock or Ctrl-C is graded as it stands
            controller.finish(clock())
        click.echo("")
        click.echo(report_text(report, library.exam.tasks if library.exam else None))

COMMANDS = [quiz]
