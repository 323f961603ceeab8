"""Choosing which questions a quiz asks, and presenting them with shuffled options.

Pure functions: the learner's history comes in as plain records, randomness as a seed.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from studycards.content.model import Option, Question

LETTERS = string.ascii_lowercase


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """What the store knows about one question: when it is due, and the last result."""

    due: datetime | None
    last_correct: bool | None
    answered: int = 0


@dataclass(frozen=True, slots=True)
class Filters:
    """What the learner asked for."""

    topics: frozenset[str] = frozenset()  # qualified `deck/slug` names (a bare slug: any deck's)
    domain: str | None = None
    difficulty: str | None = None

    def admits(self, q: Question) -> bool:
        """True when the question matches every filter given."""
        return (
            (not self.topics or q.qualified in self.topics or q.topic in self.topics)
            and (self.domain is None or q.domain == self.domain)
            and (self.difficulty is None or q.difficulty == self.difficulty)
        )


def select_questions(
    questions: Sequence[Question],
    filters: Filters,
    count: int,
    history: Mapping[str, QuestionRecord],
    topic_accuracy: Mapping[str, float],
    now: datetime,
    seed: int | None = None,
) -> list[Question]:
    """Pick up to `count` questions: due ones first, then the weakest topics, then unseen ones
    (the order of `rank_questions`), shuffled into the quiz order."""
    rng = random.Random(seed)
    ranked = rank_questions([q for q in questions if filters.admits(q)], history, topic_accuracy, now, rng)
    chosen = ranked[:count]
    rng.shuffle(chosen)
    return chosen


def rank_questions(
    pool: Sequence[Question],
    history: Mapping[str, QuestionRecord],
    topic_accuracy: Mapping[str, float],
    now: datetime,
    rng: random.Random,
) -> list[Question]:
    """Every question of `pool`, most wanted first.

    Due questions come most overdue first; then questions already seen, weakest topic (lowest
    accuracy) first, with unseen questions mixed in one for every two. Ties are broken by a
    shuffle drawn from `rng`.
    """
    pool = list(pool)
    rng.shuffle(pool)
    due: list[tuple[datetime, Question]] = []
    seen: list[Question] = []
    unseen: list[Question] = []
    for q in pool:
        record = history.get(q.id)
        if record is None or record.answered == 0:
            unseen.append(q)
        elif record.due is not None and record.due <= now:
            due.append((record.due, q))
        else:
            seen.append(q)
    due.sort(key=lambda pair: pair[0])
    # weakest topics first; within a topic, questions last answered wrongly first
    seen.sort(key=lambda q: (topic_accuracy.get(q.topic, 1.0), history[q.id].last_correct is not False))
    return [q for _, q in due] + _interleave_weak_and_new(seen, unseen)


def _interleave_weak_and_new(weak: list[Question], new: list[Question]) -> list[Question]:
    """Weak questions from low-accuracy topics, with unseen ones mixed in (one new per two weak)."""
    out: list[Question] = []
    wi = ni = 0
    while wi < len(weak) or ni < len(new):
        for _ in range(2):
            if wi < len(weak):
                out.append(weak[wi])
                wi += 1
        if ni < len(new):
            out.append(new[ni])
            ni += 1
    return out


@dataclass(frozen=True, slots=True)
class Presented:
    """A question as shown: options in a shuffled order, lettered a, b, c..."""

    question: Question
    order: tuple[int, ...]  # order[k] = index in question.options of the option shown as letter k

    @property
    def options(self) -> list[Option]:
        """The options in the order shown."""
        return [self.question.options[i] for i in self.order]

    @property
    def letters(self) -> str:
        """The letters shown, `abcd...`, one per option."""
        return LETTERS[: len(self.order)]

    @property
    def correct_letters(self) -> frozenset[str]:
        """The letters of the correct options, as shown."""
        return frozenset(LETTERS[k] for k, i in enumerate(self.order) if self.question.options[i].correct)

    def option_for(self, letter: str) -> Option:
        """The option shown as `letter`."""
        return self.question.options[self.order[LETTERS.index(letter)]]


def present(question: Question, rng: random.Random) -> Presented:
    """Shuffle a question's options; the answer key follows the options."""
    order = list(range(len(question.options)))
    rng.shuffle(order)
    return Presented(question, tuple(order))


def parse_letters(text: str, presented: Presented) -> frozenset[str]:
    """Letters from input like `b`, `a,c`, `A C` or `ac`; raises ValueError with a reason."""
    cleaned = [ch for ch in text.lower() if ch not in " ,;/+"]
    if not cleaned:
        raise ValueError("type the letter of your answer")
    letters = frozenset(cleaned)
    unknown = sorted(ch for ch in letters if ch not in presented.letters)
    if unknown:
        raise ValueError(f"no option {', '.join(unknown)}; choose from {', '.join(presented.letters)}")
    if len(cleaned) != len(letters):
        raise ValueError("each letter only once")
    return letters


def is_correct(presented: Presented, chosen: frozenset[str]) -> bool:
    """Scored as the exam does: exactly the correct options, nothing more or less."""
    return chosen == presented.correct_letters
