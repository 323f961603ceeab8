"""Study statistics: what `studycards stats` shows and the TUI's dashboard charts.

`study_stats` returns a `StudyStats`; its `to_json()` is the `stats --json` document, with exactly
these top-level keys: `cards`, `due`, `reviews_today`, `streak_days`, `retention_30d`, `topics`,
`forecast`, `quiz` (each dataclass's fields are its JSON keys, in order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from studycards.srs.day import day_start, study_day
from studycards.srs.model import ensure_utc, to_epoch
from studycards.srs.queue import ACTIVE
from studycards.srs.scheduler import SrsScheduler

if TYPE_CHECKING:
    from studycards.content.model import Library
    from studycards.srs.store import Store

FORECAST_DAYS = 14
RETENTION_DAYS = 30
MASTERY_DAYS = 30  # a card is mastered when its predicted recall this many days ahead ...
MASTERY_RECALL = 0.9  # ... is at least this (FSRS retrievability)
MASTERY_MEANING = ("mastery: the share of a topic's cards, unseen ones included, predicted to be recalled "
                   "at 90%+ in 30 days")
STATE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


@dataclass(slots=True)
class CardCounts:
    """Cards in the content by state (suspended ones apart), plus buried and leeches."""

    new: int = 0
    learning: int = 0
    review: int = 0
    relearning: int = 0
    suspended: int = 0
    buried: int = 0
    leech: int = 0
    total: int = 0


@dataclass(frozen=True, slots=True)
class DueCounts:
    """Due by now, before today ends, and during the next study day."""

    now: int
    today: int
    tomorrow: int


@dataclass(frozen=True, slots=True)
class TopicStats:
    """One topic's cards, studied cards and mastery (None: not started)."""

    topic: str
    title: str
    cards: int
    studied: int
    mastery: float | None
    deck: str = ""
    qualified: str = ""  # `deck/slug`


@dataclass(frozen=True, slots=True)
class ForecastDay:
    """Cards due on one study day (`date` in ISO form; today includes what is overdue)."""

    date: str
    due: int


@dataclass(frozen=True, slots=True)
class QuizTally:
    """Quiz answers, right answers and accuracy (None without answers)."""

    answered: int
    correct: int
    accuracy: float | None


@dataclass(frozen=True, slots=True)
class QuizStats:
    """Every stored quiz answer, overall and by topic and domain; `pending`: ungraded exam answers."""

    answered: int
    correct: int
    accuracy: float | None
    by_topic: dict[str, QuizTally] = field(default_factory=dict)
    by_domain: dict[str, QuizTally] = field(default_factory=dict)
    pending: int = 0

    @classmethod
    def from_summary(cls, summary: dict[str, Any], pending: int) -> QuizStats:
        """From `Store.quiz_summary()`."""
        def tallies(groups: dict[str, dict[str, Any]]) -> dict[str, QuizTally]:
            return {key: QuizTally(**figures) for key, figures in groups.items()}

        return cls(summary["answered"], summary["correct"], summary["accuracy"],
                   tallies(summary["by_topic"]), tallies(summary["by_domain"]), pending)


@dataclass(frozen=True, slots=True)
class StudyStats:
    """What `study_stats` found; `to_json()` is the `studycards stats --json` document."""

    cards: CardCounts
    due: DueCounts
    reviews_today: int
    streak_days: int
    retention_30d: float | None
    topics: list[TopicStats]
    forecast: list[ForecastDay]
    quiz: QuizStats

    def to_json(self) -> dict[str, Any]:
        """The JSON document: each field under its own name, in order."""
        return asdict(self)


def study_stats(store: Store, library: Library, now: datetime, *, tz: tzinfo | None = None,
                decks: Iterable[str] | None = None) -> StudyStats:
    """Cards by state, due counts, today's reviews, streak, true retention, mastery, forecast, quiz.

    `decks` narrows `cards`, `due`, `topics`, `forecast` and `quiz` to those decks (the quiz log
    keeps bare topic slugs, so there a slug two decks share counts for both); today's reviews,
    the streak and retention stay across all decks.

    - `cards`: cards in the content by state (suspended ones counted apart), plus buried and leeches.
    - `due`: `now` (learning due by now and reviews due today), `today` (all due before the day
      ends), `tomorrow` (due during the next study day); suspended and buried cards excluded.
    - `reviews_today`: answers given today; `streak_days`: consecutive study days (card reviews or
      quiz answers) up to today, or up to yesterday when today has none yet.
    - `retention_30d`: true retention over the last 30 days, Anki's way: the first answer of each
      Review card each day, Hard/Good/Easy counting as passed; None without such answers.
    - `topics`: per topic, cards, studied cards and mastery: the share of the topic's cards (unseen
      ones count as not mastered) whose predicted recall (FSRS retrievability) 30 days from now is
      at least 90%; None for a topic not started.
    - `forecast`: due counts for each of the next 14 days (today includes what is overdue).
    - `quiz`: `Store.quiz_summary()`, plus `pending`: answers given in exams not yet graded
      (an exam cut short; `studycards quiz --resume` goes on with it), 0 when none.
    """
    now = ensure_utc(now)
    settings = store.settings().with_tz(tz) if tz is not None else store.settings()
    zone, starts = settings.tz(), settings.day_starts_at
    today = study_day(now, zone, starts)
    boundaries = [to_epoch(day_start(today + timedelta(days=i), zone, starts))
                  for i in range(FORECAST_DAYS + 1)]
    now_s = to_epoch(now)
    only = _DeckScope(decks, library)
    return StudyStats(
        cards=_cards(store, now_s, only),
        due=_due(store, now_s, boundaries, only),
        reviews_today=store.scalar("SELECT COUNT(*) FROM review_log WHERE day = ?", (today.toordinal(),)),
        streak_days=_streak(store, today.toordinal()),
        retention_30d=_retention(store, today.toordinal()),
        topics=_topics(store, library, now, SrsScheduler(settings, fuzz=False), only),
        forecast=_forecast(store, boundaries, today, only),
        quiz=QuizStats.from_summary(store.quiz_summary(only.slugs), store.pending_answer_count()),
    )


class _DeckScope:
    """`AND deck IN (...)` for the cards queries, and the decks' topic slugs for the quiz log."""

    def __init__(self, decks: Iterable[str] | None, library: Library) -> None:
        self.decks = None if decks is None else sorted(set(decks))
        self.slugs = None if self.decks is None else sorted(
            {t.slug for t in library.topics.values() if t.deck in (self.decks or ())})

    def sql(self, column: str = "deck") -> str:
        """The clause, with the deck ids inlined as named parameters `:deck0, ...`."""
        if self.decks is None:
            return ""
        return f" AND {column} IN ({', '.join(f':deck{i}' for i in range(len(self.decks)))})"

    def params(self) -> dict[str, str]:
        """The clause's parameters."""
        return {f"deck{i}": d for i, d in enumerate(self.decks or ())}


def _cards(store: Store, now_s: int | None, only: _DeckScope) -> CardCounts:
    out = CardCounts()
    for suspended, state, count, buried, leech in store.rows(
            "SELECT suspended, state, COUNT(*), TOTAL(buried_until > :now), TOTAL(leech) FROM cards "
            f"WHERE present = 1{only.sql()} GROUP BY suspended, state", {"now": now_s, **only.params()}):
        out.total += count
        out.leech += int(leech)
        if suspended:
            out.suspended += count
        else:
            name = STATE_NAMES[state]
            setattr(out, name, getattr(out, name) + count)
            out.buried += int(buried)
    return out


def _due(store: Store, now_s: int | None, boundaries: list[int | None], only: _DeckScope) -> DueCounts:
    row = store.row(
        "SELECT "
        "COALESCE(SUM(CASE WHEN buried_until <= :now AND ((state IN (1, 3) AND due <= :now) "
        "OR (state = 2 AND due < :end0)) THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN buried_until <= :now AND due < :end0 THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN due >= :end0 THEN 1 ELSE 0 END), 0) "
        f"FROM cards WHERE {ACTIVE} AND state IN (1, 2, 3) AND due < :end1{only.sql()}",
        {"now": now_s, "end0": boundaries[1], "end1": boundaries[2], **only.params()},
    )
    assert row is not None
    return DueCounts(now=row[0], today=row[1], tomorrow=row[2])


def _streak(store: Store, today: int) -> int:
    def studied(day: int) -> bool:
        return bool(store.scalar(
            "SELECT EXISTS(SELECT 1 FROM review_log WHERE day = ?) OR "
            "EXISTS(SELECT 1 FROM quiz_answers WHERE day = ?)", (day, day)))

    day = today if studied(today) else today - 1
    streak = 0
    while studied(day):
        streak += 1
        day -= 1
    return streak


def _retention(store: Store, today: int) -> float | None:
    row = store.row(
        "SELECT COUNT(*), TOTAL(rating > 1) FROM review_log "
        "WHERE day > ? AND day <= ? AND state_before = 2 AND first_of_day = 1",
        (today - RETENTION_DAYS, today))
    if row is None or not row[0]:
        return None
    return round(row[1] / row[0], 4)


def mastery_ratio(scheduler: SrsScheduler, recall: float = MASTERY_RECALL) -> float:
    """Days after a review, as a share of stability, until predicted recall falls to `recall`.

    From R = (1 + factor * t / S) ** decay >= recall: t <= S * ratio (ratio is 1 at 90%: FSRS
    stability is the time to 90% recall).
    """
    decay, factor = scheduler.curve
    return float((recall ** (1 / decay) - 1) / factor)


def _topics(store: Store, library: Library, now: datetime, scheduler: SrsScheduler,
            only: _DeckScope) -> list[TopicStats]:
    """One entry per topic (by deck and slug), the library's first, then any only the store has."""
    horizon = to_epoch(now + timedelta(days=MASTERY_DAYS))
    totals: dict[tuple[str, str], tuple[int, int, int]] = {}  # (deck, slug) -> (cards, studied, mastered)
    for deck, topic, cards, studied, mastered in store.rows(
            "SELECT deck, topic, COUNT(*), COUNT(last_review), "
            "TOTAL(last_review IS NOT NULL AND stability > 0 "
            "AND stability * :ratio * 86400 >= :horizon - last_review) "
            f"FROM cards WHERE present = 1{only.sql()} GROUP BY deck, topic",
            {"ratio": mastery_ratio(scheduler), "horizon": horizon, **only.params()}):
        totals[(deck, topic)] = (cards, studied, int(mastered))
    known = {(t.deck, t.slug): t for t in library.topics.values()
             if only.decks is None or t.deck in only.decks}
    out = []
    for deck, slug in list(known) + sorted(set(totals) - set(known)):
        cards, studied, mastered = totals.get((deck, slug), (0, 0, 0))
        topic = known.get((deck, slug))
        out.append(TopicStats(
            topic=slug,
            title=topic.title if topic else slug,
            cards=cards,
            studied=studied,
            mastery=round(mastered / cards, 4) if studied else None,
            deck=deck,
            qualified=f"{deck}/{slug}" if deck else slug,
        ))
    return out


def _forecast(store: Store, boundaries: list[int | None], today: date, only: _DeckScope) -> list[ForecastDay]:
    cases = ", ".join(
        f"COALESCE(SUM(CASE WHEN due < {int(end or 0)} THEN 1 ELSE 0 END), 0)" for end in boundaries[1:]
    )
    row = store.row(
        f"SELECT {cases} FROM cards WHERE {ACTIVE} AND state IN (1, 2, 3) AND due < :end{only.sql()}",
        {"end": boundaries[-1], **only.params()})
    cumulative = list(row) if row is not None else [0] * FORECAST_DAYS
    out = []
    previous = 0
    for i, total in enumerate(cumulative):
        out.append(ForecastDay(date=(today + timedelta(days=i)).isoformat(), due=total - previous))
        previous = total
    return out
