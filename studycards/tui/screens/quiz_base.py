"""What the practice and exam screens share: the question view, picking options, and ending.

The rules (what a pick does, checking, moving, saving) are the `QuizController`'s; a screen
shows its state and says what to press.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content

from studycards.content.model import Question
from studycards.quiz.controller import QuizController
from studycards.quiz.request import QuizMode
from studycards.quiz.select import LETTERS
from studycards.quiz.session import QuizSession
from studycards.tui.screens.base import StudyScreen
from studycards.tui.screens.quiz_common import MAX_OPTIONS
from studycards.tui.screens.quiz_report import QuizReportScreen
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.question_view import QuestionView
from studycards.tui.widgets.quiz_option import QuizOption
from studycards.tui.widgets.titlebar import TitleBar

QUIT_BINDING = Binding("escape", "quit_quiz", "Stop quiz", id="quiz.quit")
NEXT_BINDINGS = [
    Binding("enter", "next", "Next", id="quiz.next"),
    Binding("n", "next", "Next", show=False, id="quiz.next_n"),
]
OPTION_BINDINGS = [
    *[
        Binding(letter, f"pick('{letter}')", f"Option {letter}", show=False, id=f"quiz.option_{letter}")
        for letter in LETTERS[:MAX_OPTIONS]
    ],
    *[
        Binding(str(i + 1), f"pick('{letter}')", f"Option {letter}", show=False, id=f"quiz.option_{i + 1}")
        for i, letter in enumerate(LETTERS[:MAX_OPTIONS])
    ],
]


class QuizScreen(StudyScreen):
    """A quiz in progress: `PracticeScreen` or `ExamScreen`."""

    CSS_PATH = "quiz.tcss"
    mode: ClassVar[QuizMode]
    SUB_TITLE_TEXT: ClassVar[str] = ""

    def __init__(self, questions: list[Question], seed: int | None = None) -> None:
        super().__init__()
        self.questions = list(questions)
        self.seed = seed
        self.controller: QuizController | None = None
        self.saving = False  # a practice answer is being stored
        self.ended = False

    # -- what the controller holds --------------------------------------------------------------
    @property
    def quiz(self) -> QuizSession | None:
        """The quiz session (None before it starts)."""
        return None if self.controller is None else self.controller.session

    @property
    def session_id(self) -> str:
        """The quiz's session id."""
        return "" if self.controller is None else self.controller.session_id

    @property
    def pending(self) -> set[str]:
        """The options selected on the question shown."""
        return set() if self.controller is None else self.controller.pending

    @property
    def revealed(self) -> bool:
        """True while practice feedback shows."""
        return self.controller is not None and self.controller.revealed

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield QuestionView(id="quiz")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.SUB_TITLE_TEXT
        if not self.questions:
            self.ended = True
            self.view.show_message("No questions to ask: press escape to go back.")
            return
        self.controller = self.make_controller()
        self.show_question()
        self.started()

    def make_controller(self) -> QuizController:
        """A new quiz over the questions (an exam is written down at once)."""
        return QuizController.start(
            self.questions,
            self.mode,
            self.services.now(),
            seed=self.seed,
            recorder=self.services,
            on_save_error=self.save_failed,
        )

    def started(self) -> None:
        """The first question shows (the exam starts its clock here)."""

    @property
    def view(self) -> QuestionView:
        return self.query_one(QuestionView)

    # -- showing ------------------------------------------------------------------------------
    def show_question(self) -> None:
        """Show the current question: stem, options (the saved answer selected in an exam), hint."""
        controller = self._controller()
        self.view.show_slot(controller.current, controller.pending)
        self.update_status()
        self.update_hint()
        self.refresh_bindings()

    def refresh_options(self) -> None:
        controller = self.controller
        if controller is not None:
            self.view.refresh_options(controller.current, controller.pending, controller.revealed)

    def update_status(self) -> None:
        """The header: where we are, the flag, the score or clock; the topic and domain under it."""
        controller = self._controller()
        slot = controller.current
        topic = self.services.library.topics.get(slot.presented.question.topic)
        self.view.show_status(slot, controller.position + 1, controller.total, topic)
        self.view.show_score(self.score_content())

    def score_content(self) -> Content:
        """The right of the status line."""
        raise NotImplementedError

    def update_hint(self, problem: str = "") -> None:
        """The line under the question: what went wrong, what to select, and what to press."""
        controller = self._controller()
        presented = controller.current.presented
        want = presented.question.choose
        letters = f"{presented.letters[0]}–{presented.letters[-1]}"
        parts: list[str | tuple[str, str]] = []
        if problem:
            parts += [(problem, "$text-error bold"), "   "]
        if want == 1:
            parts.append(f"Choose one: press {letters} or click")
        else:
            parts += [
                (f"Select {want}", "bold"),
                f" ({len(controller.pending)} selected): press {letters} or click",
            ]
        parts += self.hint_tail()
        self.view.show_hint(Content.assemble(*parts))

    def hint_tail(self) -> list[str | tuple[str, str]]:
        """What the hint says after the selection: the keys of this mode."""
        return []

    # -- picking ----------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        controller = self.controller
        if controller is None or self.ended:
            return action == "quit_quiz"
        if action == "pick":
            return not controller.revealed and str(parameters[0]) in controller.current.presented.letters
        return True

    def action_pick(self, letter: str) -> None:
        """Select an option (an exam stores it at once)."""
        controller = self._controller()
        if controller.revealed or self.saving or controller.session.finished:
            return
        problem = controller.pick(letter, self.services.now())
        if self.mode is QuizMode.EXAM and not problem:
            self.update_status()
        self.refresh_options()
        self.update_hint(problem)

    @on(QuizOption.Picked)
    def _clicked(self, event: QuizOption.Picked) -> None:
        if self.check_action("pick", (event.letter,)):
            self.action_pick(event.letter)

    def action_quit_quiz(self) -> None:
        raise NotImplementedError

    # -- ending -----------------------------------------------------------------------------------
    def end_for_quit(self) -> None:
        """The app is quitting (an exam still running is graded as it stands)."""

    def save_failed(self, exc: Exception) -> None:
        """Keep the quiz usable and say what went wrong."""
        self.app.notify(f"Could not save the answer: {exc}", severity="error", timeout=10, markup=False)

    def _end(self) -> bool:
        """Stop the quiz once (no more answers); False if it had already ended."""
        if self.ended:
            return False
        self.ended = True
        return True

    def _submit(self) -> QuizReportScreen | None:
        """End the quiz once: close dialogs, score it, and build its report (None if already ended)."""
        controller = self._controller()
        if not self._end():
            return None
        self._close_dialogs()
        report = controller.submit(self.services.now())
        self.refresh_bindings()
        return QuizReportScreen(report, controller.session)

    def _close_dialogs(self) -> None:
        """Close the grid or a confirmation opened from this screen (time can run out under them)."""
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()

    def _controller(self) -> QuizController:
        assert self.controller is not None, "the quiz has not started"
        return self.controller
