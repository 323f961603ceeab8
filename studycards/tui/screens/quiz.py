"""The quiz screens: the setup form (`quiz_setup`), a practice quiz (`quiz_practice`), an exam
(`quiz_exam`), the exam's dialogs (`quiz_dialogs`) and the score report (`quiz_report`), all
importable from here. The rules are the quiz engine's (`studycards.quiz.controller`).
"""

from __future__ import annotations

from studycards.content.model import Question
from studycards.quiz.request import QuizMode
from studycards.tui.screens.quiz_base import QuizScreen
from studycards.tui.screens.quiz_dialogs import QuizConfirmScreen, QuizGridScreen
from studycards.tui.screens.quiz_exam import ExamScreen
from studycards.tui.screens.quiz_practice import PracticeScreen
from studycards.tui.screens.quiz_report import QuizReportScreen
from studycards.tui.screens.quiz_setup import QuizSetupScreen

__all__ = [
    "ExamScreen",
    "PracticeScreen",
    "QuizConfirmScreen",
    "QuizGridScreen",
    "QuizReportScreen",
    "QuizScreen",
    "QuizSetupScreen",
    "quiz_screen",
]


def quiz_screen(questions: list[Question], mode: QuizMode | str, seed: int | None = None) -> QuizScreen:
    """A new quiz on chosen questions: a practice screen or an exam screen."""
    if QuizMode(mode) is QuizMode.EXAM:
        return ExamScreen(questions, seed=seed)
    return PracticeScreen(questions, seed=seed)
