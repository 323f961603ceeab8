"""A quiz in progress: practice and exam modes. The setup form (`quiz_setup`), the exam's dialogs
(`quiz_dialogs`) and the score report (`quiz_report`) live beside it and are importable from here.

The quiz engine (`studycards.quiz`) does the choosing, scoring and timing; these screens show it.
Practice stores each answer as soon as it is given. An exam stores each answer (and flag) as
pending the moment it is given, and grades them when it is submitted, runs out of time, or is
quit (Ctrl+Q included); an exam cut short by a crash is resumed from the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from studycards.content.model import Question
from studycards.content.safe_text import safe_text
from studycards.quiz.select import LETTERS
from studycards.quiz.session import QuizSession
from studycards.tui.screens.base import StudyScreen
from studycards.tui.screens.quiz_common import (
    MAX_OPTIONS,
    clock_text,
    plural,
    sources_content,
    topic_and_domain,
)
from studycards.tui.screens.quiz_dialogs import QuizConfirmScreen, QuizGridScreen
from studycards.tui.screens.quiz_report import QuizReportScreen
from studycards.tui.screens.quiz_setup import QuizSetupScreen
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.quiz_option import QuizOption
from studycards.tui.widgets.titlebar import TitleBar

__all__ = ["QuizConfirmScreen", "QuizGridScreen", "QuizReportScreen", "QuizScreen", "QuizSetupScreen"]


# -- the quiz -----------------------------------------------------------------------------------


class QuizScreen(StudyScreen):
    """A quiz in progress: practice explains each answer; an exam is timed and scored at the end."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("enter", "check", "Check answer", id="quiz.check"),
        Binding("enter", "next", "Next", id="quiz.next"),
        Binding("n", "next", "Next", show=False, id="quiz.next_n"),
        Binding("p", "previous", "Prev", id="quiz.previous"),
        Binding("f", "flag", "Flag", id="quiz.flag"),
        Binding("g", "grid", "Grid", id="quiz.grid"),
        Binding("s", "submit", "Submit", id="quiz.submit"),
        Binding("escape", "quit_quiz", "Stop quiz", id="quiz.quit"),
        *[
            Binding(letter, f"pick('{letter}')", f"Option {letter}", show=False, id=f"quiz.option_{letter}")
            for letter in LETTERS[:MAX_OPTIONS]
        ],
        *[
            Binding(
                str(i + 1),
                f"pick('{LETTERS[i]}')",
                f"Option {LETTERS[i]}",
                show=False,
                id=f"quiz.option_{i + 1}",
            )
            for i in range(MAX_OPTIONS)
        ],
    ]

    def __init__(
        self,
        questions: list[Question],
        mode: str = "practice",
        seed: int | None = None,
        resumed: tuple[str, QuizSession] | None = None,
    ) -> None:
        super().__init__()
        if mode not in ("practice", "exam"):
            raise ValueError(f"unknown quiz mode {mode!r}")
        if resumed is not None:  # an unfinished exam: (session id, the rebuilt quiz)
            mode = "exam"
            questions = [slot.presented.question for slot in resumed[1].slots]
        self.questions = list(questions)
        self.mode = mode
        self.seed = seed
        self.resumed = resumed
        self.quiz: QuizSession | None = None
        self.session_id = ""
        self.pending: set[str] = set()
        self.revealed = False  # practice: feedback is showing for the current question
        self.saving = False
        self.after_save: Callable[[], None] | None = None
        self.timer: Timer | None = None
        self.ended = False

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="quiz"):
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
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Exam" if self.mode == "exam" else "Quiz · practice"
        if not self.questions:
            self.ended = True
            self.query_one("#quiz-stem", Static).update("No questions to ask: press escape to go back.")
            return
        from studycards.quiz.service import new_session_id

        now = self.services.now()
        if self.resumed is not None:
            self.session_id, self.quiz = self.resumed
        else:
            self.quiz = QuizSession.start(self.questions, mode=self.mode, now=now, seed=self.seed)
            self.session_id = new_session_id(now)
            if self.mode == "exam":
                self._write(lambda: self.services.begin_exam(self.session_id, self._quiz()))
        self.show_question()
        if self.mode == "exam":
            self.timer = self.set_interval(1.0, self.tick, name="quiz-clock")
            self.tick()

    # -- showing ------------------------------------------------------------------------------
    def show_question(self) -> None:
        """Show the current question: stem, options (the saved answer selected in an exam), hint."""
        quiz = self._quiz()
        slot = quiz.current
        presented = slot.presented
        question = presented.question
        self.revealed = False
        self.pending = set(slot.chosen or ())
        self.query_one("#quiz-stem", Static).update(Content(safe_text(question.prompt())))
        options = self.query_one("#quiz-options", Vertical)
        options.remove_children()
        rows = []
        for letter, option in zip(presented.letters, presented.options, strict=True):
            row = QuizOption(
                letter, option.text, option.why, multi=question.choose > 1, classes=f"quiz-option-{letter}"
            )
            row.set_state(selected=letter in self.pending)
            rows.append(row)
        options.mount_all(rows)
        sources = self.query_one("#quiz-sources", Static)
        sources.update(sources_content(question.sources))
        sources.display = False
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.update_status()
        self.update_hint()
        self.refresh_bindings()

    def refresh_options(self) -> None:
        quiz = self.quiz
        if quiz is None:
            return
        correct = quiz.current.presented.correct_letters
        for row in self.query_one("#quiz-options").query(QuizOption):
            if not row.is_mounted:
                continue
            row.set_state(
                selected=row.letter in self.pending, revealed=self.revealed, correct=row.letter in correct
            )

    def update_status(self) -> None:
        """The header: where we are, the difficulty, the flag, and the running score (practice) or
        the clock (exam); under it the topic and domain (two lines, so all of it fits 80 columns)."""
        quiz = self._quiz()
        question = quiz.current.presented.question
        topic = self.services.library.topics.get(question.topic)
        where = Content.assemble(
            (f"Question {quiz.position + 1}/{len(quiz.slots)}", "bold"),
            f" · {question.difficulty}",
            ("  ⚑ flagged", "$text-warning bold") if quiz.current.flagged else "",
        )
        self.query_one("#quiz-where", Static).update(where)
        self.query_one("#quiz-topic", Static).update(Content(topic_and_domain(question, topic)))
        self.query_one("#quiz-score", Static).update(self.score_content())

    def score_content(self) -> Content:
        quiz = self._quiz()
        answered = [s for s in quiz.slots if s.answered]
        if self.mode == "practice":
            correct = sum(s.correct for s in answered)
            return Content.assemble("Score ", (f"{correct}/{len(answered)}", "bold"))
        flagged = sum(s.flagged for s in quiz.slots)
        remaining = quiz.remaining(self.services.now()) or timedelta(0)
        clock_style = "$text-error bold" if remaining <= timedelta(minutes=1) else "$accent bold"
        return Content.assemble(
            f"answered {len(answered)}/{len(quiz.slots)}",
            f" · ⚑ {flagged}" if flagged else "",
            "  ",
            (clock_text(remaining), clock_style),
            " left",
        )

    def update_hint(self, problem: str = "") -> None:
        """The line under the question: what to press now, the verdict, or what went wrong."""
        quiz = self._quiz()
        slot = quiz.current
        presented = slot.presented
        want = presented.question.choose
        letters = f"{presented.letters[0]}–{presented.letters[-1]}"
        hint = self.query_one("#quiz-hint", Static)
        hint.set_class(False, "-correct")
        hint.set_class(False, "-wrong")
        if self.revealed:
            key = ", ".join(sorted(presented.correct_letters))
            last = quiz.position + 1 >= len(quiz.slots)
            onward = "enter: see your score" if last else "enter: next question"
            if slot.correct:
                hint.set_class(True, "-correct")
                hint.update(Content.assemble(("✔ Correct!", "bold"), f"   {onward}"))
            else:
                hint.set_class(True, "-wrong")
                hint.update(Content.assemble((f"✘ Incorrect: the answer is {key}.", "bold"), f"   {onward}"))
            return
        parts: list[str | tuple[str, str]] = []
        if problem:
            parts += [(problem, "$text-error bold"), "   "]
        if want == 1:
            parts.append(f"Choose one: press {letters} or click")
        else:
            parts += [
                (f"Select {want}", "bold"),
                f" ({len(self.pending)} selected): press {letters} or click",
            ]
        if self.mode == "practice":
            parts.append(", then enter to check")
        else:
            if slot.answered:
                parts += [" · saved: ", (", ".join(sorted(slot.chosen or ())), "bold")]
            parts.append(" · enter next · g grid · s submit")
        hint.update(Content.assemble(*parts))

    # -- bindings -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        quiz = self.quiz
        if quiz is None or self.ended:
            return action == "quit_quiz"
        exam = self.mode == "exam"
        if action == "check":
            return not exam and not self.revealed
        if action == "next":
            return exam or self.revealed
        if action in ("previous", "flag", "grid", "submit"):
            return exam
        if action == "pick":
            return not self.revealed and str(parameters[0]) in quiz.current.presented.letters
        return True

    def action_pick(self, letter: str) -> None:
        """Select an option: choose-one replaces the selection, choose-N toggles (at most N)."""
        quiz = self._quiz()
        if self.revealed or self.saving or quiz.finished:
            return
        want = quiz.current.presented.question.choose
        problem = ""
        if want == 1:
            self.pending = {letter}
        elif letter in self.pending:
            self.pending.discard(letter)
        elif len(self.pending) < want:
            self.pending.add(letter)
        else:
            problem = f"Already {want} selected: press one again to clear it."
        if self.mode == "exam" and not problem:  # what is ticked is the answer, partial or not
            quiz.answer(frozenset(self.pending), self.services.now())
            self.save_slot()
            self.update_status()
        self.refresh_options()
        self.update_hint(problem)

    @on(QuizOption.Picked)
    def _clicked(self, event: QuizOption.Picked) -> None:
        if self.check_action("pick", (event.letter,)):
            self.action_pick(event.letter)

    def action_check(self) -> None:
        """Practice: score the selection, show every option's why, and store the answer."""
        quiz = self._quiz()
        if self.revealed or self.saving or self.mode != "practice":
            return
        want = quiz.current.presented.question.choose
        if len(self.pending) != want:
            missing = want - len(self.pending)
            self.update_hint(f"Pick {missing} more first." if want > 1 else "Pick an option first.")
            return
        quiz.answer(frozenset(self.pending), self.services.now())
        self.revealed = True
        self.refresh_options()
        self.query_one("#quiz-sources").display = True
        self.update_status()
        self.update_hint()
        self.refresh_bindings()
        self.saving = True
        self.save_answer(quiz.position)

    def action_next(self) -> None:
        quiz = self._quiz()
        if self.saving:
            self.after_save = self.action_next
            return
        if self.mode == "practice":
            if not self.revealed:
                return
            if quiz.position + 1 >= len(quiz.slots):
                self.finish()
                return
            quiz.goto(quiz.position + 1, self.services.now())
            self.show_question()
            return
        now = self.services.now()
        if quiz.position + 1 < len(quiz.slots):
            quiz.goto(quiz.position + 1, now)
        elif not quiz.next_unanswered(now):
            self.notify("That was the last question, and every one is answered: s submits.", timeout=4)
            return
        self.show_question()

    def action_previous(self) -> None:
        quiz = self._quiz()
        if quiz.position > 0:
            quiz.goto(quiz.position - 1, self.services.now())
            self.show_question()

    def action_flag(self) -> None:
        quiz = self._quiz()
        quiz.toggle_flag()
        self.save_slot()
        self.update_status()

    def action_grid(self) -> None:
        self.app.push_screen(QuizGridScreen(self._quiz()), self._jump)

    def _jump(self, index: int | None) -> None:
        quiz = self.quiz
        if index is None or quiz is None or quiz.finished:
            return
        quiz.goto(index, self.services.now())
        self.show_question()

    def action_submit(self) -> None:
        quiz = self._quiz()
        open_count = sum(not s.answered for s in quiz.slots)
        partial = sum(s.answered and not s.complete for s in quiz.slots)
        if open_count == 0 and partial == 0:
            self.finish()
            return
        lines = []
        if open_count:
            lines.append(
                f"{plural(open_count, 'question')} of {len(quiz.slots)} "
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
        quiz = self.quiz
        if quiz is None:
            self.app.pop_screen()
            return
        if self.ended:  # an exam being stored: the report (or the dashboard) follows by itself
            return
        if self.saving:
            self.after_save = self.action_quit_quiz
            return
        answered = sum(s.answered for s in quiz.slots)
        if self.mode == "practice":
            self.ended = True
            self.app.pop_screen()
            if answered:
                verb = "is" if answered == 1 else "are"
                self.app.notify(f"Quiz stopped: your {plural(answered, 'answer')} {verb} saved.", timeout=3)
            return
        message = (
            f"Quit the exam? Your {plural(answered, 'answered question')} will be graded "
            "(unanswered ones are left out), without a score report."
            if answered
            else "Quit the exam? Nothing is answered yet, so nothing will be graded."
        )
        self.app.push_screen(
            QuizConfirmScreen(message, "Quit", "Keep going"), lambda yes: self._quit_exam() if yes else None
        )

    # -- the clock --------------------------------------------------------------------------------
    def tick(self) -> None:
        """Once a second in an exam: update the countdown, and submit when time runs out."""
        quiz = self.quiz
        if quiz is None or self.ended:
            return
        if quiz.expired(self.services.now()):
            self.app.notify("Time is up: the exam has been submitted.", severity="warning", timeout=6)
            self.finish()
            return
        self.query_one("#quiz-score", Static).update(self.score_content())

    # -- storing and finishing ----------------------------------------------------------------------
    def save_slot(self) -> None:
        """Exam: store the current question's answer and flag now, before the key returns, so a
        quit, a closed terminal or a kill right after keeps it (one small transaction)."""
        quiz = self._quiz()
        self._write(lambda: self.services.save_exam_slot(self.session_id, quiz, quiz.position))

    def _write(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception as exc:  # keep the exam usable and say what went wrong
            self.app.notify(f"Could not save the answer: {exc}", severity="error", timeout=10, markup=False)

    def end_for_quit(self) -> None:
        """The app is quitting: an exam still running is graded as it stands, right now."""
        quiz = self.quiz
        if quiz is None or self.mode != "exam" or not self._end():
            return
        quiz.submit(self.services.now())
        self._write(lambda: self.services.record_exam(self.session_id, quiz))

    @work(thread=True, group="quiz-save")
    def save_answer(self, index: int) -> None:
        """Practice: store one answer before the next question shows."""
        quiz = self._quiz()
        try:
            self.services.record_quiz_answer(self.session_id, quiz, quiz.slots[index])
        except Exception as exc:  # keep the quiz usable and say what went wrong
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
        self.app.notify(f"Could not save the answer: {exc}", severity="error", timeout=10, markup=False)

    def _end(self) -> bool:
        """Stop the quiz once (timer off, no more answers); False if it had already ended."""
        if self.ended:
            return False
        self.ended = True
        if self.timer is not None:
            self.timer.stop()
        return True

    def finish(self) -> None:
        """End the quiz: submit, store an exam's answers, then show the report in place of this screen."""
        quiz = self._quiz()
        if not self._end():
            return
        self._close_dialogs()
        report = quiz.submit(self.services.now())
        self.refresh_bindings()
        if self.mode == "exam":
            self.store_exam(lambda: self.app.switch_screen(QuizReportScreen(report, quiz)))
        else:
            self.app.switch_screen(QuizReportScreen(report, quiz))

    def _quit_exam(self) -> None:
        quiz = self._quiz()
        if not self._end():
            return
        quiz.submit(self.services.now())
        answered = sum(s.answered for s in quiz.slots)

        def leave() -> None:
            self.app.pop_screen()
            self.app.notify(f"Exam stopped: {plural(answered, 'answer')} saved.", timeout=3)

        self.store_exam(leave)

    @work(thread=True, group="quiz-save")
    def store_exam(self, then: Callable[[], Any]) -> None:
        quiz = self._quiz()
        try:
            self.services.record_exam(self.session_id, quiz)
        except Exception as exc:
            self.app.call_from_thread(
                self.app.notify, f"Could not save the exam: {exc}", severity="error", timeout=10, markup=False
            )
        self.app.call_from_thread(then)

    def _close_dialogs(self) -> None:
        """Close the grid or a confirmation opened from this screen (time can run out under them)."""
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()

    def _quiz(self) -> QuizSession:
        assert self.quiz is not None, "the quiz has not started"
        return self.quiz
