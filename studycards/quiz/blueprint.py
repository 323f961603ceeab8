"""The exam's blueprint: how many questions each domain gets, and which ones.

A practice exam follows the exam guide: its length and time from the guide's format, its
questions spread over the content domains by weight (largest-remainder rounding), and within a
domain spread over the task statements, so no task statement with material is left out. Pure
functions over questions already ranked by `select.rank_questions`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from studycards.content.exam import ExamFormat, ExamGuide
from studycards.content.model import Question
from studycards.formatting import short_domain
from studycards.quiz.request import DEFAULT_COUNT, QuizMode
from studycards.quiz.select import Filters, QuestionRecord, rank_questions
from studycards.quiz.session import EXAM_SECONDS_PER_QUESTION


def exam_question_count(guide: ExamGuide | None) -> int:
    """How many questions an exam asks when the learner does not say: the guide's format."""
    return guide.format.questions if guide is not None else DEFAULT_COUNT[QuizMode.EXAM]


def exam_seconds_per_question(exam_format: ExamFormat | None) -> int:
    """Seconds an exam gives each question: the format's minutes over its questions (120)."""
    if exam_format is None or exam_format.questions <= 0:
        return EXAM_SECONDS_PER_QUESTION
    return round(exam_format.minutes * 60 / exam_format.questions)


def domain_weights(guide: ExamGuide, domain: str | None = None) -> dict[str, int]:
    """The guide's domain weights in guide order; only `domain`'s when the quiz is limited to one."""
    return {d.id: d.weight for d in guide.domains if domain is None or d.id == domain}


def domain_quota(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split `total` places by `weights` with largest-remainder rounding.

    Each domain gets the floor of its exact share; the places left go one each to the largest
    remainders (ties: the larger weight, then the order given). The quotas sum to `total`
    (all zero when there is nothing to weigh).
    """
    if total < 0:
        raise ValueError("total must not be negative")
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must not be negative")
    whole = sum(weights.values())
    if whole == 0:
        return dict.fromkeys(weights, 0)
    quota = {d: total * w // whole for d, w in weights.items()}
    order = sorted(
        enumerate(weights.items()), key=lambda item: (-(total * item[1][1] % whole), -item[1][1], item[0])
    )
    for _, (d, _w) in order[: total - sum(quota.values())]:
        quota[d] += 1
    return quota


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A domain with fewer questions than its places in the exam."""

    domain: str
    available: int
    places: int


def allocate(
    total: int, weights: Mapping[str, int], available: Mapping[str, int]
) -> tuple[dict[str, int], tuple[Shortfall, ...]]:
    """Places per domain: the weighted quota, capped by what each domain has; the places a
    short domain cannot fill go to the domains with questions to spare, again by weight.

    Returns the allocation (summing to `total`, or to every question there is when that is
    fewer) and the short domains. A domain with questions but no weight only fills gaps.
    """
    domains = list(weights) + [d for d in available if d not in weights]
    quota = domain_quota(total, weights)
    alloc = {d: min(quota.get(d, 0), available.get(d, 0)) for d in domains}
    short = tuple(
        Shortfall(d, available.get(d, 0), quota[d]) for d in weights if available.get(d, 0) < quota[d]
    )
    while (remaining := total - sum(alloc.values())) > 0:
        spare = [d for d in domains if available.get(d, 0) > alloc[d]]
        if not spare:
            break
        spare_weights = {d: weights.get(d, 0) for d in spare}
        if not any(spare_weights.values()):
            spare_weights = dict.fromkeys(spare, 1)
        for d, n in domain_quota(remaining, spare_weights).items():
            alloc[d] += min(n, available[d] - alloc[d])
    return {d: n for d, n in alloc.items() if d in weights or n}, short


def spread_by_task(ranked: Sequence[Question], count: int) -> list[Question]:
    """Up to `count` of `ranked` (most wanted first), taken round-robin over task statements.

    A question counts for its first task. Tasks take turns in the order their most wanted
    question comes, each giving its next most wanted question, so every task with material gets
    a place before any gets a second (when `count` allows).
    """
    groups: dict[str | None, list[Question]] = {}
    for q in ranked:
        groups.setdefault(q.tasks[0] if q.tasks else None, []).append(q)
    queues = list(groups.values())
    picked: list[Question] = []
    depth = 0
    while len(picked) < count and any(depth < len(queue) for queue in queues):
        for queue in queues:
            if depth < len(queue) and len(picked) < count:
                picked.append(queue[depth])
        depth += 1
    return picked


@dataclass(frozen=True, slots=True)
class ExamDraw:
    """The questions of an exam, in quiz order, with the places asked and the short domains."""

    questions: list[Question]
    requested: int
    by_domain: dict[str, int]
    shortfalls: tuple[Shortfall, ...]

    def notes(self) -> list[str]:
        """One line per short domain, to show before the exam starts."""
        filled = len(self.questions) >= self.requested
        how = "filled from other domains" if filled else "the other domains cannot make up the difference"
        return [
            f"{short_domain(s.domain)}: only {s.available} question{'s' if s.available != 1 else ''} "
            f"for {s.places} place{'s' if s.places != 1 else ''}; {how}"
            for s in self.shortfalls
        ]


def draw_exam(
    ranked: Sequence[Question], total: int, weights: Mapping[str, int], rng: random.Random
) -> ExamDraw:
    """Choose `total` questions from `ranked` (most wanted first) by the blueprint: places per
    domain by weight (`allocate`), each domain's spread over its task statements
    (`spread_by_task`), then shuffled into the quiz order with `rng`."""
    by_domain: dict[str, list[Question]] = {}
    for q in ranked:
        by_domain.setdefault(q.domain, []).append(q)
    alloc, short = allocate(total, weights, {d: len(qs) for d, qs in by_domain.items()})
    chosen = [q for d, n in alloc.items() for q in spread_by_task(by_domain.get(d, []), n)]
    rng.shuffle(chosen)
    return ExamDraw(chosen, total, alloc, short)


def select_exam(
    questions: Sequence[Question],
    filters: Filters,
    count: int,
    weights: Mapping[str, int],
    history: Mapping[str, QuestionRecord],
    topic_accuracy: Mapping[str, float],
    now: datetime,
    seed: int | None = None,
) -> ExamDraw:
    """`select_questions` for an exam: the questions the filters admit, most wanted first
    (due, weak, unseen), drawn by the blueprint."""
    rng = random.Random(seed)
    pool = [q for q in questions if filters.admits(q)]
    return draw_exam(rank_questions(pool, history, topic_accuracy, now, rng), count, weights, rng)
