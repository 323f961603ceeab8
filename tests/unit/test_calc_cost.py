"""The cost model: AWS's worked examples to the cent, tiers, architectures, rounding, provisioned."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.calc.cost import CostInputs, compute_cost, cost_vs_memory
from studycards.calc.errors import CalcInputError
from studycards.calc.numbers import PRECISION, dollars, to_cents
from studycards.calc.prices import PriceTable, load_price_table

D = Decimal


@pytest.fixture(scope="module")
def prices() -> PriceTable:
    return load_price_table()


def test_aws_worked_example_1_512mb_3m_requests_1s(prices: PriceTable) -> None:
    r = compute_cost(prices, CostInputs(requests=3_000_000, duration_ms=D(1000), memory_mb=512))
    assert r.gb_seconds == 1_500_000
    assert r.billable_gb_seconds == 1_100_000
    assert r.billable_requests == 2_000_000
    assert r.request_cost == D("0.40")
    assert r.duration_cost == D("18.33337")  # 0.0000166667 x 1,100,000, exact
    assert r.total == D("18.73337")
    assert to_cents(r.total) == D("18.73")
    assert dollars(r.duration_cost) == "$18.33"


def test_aws_worked_example_2_128mb_30m_requests_200ms(prices: PriceTable) -> None:
    r = compute_cost(prices, CostInputs(requests=30_000_000, duration_ms=D(200), memory_mb=128))
    assert r.gb_seconds == 750_000
    assert r.billable_gb_seconds == 350_000
    assert r.billable_requests == 29_000_000
    assert r.request_cost == D("5.80")
    assert r.duration_cost == D("5.833345")
    assert to_cents(r.total) == D("11.63")


def test_working_shows_the_formula_with_numbers_substituted(prices: PriceTable) -> None:
    r = compute_cost(prices, CostInputs(requests=3_000_000, duration_ms=D(1000), memory_mb=512))
    text = "\n".join(r.working)
    assert "512 MB / 1,024 = 0.5 GB" in text
    assert "3,000,000 requests x 1 s x 0.5 GB = 1,500,000 GB-s" in text
    assert "1,500,000 - 400,000 free = 1,100,000 billable GB-s" in text
    assert "1,100,000 GB-s x $0.0000166667 = $18.33337" in text
    assert "2,000,000 x $0.20 / 1M = $0.40" in text
    assert "$18.73337 -> $18.73 (rounded to the cent)" in text


@pytest.mark.parametrize(
    ("arch", "gb_seconds", "expected_duration"),
    [
        # exactly at the first x86 boundary: all in tier 1
        ("x86_64", 6_000_000_000, D("100000.2")),
        # across the first boundary: 6 B at tier 1, 1 B at tier 2
        ("x86_64", 7_000_000_000, D("100000.2") + D("15000")),
        # across both: 6 B, 9 B, then 5 B above 15 B
        ("x86_64", 20_000_000_000, D("100000.2") + D("135000") + D("66667")),
        # Arm breakpoints are 7.5 B and 18.75 B, not x86's
        ("arm64", 7_000_000_000, D("93333.8")),
        ("arm64", 8_000_000_000, D("100000.5") + D("6000.05")),
        ("arm64", 20_000_000_000, D("100000.5") + D("135001.125") + D("13333.375")),
    ],
)
def test_tiers_per_architecture(
    prices: PriceTable, arch: str, gb_seconds: int, expected_duration: Decimal
) -> None:
    # 1 GB x 1 s per request, no free tier: requests == GB-s
    r = compute_cost(prices, CostInputs(gb_seconds, D(1000), 1024, arch, free_tier=False))
    assert r.billable_gb_seconds == gb_seconds
    assert r.duration_cost == expected_duration
    assert sum(t.gb_seconds for t in r.tiers) == gb_seconds


def test_tiers_apply_after_the_free_tier(prices: PriceTable) -> None:
    r = compute_cost(prices, CostInputs(6_000_400_000, D(1000), 1024))
    assert r.billable_gb_seconds == 6_000_000_000
    assert len(r.tiers) == 1
    r2 = compute_cost(prices, CostInputs(6_000_400_001, D(1000), 1024))
    assert [t.gb_seconds for t in r2.tiers] == [6_000_000_000, 1]
    assert r2.duration_cost - r.duration_cost == D("0.0000150000")
    assert any("next 9,000,000,000 GB-s" in line for line in r2.working)


def test_arm64_duration_is_cheaper_and_requests_cost_the_same(prices: PriceTable) -> None:
    base = CostInputs(20_000_000, D(250), 1024)
    x86 = compute_cost(prices, base)
    arm = compute_cost(prices, replace(base, architecture="arm64"))
    assert arm.request_cost == x86.request_cost
    assert arm.gb_seconds == x86.gb_seconds
    assert arm.duration_cost < x86.duration_cost
    saving = (x86.duration_cost - arm.duration_cost) / x86.duration_cost
    assert abs(saving - D("0.2")) < D("0.0001")
    assert x86.total - arm.total == x86.duration_cost - arm.duration_cost


@pytest.mark.parametrize(
    ("duration", "billed"),
    [(D("100.2"), D(101)), (D(100), D(100)), (D("0.4"), D(1)), (D("999.01"), D(1000)), (D("1.999"), D(2))],
)
def test_duration_is_billed_rounded_up_to_1_ms(
    prices: PriceTable, duration: Decimal, billed: Decimal
) -> None:
    r = compute_cost(prices, CostInputs(1_000_000, duration, 1024, free_tier=False))
    assert r.billed_duration_ms == billed
    assert r.gb_seconds == 1_000_000 * billed / 1000
    if duration != billed:
        assert any(f"rounded up from {duration} ms" in line for line in r.working)


def test_provisioned_concurrency_is_priced_with_no_free_tier(prices: PriceTable) -> None:
    inputs = CostInputs(3_000_000, D(100), 1024, provisioned_concurrency=10, provisioned_hours=D(720))
    r = compute_cost(prices, inputs)
    assert not r.free_tier_applied
    assert r.provisioned_gb_seconds == 10 * 720 * 3600  # 1 GB each
    assert r.provisioned_cost == D("25920000") * D("0.0000041667")
    assert r.provisioned_requests == 3_000_000 and r.on_demand_requests == 0
    assert r.provisioned_duration_cost == D("300000") * D("0.0000097222")
    assert r.request_cost == D("0.60")  # every request billed: no free tier
    assert r.total == D("108.000864") + D("2.91666") + D("0.60")
    assert any("No free tier" in line for line in r.working)


def test_provisioned_spills_to_on_demand_beyond_capacity(prices: PriceTable) -> None:
    # 1 environment for 1 hour at 1 s per request carries 3,600 requests
    inputs = CostInputs(10_000, D(1000), 1024, provisioned_concurrency=1, provisioned_hours=D(1))
    r = compute_cost(prices, inputs)
    assert r.provisioned_requests == 3_600
    assert r.on_demand_requests == 6_400
    assert r.provisioned_duration_cost == D(3600) * D("0.0000097222")
    assert r.on_demand_duration_cost == D(6400) * D("0.0000166667")  # no free tier here either
    assert r.duration_cost == r.provisioned_duration_cost + r.on_demand_duration_cost
    assert D(r.to_json()["duration_cost"]) == r.duration_cost


def test_provisioned_time_is_rounded_up_to_5_minutes(prices: PriceTable) -> None:
    inputs = CostInputs(0, D(100), 1024, provisioned_concurrency=1, provisioned_hours=D("1.01"))
    r = compute_cost(prices, inputs)
    assert r.provisioned_gb_seconds == 3900  # 3,636 s -> 13 blocks of 300 s
    assert any("rounded up to 5 minutes" in line for line in r.working)


def test_ephemeral_storage_above_512mb_is_charged(prices: PriceTable) -> None:
    base = CostInputs(1_000_000, D(1000), 1024)
    assert compute_cost(prices, base).ephemeral_cost == 0
    r = compute_cost(prices, replace(base, ephemeral_mb=10240))
    assert r.ephemeral_gb_seconds == D("9.5") * 1_000_000
    assert r.ephemeral_cost == D("9500000") * D("0.0000000309")
    assert r.total == r.request_cost + r.duration_cost + r.ephemeral_cost


def test_free_tier_off(prices: PriceTable) -> None:
    r = compute_cost(prices, CostInputs(3_000_000, D(1000), 512, free_tier=False))
    assert r.billable_gb_seconds == 1_500_000
    assert r.request_cost == D("0.60")
    assert r.total == D("0.60") + D("1500000") * D("0.0000166667")


def test_within_the_free_tier_costs_nothing(prices: PriceTable) -> None:
    r = compute_cost(prices, CostInputs(500_000, D(100), 128))
    assert r.total == 0
    assert r.cost_per_million_requests == 0


@pytest.mark.parametrize(
    ("change", "field", "limit_text"),
    [
        ({"memory_mb": 100}, "memory_mb", "128-10,240 MB"),
        ({"memory_mb": 10241}, "memory_mb", "128-10,240 MB"),
        ({"duration_ms": D(960_000)}, "duration_ms", "900 s (15 minutes)"),
        ({"duration_ms": D(0)}, "duration_ms", "more than 0 ms"),
        ({"ephemeral_mb": 100}, "ephemeral_mb", "512-10,240 MB"),
        ({"architecture": "mips"}, "architecture", "x86_64, arm64"),
        ({"requests": -1}, "requests", "negative"),
        ({"provisioned_concurrency": 5}, "provisioned_hours", "hours"),
        ({"provisioned_concurrency": 5, "provisioned_hours": D(745)}, "provisioned_hours", "744"),
    ],
)
def test_inputs_outside_lambda_limits_are_refused(
    prices: PriceTable, change: dict[str, object], field: str, limit_text: str
) -> None:
    inputs = replace(CostInputs(1_000_000, D(100), 512), **change)  # type: ignore[arg-type]
    with pytest.raises(CalcInputError) as info:
        compute_cost(prices, inputs)
    assert info.value.field == field
    assert limit_text in info.value.message


def test_to_json_has_the_documented_keys(prices: PriceTable) -> None:
    doc = compute_cost(prices, CostInputs(3_000_000, D(1000), 512)).to_json()
    for key in (
        "gb_seconds",
        "billable_gb_seconds",
        "request_cost",
        "duration_cost",
        "provisioned_cost",
        "ephemeral_cost",
        "total",
    ):
        assert key in doc
    assert doc["gb_seconds"] == 1_500_000
    assert doc["total"] == "18.73337"
    assert doc["total_rounded"] == "18.73"
    assert D(doc["request_cost"]) == D("0.40")
    assert isinstance(doc["working"], list) and doc["working"]


def test_cost_vs_memory_series(prices: PriceTable) -> None:
    base = CostInputs(10_000_000, D(500), 1024)
    points = cost_vs_memory(prices, base)
    sizes = [p.memory_mb for p in points]
    assert sizes[0] == 128 and sizes[-1] == 10240
    totals = [p.total for p in points]
    assert totals == sorted(totals)  # same duration, more memory: never cheaper
    at_1024 = next(p for p in points if p.memory_mb == 1024)
    assert at_1024.total == compute_cost(prices, base).total


def test_cost_vs_memory_cpu_bound_keeps_gb_seconds(prices: PriceTable) -> None:
    base = CostInputs(10_000_000, D(1000), 1024, free_tier=False)
    points = cost_vs_memory(prices, base, [512, 1024, 2048], cpu_bound=True)
    assert [p.duration_ms for p in points] == [D(2000), D(1000), D(500)]
    assert len({p.duration_cost for p in points}) == 1  # same GB-s, same duration charge


def test_cost_vs_memory_skips_sizes_outside_the_limits(prices: PriceTable) -> None:
    points = cost_vs_memory(prices, CostInputs(1_000_000, D(100), 512), [64, 512, 20480])
    assert [p.memory_mb for p in points] == [512]


@settings(max_examples=60, deadline=None)
@given(
    requests=st.integers(0, 5_000_000_000),
    duration=st.decimals(min_value=D("0.1"), max_value=D(900_000), places=1),
    memory=st.integers(128, 10240),
    arch=st.sampled_from(["x86_64", "arm64"]),
    ephemeral=st.integers(512, 10240),
    free=st.booleans(),
)
def test_total_is_the_sum_of_the_charges(
    requests: int, duration: Decimal, memory: int, arch: str, ephemeral: int, free: bool
) -> None:
    prices = load_price_table()
    r = compute_cost(prices, CostInputs(requests, duration, memory, arch, ephemeral, free_tier=free))
    with localcontext() as exact_sums:  # the model keeps every digit; add as exactly as it does
        exact_sums.prec = PRECISION
        assert r.total == r.request_cost + r.duration_cost + r.provisioned_cost + r.ephemeral_cost
    assert r.billable_gb_seconds <= r.gb_seconds
    more = compute_cost(
        prices, CostInputs(requests + 1000, duration, memory, arch, ephemeral, free_tier=free)
    )
    assert more.total >= r.total
