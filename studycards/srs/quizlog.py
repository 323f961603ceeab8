"""What the quiz log hands back: a stored answer, a question's history, and an exam still in
progress (kept answer by answer until it is graded). `repo_quiz` reads and writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studycards.srs.model import CardState, State

QUIZ_MODES = ("practice", "exam")


@dataclass(frozen=True, slots=True)
class QuizAnswerRecord:
    """One stored quiz answer and the question's FSRS state after it."""

    answer_id: int
    question_id: str
    correct: bool
    state: CardState


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """One stored quiz answer as readiness sees it: which question, right or not, and when."""

    question_id: str
    correct: bool
    answered_at: datetime
    mode: str


@dataclass(frozen=True, slots=True)
class QuestionHistory:
    """What the store knows about one question."""

    question_id: str
    answered: int
    correct: int
    last_correct: bool | None
    last_answered_at: datetime | None
    state: State
    due: datetime | None


@dataclass(frozen=True, slots=True)
class PendingSlot:
    """One question of an exam in progress, as shown and as answered so far."""

    question_id: str
    order: tuple[int, ...]  # the shown order of the options (indexes into the question's options)
    chosen: tuple[str, ...] | None = None  # the letters ticked, None while unanswered
    flagged: bool = False
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class PendingExam:
    """An exam started and not yet graded: enough to rebuild it exactly as it was."""

    session_id: str
    started_at: datetime
    time_limit_seconds: int
    position: int
    slots: tuple[PendingSlot, ...]

    @property
    def answered(self) -> int:
        """How many of its questions have an answer stored."""
        return sum(slot.chosen is not None for slot in self.slots)
