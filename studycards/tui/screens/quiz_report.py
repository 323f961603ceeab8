"""The score report of a quiz: overall, by domain, topic and task statement (with the weakest
three), and the missed questions explained."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from studycards.content.safe_text import safe_line, safe_text
from studycards.formatting import format_duration, format_percent, short_domain
from studycards.quiz.request import QuizMode
from studycards.quiz.session import QuizSession, Report, Slot
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.question_view import sources_content, topic_and_domain
from studycards.tui.widgets.quiz_chart import ScoreBars, score_style
from studycards.tui.widgets.quiz_option import QuizOption
from studycards.tui.widgets.titlebar import TitleBar


class QuizReportScreen(StudyScreen):
    """The score: overall, by domain (a bar chart) and by topic, and every missed question explained."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("w", "retry", "Retry missed", id="quiz_report.retry"),
        Binding("escape", "back", "Back", id="quiz_report.back"),
    ]

    def __init__(self, report: Report, quiz: QuizSession) -> None:
        super().__init__()
        self.report = report
        self.quiz = quiz

    def compose(self) -> ComposeResult:
        report = self.report
        library = self.services.library
        yield TitleBar()
        with VerticalScroll(id="quiz-report"):
            yield Static(self.summary(), id="quiz-report-score", classes="panel")
            with Vertical(classes="panel quiz-report-section"):
                yield Static(Content.styled("By domain", "bold"), classes="quiz-report-heading")
                rows = [(short_domain(d), t.correct, t.total) for d, t in report.by_domain.items()]
                yield ScoreBars(rows, id="quiz-report-domains")
            with Vertical(classes="panel quiz-report-section"):
                yield Static(Content.styled("By topic", "bold"), classes="quiz-report-heading")
                yield DataTable(id="quiz-report-topics", cursor_type="none", zebra_stripes=True)
            if report.by_task:
                with Vertical(id="quiz-report-task-section", classes="panel quiz-report-section"):
                    yield Static(Content.styled("By task statement", "bold"), classes="quiz-report-heading")
                    yield Static(self.weakest(), id="quiz-report-weakest")
                    yield DataTable(id="quiz-report-tasks", cursor_type="none", zebra_stripes=True)
            with Vertical(id="quiz-report-missed", classes="panel quiz-report-section"):
                heading = (
                    f"Missed questions ({len(report.missed)})"
                    if report.missed
                    else "Missed questions: none, well done!"
                )
                yield Static(Content.styled(heading, "bold"), classes="quiz-report-heading")
                number = {id(slot): i + 1 for i, slot in enumerate(self.quiz.slots)}
                for slot in report.missed:
                    yield from self.missed_question(slot, number.get(id(slot), 0), library)
        yield KeyBar()

    def missed_question(self, slot: Slot, number: int, library: Any) -> ComposeResult:
        presented = slot.presented
        question = presented.question
        topic = library.topics.get(question.topic)
        chosen = ", ".join(sorted(slot.chosen)) if slot.chosen else "no answer"
        key = ", ".join(sorted(presented.correct_letters))
        with Vertical(classes="quiz-missed"):
            yield Static(
                Content.assemble(
                    (f"Question {number}", "bold"),
                    f" · {topic_and_domain(question, topic)}",
                ),
                classes="quiz-missed-where",
            )
            yield Static(Content(safe_text(question.prompt())), classes="quiz-missed-stem")
            yield Static(
                Content.assemble(
                    "You chose ",
                    (chosen, "$text-error bold"),
                    "; the answer is ",
                    (key, "$text-success bold"),
                    ".",
                ),
                classes="quiz-missed-verdict",
            )
            for letter, option in zip(presented.letters, presented.options, strict=True):
                row = QuizOption(letter, option.text, option.explanation, interactive=False)
                row.set_state(selected=letter in (slot.chosen or ()), revealed=True, correct=option.correct)
                yield row
            yield Static(sources_content(question.sources), classes="quiz-missed-sources")

    def task_title(self, task_id: str) -> str:
        """A task statement's title from the exam guide (blank when no guide has it)."""
        exam = self.services.library.exam
        task = exam.tasks.get(task_id) if exam is not None else None
        return safe_line(task.title) if task is not None else ""

    def weakest(self) -> Content:
        """The three task statements with the lowest accuracy (ties: more missed), one a line."""
        if not self.report.weakest_tasks:
            return Content.styled("Weakest task statements: none answered yet", "$foreground-muted")
        parts: list[str | tuple[str, str] | Content] = [("Weakest task statements", "bold $text-warning")]
        for task_id in self.report.weakest_tasks:
            tally = self.report.by_task[task_id]
            score = f"{tally.correct}/{tally.total}  {format_percent(tally.fraction)}"
            parts += [
                "\n",
                (task_id, "bold"),
                f"  {self.task_title(task_id)}  ",
                (score, score_style(tally.fraction)),
                (f"  ({tally.total - tally.correct} missed)", "$foreground-muted"),
            ]
        return Content.assemble(*parts)

    def summary(self) -> Content:
        report = self.report
        score = report.score
        parts: list[str | tuple[str, str] | Content] = [
            ("Exam" if report.mode is QuizMode.EXAM else "Practice", "bold"),
            " finished\n\n",
            "Score  ",
            (f"{score.correct}/{score.total}", "bold"),
            "  ",
            (format_percent(score.fraction), f"bold {score_style(score.percent / 100)}"),
            "\n",
            f"Time used  {format_duration(report.time_used)}",
            f" of {format_duration(report.time_limit)}" if report.time_limit else "",
            "\n",
        ]
        if report.unanswered:
            counted = "counted wrong" if report.mode is QuizMode.EXAM else "not scored"
            parts.append(f"Unanswered  {report.unanswered} ({counted})\n")
        if report.mode is QuizMode.EXAM:
            verdict = "above" if report.approx_pass else "below"
            parts += [
                "Approximate scaled score  ",
                (f"≈ {report.approx_scaled_score}/1000", "bold"),
                f", {verdict} the 720 pass mark\n",
                (
                    "This is an approximation: your percentage mapped onto 100–1000. "
                    "AWS scales scores its own way.",
                    "italic $foreground-muted",
                ),
                "\n",
            ]
        keys = "w retry the missed questions · escape back" if report.missed else "escape back"
        parts.append((keys, "$foreground-muted"))
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.sub_title = "Exam report" if self.report.mode is QuizMode.EXAM else "Quiz report"
        table = self.query_one("#quiz-report-topics", DataTable)
        table.add_columns("Topic", "Correct", "Score")
        topics = self.services.library.topics
        rows = [
            (safe_line(topics[slug].title if slug in topics else slug), slug, tally)
            for slug, tally in self.report.by_topic.items()
        ]
        for title, slug, tally in sorted(rows, key=lambda row: (row[0].casefold(), row[1])):  # as shown
            score = format_percent(tally.fraction)
            table.add_row(Text(title), f"{tally.correct}/{tally.total}", score, key=slug)
        if self.report.by_task:
            tasks = self.query_one("#quiz-report-tasks", DataTable)
            tasks.add_columns("Task", "Title", "Correct", "Score")
            for task_id, tally in self.report.by_task.items():  # in the exam guide's order
                tasks.add_row(
                    task_id,
                    Text(self.task_title(task_id)),
                    f"{tally.correct}/{tally.total}",
                    format_percent(tally.fraction),
                    key=task_id,
                )
        self.query_one("#quiz-report", VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.report.missed)
        return True

    def action_retry(self) -> None:
        """Practise the missed questions again (a new practice quiz in place of this report)."""
        questions = [slot.presented.question for slot in self.report.missed]
        if questions:
            self.study.open_quiz_with(questions, QuizMode.PRACTICE, replace=True)

    def action_back(self) -> None:
        self.app.pop_screen()
