"""The concurrency model: required vs available, reserved and provisioned, scaling after a burst."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.calc.concurrency import (
    MAX_TIMELINE_POINTS,
    ConcurrencyInputs,
    compute_concurrency,
    scaling_timeline,
)
from studycards.calc.errors import CalcInputError
from studycards.calc.prices import PriceTable, load_price_table

D = Decimal


@pytest.fixture(scope="module")
def prices() -> PriceTable:
    return load_price_table()


def test_required_concurrency_is_rps_times_seconds(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(100), D(500)))
    assert r.required_concurrency == 50
    assert r.available_concurrency == 1000
    assert not r.throttled
    assert r.working[0] == "Required concurrency: 100 rps x 0.5 s = 50"


def test_fractional_concurrency_rounds_up_to_whole_environments(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(10), D(150)))
    assert r.required_exact == D("1.5")
    assert r.required_concurrency == 2
    assert "rounded up" in r.working[0]


def test_other_functions_reserved_concurrency_reduces_the_pool(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(2000), D(500), other_reserved=300))
    assert r.required_concurrency == 1000
    assert r.available_concurrency == 700
    assert r.available_source == "unreserved"
    assert r.throttled
    assert r.throttled_concurrency == 300
    assert r.throttled_rps == 600  # 2,000 - 700 / 0.5 s


def test_own_reserved_concurrency_is_the_functions_cap(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(400), D(1000), reserved=300, other_reserved=200))
    assert r.available_concurrency == 300
    assert r.available_source == "reserved"
    assert r.throttled and r.throttled_rps == 100


def test_reserved_zero_throttles_everything(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(10), D(100), reserved=0))
    assert r.available_concurrency == 0
    assert r.throttled and r.throttled_rps == 10
    assert any("throttles every invocation" in line for line in r.working)


def test_raised_account_limit(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(5000), D(1000), account_limit=10_000))
    assert r.account_limit == 10_000
    assert not r.throttled


@pytest.mark.parametrize(
    ("inputs", "field", "text"),
    [
        (ConcurrencyInputs(D(-1), D(100)), "rps", "negative"),
        (ConcurrencyInputs(D(1), D(900_001)), "duration_ms", "900 s (15 minutes)"),
        (ConcurrencyInputs(D(1), D(0)), "duration_ms", "more than 0 ms"),
        (ConcurrencyInputs(D(1), D(100), other_reserved=901), "other_reserved", "1,000 - 100 = 900"),
        (ConcurrencyInputs(D(1), D(100), reserved=600, other_reserved=400), "reserved", "= 500"),
        (ConcurrencyInputs(D(1), D(100), reserved=100, provisioned=101), "provisioned", "reserved"),
        (ConcurrencyInputs(D(1), D(100), other_reserved=500, provisioned=401), "provisioned", "= 400"),
        (ConcurrencyInputs(D(1), D(100), account_limit=0), "account_limit", "at least 1"),
    ],
)
def test_settings_lambda_refuses(
    prices: PriceTable, inputs: ConcurrencyInputs, field: str, text: str
) -> None:
    with pytest.raises(CalcInputError) as info:
        compute_concurrency(prices, inputs)
    assert info.value.field == field
    assert text in info.value.message


def test_provisioned_runs_warm_and_the_rest_spills_on_demand(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(600), D(500), provisioned=100))
    assert r.required_concurrency == 300
    assert r.warm_concurrency == 100
    assert r.on_demand_concurrency == 200
    assert not r.throttled


def test_provisioned_does_not_raise_the_ceiling(prices: PriceTable) -> None:
    base = ConcurrencyInputs(D(2000), D(500), other_reserved=300)
    with_pc = compute_concurrency(prices, replace(base, provisioned=600))
    assert with_pc.available_concurrency == compute_concurrency(prices, base).available_concurrency
    assert with_pc.throttled
    assert with_pc.warm_concurrency == 600


@pytest.mark.parametrize(
    ("target", "limit", "provisioned", "current_s", "legacy_s"),
    [
        (800, 1000, 0, 0, 0),  # the first 1,000 are there at once
        (1000, 1000, 0, 0, 0),
        (1001, 5000, 0, 10, 0),
        (3000, 5000, 0, 20, 0),  # old account burst of 3,000 covered it at once
        (3500, 5000, 0, 30, 60),
        (10_000, 20_000, 0, 90, 840),
        (10_000, 20_000, 2000, 70, 600),  # warm provisioned environments are a head start
    ],
)
def test_scaling_time_current_and_legacy(
    prices: PriceTable, target: int, limit: int, provisioned: int, current_s: int, legacy_s: int
) -> None:
    inputs = ConcurrencyInputs(D(target), D(1000), account_limit=limit, provisioned=provisioned)
    r = compute_concurrency(prices, inputs)
    assert r.seconds_to_scale == current_s
    assert r.current.seconds_to_scale == current_s
    assert r.legacy.seconds_to_scale == legacy_s


def test_scaling_stops_at_what_is_available(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(5000), D(1000)))
    assert r.current.target == 1000
    assert r.seconds_to_scale == 0
    assert r.throttled


def test_requests_throttled_while_scaling_match_a_step_by_step_count(prices: PriceTable) -> None:
    inputs = ConcurrencyInputs(D(20_000), D(500), account_limit=20_000)  # needs 10,000
    r = compute_concurrency(prices, inputs)
    # windows of 10 s with 1,000, 2,000, ... 9,000 environments; each environment serves 2 rps
    by_hand = sum((10_000 - envs) * 2 * 10 for envs in range(1000, 10_000, 1000))
    assert r.current.ramp_throttled_requests == by_hand == 900_000
    legacy_by_hand = sum((10_000 - envs) * 2 * 60 for envs in range(3000, 10_000, 500))
    assert r.legacy.ramp_throttled_requests == legacy_by_hand
    assert any("900,000 requests get 429" in line for line in r.working)


def test_timeline_series(prices: PriceTable) -> None:
    inputs = ConcurrencyInputs(D(20_000), D(500), account_limit=20_000)
    points = scaling_timeline(prices, inputs)
    assert points[0].t_seconds == 0 and points[0].environments == 1000
    assert points[1].t_seconds == 10 and points[1].environments == 2000
    envs = [p.environments for p in points]
    assert envs == sorted(envs)
    assert envs[-1] == 10_000 and points[-1].throttled_concurrency == 0
    assert all(p.demand == 10_000 for p in points)
    legacy = scaling_timeline(prices, inputs, model="legacy", horizon_seconds=points[-1].t_seconds)
    assert legacy[0].environments == 3000
    assert all(lp.environments <= 10_000 for lp in legacy)
    first_full = next(p.t_seconds for p in points if p.environments == 10_000)
    assert first_full == compute_concurrency(prices, inputs).seconds_to_scale


def test_timeline_is_bounded_for_huge_quotas(prices: PriceTable) -> None:
    inputs = ConcurrencyInputs(D(5_000_000), D(1000), account_limit=10_000_000)
    points = scaling_timeline(prices, inputs, model="legacy")
    assert len(points) <= MAX_TIMELINE_POINTS + 1
    assert points[-1].environments == 5_000_000


def test_result_carries_both_timelines(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(4000), D(1000), account_limit=5000))
    assert r.timeline and r.legacy_timeline
    assert len(r.timeline) == len(r.legacy_timeline)


def test_what_if_scenarios_are_recomputed_by_the_model(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(2000), D(500), other_reserved=300))
    by_label = {w.label.split(" ")[0]: w for w in r.what_if}
    assert by_label["Halve"].required_concurrency == 500 and not by_label["Halve"].throttled
    assert by_label["Provisioned"].throttled  # warm, but the ceiling is the same
    assert by_label["Quota"].available_concurrency >= 1000 and not by_label["Quota"].throttled


def test_what_if_raising_reserved_fixes_a_capped_function(prices: PriceTable) -> None:
    r = compute_concurrency(prices, ConcurrencyInputs(D(400), D(1000), reserved=300))
    raise_reserved = next(w for w in r.what_if if w.label.startswith("Raise reserved"))
    assert not raise_reserved.throttled and raise_reserved.available_concurrency == 400


def test_to_json_keys(prices: PriceTable) -> None:
    doc = compute_concurrency(prices, ConcurrencyInputs(D(2000), D(500), other_reserved=300)).to_json()
    assert doc["required_concurrency"] == 1000
    assert doc["available_concurrency"] == 700
    assert doc["throttled"] is True
    assert doc["seconds_to_scale"] == 0
    assert doc["scaling_model"] == "current"
    assert doc["legacy_scaling"]["model"] == "legacy"


@settings(max_examples=80, deadline=None)
@given(
    target=st.integers(0, 200_000),
    provisioned=st.integers(0, 5000),
    duration=st.sampled_from([D(50), D(100), D(500), D(1000), D(2500)]),
)
def test_environments_reach_the_target_exactly_when_the_model_says(
    target: int, provisioned: int, duration: Decimal
) -> None:
    prices = load_price_table()
    limit = 250_000
    inputs = ConcurrencyInputs(
        D(target) * 1000 / duration, duration, account_limit=limit, provisioned=min(provisioned, limit - 100)
    )
    r = compute_concurrency(prices, inputs, what_if=False)
    step = prices.scaling.step_seconds
    envs_at = {
        p.t_seconds: p.environments
        for p in scaling_timeline(
            prices, inputs, horizon_seconds=r.seconds_to_scale + step, step_seconds=step
        )
    }
    assert envs_at[r.seconds_to_scale] >= r.current.target
    if r.seconds_to_scale:
        assert envs_at[r.seconds_to_scale - step] < r.current.target
