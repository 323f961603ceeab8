"""The dashboard: what is due, today's progress, the topics, and the way to every screen."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Static

from studycards.content.model import DOMAINS
from studycards.tui.screens.base import StudyScreen
from studycards.tui.services import Dashboard
from studycards.tui.widgets.bars import bar, percent


class DashboardScreen(StudyScreen):
    """Home: due cards, progress, per-topic mastery and quiz accuracy."""

    BINDINGS = [
        Binding("r", "app.open_review", "Review", id="dashboard.review"),
        Binding("t", "app.open_quiz", "Quiz", id="dashboard.quiz"),
        Binding("c", "app.open_calc", "Calculators", id="dashboard.calc"),
        Binding("n", "app.open_notes", "Notes", id="dashboard.notes"),
        Binding("s", "app.open_stats", "Stats", id="dashboard.stats"),
        Binding("comma", "app.open_settings", "Settings", id="dashboard.settings"),
        Binding("enter", "open_topic", "Topic notes", id="dashboard.topic", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dash"):
            with Horizontal(id="dash-top"):
                with Vertical(id="dash-due", classes="panel"):
                    yield Static("Loading…", id="dash-due-text")
                    yield Button("Review now  (r)", id="dash-review", variant="primary")
                yield Static(id="dash-welcome", classes="panel")
                with Vertical(id="dash-progress", classes="panel"):
                    yield Static(id="dash-progress-text")
                with Vertical(id="dash-readiness", classes="panel"):
                    yield Static(id="dash-readiness-text")
            yield DataTable(id="dash-topics", cursor_type="row", zebra_stripes=True)
            yield Static(id="dash-keys")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#dash-topics", DataTable)
        table.add_column("Topic", width=32)
        table.add_columns("Cards", "Studied", "Mastery", "Quiz")
        self.query_one("#dash-welcome").display = False
        self.query_one("#dash-keys", Static).update(
            Text.assemble(
                ("r", "bold"),
                " review   ",
                ("t", "bold"),
                " quiz   ",
                ("c", "bold"),
                " calculators   ",
                ("n", "bold"),
                " notes   ",
                ("s", "bold"),
                " stats   ",
                (",", "bold"),
                " settings   ",
                ("?", "bold"),
                " help   ",
                ("ctrl+p", "bold"),
                " commands   ",
                ("ctrl+q", "bold"),
                " quit",
            )
        )
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    @work(thread=True, exclusive=True, group="dashboard")
    def refresh_data(self) -> None:
        """Load the figures in a worker; the screen fills in when they arrive."""
        data = self.services.dashboard()
        self.app.call_from_thread(self.show, data)

    def show(self, data: Dashboard) -> None:
        """Fill every panel from freshly loaded figures."""
        welcome = self.query_one("#dash-welcome", Static)
        welcome.display = data.first_run
        self.query_one("#dash-progress").display = not data.first_run
        self.query_one("#dash-readiness").display = not data.first_run
        if data.first_run:
            questions = len(self.services.library.questions)
            welcome.update(
                Text.assemble(
                    ("Welcome to studycards!\n\n", "bold"),
                    f"{data.total_cards} flashcards and {questions} exam-style questions ",
                    f"on AWS Lambda, in {len(data.topics)} topics.\n\n",
                    "Press ",
                    ("r", "bold"),
                    f" to learn today's {data.new} new cards: FSRS brings each one back ",
                    "just before you would forget it.\n",
                    "Or read the notes (",
                    ("n", "bold"),
                    "), take a quiz (",
                    ("t", "bold"),
                    ") or try the Lambda calculators (",
                    ("c", "bold"),
                    ").",
                )
            )
        due = Text()
        due.append(f"{data.due_total} due", style="bold")
        due.append(" now\n\n")
        due.append(f"{data.learning:>4}", style="bold red")
        due.append(" learning\n")
        due.append(f"{data.review:>4}", style="bold green")
        due.append(" to review\n")
        due.append(f"{data.new:>4}", style="bold blue")
        due.append(" new")
        if data.due_total == 0:
            due.append("\n\nAll caught up for today.", style="italic")
        self.query_one("#dash-due-text", Static).update(due)
        self.query_one("#dash-review", Button).disabled = data.due_total == 0

        progress = Text()
        progress.append("Today\n\n", style="bold")
        progress.append(f"{data.reviews_today} reviews done\n")
        progress.append(f"{data.streak_days} day streak\n")
        retention = percent(data.retention_30d)
        progress.append(f"retention (30 days): {retention}\n")
        progress.append(f"{data.studied_cards}/{data.total_cards} cards studied\n")
        progress.append(bar(data.studied_cards / data.total_cards if data.total_cards else 0, 20))
        self.query_one("#dash-progress-text", Static).update(progress)

        self.query_one("#dash-readiness-text", Static).update(readiness_text(data))

        table = self.query_one("#dash-topics", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in data.topics:
            mastery = Text(bar(row.mastery or 0, 10) + " " + percent(row.mastery))
            quiz = f"{percent(row.quiz_accuracy)} of {row.quiz_answered}" if row.quiz_answered else "–"
            table.add_row(Text(row.title), str(row.cards), str(row.studied), mastery, quiz, key=row.slug)
        if data.topics:
            table.move_cursor(row=min(cursor, len(data.topics) - 1))

    @on(Button.Pressed, "#dash-review")
    def _review(self) -> None:
        self.study.action_open_review()

    @on(DataTable.RowSelected, "#dash-topics")
    def _topic_selected(self, event: DataTable.RowSelected) -> None:
        self.study.action_open_notes(str(event.row_key.value))

    def action_open_topic(self) -> None:
        table = self.query_one("#dash-topics", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.study.action_open_notes(str(key))


def readiness_text(data: Dashboard) -> Text:
    """An honest exam-readiness summary from coverage, mastery and quiz accuracy by domain."""
    text = Text()
    text.append("Exam readiness\n\n", style="bold")
    coverage = data.studied_cards / data.total_cards if data.total_cards else 0.0
    text.append(f"cards studied  {percent(coverage)}\n")
    text.append(f"quiz accuracy  {percent(data.quiz_accuracy)}")
    text.append(f" ({data.quiz_answered} answers)\n" if data.quiz_answered else "\n")
    for slug, title in DOMAINS.items():
        figures = data.by_domain.get(slug)
        short = title.replace("Design ", "").replace(" Architectures", "")
        value = percent(figures["accuracy"]) if figures and figures["answered"] else "–"
        text.append(f"  {short:<16} {value}\n")
    if data.quiz_answered < 20:
        text.append("Answer 20+ questions for a fair reading.", style="italic")
    elif (data.quiz_accuracy or 0) >= 0.8:
        text.append("On track (80%+ in practice): keep reviewing daily.", style="green")
    else:
        text.append(
            "Aim for 80%+ in practice (the exam passes at 720/1000, scaled): quiz your weakest domain.",
            style="yellow",
        )
    return text
