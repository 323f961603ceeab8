"""The exam's dialogs: a yes/no confirmation and the review grid."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from studycards.quiz.session import QuizSession, Slot


class QuizConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or the first button says yes; n, escape or the second says no."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="quiz_confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="quiz_confirm.no"),
    ]

    def __init__(self, message: str, yes: str, no: str) -> None:
        super().__init__()
        self.message = message
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-confirm"):
            yield Static(Content(self.message), id="quiz-confirm-text")
            with Horizontal(id="quiz-confirm-buttons"):
                yield Button(f"{self.yes}  (y)", id="quiz-confirm-yes", variant="primary", compact=True)
                yield Button(f"{self.no}  (n)", id="quiz-confirm-no", compact=True)

    def on_mount(self) -> None:
        # A stray enter keeps going: submitting or quitting takes y or a click.
        self.query_one("#quiz-confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quiz-confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class QuizGridCell(Static):
    """One question in the review grid; clicking it jumps there."""

    def __init__(self, index: int, slot: Slot, current: bool) -> None:
        mark = "⚑" if slot.flagged else ("✓" if slot.answered else "·")
        super().__init__(
            Content(f"{index + 1:>3} {mark}"), id=f"quiz-grid-{index + 1}", classes="quiz-grid-cell"
        )
        self.index = index
        self.set_class(slot.answered, "-answered")
        self.set_class(slot.flagged, "-flagged")
        self.set_class(current, "-current")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        screen = self.screen
        if isinstance(screen, QuizGridScreen):
            screen.dismiss(self.index)


class QuizGridScreen(ModalScreen[int | None]):
    """The exam's review grid: every question answered, unanswered or flagged; type a number or click."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("escape,g", "close", "Close", id="quiz_grid.close"),
        Binding("enter", "jump", "Go", id="quiz_grid.go"),
        Binding("backspace", "erase", "Erase", show=False, id="quiz_grid.erase"),
    ]

    def __init__(self, quiz: QuizSession) -> None:
        super().__init__()
        self.quiz = quiz
        self.typed = ""

    def compose(self) -> ComposeResult:
        answered = sum(s.answered for s in self.quiz.slots)
        flagged = sum(s.flagged for s in self.quiz.slots)
        with Vertical(id="quiz-grid-box"):
            yield Static(
                Content.assemble(
                    ("Review grid", "bold"),
                    f"   {answered}/{len(self.quiz.slots)} answered · {flagged} flagged",
                ),
                id="quiz-grid-title",
            )
            with Grid(id="quiz-grid"):
                for i, slot in enumerate(self.quiz.slots):
                    yield QuizGridCell(i, slot, i == self.quiz.position)
            yield Static(
                Content("✓ answered   · unanswered   ⚑ flagged   (highlighted: current)"),
                id="quiz-grid-legend",
            )
            yield Static(id="quiz-grid-typed")

    def on_mount(self) -> None:
        self._show_typed()

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdigit():
            event.stop()
            if len(self.typed) < 3:
                self.typed += event.character
            self._show_typed()

    def _show_typed(self, problem: str = "") -> None:
        text = Content.assemble(
            ("Go to: ", "bold"),
            (self.typed or "_", "$accent bold"),
            "   a number + enter, or a click, jumps · escape closes",
        )
        if problem:
            text = Content.assemble((problem, "$text-error"), "   ", text)
        self.query_one("#quiz-grid-typed", Static).update(text)

    def action_erase(self) -> None:
        self.typed = self.typed[:-1]
        self._show_typed()

    def action_jump(self) -> None:
        if not self.typed:
            self.dismiss(None)
            return
        number = int(self.typed)
        if not 1 <= number <= len(self.quiz.slots):
            self.typed = ""
            self._show_typed(f"There is no question {number}.")
            return
        self.dismiss(number - 1)

    def action_close(self) -> None:
        self.dismiss(None)
