"""A practice quiz: check each answer, see every option's why, and store it before moving on."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.binding import Binding
from textual.content import Content

from studycards.content.model import Question
from studycards.errors import StudycardsError
from studycards.quiz.controller import IncompleteAnswer
from studycards.quiz.request import QuizMode
from studycards.tui.screens.quiz_base import NEXT_BINDINGS, OPTION_BINDINGS, QUIT_BINDING, QuizScreen
from studycards.tui.screens.quiz_common import plural


class PracticeScreen(QuizScreen):
    """Practice: enter checks the selection and explains every option; each answer is stored."""

    mode = QuizMode.PRACTICE
    SUB_TITLE_TEXT = "Quiz · practice"
    BINDINGS = [
        Binding("enter", "check", "Check answer", id="quiz.check"),
        *NEXT_BINDINGS,
        QUIT_BINDING,
        *OPTION_BINDINGS,
    ]

    def __init__(self, questions: list[Question], seed: int | None = None) -> None:
        super().__init__(questions, seed)
        self.after_save: Callable[[], None] | None = None

    def score_content(self) -> Content:
        answered = [s for s in self._controller().session.slots if s.answered]
        correct = sum(s.correct for s in answered)
        return Content.assemble("Score ", (f"{correct}/{len(answered)}", "bold"))

    def update_hint(self, problem: str = "") -> None:
        """After a check, the verdict and what enter does next; before it, what to select."""
        controller = self._controller()
        if not controller.revealed:
            super().update_hint(problem)
            return
        slot = controller.current
        onward = "enter: see your score" if controller.is_last else "enter: next question"
        if slot.correct:
            self.view.show_hint(Content.assemble(("✔ Correct!", "bold"), f"   {onward}"), verdict=True)
        else:
            key = ", ".join(sorted(slot.presented.correct_letters))
            verdict = Content.assemble((f"✘ Incorrect: the answer is {key}.", "bold"), f"   {onward}")
            self.view.show_hint(verdict, verdict=False)

    def hint_tail(self) -> list[str | tuple[str, str]]:
        return [", then enter to check"]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or self.controller is None or self.ended:
            return allowed
        if action == "check":
            return not self.revealed
        if action == "next":
            return self.revealed
        return True

    def action_check(self) -> None:
        """Score the selection, show every option's why, and store the answer."""
        controller = self._controller()
        if controller.revealed or self.saving:
            return
        try:
            controller.check(self.services.now())
        except IncompleteAnswer as exc:
            self.update_hint(str(exc))
            return
        self.refresh_options()
        self.view.reveal_sources()
        self.update_status()
        self.update_hint()
        self.refresh_bindings()
        self.saving = True
        self.save_answer(controller.position)

    def action_next(self) -> None:
        controller = self._controller()
        if self.saving:
            self.after_save = self.action_next
            return
        if not controller.revealed:
            return
        if not controller.advance(self.services.now()):
            self.finish()
            return
        self.show_question()

    def action_quit_quiz(self) -> None:
        controller = self.controller
        if controller is None:
            self.app.pop_screen()
            return
        if self.ended:
            return
        if self.saving:
            self.after_save = self.action_quit_quiz
            return
        answered = controller.answered
        self.ended = True
        self.app.pop_screen()
        if answered:
            verb = "is" if answered == 1 else "are"
            self.app.notify(f"Quiz stopped: your {plural(answered, 'answer')} {verb} saved.", timeout=3)

    @work(thread=True, group="quiz-save")
    def save_answer(self, index: int) -> None:
        """Store one answer before the next question shows."""
        try:
            self._controller().save_answer(index)
        except StudycardsError as exc:  # keep the quiz usable and say what went wrong
            self.app.call_from_thread(self._save_failed, exc)
            return
        self.app.call_from_thread(self._saved)

    def _saved(self) -> None:
        self.saving = False
        then, self.after_save = self.after_save, None
        if then is not None:
            then()

    def _save_failed(self, exc: Exception) -> None:
        self.saving = False
        self.after_save = None
        self.save_failed(exc)

    def finish(self) -> None:
        """End the quiz and show the report in place of this screen."""
        report = self._submit()
        if report is not None:
            self.app.switch_screen(report)
