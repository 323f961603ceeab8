"""A quiz in progress: practice (feedback after each answer) or exam (timed, feedback at the end)."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from studycards.content.model import IMPORTED_DOMAIN, Question
from studycards.quiz.request import QuizMode
from studycards.quiz.select import Presented, is_correct, present

EXAM_SECONDS_PER_QUESTION = 120  # SAA-C03: 65 questions in 130 minutes
PASS_SCALED = 720


@dataclass(frozen=True, slots=True)
class Feedback:
    """What practice mode shows after an answer."""

    presented: Presented
    chosen: frozenset[str]
    correct: bool


@dataclass(slots=True)
class Slot:
    """One question of the quiz and what the learner did with it."""

    presented: Presented
    chosen: frozenset[str] | None = None
    flagged: bool = False
    seconds: float = 0.0

    @property
    def answered(self) -> bool:
        """True once the learner has chosen an answer."""
        return self.chosen is not None

    @property
    def complete(self) -> bool:
        """True when as many options are chosen as the question asks for (a partial pick is not)."""
        return self.chosen is not None and len(self.chosen) == self.presented.question.choose

    @property
    def correct(self) -> bool:
        """True when the chosen answer is exactly the key."""
        return self.chosen is not None and is_correct(self.presented, self.chosen)


@dataclass(frozen=True, slots=True)
class Tally:
    """Correct out of total."""

    correct: int
    total: int

    @property
    def fraction(self) -> float:
        """Correct as a fraction of the total (0 when there is nothing to score)."""
        return self.correct / self.total if self.total else 0.0

    @property
    def percent(self) -> float:
        """Correct as a percentage, to one decimal (0 when there is nothing to score)."""
        return round(100.0 * self.correct / self.total, 1) if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Report:
    """The score report at the end of a quiz."""

    mode: QuizMode
    score: Tally
    by_domain: dict[str, Tally]
    by_topic: dict[str, Tally]
    time_used: timedelta
    time_limit: timedelta | None
    missed: list[Slot]
    unanswered: int
    by_task: dict[str, Tally] = field(default_factory=dict)  # by a question's first task statement
    weakest_tasks: tuple[str, ...] = ()  # up to three task ids, weakest first

    @property
    def approx_scaled_score(self) -> int:
        """Percent mapped linearly onto AWS's 100-1000 scale: an approximation, not AWS's scaling."""
        return round(100 + 900 * self.score.correct / self.score.total) if self.score.total else 100

    @property
    def approx_pass(self) -> bool:
        """True when the approximate scaled score reaches the 720 pass mark."""
        return self.approx_scaled_score >= PASS_SCALED


@dataclass
class QuizSession:
    """Questions in a fixed order with shuffled options, answers, flags and an optional clock."""

    slots: list[Slot]
    mode: QuizMode
    started_at: datetime
    time_limit: timedelta | None = None
    position: int = 0
    submitted_at: datetime | None = None
    _shown_at: datetime | None = field(default=None, repr=False)

    @classmethod
    def start(
        cls,
        questions: list[Question],
        *,
        mode: QuizMode | str,
        now: datetime,
        seed: int | None = None,
        seconds_per_question: int = EXAM_SECONDS_PER_QUESTION,
    ) -> QuizSession:
        """Begin a quiz; exam mode gets a countdown of `seconds_per_question` per question."""
        if mode not in tuple(QuizMode):
            raise ValueError(f"unknown quiz mode {mode!r}")
        mode = QuizMode(mode)
        rng = random.Random(seed)
        slots = [Slot(present(q, rng)) for q in questions]
        limit = timedelta(seconds=seconds_per_question * len(slots)) if mode is QuizMode.EXAM else None
        return cls(slots, mode, now, limit, _shown_at=now)

    @classmethod
    def resume(
        cls, slots: list[Slot], *, started_at: datetime, time_limit: timedelta, position: int, now: datetime
    ) -> QuizSession:
        """Continue an exam from its stored slots: the clock kept running since `started_at`, and
        the learner lands on `position`, or the next question left open after it."""
        position = min(max(position, 0), len(slots) - 1)
        quiz = cls(slots, QuizMode.EXAM, started_at, time_limit, position, _shown_at=now)
        if quiz.current.complete:
            quiz.next_unanswered(now)
        return quiz

    # -- where we are ---------------------------------------------------------------------
    @property
    def current(self) -> Slot:
        """The question on screen."""
        return self.slots[self.position]

    @property
    def finished(self) -> bool:
        """True once the quiz is submitted."""
        return self.submitted_at is not None

    def goto(self, index: int, now: datetime) -> None:
        """Move to question `index` (0-based), as the exam's review grid does."""
        if not 0 <= index < len(self.slots):
            raise IndexError(f"there is no question {index + 1}")
        self._charge_time(now)
        self.position = index

    def next_unanswered(self, now: datetime) -> bool:
        """Move to the next question not fully answered after the current one; False if none is left."""
        n = len(self.slots)
        for step in range(1, n + 1):
            index = (self.position + step) % n
            if not self.slots[index].complete:
                self.goto(index, now)
                return True
        return False

    # -- answering -------------------------------------------------------------------------
    def answer(self, chosen: frozenset[str], now: datetime) -> Feedback:
        """Record an answer for the current question. An exam answer may be changed later, and
        may be partial (fewer options than asked for, scored wrong); an empty one clears it."""
        if self.finished:
            raise RuntimeError("the quiz has been submitted")
        slot = self.current
        if self.mode is QuizMode.PRACTICE and slot.answered:
            raise RuntimeError("this question has already been answered")
        self._charge_time(now)
        slot.chosen = chosen if chosen or self.mode is QuizMode.PRACTICE else None
        return Feedback(slot.presented, chosen, slot.correct)

    def toggle_flag(self) -> bool:
        """Flag or unflag the current question for review; returns the new state."""
        self.current.flagged = not self.current.flagged
        return self.current.flagged

    def _charge_time(self, now: datetime) -> None:
        if self._shown_at is not None and now > self._shown_at:
            self.current.seconds += (now - self._shown_at).total_seconds()
        self._shown_at = now

    # -- the clock ---------------------------------------------------------------------------
    def remaining(self, now: datetime) -> timedelta | None:
        """Time left in an exam (never negative); None in practice mode."""
        if self.time_limit is None:
            return None
        return max(timedelta(0), self.started_at + self.time_limit - now)

    def expired(self, now: datetime) -> bool:
        """True when an exam's time has run out (never in practice mode)."""
        remaining = self.remaining(now)
        return remaining is not None and remaining == timedelta(0)

    # -- the end ---------------------------------------------------------------------------
    def submit(self, now: datetime) -> Report:
        """Finish the quiz (time running out submits too) and build the report."""
        if not self.finished:
            self._charge_time(now)
            end = now
            if self.time_limit is not None:
                end = min(now, self.started_at + self.time_limit)
            self.submitted_at = end
        return self.report()

    def report(self) -> Report:
        """The score report: in an exam unanswered questions count as wrong; practice scores
        only the questions answered (a learner may stop early)."""
        assert self.submitted_at is not None, "submit first"
        domain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        task: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        answered: dict[str, int] = defaultdict(int)
        scored = self.slots if self.mode is QuizMode.EXAM else [s for s in self.slots if s.answered]
        for slot in scored:
            q = slot.presented.question
            buckets = [domain[q.domain or IMPORTED_DOMAIN], topic[q.topic]]
            if q.tasks:  # a question counts for its first (best-fit) task statement
                buckets.append(task[q.tasks[0]])
                answered[q.tasks[0]] += slot.answered
            for bucket in buckets:
                bucket[0] += slot.correct
                bucket[1] += 1
        by_task = {k: Tally(*task[k]) for k in sorted(task, key=task_order)}
        correct = sum(s.correct for s in scored)
        return Report(
            mode=self.mode,
            score=Tally(correct, len(scored)),
            by_domain={k: Tally(*v) for k, v in sorted(domain.items())},
            by_topic={k: Tally(*v) for k, v in sorted(topic.items())},
            time_used=self.submitted_at - self.started_at,
            time_limit=self.time_limit,
            missed=[s for s in scored if not s.correct],
            unanswered=sum(not s.answered for s in self.slots),
            by_task=by_task,
            weakest_tasks=weakest_tasks(by_task, answered),
        )


def task_order(task_id: str) -> tuple[tuple[int, ...], str]:
    """Sort key putting task ids in the guide's order ("3.2" before "3.10")."""
    return tuple(int(part) for part in task_id.split(".") if part.isdigit()), task_id


def weakest_tasks(by_task: dict[str, Tally], answered: dict[str, int], n: int = 3) -> tuple[str, ...]:
    """The `n` task statements with the lowest accuracy among those with an answer given;
    ties go to the one with more questions missed, then to guide order."""
    ranked = sorted(
        (k for k in by_task if answered.get(k, 0) > 0),
        key=lambda k: (by_task[k].fraction, -(by_task[k].total - by_task[k].correct), task_order(k)),
    )
    return tuple(ranked[:n])
