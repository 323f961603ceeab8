"""An exam: timed, flag and revisit questions, scored at the end.

Each answer (and flag) is stored as pending the moment it is given, and graded when the exam is
submitted, runs out of time, or is quit (Ctrl+Q included); an exam cut short by a crash is
resumed from the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual import work
from textual.binding import Binding
from textual.content import Content
from textual.timer import Timer

from studycards.content.model import Question
from studycards.errors import StudycardsError
from studycards.formatting import format_duration
from studycards.quiz.controller import QuizController
from studycards.quiz.request import QuizMode
from studycards.quiz.session import QuizSession
from studycards.tui.screens.quiz_base import NEXT_BINDINGS, OPTION_BINDINGS, QUIT_BINDING, QuizScreen
from studycards.tui.screens.quiz_common import plural
from studycards.tui.screens.quiz_dialogs import QuizConfirmScreen, QuizGridScreen


class ExamScreen(QuizScreen):
    """An exam: a countdown, flags, the review grid, and the score only at the end."""

    mode = QuizMode.EXAM
    SUB_TITLE_TEXT = "Exam"
    BINDINGS = [
        *NEXT_BINDINGS,
        Binding("p", "previous", "Prev", id="quiz.previous"),
        Binding("f", "flag", "Flag", id="quiz.flag"),
        Binding("g", "grid", "Grid", id="quiz.grid"),
        Binding("S", "submit", "Submit", id="quiz.submit"),
        QUIT_BINDING,
        *OPTION_BINDINGS,
    ]

    def __init__(
        self,
        questions: list[Question] | None = None,
        seed: int | None = None,
        resumed: tuple[str, QuizSession] | None = None,
    ) -> None:
        if resumed is not None:  # an unfinished exam: (session id, the rebuilt quiz)
            questions = [slot.presented.question for slot in resumed[1].slots]
        super().__init__(questions or [], seed)
        self.resumed = resumed
        self.timer: Timer | None = None

    def make_controller(self) -> QuizController:
        if self.resumed is None:
            return super().make_controller()
        session_id, session = self.resumed
        return QuizController(session, session_id, self.services, self.save_failed)

    def started(self) -> None:
        self.timer = self.set_interval(1.0, self.tick, name="quiz-clock")
        self.tick()

    # -- showing --------------------------------------------------------------------------------
    def score_content(self) -> Content:
        controller = self._controller()
        flagged = sum(s.flagged for s in controller.session.slots)
        remaining = controller.remaining(self.services.now()) or timedelta(0)
        clock_style = "$text-error bold" if remaining <= timedelta(minutes=1) else "$accent bold"
        return Content.assemble(
            f"answered {controller.answered}/{controller.total}",
            f" · ⚑ {flagged}" if flagged else "",
            "  ",
            (format_duration(remaining), clock_style),
            " left",
        )

    def hint_tail(self) -> list[str | tuple[str, str]]:
        slot = self._controller().current
        parts: list[str | tuple[str, str]] = []
        if slot.answered:
            parts += [" · saved: ", (", ".join(sorted(slot.chosen or ())), "bold")]
        parts.append(" · enter next · g grid · s submit")
        return parts

    # -- moving ---------------------------------------------------------------------------------
    def action_next(self) -> None:
        if not self._controller().advance(self.services.now()):
            self.notify("That was the last question, and every one is answered: s submits.", timeout=4)
            return
        self.show_question()

    def action_previous(self) -> None:
        if self._controller().previous(self.services.now()):
            self.show_question()

    def action_flag(self) -> None:
        self._controller().flag()
        self.update_status()

    def action_grid(self) -> None:
        self.app.push_screen(QuizGridScreen(self._controller().session), self._jump)

    def _jump(self, index: int | None) -> None:
        controller = self.controller
        if index is None or controller is None or controller.session.finished:
            return
        controller.jump(index, self.services.now())
        self.show_question()

    # -- ending ---------------------------------------------------------------------------------
    def action_submit(self) -> None:
        slots = self._controller().session.slots
        open_count = sum(not s.answered for s in slots)
        partial = sum(s.answered and not s.complete for s in slots)
        lines = [f"All {len(slots)} questions are answered."] if open_count == 0 and partial == 0 else []
        if open_count:
            lines.append(
                f"{plural(open_count, 'question')} of {len(slots)} "
                f"{'is' if open_count == 1 else 'are'} unanswered and will count as wrong."
            )
        if partial:
            lines.append(
                f"{plural(partial, 'question')} {'has' if partial == 1 else 'have'} fewer options "
                "ticked than asked for and will count as wrong."
            )
        message = "\n".join(lines) + "\n\nSubmit the exam now?"
        self.app.push_screen(
            QuizConfirmScreen(message, "Submit", "Keep going"), lambda yes: self.finish() if yes else None
        )

    def action_quit_quiz(self) -> None:
        controller = self.controller
        if controller is None:
            self.app.pop_screen()
            return
        if self.ended:  # an exam being stored: the report (or the dashboard) follows by itself
            return
        answered = controller.answered
        message = (
            f"Quit the exam? Your {plural(answered, 'answered question')} will be graded "
            "(unanswered ones are left out), without a score report."
            if answered
            else "Quit the exam? Nothing is answered yet, so nothing will be graded."
        )
        self.app.push_screen(
            QuizConfirmScreen(message, "Quit", "Keep going"), lambda yes: self._quit_exam() if yes else None
        )

    def tick(self) -> None:
        """Once a second: update the countdown, and submit when time runs out."""
        controller = self.controller
        if controller is None or self.ended:
            return
        if controller.expired(self.services.now()):
            self.app.notify("Time is up: the exam has been submitted.", severity="warning", timeout=6)
            self.finish()
            return
        self.view.show_score(self.score_content())

    def end_for_quit(self) -> None:
        """The app is quitting: grade the exam as it stands, right now."""
        controller = self.controller
        if controller is None or not self._end():
            return
        controller.submit(self.services.now())
        try:
            controller.grade()
        except StudycardsError as exc:  # busy or read-only: say so; the answers stay pending
            self.save_failed(exc)

    def _end(self) -> bool:
        if not super()._end():
            return False
        if self.timer is not None:
            self.timer.stop()
        return True

    def finish(self) -> None:
        """Submit, grade, then show the report in place of this screen."""
        report = self._submit()
        if report is not None:
            self.store_exam(lambda: self.app.switch_screen(report))

    def _quit_exam(self) -> None:
        controller = self._controller()
        if not self._end():
            return
        controller.submit(self.services.now())
        answered = controller.answered

        def leave() -> None:
            self.app.pop_screen()
            self.app.notify(f"Exam stopped: {plural(answered, 'answer')} saved.", timeout=3)

        self.store_exam(leave)

    @work(thread=True, group="quiz-save")
    def store_exam(self, then: Callable[[], Any]) -> None:
        try:
            self._controller().grade()
        except StudycardsError as exc:  # the answers stay pending: `quiz --resume` grades them later
            self.app.call_from_thread(
                self.app.notify, f"Could not save the exam: {exc}", severity="error", timeout=10, markup=False
            )
        self.app.call_from_thread(then)
