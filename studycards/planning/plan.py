"""The exam-day plan: how many new cards a day get the chosen decks learned before the exam, the
daily load that follows, and the recall predicted on exam day if the plan is followed.

- `days_left`: study days from today to the exam day (the exam day itself not included).
- `buffer_days` (a setting, default 7): the last days before the exam, with no new cards.
- `new_per_day_needed`: ceil(new cards left / (days_left - buffer_days)).
- `forecast`: per day until the exam, answers (learning steps included) and minutes, from the
  workload simulator (`srs.workload`) run with `new_per_day_needed`; minutes use the learner's own
  median answer time once `MIN_TIMED` answers are timed, else `DEFAULT_SECONDS` a card.
- `predicted_recall`: mean predicted recall at the start of the exam day of the chosen cards
  (overall), per task statement (a card counts for its topic's tasks) and per domain (the mean of
  its tasks that have cards).
- `on_track`: every new card fits at or under the current new-card limit and under
  `MAX_NEW_PER_DAY`; `advice` says what to change when not.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from studycards.errors import StudycardsError
from studycards.planning.workload import SimCard, simulate
from studycards.srs.day import day_start, study_day
from studycards.srs.model import CardState, ensure_utc

if TYPE_CHECKING:
    from studycards.content.model import Library
    from studycards.srs.settings import Settings
    from studycards.srs.store import Store

DEFAULT_SECONDS = 8.0  # seconds an answer takes until the learner's own answers say otherwise
MIN_TIMED = 50  # timed answers needed before their median is used
MAX_NEW_PER_DAY = 50  # beyond this, cards are not learned well: choose decks or a later date
MAX_DAYS = 3 * 365  # the simulation's horizon


@dataclass(frozen=True, slots=True)
class ForecastDay:
    """One day of the forecast: answers and minutes."""

    date: date
    reviews: int
    minutes: float


@dataclass(frozen=True, slots=True)
class Plan:
    """What `build_plan` found; `to_json()` is the `studycards plan --json` document."""

    exam_date: date
    today: date
    days_left: int
    buffer_days: int
    new_remaining: int
    new_per_day_needed: int
    new_per_day_now: int
    forecast: list[ForecastDay]
    overall: float
    by_domain: dict[str, float]
    by_task: dict[str, float]
    on_track: bool
    advice: list[str] = field(default_factory=list)
    seconds_per_review: float = DEFAULT_SECONDS

    @property
    def in_buffer(self) -> bool:
        """Today is inside the buffer before the exam: no new cards, exam prep instead."""
        return self.days_left <= self.buffer_days

    def to_json(self) -> dict[str, Any]:
        """exam_date, days_left, buffer_days, new_remaining, new_per_day_needed, forecast,
        predicted_recall {overall, by_domain, by_task}, on_track, advice."""
        return {
            "exam_date": self.exam_date.isoformat(),
            "days_left": self.days_left,
            "buffer_days": self.buffer_days,
            "new_remaining": self.new_remaining,
            "new_per_day_needed": self.new_per_day_needed,
            "forecast": [{"date": d.date.isoformat(), "reviews": d.reviews, "minutes": d.minutes}
                         for d in self.forecast],
            "predicted_recall": {"overall": self.overall, "by_domain": self.by_domain,
                                 "by_task": self.by_task},
            "on_track": self.on_track,
            "advice": self.advice,
        }


def exam_day_of(settings: Settings, override: date | None = None) -> date:
    """The exam date given, else the `exam_date` setting; an error says how to set one."""
    found = override or settings.exam_day
    if found is None:
        raise StudycardsError("no exam date: set one with 'studycards config set exam_date YYYY-MM-DD' "
                              "or pass --exam-date")
    return found


def seconds_per_review(durations_ms: Iterable[int | None]) -> float:
    """The learner's median answer time in seconds (answers over 60 s counted as 60 s), or the default."""
    timed = [min(d, 60_000) / 1000 for d in durations_ms if d is not None and d > 0]
    return float(statistics.median(timed)) if len(timed) >= MIN_TIMED else DEFAULT_SECONDS


def build_plan(store: Store, library: Library, now: datetime, *, exam_date: date | None = None,
               decks: Sequence[str] | None = None, seed: int = 0) -> Plan:
    """The plan for the chosen decks (all when None) from the store's card states (reads only)."""
    from studycards.srs.scheduler import SrsScheduler

    settings = store.settings()
    exam = exam_day_of(settings, exam_date)
    now = ensure_utc(now)
    today = study_day(now, settings.tz(), settings.day_starts_at)
    days_left = (exam - today).days
    if days_left < 1:
        raise StudycardsError(f"the exam date {exam.isoformat()} is not after today ({today.isoformat()})")
    if days_left > MAX_DAYS:
        raise StudycardsError(f"the exam date {exam.isoformat()} is more than {MAX_DAYS // 365} years away")
    wanted = set(decks) if decks else None
    chosen = [card for card in library.cards if wanted is None or card.deck in wanted]
    states = store.studied_card_states()
    sim_cards = [SimCard(card.id, states.get(card.id, CardState())) for card in chosen]
    new_remaining = sum(1 for c in sim_cards if c.id not in states)
    learning_days = days_left - settings.buffer_days
    needed = math.ceil(new_remaining / learning_days) if learning_days > 0 else (new_remaining and -1)
    per_day = needed if needed > 0 else 0
    scheduler = SrsScheduler(settings, fuzz=False)
    simulation = simulate(
        sim_cards, scheduler, start=today, days=days_left, new_per_day=per_day,
        last_new_day=exam - timedelta(days=settings.buffer_days + 1),
        end=day_start(exam, settings.tz(), settings.day_starts_at), seed=seed)
    seconds = seconds_per_review(store.reviews.durations())
    forecast = [ForecastDay(d.day, d.reviews, round(d.reviews * seconds / 60, 1)) for d in simulation.days]
    overall, by_domain, by_task = recall_by_exam_area(library, chosen, simulation.recall_at_end)
    on_track, advice = _verdict(new_remaining, needed, settings.new_per_day, learning_days, forecast)
    return Plan(exam_date=exam, today=today, days_left=days_left, buffer_days=settings.buffer_days,
                new_remaining=new_remaining, new_per_day_needed=max(needed, 0),
                new_per_day_now=settings.new_per_day, forecast=forecast, overall=overall,
                by_domain=by_domain, by_task=by_task, on_track=on_track, advice=advice,
                seconds_per_review=seconds)


def recall_by_exam_area(library: Library, cards: Sequence[Any],
                        recall: dict[str, float]) -> tuple[float, dict[str, float], dict[str, float]]:
    """Mean recall overall, per domain and per task statement (tasks and domains with cards only)."""
    overall = sum(recall.get(c.id, 0.0) for c in cards) / len(cards) if cards else 0.0
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for card in cards:
        topic = library.topic_of(card)
        for task in dict.fromkeys(topic.tasks if topic is not None else ()):
            sums[task] += recall.get(card.id, 0.0)
            counts[task] += 1
    by_task = {task: round(sums[task] / counts[task], 4) for task in sorted(counts)}
    by_domain: dict[str, float] = {}
    guide = library.exam
    if guide is not None:
        for domain in guide.domains:
            mine = [by_task[t.id] for t in domain.tasks if t.id in by_task]
            if mine:
                by_domain[domain.id] = round(sum(mine) / len(mine), 4)
    return round(overall, 4), by_domain, by_task


def _verdict(new_remaining: int, needed: int, limit: int, learning_days: int,
             forecast: list[ForecastDay]) -> tuple[bool, list[str]]:
    advice: list[str] = []
    if new_remaining == 0:
        return True, ["every card is introduced: keep up with the daily reviews"]
    if needed < 0 or learning_days <= 0:
        advice.append(f"the exam is inside the {'buffer' if learning_days <= 0 else 'plan'}: no room to "
                      f"introduce {new_remaining:,} new cards; choose decks or a later date")
        return False, advice
    if needed > MAX_NEW_PER_DAY:
        advice.append(f"the date is too close to learn {new_remaining:,} cards well: choose decks "
                      f"(--deck) or a later date")
        return False, advice
    if needed > limit:
        advice.append(f"introduce {needed} new cards a day (the limit is {limit}): 'studycards plan --apply'")
        return False, advice
    peak = max((d.minutes for d in forecast), default=0.0)
    advice.append(f"on track at {needed} new cards a day (limit {limit}); the busiest day takes "
                  f"about {peak:.0f} minutes")
    return True, advice


def studied_recall_on_exam_day(store: Store, now: datetime, seed: int = 0) -> dict[str, float] | None:
    """Each studied card's predicted recall on the exam day if its due reviews are done until then
    (no new cards); None without an exam date still ahead."""
    from studycards.srs.scheduler import SrsScheduler

    settings = store.settings()
    exam = settings.exam_day
    now = ensure_utc(now)
    today = study_day(now, settings.tz(), settings.day_starts_at)
    if exam is None or not 0 < (exam - today).days <= MAX_DAYS:
        return None
    states = store.studied_card_states()
    simulation = simulate([SimCard(card_id, state) for card_id, state in states.items()],
                          SrsScheduler(settings, fuzz=False), start=today, days=(exam - today).days,
                          new_per_day=0, end=day_start(exam, settings.tz(), settings.day_starts_at),
                          seed=seed)
    return simulation.recall_at_end
