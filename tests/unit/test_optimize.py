"""Personal FSRS parameters: items from a review history, the fit, and the format both FSRS cores share."""

from __future__ import annotations

from datetime import timedelta

import pytest

from studycards.planning.optimize import (
    MIN_REVIEWS,
    NotEnoughHistory,
    build_items,
    clamp,
    default_parameters,
    fit,
    item_reviews,
)
from studycards.planning.revlog import ReviewRecord
from studycards.planning.synthetic import TRUE_PARAMETERS, synthetic_history
from studycards.srs.model import CardState, Rating
from studycards.srs.scheduler import SrsScheduler
from studycards.srs.settings import Settings, format_parameters, parse_parameters
from tests.store.srsutil import T0


def test_items_count_whole_study_days_between_answers() -> None:
    records = [ReviewRecord("a", 3, 100, 1), ReviewRecord("a", 3, 100, 2), ReviewRecord("a", 1, 103, 3),
               ReviewRecord("a", 3, 110, 4), ReviewRecord("b", 3, 100, 5)]
    # only prefixes with a long-term review (a delta > 0) are items; card b has none
    assert [reviews for _, reviews in item_reviews(records)] == [
        [(3, 0), (3, 0), (1, 3)], [(3, 0), (3, 0), (1, 3), (3, 7)]]
    assert [item.long_term_review_cnt() for _, item in build_items(records)] == [1, 2]


def test_synthetic_learner_fitted_beats_default_out_of_sample() -> None:
    result = fit(synthetic_history(4000, seed=11))
    assert result.reviews == 4000
    assert result.fitted.log_loss < result.default.log_loss
    assert result.fitted.rmse_bins < result.default.rmse_bins
    assert result.better
    # the fit moves the initial stabilities from the defaults towards the learner's (lower) ones
    defaults = default_parameters()
    assert sum(abs(a - b) for a, b in zip(result.parameters[:4], TRUE_PARAMETERS[:4], strict=True)) < \
        sum(abs(a - b) for a, b in zip(defaults[:4], TRUE_PARAMETERS[:4], strict=True))


def test_too_little_history_says_how_many_more() -> None:
    with pytest.raises(NotEnoughHistory) as caught:
        fit(synthetic_history(MIN_REVIEWS - 25))
    assert caught.value.more == 25
    assert "25 more needed" in caught.value.message and caught.value.exit_code == 1


def test_fitted_parameters_are_the_scheduler_format() -> None:
    fitted = clamp([*TRUE_PARAMETERS[:20], 5.0])  # w20 above FSRS-6's bound is clamped
    assert len(fitted) == 21 and fitted[20] <= 0.8
    text = format_parameters(fitted)
    assert parse_parameters(text) == fitted
    mine = SrsScheduler(Settings(fsrs_parameters=text), fuzz=False)
    stock = SrsScheduler(Settings(), fuzz=False)
    assert mine.preview(CardState(), T0)[Rating.Easy] != stock.preview(CardState(), T0)[Rating.Easy]
    assert stock.preview(CardState(), T0)[Rating.Easy] == timedelta(days=8)


@pytest.mark.parametrize("raw", ["1, 2", ", ".join(["x"] * 21), ", ".join(["nan"] * 21),
                                 ", ".join(["1000"] * 21)])
def test_bad_parameter_text_is_refused(raw: str) -> None:
    from studycards.srs.settings import SettingError

    with pytest.raises(SettingError):
        parse_parameters(raw)
