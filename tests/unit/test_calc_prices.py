"""The price table: every figure from the fact sheet, read as exact Decimals, errors at file:line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from studycards.calc.prices import (
    PriceTable,
    PriceTableError,
    default_price_file,
    load_price_table,
    read_price_table,
)
from studycards.locations import pricing_dir

SHIPPED = default_price_file()


@pytest.fixture(scope="module")
def prices() -> PriceTable:
    return load_price_table()


def test_shipped_table_lives_in_the_pricing_dir() -> None:
    assert SHIPPED.parent == pricing_dir()
    assert SHIPPED.is_file()


def test_shipped_prices_match_the_fact_sheet(prices: PriceTable) -> None:
    assert prices.region == "us-east-1"
    assert prices.request_price_per_million == Decimal("0.20")
    assert prices.free_requests == 1_000_000
    assert prices.free_gb_seconds == 400_000
    x86 = prices.duration_tiers["x86_64"]
    assert [(t.up_to_gb_seconds, t.price_per_gb_second) for t in x86] == [
        (Decimal(6_000_000_000), Decimal("0.0000166667")),
        (Decimal(15_000_000_000), Decimal("0.0000150000")),
        (None, Decimal("0.0000133334")),
    ]
    arm = prices.duration_tiers["arm64"]
    assert [(t.up_to_gb_seconds, t.price_per_gb_second) for t in arm] == [
        (Decimal(7_500_000_000), Decimal("0.0000133334")),
        (Decimal(18_750_000_000), Decimal("0.0000120001")),
        (None, Decimal("0.0000106667")),
    ]
    assert prices.provisioned["x86_64"].concurrency_price_per_gb_second == Decimal("0.0000041667")
    assert prices.provisioned["x86_64"].duration_price_per_gb_second == Decimal("0.0000097222")
    assert prices.provisioned["arm64"].concurrency_price_per_gb_second == Decimal("0.0000033334")
    assert prices.provisioned["arm64"].duration_price_per_gb_second == Decimal("0.0000077778")
    assert prices.provisioned_increment_seconds == 300
    assert prices.ephemeral_price_per_gb_second == Decimal("0.0000000309")
    assert prices.ephemeral_included_mb == 512
    assert (prices.memory_mb.min, prices.memory_mb.max) == (128, 10240)
    assert prices.timeout_seconds.max == 900
    assert (prices.ephemeral_mb.min, prices.ephemeral_mb.max) == (512, 10240)
    assert prices.default_account_quota == 1000
    assert prices.unreserved_minimum == 100
    assert (prices.scaling.environments_per_step, prices.scaling.step_seconds) == (1000, 10)
    assert (prices.legacy_scaling.environments_per_step, prices.legacy_scaling.step_seconds) == (500, 60)


def test_every_price_is_a_decimal_never_a_float(prices: PriceTable) -> None:
    values = [prices.request_price_per_million, prices.ephemeral_price_per_gb_second]
    values += [t.price_per_gb_second for tiers in prices.duration_tiers.values() for t in tiers]
    assert all(isinstance(v, Decimal) for v in values)


def test_sources_are_aws_urls_and_as_of_is_a_date(prices: PriceTable) -> None:
    assert "https://aws.amazon.com/lambda/pricing/" in prices.sources
    assert all(url.startswith("https://") and "amazon.com" in url for url in prices.sources)
    assert len(prices.as_of) == 10 and prices.as_of[4] == "-"


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "lambda.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_unquoted_price_is_refused_with_file_and_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'price_per_million: "0.20"', "price_per_million: 0.20")
    with pytest.raises(PriceTableError) as info:
        read_price_table(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{_line_of(path, 'price_per_million')}: requests.price_per_million:")
    assert "quoted" in message


def test_missing_field_is_named(tmp_path: Path) -> None:
    path = _broken(tmp_path, '  gb_seconds: "400000"\n', "")
    with pytest.raises(PriceTableError, match=r"free_tier: missing field 'gb_seconds'"):
        read_price_table(path)


def test_tier_bounds_must_increase(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'up_to_gb_seconds: "15000000000"', 'up_to_gb_seconds: "5000000000"')
    with pytest.raises(PriceTableError) as info:
        read_price_table(path)
    assert f":{_line_of(path, '5000000000')}:" in str(info.value)
    assert "increase" in str(info.value)


@pytest.mark.parametrize(
    ("old", "field"),
    [
        ('billing_increment_seconds: "300"', "provisioned_concurrency.billing_increment_seconds"),
        ('duration_increment_ms: "1"', "billing.duration_increment_ms"),
        ('mb_per_gb: "1024"', "billing.mb_per_gb"),
    ],
)
def test_a_zero_increment_is_refused_where_it_is_written(tmp_path: Path, old: str, field: str) -> None:
    # each one divides a figure in the cost model: 0 would crash it rather than price anything
    path = _broken(tmp_path, old, old.split(":")[0] + ': "0"')
    with pytest.raises(PriceTableError) as info:
        read_price_table(path)
    line = _line_of(path, old.split(":")[0])
    assert str(info.value) == f"{path}:{line}: {field}: must be more than 0"


def test_text_price_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'per_gb_second: "0.0000000309"', 'per_gb_second: "cheap"')
    with pytest.raises(PriceTableError, match=r"ephemeral_storage\.price_per_gb_second"):
        read_price_table(path)


def test_yaml_anchor_is_refused_with_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, "requests:\n", "requests: &req\n")
    with pytest.raises(PriceTableError, match=r"anchors"):
        read_price_table(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PriceTableError, match="not found"):
        load_price_table(tmp_path / "nope.yaml")


def test_load_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "lambda.yaml"
    path.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    first = load_price_table(path)
    assert load_price_table(path) is first
    path.write_text(SHIPPED.read_text(encoding="utf-8").replace('"0.20"', '"0.25"'), encoding="utf-8")
    import os

    os.utime(path, ns=(1, 10**18))
    assert load_price_table(path).request_price_per_million == Decimal("0.25")
