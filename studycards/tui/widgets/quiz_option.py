"""One answer option of a quiz question: a clickable row with its letter, and after answering its why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from studycards.content.safe_text import safe_text


class QuizOption(Horizontal):
    """An option row: a marker column (selection or verdict), the option text and, once revealed, the why.

    Content text goes in as `Content`, never as markup, since options may contain brackets.
    """

    DEFAULT_CSS = """
    QuizOption { height: auto; padding: 0 1; }
    QuizOption > .quiz-option-mark { width: 5; }
    QuizOption > Vertical { height: auto; width: 1fr; }
    QuizOption .quiz-option-why { color: $text-muted; padding-bottom: 1; }
    QuizOption.-interactive:hover { background: $boost; }
    QuizOption.-selected { background: $accent 20%; }
    QuizOption.-selected > .quiz-option-mark { color: $accent; text-style: bold; }
    QuizOption.-correct > .quiz-option-mark, QuizOption.-correct .quiz-option-text { color: $text-success; }
    QuizOption.-correct > .quiz-option-mark { text-style: bold; }
    QuizOption.-wrong > .quiz-option-mark, QuizOption.-wrong .quiz-option-text { color: $text-error; }
    QuizOption.-wrong > .quiz-option-mark { text-style: bold; }
    """

    class Picked(Message):
        """The learner clicked this option."""

        def __init__(self, letter: str) -> None:
            super().__init__()
            self.letter = letter

    def __init__(
        self,
        letter: str,
        text: str,
        why: str,
        *,
        multi: bool = False,
        interactive: bool = True,
        classes: str = "",
    ) -> None:
        super().__init__(classes=f"{classes} -interactive" if interactive else classes)
        self.letter = letter
        self.text = safe_text(text)
        self.why = safe_text(why)
        self.multi = multi
        self.interactive = interactive
        self.selected = False
        self.revealed = False
        self.correct = False

    def compose(self) -> ComposeResult:
        yield Static(self._mark(), classes="quiz-option-mark")
        with Vertical():
            yield Static(Content(self.text), classes="quiz-option-text")
            why = Static(Content(self.why), classes="quiz-option-why")
            why.display = False
            yield why

    def set_state(self, *, selected: bool, revealed: bool = False, correct: bool = False) -> None:
        """Show the option as (not) selected; once revealed, as correct or as a wrong pick, with its why."""
        self.selected, self.revealed, self.correct = selected, revealed, correct
        self.set_class(selected and not revealed, "-selected")
        self.set_class(revealed and correct, "-correct")
        self.set_class(revealed and selected and not correct, "-wrong")
        if self.is_mounted:
            self._show()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        self.query_one(".quiz-option-mark", Static).update(self._mark())
        self.query_one(".quiz-option-why", Static).display = self.revealed

    def _mark(self) -> Content:
        if self.revealed:
            symbol = "✔" if self.correct else ("✘" if self.selected else " ")
        elif self.multi:
            symbol = "☑" if self.selected else "☐"
        else:
            symbol = "●" if self.selected else "○"
        return Content(f"{symbol} {self.letter})")

    def on_click(self, event: Click) -> None:
        if self.interactive:
            event.stop()
            self.post_message(self.Picked(self.letter))
