"""What a learner asks for: the quiz mode, filters and counts, with their defaults and limits.

Both the CLI (`studycards quiz`) and the TUI's setup form build a `QuizRequest`; the defaults
(10 questions, 65 for an exam) and the caps on `--count` and `--generated` live only here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QuizMode(StrEnum):
    """Practice (feedback after each answer) or exam (timed, feedback at the end); the values
    are what the database stores."""

    PRACTICE = "practice"
    EXAM = "exam"


DEFAULT_COUNT: dict[QuizMode, int] = {QuizMode.PRACTICE: 10, QuizMode.EXAM: 65}
MIN_COUNT = 1
MAX_COUNT = 500
MAX_GENERATED = 100


@dataclass(frozen=True, slots=True)
class QuizRequest:
    """What a learner asked for on the command line or in the app."""

    topics: tuple[str, ...] = ()  # `deck/slug` names (a bare slug when only one deck has it)
    domain: str | None = None
    difficulty: str | None = None
    count: int = DEFAULT_COUNT[QuizMode.PRACTICE]
    mode: QuizMode = QuizMode.PRACTICE
    wrong_only: bool = False
    seed: int | None = None
    generated: int | None = None  # None: a couple when the quiz covers pricing or concurrency
    decks: tuple[str, ...] = ()  # deck ids; empty: every deck (with topics: only topics in these decks)

    @staticmethod
    def default_count(mode: QuizMode) -> int:
        """How many questions a quiz of `mode` asks when the learner does not say."""
        return DEFAULT_COUNT[mode]
