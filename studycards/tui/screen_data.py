"""What the screens show: plain data that `Services` builds for the dashboard, review and stats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from studycards.content.model import Library

if TYPE_CHECKING:
    from studycards.planning.plan import Plan
    from studycards.quiz.pending import UnfinishedExam
    from studycards.quiz.readiness import Readiness
    from studycards.srs.history import DayReviews
    from studycards.srs.session import QueueCounts
    from studycards.srs.stats import QuizTally, StudyStats


@dataclass(frozen=True, slots=True)
class TopicRow:
    """One row of the dashboard's topic table."""

    slug: str
    title: str
    cards: int
    studied: int
    mastery: float | None
    quiz_answered: int
    quiz_accuracy: float | None


@dataclass(frozen=True, slots=True)
class DeckRow:
    """One deck of the dashboard (or several together): its topics' totals, and the topics."""

    id: str
    title: str
    cards: int
    studied: int
    mastered: int  # cards predicted at 90%+ recall in 30 days
    quiz_answered: int
    quiz_correct: int
    topics: tuple[TopicRow, ...]

    @property
    def mastery(self) -> float | None:
        """Mastered cards / all its cards; None while none of its cards is studied."""
        return round(self.mastered / self.cards, 4) if self.studied and self.cards else None

    @property
    def quiz_accuracy(self) -> float | None:
        return round(self.quiz_correct / self.quiz_answered, 4) if self.quiz_answered else None

    @classmethod
    def combine(cls, deck_id: str, title: str, rows: list[DeckRow]) -> DeckRow:
        """Several decks' figures added up (the dashboard's "all decks" line)."""
        return cls(deck_id, title, sum(r.cards for r in rows), sum(r.studied for r in rows),
                   sum(r.mastered for r in rows), sum(r.quiz_answered for r in rows),
                   sum(r.quiz_correct for r in rows), tuple(t for r in rows for t in r.topics))


def deck_rows(library: Library, topics: list[TopicRow], by_topic: dict[str, QuizTally]) -> list[DeckRow]:
    """The topic rows grouped by deck, in deck order, each deck with its totals (topics no
    loaded deck has come last, under "Other topics")."""
    groups: dict[str, list[TopicRow]] = {deck.id: [] for deck in library.decks}
    for row in topics:
        topic = library.topics.get(row.slug)
        groups.setdefault(topic.deck if topic is not None and topic.deck in groups else "", []).append(row)
    titles = {deck.id: deck.title for deck in library.decks}
    out = []
    for deck_id, rows in groups.items():
        if not rows and deck_id == "":
            continue
        bare = [topic.slug for r in rows if (topic := library.topics.get(r.slug)) is not None]
        tallies = [by_topic[slug] for slug in bare if slug in by_topic]  # the quiz log keeps bare slugs
        out.append(DeckRow(
            id=deck_id,
            title=titles.get(deck_id, "Other topics"),
            cards=sum(r.cards for r in rows),
            studied=sum(r.studied for r in rows),
            mastered=sum(round((r.mastery or 0) * r.cards) for r in rows),
            quiz_answered=sum(t.answered for t in tallies),
            quiz_correct=sum(t.correct for t in tallies),
            topics=tuple(rows),
        ))
    return out


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Everything the dashboard shows, computed in one go."""

    new: int
    learning: int
    review: int
    reviews_today: int
    streak_days: int
    retention_30d: float | None
    total_cards: int
    studied_cards: int
    quiz_answered: int
    quiz_accuracy: float | None
    topics: list[TopicRow]
    by_domain: dict[str, QuizTally]
    first_run: bool
    unfinished_exam: UnfinishedExam | None = None
    readiness: Readiness | None = None  # the "Exam readiness" panel
    decks: list[DeckRow] = field(default_factory=list)  # the topics by deck, with deck totals
    plan: Plan | None = None  # the exam-day plan, when an exam date ahead is set

    @property
    def due_total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True, slots=True)
class QueueFigures:
    """A review session's counts left and its next learning card's due time."""

    counts: QueueCounts
    next_due: datetime | None


@dataclass(frozen=True, slots=True)
class StatsHistory:
    """What the statistics screen shows, loaded in one go."""

    stats: StudyStats  # the figures of `studycards stats`
    days: list[DayReviews]  # answers per study day, oldest first, today last
    total_reviews: int  # every answer ever given (0: nothing reviewed yet)
    plan: Plan | None = None  # the exam-day plan (its forecast is charted), when an exam date is set

    @property
    def nothing_studied(self) -> bool:
        """No card ever reviewed and no quiz question ever answered."""
        return self.total_reviews == 0 and not self.stats.quiz.answered
