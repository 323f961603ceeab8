"""Personal FSRS parameters: fit FSRS-6 to the learner's own review history with fsrs-rs-python
(the Rust FSRS core Anki uses), and check out of sample that the fit beats the defaults.

- Items: per card, its answers in time order; an item is a card's history up to one answer, with
  whole study days between answers (`delta_t`, 0 for the first and for same-day steps). Only items
  with a long-term review (a `delta_t` > 0) teach FSRS anything, as in Anki.
- Evaluation: a time-series split. Items are ordered by the time of their last answer and cut in
  `FOLDS` slices; for each slice after the first, parameters fitted on the slices before it are
  scored on it, beside the defaults. Log loss and RMSE (bins) are averaged, weighted by slice size.
- The parameters are the 21 FSRS-6 weights py-fsrs schedules with (same order, same bounds).

fsrs-rs-python is imported inside the functions that need it, never at start-up.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from studycards.errors import StudycardsError
from studycards.planning.revlog import ReviewRecord
from studycards.srs.model import ensure_utc
from studycards.srs.settings import format_parameters

if TYPE_CHECKING:
    from studycards.srs.settings import Settings
    from studycards.srs.store import Store

MIN_REVIEWS = 400  # answers needed before a fit is tried (Anki asks for a few hundred)
MIN_ITEMS = 100  # of which items with a long-term review
FOLDS = 5
Progress = Callable[[int, int], None]  # (step done, steps) for a progress bar


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well a parameter set predicts recall out of sample (lower is better for both)."""

    log_loss: float
    rmse_bins: float

    def to_json(self) -> dict[str, float]:
        """`{"log_loss", "rmse_bins"}` rounded to 4 places."""
        return {"log_loss": round(self.log_loss, 4), "rmse_bins": round(self.rmse_bins, 4)}


@dataclass(frozen=True, slots=True)
class FitResult:
    """What `fit` found: the figures for both parameter sets and the fitted weights."""

    reviews: int
    cards: int
    default: Evaluation
    fitted: Evaluation
    parameters: tuple[float, ...]

    @property
    def better(self) -> bool:
        """The fitted weights predict better than the defaults out of sample (log loss)."""
        return self.fitted.log_loss < self.default.log_loss

    def to_json(self, applied: bool) -> dict[str, Any]:
        """The `studycards optimize --json` document."""
        return {"reviews": self.reviews, "cards": self.cards, "default": self.default.to_json(),
                "fitted": self.fitted.to_json(), "applied": applied, "parameters": list(self.parameters)}


class NotEnoughHistory(StudycardsError):
    """Too few reviews to fit; the message says how many more are needed."""

    def __init__(self, reviews: int, items: int) -> None:
        if reviews < MIN_REVIEWS:
            more = MIN_REVIEWS - reviews
            text = (f"not enough review history to fit parameters: {reviews} "
                    f"review{'s' if reviews != 1 else ''}, "
                    f"{more} more needed (at least {MIN_REVIEWS})")
        else:
            more = MIN_ITEMS - items
            text = (f"not enough review history to fit parameters: {items} answers after a day or more, "
                    f"{more} more needed (at least {MIN_ITEMS}); keep reviewing on later days")
        super().__init__(text, exit_code=1)
        self.more = more


def default_parameters() -> tuple[float, ...]:
    """FSRS-6's default weights (py-fsrs's, which equal fsrs-rs's to 4 places)."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(float(v) for v in DEFAULT_PARAMETERS)


def item_reviews(records: Sequence[ReviewRecord]) -> list[tuple[int, list[tuple[int, int]]]]:
    """(time of the last answer, [(rating, delta_t), ...]) for every prefix of every card's history
    that has a long-term review, ordered by that time: the items FSRS trains on, as plain tuples."""
    by_card: dict[str, list[ReviewRecord]] = defaultdict(list)
    for record in records:
        by_card[record.card].append(record)
    out: list[tuple[int, list[tuple[int, int]]]] = []
    for history in by_card.values():
        history.sort(key=lambda r: r.at)
        reviews: list[tuple[int, int]] = []
        previous_day = history[0].day
        long_term = False
        for record in history:
            delta = max(record.day - previous_day, 0)
            long_term = long_term or delta > 0
            reviews.append((record.rating, delta))
            previous_day = record.day
            if long_term:
                out.append((record.at, list(reviews)))
    out.sort(key=lambda pair: pair[0])
    return out


def build_items(records: Sequence[ReviewRecord]) -> list[tuple[int, Any]]:
    """`item_reviews` as fsrs-rs-python FSRSItems."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    return [(at, FSRSItem([FSRSReview(rating, delta) for rating, delta in reviews]))
            for at, reviews in item_reviews(records)]


def fit(records: Sequence[ReviewRecord], progress: Progress | None = None) -> FitResult:
    """Fit FSRS-6 to `records` and evaluate it against the defaults out of sample.

    Raises `NotEnoughHistory` below `MIN_REVIEWS` answers or `MIN_ITEMS` long-term items.
    """
    from fsrs_rs_python import FSRS

    items = build_items(records)
    if len(records) < MIN_REVIEWS or len(items) < MIN_ITEMS:
        raise NotEnoughHistory(len(records), len(items))
    defaults = default_parameters()
    steps = FOLDS  # FOLDS - 1 evaluation fits and the final fit
    bounds = [round(len(items) * k / FOLDS) for k in range(FOLDS + 1)]
    default_scores: list[tuple[int, float, float]] = []
    fitted_scores: list[tuple[int, float, float]] = []
    for k in range(1, FOLDS):
        train = [item for _, item in items[: bounds[k]]]
        test = [item for _, item in items[bounds[k]: bounds[k + 1]]]
        weights = clamp(FSRS(list(defaults)).compute_parameters(train))
        for model, scores in ((FSRS(list(defaults)), default_scores), (FSRS(list(weights)), fitted_scores)):
            found = model.evaluate(test)
            scores.append((len(test), found.log_loss, found.rmse_bins))
        if progress is not None:
            progress(k, steps)
    parameters = clamp(FSRS(list(defaults)).compute_parameters([item for _, item in items]))
    if progress is not None:
        progress(steps, steps)
    return FitResult(reviews=len(records), cards=len({r.card for r in records}),
                     default=_weighted(default_scores), fitted=_weighted(fitted_scores),
                     parameters=parameters)


def clamp(weights: Sequence[float]) -> tuple[float, ...]:
    """Fitted weights as py-fsrs accepts them: rounded to 4 places, inside FSRS-6's bounds."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    out = []
    for value, low, high in zip(weights, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True):
        rounded = round(float(value), 4) if math.isfinite(value) else low
        out.append(min(max(rounded, low), high))
    return tuple(out)


def _weighted(scores: list[tuple[int, float, float]]) -> Evaluation:
    total = sum(n for n, _, _ in scores) or 1
    return Evaluation(log_loss=sum(n * ll for n, ll, _ in scores) / total,
                      rmse_bins=sum(n * rmse for n, _, rmse in scores) / total)


def suggest_retention(settings: Settings, cards: int, days: int = 365) -> tuple[float, float, float]:
    """(the desired retention fsrs-rs-python's simulator finds cheapest per card remembered,
    minutes a day at it, minutes a day at the current setting) for `cards` cards learned at the
    new-card limit over `days` days, with the learner's parameters."""
    from fsrs_rs_python import default_simulator_config, optimal_retention, simulate

    config = default_simulator_config()
    config.deck_size = max(cards, 1)
    config.learn_span = days
    config.learn_limit = max(settings.new_per_day, 1)
    config.max_ivl = float(settings.maximum_interval)
    weights = list(settings.parameters or default_parameters())
    best = round(float(optimal_retention(config, weights)), 2)

    def minutes(retention: float) -> float:
        costs = simulate(weights, retention, config, 7).cost_per_day
        return round(sum(costs) / max(len(costs), 1) / 60, 1)

    return best, minutes(best), minutes(settings.desired_retention)


def save_fit(store: Store, result: FitResult, now: datetime, *, source: str, apply: bool) -> bool:
    """Record the fitted set in the parameter history; put it in use when `apply` and it is better.

    Returns whether it was applied. The history row and the setting are written in one transaction.
    """
    applied = apply and result.better
    text = format_parameters(result.parameters)
    with store.transaction():
        store.parameters.insert(
            created_at=int(ensure_utc(now).timestamp()), parameters=text, source=source,
            reviews=result.reviews,
            cards=result.cards, default=(result.default.log_loss, result.default.rmse_bins),
            fitted=(result.fitted.log_loss, result.fitted.rmse_bins), applied=applied)
        if applied:
            store.set_setting("fsrs_parameters", text)
    return applied


def parameter_history(store: Store) -> list[dict[str, Any]]:
    """Every fitted parameter set, oldest first, with its figures and whether it was applied."""
    return store.parameters.history()
