"""One quiz being taken: the rules that line mode, the app's quiz screens and the calculators'
question popup all follow.

The controller owns a `QuizSession` and the selection on the question shown. Choose-one
replaces the selection, choose-N toggles (at most N); practice checks a full answer and then
explains it; an exam keeps whatever is ticked, partial or not. Saving goes through a
`QuizRecorder`: an exam answer or flag is stored (pending) the moment it is given, so a quit, a
closed terminal or a kill right after keeps it; a practice answer is stored by `save_answer`,
which the app calls off its UI thread. Ending an exam grades it (`grade`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from studycards.content.model import Question
from studycards.quiz.request import QuizMode
from studycards.quiz.select import Presented
from studycards.quiz.session import EXAM_SECONDS_PER_QUESTION, Feedback, QuizSession, Report, Slot

if TYPE_CHECKING:
    from studycards.srs.store import Store


class QuizRecorder(Protocol):
    """Where a quiz's answers go (the app's services, or a store via `StoreRecorder`)."""

    def begin_exam(self, session_id: str, quiz: QuizSession) -> None:
        """Write a new exam down before its first question shows."""

    def save_exam_slot(self, session_id: str, quiz: QuizSession, index: int) -> None:
        """Store one exam question's answer and flag as they are now."""

    def record_quiz_answer(self, session_id: str, quiz: QuizSession, slot: Slot) -> None:
        """Store one practice answer (and schedule it)."""

    def record_exam(self, session_id: str, quiz: QuizSession) -> None:
        """Grade an ended exam: its answers go to the quiz log."""


class StoreRecorder:
    """A recorder writing straight to a store, each write stamped with `now()`."""

    def __init__(self, store: Store, now: Callable[[], datetime]) -> None:
        self.store = store
        self.now = now

    def begin_exam(self, session_id: str, quiz: QuizSession) -> None:
        """Write a new exam down."""
        from studycards.quiz.pending import begin_exam

        begin_exam(self.store, session_id, quiz, self.now())

    def save_exam_slot(self, session_id: str, quiz: QuizSession, index: int) -> None:
        """Store one exam answer as pending."""
        from studycards.quiz.pending import save_exam_slot

        save_exam_slot(self.store, session_id, quiz, index, self.now())

    def record_quiz_answer(self, session_id: str, quiz: QuizSession, slot: Slot) -> None:
        """Store one practice answer."""
        from studycards.quiz.service import record_slot

        record_slot(self.store, session_id, quiz, slot, self.now())

    def record_exam(self, session_id: str, quiz: QuizSession) -> None:
        """Grade an ended exam."""
        from studycards.quiz.service import record_exam

        record_exam(self.store, session_id, quiz, self.now())


class IncompleteAnswer(ValueError):
    """A practice answer checked with fewer options selected than the question asks for."""


class QuizController:
    """A quiz in progress and the learner's selection on the question shown.

    `on_save_error`, when given, is told of a failed exam write and the quiz goes on; without
    it the error is raised.
    """

    def __init__(
        self,
        session: QuizSession,
        session_id: str = "",
        recorder: QuizRecorder | None = None,
        on_save_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.session = session
        self.session_id = session_id
        self.recorder = recorder
        self.on_save_error = on_save_error
        self.pending: set[str] = set()
        self.revealed = False  # practice: the current question has been checked
        self._shown()

    @classmethod
    def start(
        cls,
        questions: list[Question],
        mode: QuizMode,
        now: datetime,
        *,
        seed: int | None = None,
        recorder: QuizRecorder | None = None,
        on_save_error: Callable[[Exception], None] | None = None,
        seconds_per_question: int = EXAM_SECONDS_PER_QUESTION,
    ) -> QuizController:
        """Begin a quiz with a new session id; an exam is written down at once, and gets
        `seconds_per_question` a question (the exam format's: 130 minutes for 65)."""
        from studycards.quiz.service import new_session_id

        session = QuizSession.start(
            questions, mode=mode, now=now, seed=seed, seconds_per_question=seconds_per_question
        )
        controller = cls(session, new_session_id(now), recorder, on_save_error)
        if session.mode is QuizMode.EXAM:
            controller._save(lambda r: r.begin_exam(controller.session_id, session))
        return controller

    @classmethod
    def single(cls, question: Question, now: datetime) -> QuizController:
        """One question practised in its written option order, stored nowhere."""
        slot = Slot(Presented(question, tuple(range(len(question.options)))))
        return cls(QuizSession([slot], QuizMode.PRACTICE, now, _shown_at=now))

    # -- where we are ---------------------------------------------------------------------------
    @property
    def mode(self) -> QuizMode:
        """Practice or exam."""
        return self.session.mode

    @property
    def current(self) -> Slot:
        """The question shown."""
        return self.session.current

    @property
    def position(self) -> int:
        """The 0-based index of the question shown."""
        return self.session.position

    @property
    def total(self) -> int:
        """How many questions the quiz has."""
        return len(self.session.slots)

    @property
    def answered(self) -> int:
        """How many questions have an answer."""
        return sum(s.answered for s in self.session.slots)

    @property
    def all_complete(self) -> bool:
        """True when every question has as many options chosen as it asks for."""
        return all(s.complete for s in self.session.slots)

    @property
    def is_last(self) -> bool:
        """True on the last question."""
        return self.position + 1 >= self.total

    def remaining(self, now: datetime) -> timedelta | None:
        """Time left in an exam; None in practice."""
        return self.session.remaining(now)

    def expired(self, now: datetime) -> bool:
        """True when an exam's time has run out."""
        return self.session.expired(now)

    # -- answering ------------------------------------------------------------------------------
    def pick(self, letter: str, now: datetime) -> str:
        """Select an option: choose-one replaces, choose-N toggles (at most N). In an exam what is
        ticked is the answer, stored at once. Returns a problem to show, or ''."""
        session = self.session
        if self.revealed or session.finished or letter not in self.current.presented.letters:
            return ""
        want = self.current.presented.question.choose
        if want == 1:
            self.pending = {letter}
        elif letter in self.pending:
            self.pending.discard(letter)
        elif len(self.pending) < want:
            self.pending.add(letter)
        else:
            return f"Already {want} selected: press one again to clear it."
        if self.mode is QuizMode.EXAM:
            session.answer(frozenset(self.pending), now)
            self._save_slot(self.position)
        return ""

    def check(self, now: datetime) -> Feedback:
        """Practice: score the selection and reveal the key; raises IncompleteAnswer when fewer
        options are selected than asked for."""
        want = self.current.presented.question.choose
        if len(self.pending) != want:
            missing = want - len(self.pending)
            raise IncompleteAnswer(f"Pick {missing} more first." if want > 1 else "Pick an option first.")
        feedback = self.session.answer(frozenset(self.pending), now)
        self.revealed = True
        return feedback

    def answer(self, chosen: frozenset[str], now: datetime) -> Feedback:
        """A whole answer at once, as line mode reads it. Practice: checked and stored. Exam:
        the exam moves on to the next question left open, and the answer is stored with that
        position, before the next question shows."""
        if self.mode is QuizMode.PRACTICE:
            self.pending = set(chosen)
            feedback = self.check(now)
            self.save_answer(self.position)
            return feedback
        feedback = self.session.answer(chosen, now)
        answered = self.position
        self.session.next_unanswered(now)
        self._shown()
        self._save_slot(answered)
        return feedback

    def flag(self) -> bool:
        """Flag or unflag the question shown (stored at once); returns the new state."""
        state = self.session.toggle_flag()
        self._save_slot(self.position)
        return state

    def save_answer(self, index: int) -> None:
        """Practice: store answered question `index` (and schedule it); a failed write raises."""
        if self.recorder is not None:
            self.recorder.record_quiz_answer(self.session_id, self.session, self.session.slots[index])

    # -- moving ---------------------------------------------------------------------------------
    def advance(self, now: datetime) -> bool:
        """On to the next question. Practice: False after the last (the quiz is done). Exam: from
        the last question on to the first one still open; False when none is."""
        session = self.session
        if not self.is_last:
            session.goto(self.position + 1, now)
        elif self.mode is QuizMode.PRACTICE or not session.next_unanswered(now):
            return False
        self._shown()
        return True

    def previous(self, now: datetime) -> bool:
        """Back one question; False on the first."""
        if self.position == 0:
            return False
        self.jump(self.position - 1, now)
        return True

    def jump(self, index: int, now: datetime) -> None:
        """Go to question `index` (0-based); IndexError when there is none."""
        self.session.goto(index, now)
        self._shown()

    # -- the end --------------------------------------------------------------------------------
    def submit(self, now: datetime) -> Report:
        """End the quiz (time running out ends it too) and build the report."""
        return self.session.submit(now)

    def grade(self) -> None:
        """Exam: move a submitted exam's answers into the quiz log; a failed write raises."""
        if self.mode is QuizMode.EXAM and self.recorder is not None:
            self.recorder.record_exam(self.session_id, self.session)

    def finish(self, now: datetime) -> Report:
        """Submit and grade at once."""
        report = self.submit(now)
        self.grade()
        return report

    # -- inside -----------------------------------------------------------------------------------
    def _shown(self) -> None:
        """A question is shown: its saved answer is the selection, and nothing is revealed."""
        self.pending = set(self.current.chosen or ())
        self.revealed = False

    def _save_slot(self, index: int) -> None:
        self._save(lambda r: r.save_exam_slot(self.session_id, self.session, index))

    def _save(self, write: Callable[[QuizRecorder], None]) -> None:
        if self.recorder is None:
            return
        try:
            write(self.recorder)
        except Exception as exc:
            if self.on_save_error is None:
                raise
            self.on_save_error(exc)
