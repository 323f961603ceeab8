"""A quiz question on screen: the status lines, the stem, the options, the sources and a hint."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from studycards.content.model import Question, Topic
from studycards.content.safe_text import safe_line, safe_text
from studycards.formatting import short_domain
from studycards.quiz.session import Slot
from studycards.tui.widgets.quiz_option import QuizOption


def topic_and_domain(question: Question, topic: Topic | None) -> str:
    """'Concurrency and throttling · Resilient'."""
    title = topic.title if topic else question.topic
    return safe_line(f"{title} · {short_domain(question.domain)}" if question.domain else title)


def sources_content(sources: tuple[str, ...]) -> Content:
    """'Source: <links>' with each address clickable (an imported question may have none)."""
    if not sources:
        return Content("")
    parts: list[str | tuple[str, str | Style]] = [("Source: " if len(sources) == 1 else "Sources:", "bold")]
    for url in sources:
        parts += ["\n  " if len(sources) > 1 else "", (safe_line(url), Style(link=url, underline=True))]
    return Content.assemble(*parts)


class QuestionView(Vertical):
    """Status (where, score or clock, topic), the question with its options, and the hint line.

    The quiz screens decide what the score and hint say; this widget only shows them.
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-status"):
            with Horizontal(id="quiz-status-line"):
                yield Static(id="quiz-where")
                yield Static(id="quiz-score")
            yield Static(id="quiz-topic")
        with VerticalScroll(id="quiz-body", classes="panel"):
            yield Static(id="quiz-stem")
            yield Vertical(id="quiz-options")
            yield Static(id="quiz-sources")
        yield Static(id="quiz-hint")

    def show_message(self, message: str) -> None:
        """Text in place of a question (there is none to ask)."""
        self.query_one("#quiz-stem", Static).update(message)

    def show_slot(self, slot: Slot, selected: set[str]) -> None:
        """A new question: its stem, its options (`selected` ticked) and its sources, hidden."""
        presented = slot.presented
        question = presented.question
        self.query_one("#quiz-stem", Static).update(Content(safe_text(question.prompt())))
        options = self.query_one("#quiz-options", Vertical)
        options.remove_children()
        rows = []
        for letter, option in zip(presented.letters, presented.options, strict=True):
            row = QuizOption(
                letter, option.text, option.explanation, multi=question.choose > 1,
                classes=f"quiz-option-{letter}",
            )
            row.set_state(selected=letter in selected)
            rows.append(row)
        options.mount_all(rows)
        sources = self.query_one("#quiz-sources", Static)
        sources.update(sources_content(question.sources))
        sources.display = False
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)

    def refresh_options(self, slot: Slot, selected: set[str], revealed: bool) -> None:
        """Tick `selected`; once `revealed`, mark the key and show every option's why."""
        correct = slot.presented.correct_letters
        for row in self.query_one("#quiz-options").query(QuizOption):
            if row.is_mounted:
                chosen, key = row.letter in selected, row.letter in correct
                row.set_state(selected=chosen, revealed=revealed, correct=key)

    def reveal_sources(self) -> None:
        """Show the question's sources (with the feedback)."""
        self.query_one("#quiz-sources").display = True

    def show_status(self, slot: Slot, number: int, total: int, topic: Topic | None) -> None:
        """Where we are, the difficulty and the flag; under it the topic and domain."""
        question = slot.presented.question
        where = Content.assemble(
            (f"Question {number}/{total}", "bold"),
            f" · {question.difficulty}" if question.difficulty else "",
            ("  ⚑ flagged", "$text-warning bold") if slot.flagged else "",
        )
        self.query_one("#quiz-where", Static).update(where)
        self.query_one("#quiz-topic", Static).update(Content(topic_and_domain(question, topic)))

    def show_score(self, score: Content) -> None:
        """The right of the status line: the running score or the clock."""
        self.query_one("#quiz-score", Static).update(score)

    def show_hint(self, hint: Content, verdict: bool | None = None) -> None:
        """The line under the question; `verdict` colours it as right (True) or wrong (False)."""
        line = self.query_one("#quiz-hint", Static)
        line.set_class(verdict is True, "-correct")
        line.set_class(verdict is False, "-wrong")
        line.update(hint)
