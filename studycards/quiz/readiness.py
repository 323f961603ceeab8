"""Exam readiness: how much of the exam guide the material covers, and how well the learner knows it.

An estimate from this learner's own history, not AWS's scaled score:

- per task statement: `cards` (a card counts for each task of its topic), `questions` (each
  question for its own tasks), `covered` (at least one of them), `recall` (the mean FSRS
  retrievability now of the task's cards (once an exam date is set, the recall predicted on the
  exam day if due reviews are done until then, `srs.plan`), unstudied cards counting as 0; None
  without cards),
  `quiz_accuracy` (answers to the task's questions, each weighted 0.5 ** (age in days / 30);
  None without answers) and `readiness` (0.4 recall + 0.6 quiz accuracy over what exists; None
  when the task is not covered or nothing of it was studied);
- per domain: `coverage` (share of its tasks covered) and the other figures averaged over its
  covered tasks that have them;
- `coverage`: the share of the exam's weight with material (a domain's weight split evenly over
  its tasks);
- `predicted_score`: from every stored quiz answer, accuracy p over n answers, its 80% Wilson
  interval, the uncovered share of the exam counted as a 25% guess, mapped linearly onto the
  100-1000 scale; None (with `reason`) below `MIN_ANSWERS` answers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from studycards.errors import StudycardsError
from studycards.srs.model import ensure_utc

if TYPE_CHECKING:
    from studycards.content.exam import ExamGuide
    from studycards.content.model import Card, Library
    from studycards.srs.quizlog import AnswerOutcome
    from studycards.srs.store import Store

RECALL_WEIGHT = 0.4  # readiness = 0.4 recall + 0.6 quiz accuracy (renormalised over what exists)
QUIZ_WEIGHT = 0.6
HALF_LIFE_DAYS = 30.0  # an answer counts half as much after 30 days
MIN_ANSWERS = 30  # quiz answers needed before a score is predicted
GUESS = 0.25  # the chance of guessing a four-option question: the score of an uncovered task
Z_80 = 1.2815515655446004  # the normal quantile of a two-sided 80% interval


@dataclass(frozen=True, slots=True)
class TaskReadiness:
    """One task statement of the exam guide and how ready the learner is on it."""

    id: str
    title: str
    domain: str
    cards: int
    questions: int
    covered: bool
    recall: float | None
    quiz_accuracy: float | None
    readiness: float | None


@dataclass(frozen=True, slots=True)
class DomainReadiness:
    """A content domain: its weight, the share of its tasks covered, and averages over those."""

    id: str
    title: str
    weight: int
    coverage: float
    recall: float | None
    quiz_accuracy: float | None
    readiness: float | None


@dataclass(frozen=True, slots=True)
class ScoreRange:
    """A predicted scaled score, as a range on the exam's scale."""

    low: int
    high: int


@dataclass(frozen=True, slots=True)
class ImportedQuestions:
    """Questions from imported decks: no exam domain or task, so counted apart from readiness."""

    questions: int
    answers: int
    correct: int

    @property
    def share(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    def line(self) -> str:
        """'Your imported questions: 74% correct (31 answers over 120 questions).'"""
        if not self.answers:
            return f"Your imported questions: {self.questions}, none answered yet."
        return (f"Your imported questions: {self.share or 0:.0%} correct "
                f"({self.answers} answers over {self.questions} questions).")


@dataclass(frozen=True, slots=True)
class ExamInfo:
    """The exam the readiness is for, and its scale."""

    id: str
    title: str
    score_min: int
    score_max: int
    passing_score: int


@dataclass(frozen=True, slots=True)
class Readiness:
    """What `exam_readiness` found; `to_json()` is the `studycards readiness --json` document."""

    exam: ExamInfo
    coverage: float
    domains: list[DomainReadiness]
    tasks: list[TaskReadiness]
    predicted_score: ScoreRange | None
    reason: str | None
    answers: int  # quiz answers behind the prediction (not in the JSON: `reason` says what is missing)
    imported: ImportedQuestions | None = None  # in the JSON only when imported questions exist

    def to_json(self) -> dict[str, Any]:
        """The JSON document: exam, coverage, domains, tasks, predicted_score, reason."""
        return {
            "exam": asdict(self.exam),
            "coverage": self.coverage,
            "domains": [asdict(d) for d in self.domains],
            "tasks": [asdict(t) for t in self.tasks],
            "predicted_score": None if self.predicted_score is None else asdict(self.predicted_score),
            "reason": self.reason,
        } | self._imported_json()

    def _imported_json(self) -> dict[str, Any]:
        if self.imported is None:
            return {}
        return {"imported": asdict(self.imported) | {"share": self.imported.share}}

    def weakest(self, count: int = 3) -> list[TaskReadiness]:
        """The covered tasks with the lowest readiness (a task not studied yet counts as 0); none
        while nothing is studied."""
        covered = [t for t in self.tasks if t.covered]
        if all(t.readiness is None for t in covered):
            return []
        return sorted(covered, key=lambda t: (t.readiness or 0.0, t.id))[:count]

    @property
    def verdict(self) -> str:
        """One line: likely to pass, borderline, not yet, or what data is still missing."""
        passing = self.exam.passing_score
        score = self.predicted_score
        if score is None:
            return f"Too early to predict a score: {self.reason}."
        shown = f"predicted {score.low}-{score.high}"
        if score.low >= passing:
            return f"Likely ready: {shown}, above the {passing} pass mark."
        if score.high < passing:
            return f"Not ready yet: {shown}, below the {passing} pass mark."
        return f"Borderline: {shown} straddles the {passing} pass mark."


def exam_readiness(store: Store, library: Library, now: datetime) -> Readiness:
    """Readiness from the store's card states and quiz answers (reads only)."""
    from studycards.planning.plan import studied_recall_on_exam_day
    from studycards.srs.scheduler import SrsScheduler

    now = ensure_utc(now)
    recall = studied_recall_on_exam_day(store, now)  # with an exam date ahead: recall on that day
    if recall is None:
        scheduler = SrsScheduler(store.settings(), fuzz=False)
        studied = store.studied_card_states()
        recall = {card_id: scheduler.retrievability(state, now) for card_id, state in studied.items()}
    return compute_readiness(library, recall, store.quiz_outcomes(), now)


def compute_readiness(library: Library, recall: Mapping[str, float], outcomes: Iterable[AnswerOutcome],
                      now: datetime) -> Readiness:
    """Readiness from each studied card's retrievability now (card id -> 0..1; cards missing from
    `recall` count as 0) and the stored quiz answers."""
    guide = library.exam
    if guide is None:
        raise StudycardsError("no exam guide is loaded: readiness needs content/exam/*.yaml")
    now = ensure_utc(now)
    task_ids = list(guide.tasks)
    cards, studied, recall_sum = _card_figures(library, recall, task_ids)
    questions: dict[str, int] = defaultdict(int)
    for question in library.questions:
        for task in dict.fromkeys(question.tasks):
            questions[task] += 1
    outside = {q.id for q in library.questions if not q.domain}  # imported: no domain, no task
    every = list(outcomes)
    outcomes = [o for o in every if o.question_id not in outside]
    mine = [o for o in every if o.question_id in outside]
    imported = ImportedQuestions(len(outside), len(mine), sum(o.correct for o in mine)) if outside else None
    accuracy = _quiz_accuracy(library, outcomes, now)
    tasks = []
    for task_id, statement in guide.tasks.items():
        n_cards, n_questions = cards[task_id], questions[task_id]
        covered = n_cards + n_questions > 0
        task_recall = recall_sum[task_id] / n_cards if n_cards else None
        task_accuracy = accuracy.get(task_id)
        tasks.append(TaskReadiness(
            id=task_id, title=statement.title, domain=statement.domain, cards=n_cards,
            questions=n_questions, covered=covered, recall=_round(task_recall),
            quiz_accuracy=_round(task_accuracy),
            readiness=_round(combine(task_recall, task_accuracy, studied[task_id] > 0) if covered else None),
        ))
    domains = _domains(guide, tasks)
    coverage = _coverage(guide, tasks)
    score, reason = predicted_score(guide, outcomes, coverage)
    return Readiness(
        exam=ExamInfo(guide.id, guide.title, guide.format.score_min, guide.format.score_max,
                      guide.format.passing_score),
        coverage=round(coverage, 4), domains=domains, tasks=tasks, predicted_score=score, reason=reason,
        answers=len(outcomes), imported=imported,
    )


def _card_figures(library: Library, recall: Mapping[str, float],
                  task_ids: list[str]) -> tuple[dict[str, int], dict[str, int], dict[str, float]]:
    """Per task: cards, studied cards and the sum of their retrievability."""
    cards: dict[str, int] = dict.fromkeys(task_ids, 0)
    studied: dict[str, int] = dict.fromkeys(task_ids, 0)
    total: dict[str, float] = dict.fromkeys(task_ids, 0.0)
    for card in library.cards:
        value = recall.get(card.id)
        for task in _card_tasks(library, card):
            if task not in cards:
                continue
            cards[task] += 1
            if value is not None:
                studied[task] += 1
                total[task] += value
    return cards, studied, total


def _card_tasks(library: Library, card: Card) -> tuple[str, ...]:
    """The tasks of a card's topic (the topic found by its slug or as "deck/slug")."""
    topic = library.topic_of(card)
    return tuple(dict.fromkeys(topic.tasks)) if topic is not None else ()


def recency_weight(answered_at: datetime, now: datetime) -> float:
    """How much an answer counts: 1 now, halving every `HALF_LIFE_DAYS` (never above 1)."""
    age_days = max((now - ensure_utc(answered_at)).total_seconds(), 0.0) / 86400
    return float(0.5 ** (age_days / HALF_LIFE_DAYS))


def _quiz_accuracy(library: Library, outcomes: list[AnswerOutcome], now: datetime) -> dict[str, float]:
    """Per task: recency-weighted accuracy of the answers to its questions (tasks with answers only)."""
    right: dict[str, float] = defaultdict(float)
    weight: dict[str, float] = defaultdict(float)
    for outcome in outcomes:
        question = library.question(outcome.question_id)
        if question is None:
            continue
        w = recency_weight(outcome.answered_at, now)
        for task in dict.fromkeys(question.tasks):
            weight[task] += w
            right[task] += w * outcome.correct
    return {task: right[task] / w for task, w in weight.items() if w > 0}


def combine(recall: float | None, accuracy: float | None, studied: bool) -> float | None:
    """0.4 recall + 0.6 quiz accuracy over the parts that exist; None when nothing was studied
    (no card answered and no question answered). Unstudied cards still count in `recall` as 0."""
    if not studied and accuracy is None:
        return None
    parts = [(w, v) for w, v in ((RECALL_WEIGHT, recall), (QUIZ_WEIGHT, accuracy)) if v is not None]
    return sum(w * v for w, v in parts) / sum(w for w, _ in parts)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def _domains(guide: ExamGuide, tasks: list[TaskReadiness]) -> list[DomainReadiness]:
    out = []
    for domain in guide.domains:
        mine = [t for t in tasks if t.domain == domain.id]
        covered = [t for t in mine if t.covered]
        out.append(DomainReadiness(
            id=domain.id, title=domain.title, weight=domain.weight,
            coverage=round(len(covered) / len(mine), 4) if mine else 0.0,
            recall=_round(_mean(t.recall for t in covered)),
            quiz_accuracy=_round(_mean(t.quiz_accuracy for t in covered)),
            readiness=_round(_mean(t.readiness for t in covered)),
        ))
    return out


def _coverage(guide: ExamGuide, tasks: list[TaskReadiness]) -> float:
    """The share of the exam's weight whose task statements have material."""
    total = sum(d.weight for d in guide.domains if d.tasks)
    if not total:
        return 0.0
    covered = {t.id for t in tasks if t.covered}
    share = sum(d.weight * sum(t.id in covered for t in d.tasks) / len(d.tasks)
                for d in guide.domains if d.tasks)
    return share / total


def wilson(p: float, n: int, z: float = Z_80) -> tuple[float, float]:
    """The Wilson score interval of a proportion `p` observed over `n` trials."""
    if n <= 0:
        return 0.0, 1.0
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(centre - half, 0.0), min(centre + half, 1.0)


def predicted_score(guide: ExamGuide, outcomes: list[AnswerOutcome],
                    coverage: float) -> tuple[ScoreRange | None, str | None]:
    """A scaled-score range from quiz accuracy (uncovered weight as a guess), or None and why."""
    n = len(outcomes)
    if n < MIN_ANSWERS:
        more = MIN_ANSWERS - n
        return None, f"answer {more} more exam-style question{'s' if more != 1 else ''}"
    p = sum(o.correct for o in outcomes) / n
    low, high = wilson(p, n)
    fmt = guide.format

    def scaled(share: float) -> int:
        mixed = coverage * share + (1 - coverage) * GUESS
        value = fmt.score_min + (fmt.score_max - fmt.score_min) * mixed
        return int(min(max(round(value), fmt.score_min), fmt.score_max))

    return ScoreRange(scaled(low), scaled(high)), None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
