"""Exams in progress, kept in the store answer by answer.

An exam is written down when it starts (its questions in order, each with its option order),
and each answer or flag is stored in its own transaction the moment it is given. Submitting,
running out of time or quitting grades it: the answers move into the quiz log and are
scheduled. A quiz killed half-way leaves its answers pending, and `resume_exam` rebuilds it
exactly as it was: same questions, same option order, answers, flags, and the clock (which
kept running, as in the real exam).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from studycards.content.model import Library
from studycards.errors import StudycardsError
from studycards.quiz.request import QuizMode
from studycards.quiz.select import Presented
from studycards.quiz.session import QuizSession, Slot
from studycards.srs.quizlog import PendingSlot

if TYPE_CHECKING:
    from studycards.srs.store import Store

NOTHING_TO_RESUME = "no unfinished exam to resume; start one with 'studycards quiz --exam'"


@dataclass(frozen=True, slots=True)
class UnfinishedExam:
    """What the dashboard says about an exam left in progress."""

    answered: int
    total: int
    remaining: timedelta


def pending_slot(slot: Slot) -> PendingSlot:
    """A slot as the store keeps it."""
    return PendingSlot(
        question_id=slot.presented.question.id,
        order=slot.presented.order,
        chosen=None if slot.chosen is None else tuple(sorted(slot.chosen)),
        flagged=slot.flagged,
        seconds=slot.seconds,
    )


def begin_exam(store: Store, session_id: str, quiz: QuizSession, now: datetime) -> None:
    """Write a new exam down before its first question shows."""
    assert quiz.mode is QuizMode.EXAM and quiz.time_limit is not None, "only exams are kept in progress"
    store.begin_pending_exam(
        session_id,
        quiz.started_at,
        int(quiz.time_limit.total_seconds()),
        [pending_slot(slot) for slot in quiz.slots],
        now,
    )


def save_exam_slot(store: Store, session_id: str, quiz: QuizSession, index: int, now: datetime) -> None:
    """Store one question's answer and flag as they are now, in one transaction."""
    store.save_pending_slot(session_id, index, pending_slot(quiz.slots[index]), quiz.position, now)


def grade_exam(store: Store, session_id: str, quiz: QuizSession, now: datetime) -> None:
    """Grade an ended exam: every answered question goes to the quiz log, in one transaction."""
    answers: list[dict[str, Any]] = []
    for slot in quiz.slots:
        if slot.chosen is None:
            continue
        q = slot.presented.question
        letters = sorted(slot.chosen)
        answers.append({
            "question_id": q.id,
            "topic": q.topic,
            "domain": q.domain,
            "chosen_letters": letters,
            "chosen_texts": [slot.presented.option_for(letter).text for letter in letters],
            "correct": slot.correct,
            "duration_ms": int(slot.seconds * 1000),
        })
    store.grade_pending_exam(session_id, answers, now)


def unfinished_exam(store: Store, now: datetime) -> UnfinishedExam | None:
    """The exam left in progress (the latest one), if any."""
    pending = store.pending_exam()
    if pending is None:
        return None
    end = pending.started_at + timedelta(seconds=pending.time_limit_seconds)
    return UnfinishedExam(pending.answered, len(pending.slots), max(end - now, timedelta(0)))


def resume_exam(store: Store, library: Library, now: datetime) -> tuple[str, QuizSession]:
    """The latest exam in progress, rebuilt; raises StudycardsError when there is none.

    A question no longer in the content is left out; one whose options changed since is shown
    in its written order, unanswered (and the exam in progress is rewritten to match).
    """
    from studycards.quiz.lookup import find_question

    pending = store.pending_exam()
    if pending is None:
        raise StudycardsError(NOTHING_TO_RESUME)
    slots: list[Slot] = []
    for stored in pending.slots:
        question = find_question(library, stored.question_id)
        if question is None:
            continue
        n = len(question.options)
        if sorted(stored.order) == list(range(n)):
            presented = Presented(question, stored.order)
            letters = set(presented.letters)
            valid = stored.chosen is not None and bool(stored.chosen) and set(stored.chosen) <= letters
            chosen = frozenset(stored.chosen) if valid and stored.chosen is not None else None
        else:
            presented, chosen = Presented(question, tuple(range(n))), None
        slots.append(Slot(presented, chosen, stored.flagged, stored.seconds))
    if not slots:
        store.grade_pending_exam(pending.session_id, [], now)  # nothing left to ask: forget it
        raise StudycardsError(NOTHING_TO_RESUME)
    quiz = QuizSession.resume(
        slots,
        started_at=pending.started_at,
        time_limit=timedelta(seconds=pending.time_limit_seconds),
        position=pending.position,
        now=now,
    )
    if [pending_slot(slot) for slot in slots] != list(pending.slots):  # the content changed meanwhile
        store.begin_pending_exam(
            pending.session_id,
            pending.started_at,
            pending.time_limit_seconds,
            [pending_slot(slot) for slot in slots],
            now,
            quiz.position,
        )
    return pending.session_id, quiz
