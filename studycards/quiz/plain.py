"""The quiz's line mode: questions on stdout, answers from stdin, for pipes and scripts."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from studycards.content.exam import TaskStatement
from studycards.content.model import DOMAINS, Question
from studycards.content.safe_text import safe_line
from studycards.export.markdown import render_plain as plain
from studycards.formatting import format_duration, format_percent
from studycards.quiz.controller import QuizController
from studycards.quiz.request import QuizMode
from studycards.quiz.select import Presented, parse_letters
from studycards.quiz.session import Feedback, QuizSession, Report

Echo = Callable[[str], None]

EXAM_HELP = (
    "Answer with letters (b, or a,c). f flag, n next, p previous, #N go to question N, "
    "r review grid, s submit, q quit."
)
PRACTICE_HELP = "Answer with letters (b, or a,c for choose two); q quits, keeping what you answered."


def question_text(presented: Presented, number: int, total: int, flagged: bool = False) -> str:
    """One question as plain text: header, stem and lettered options."""
    q = presented.question
    flag = "  [flagged]" if flagged else ""
    parts = (f"Question {number}/{total}", q.topic, q.domain, q.difficulty)
    header = " · ".join(part for part in parts if part)
    header += flag
    lines = [header, "", plain(q.prompt()), ""]
    lines += [
        f"  {letter}) {plain(option.text)}"
        for letter, option in zip(presented.letters, presented.options, strict=True)
    ]
    return "\n".join(lines)


def feedback_text(feedback: Feedback) -> str:
    """Practice feedback: verdict, the key, the why for every option and the source."""
    p = feedback.presented
    key = ", ".join(sorted(p.correct_letters))
    verdict = "Correct!" if feedback.correct else f"Incorrect. The answer is {key}."
    lines = [verdict, ""]
    for letter, option in zip(p.letters, p.options, strict=True):
        mark = "✔" if option.correct else ("✘" if letter in feedback.chosen else " ")
        lines.append(f" {mark} {letter}) {plain(option.explanation)}")
    if p.question.sources:
        lines += ["", "Source: " + plain(" ".join(p.question.sources))]
    return "\n".join(lines)


def review_grid(quiz: QuizSession) -> str:
    """The exam's review grid: each question answered, flagged or still open."""
    cells = []
    for i, slot in enumerate(quiz.slots):
        mark = "F" if slot.flagged else ("✓" if slot.answered else "·")
        here = ">" if i == quiz.position else " "
        cells.append(f"{here}{i + 1:>2}{mark}")
    rows = [" ".join(cells[k : k + 10]) for k in range(0, len(cells), 10)]
    legend = "✓ answered  · unanswered  F flagged  > current"
    return "\n".join([*rows, legend])


def report_text(report: Report, tasks: Mapping[str, TaskStatement] | None = None) -> str:
    """The score report: score as correct/total, by domain, topic and task statement (titled from
    `tasks`, the exam guide's), the three weakest task statements, time, missed questions."""
    s = report.score
    lines = [f"Score: {s.correct}/{s.total} ({format_percent(s.fraction, 1)})"]
    if report.unanswered:
        counted = "counted wrong" if report.mode is QuizMode.EXAM else "not scored"
        lines.append(f"Unanswered ({counted}): {report.unanswered}")
    limit = f" of {format_duration(report.time_limit)}" if report.time_limit else ""
    lines.append(f"Time used: {format_duration(report.time_used)}{limit}")
    if report.mode is QuizMode.EXAM:
        verdict = "above" if report.approx_pass else "below"
        lines.append(
            f"Approximate scaled score: {report.approx_scaled_score}/1000, {verdict} the 720 pass mark "
            "(an approximation: AWS scales scores its own way)"
        )
    lines += ["", "By domain:"]
    lines += [
        f"  {DOMAINS.get(d, d):<40} {t.correct}/{t.total}  {format_percent(t.fraction)}"
        for d, t in report.by_domain.items()
    ]
    lines += ["By topic:"]
    lines += [
        f"  {topic:<40} {t.correct}/{t.total}  {format_percent(t.fraction)}"
        for topic, t in report.by_topic.items()
    ]
    lines += _task_lines(report, tasks or {})
    if report.missed and report.mode is QuizMode.EXAM:
        lines += ["", "Missed questions:"]
        for slot in report.missed:
            p = slot.presented
            chosen = ", ".join(sorted(slot.chosen)) if slot.chosen else "no answer"
            lines += [
                "",
                plain(p.question.prompt()),
                f"  You chose: {chosen}; the answer is {', '.join(sorted(p.correct_letters))}.",
            ]
            for letter, option in zip(p.letters, p.options, strict=True):
                mark = "✔" if option.correct else " "
                lines.append(f"  {mark} {letter}) {plain(option.text)}\n      {plain(option.explanation)}")
    return "\n".join(lines)


def question_list(questions: Sequence[Question]) -> list[dict[str, Any]]:
    """What `quiz --list --json` prints: each question's id, deck, topic, domain and task ids."""
    return [
        {"id": q.id, "deck": q.deck, "topic": q.topic, "domain": q.domain, "tasks": list(q.tasks)}
        for q in questions
    ]


def question_list_text(questions: Sequence[Question]) -> str:
    """What `quiz --list` prints: one line per question (id, topic, domain, task ids), aligned."""
    rows = [
        tuple(safe_line(x) for x in (q.id, f"{q.deck}/{q.topic}", q.domain, ",".join(q.tasks) or "-"))
        for q in questions
    ]
    widths = [max((len(row[k]) for row in rows), default=0) for k in range(3)]
    return "\n".join(
        f"{i:<{widths[0]}}  {t:<{widths[1]}}  {d:<{widths[2]}}  {tasks}" for i, t, d, tasks in rows
    )


def _task_lines(report: Report, tasks: Mapping[str, TaskStatement]) -> list[str]:
    """The report's task statement breakdown and its weakest three (nothing when no question has one)."""
    if not report.by_task:
        return []
    titles = {k: plain(tasks[k].title) if k in tasks else "" for k in report.by_task}
    id_width = max(len(k) for k in report.by_task)
    title_width = max(len(title) for title in titles.values())

    def row(k: str) -> str:
        t = report.by_task[k]
        score = f"{t.correct}/{t.total}  {format_percent(t.fraction)}"
        return f"  {k:<{id_width}}  {titles[k]:<{title_width}}  {score}"

    lines = ["By task statement:", *(row(k) for k in report.by_task)]
    if report.weakest_tasks:
        lines.append("Weakest task statements:")
        for k in report.weakest_tasks:
            t = report.by_task[k]
            lines.append(f"{row(k)}  ({t.total - t.correct} missed)")
    return lines


def resume_text(quiz: QuizSession, now: datetime) -> str:
    """The line that opens a resumed exam: how far it got and the time left."""
    answered = sum(s.answered for s in quiz.slots)
    remaining = quiz.remaining(now) or timedelta(0)
    return f"Resuming your exam: {answered} of {len(quiz.slots)} answered, {format_duration(remaining)} left."


def run_plain(
    controller: QuizController, lines: Iterator[str], echo: Echo, now: Callable[[], datetime]
) -> Report:
    """Drive a quiz from input lines until it ends, is quit, or input runs out.

    The controller stores each answer (and, in an exam, each flag) before the next question
    shows; the caller grades an exam once this returns.
    """
    exam = controller.mode is QuizMode.EXAM
    echo(EXAM_HELP if exam else PRACTICE_HELP)
    shown = -1

    def time_is_up() -> bool:
        if not controller.expired(now()):
            return False
        echo("Time is up: the exam is submitted.")
        return True

    while not time_is_up():
        if shown != controller.position:
            remaining = controller.remaining(now())
            clock = f"  ({format_duration(remaining)} left)" if remaining is not None else ""
            echo("")
            slot, number = controller.current, controller.position + 1
            echo(question_text(slot.presented, number, controller.total, slot.flagged) + clock)
            shown = controller.position
        line = next(lines, None)
        if line is None or time_is_up():  # an answer typed after the deadline does not count
            break
        command = line.strip().lower()
        if command in ("q", "quit"):
            break
        if exam and _exam_command(controller, command, echo, now):
            if command in ("s", "submit"):
                break
            if command in ("f", "flag"):
                shown = -1  # show the question again with its new mark
            continue
        try:
            chosen = parse_letters(command, controller.current.presented)
        except ValueError as exc:
            echo(f"  {exc}")
            continue
        want = controller.current.presented.question.choose
        if len(chosen) != want:
            echo(f"  choose {want} option{'s' if want > 1 else ''} (you gave {len(chosen)})")
            continue
        feedback = controller.answer(chosen, now())
        if not exam:
            echo("")
            echo(feedback_text(feedback))
            if not controller.advance(now()):
                break
        elif controller.all_complete:
            echo("Every question is answered: s submits, r shows the review grid, #N revisits one.")
    return controller.submit(now())


def _exam_command(controller: QuizController, command: str, echo: Echo, now: Callable[[], datetime]) -> bool:
    """Handle exam navigation; True if the line was a command rather than an answer."""
    total = controller.total
    if command in ("f", "flag"):
        state = controller.flag()
        echo(f"  question {controller.position + 1} {'flagged' if state else 'unflagged'}")
        return True
    if command in ("n", "next"):
        controller.jump((controller.position + 1) % total, now())
        return True
    if command in ("p", "prev", "previous"):
        controller.jump((controller.position - 1) % total, now())
        return True
    if command in ("r", "review"):
        echo(review_grid(controller.session))
        return True
    if command in ("s", "submit"):
        return True
    if command.startswith("#"):
        target = command[1:]
        if target.isdigit() and 1 <= int(target) <= total:
            controller.jump(int(target) - 1, now())
        else:
            echo(f"  there is no question {target}; use #1 to #{total}")
        return True
    return False
