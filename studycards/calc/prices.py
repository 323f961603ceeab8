"""The Lambda price table: `content/pricing/lambda.yaml` read into exact Decimals.

Prices must be quoted strings in the YAML so that they never pass through a float; every problem
is reported as `file:line: field: message`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from studycards.content.yamlread import Document, YamlReadError, read_yaml_file

ARCHITECTURES: tuple[str, ...] = ("x86_64", "arm64")
PRICE_FILE = "lambda.yaml"
_DECIMAL_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")


class PriceTableError(Exception):
    """The price table is missing or malformed; the message names file, line and field."""

    def __init__(self, path: Path, line: int, field: str, message: str) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.message = message
        where = f" {field}:" if field else ""
        super().__init__(f"{path}:{line}:{where} {message}")


@dataclass(frozen=True, slots=True)
class Tier:
    """One duration tier: the price per GB-s up to a monthly volume (None = no upper bound)."""

    up_to_gb_seconds: Decimal | None
    price_per_gb_second: Decimal


@dataclass(frozen=True, slots=True)
class ProvisionedPrices:
    """Provisioned concurrency prices for one architecture."""

    concurrency_price_per_gb_second: Decimal
    duration_price_per_gb_second: Decimal


@dataclass(frozen=True, slots=True)
class Range:
    """An inclusive allowed range."""

    min: int
    max: int


@dataclass(frozen=True, slots=True)
class ScalingRule:
    """How fast a function gains execution environments: a step every `step_seconds`."""

    initial: int
    environments_per_step: int
    step_seconds: int


@dataclass(frozen=True, slots=True)
class PriceTable:
    """Everything the calculators need: prices, free tier, limits and scaling rules."""

    region: str
    currency: str
    as_of: str
    sources: tuple[str, ...]
    request_price_per_million: Decimal
    free_requests: Decimal
    free_gb_seconds: Decimal
    duration_increment_ms: Decimal
    mb_per_gb: Decimal
    duration_tiers: dict[str, tuple[Tier, ...]]
    provisioned: dict[str, ProvisionedPrices]
    provisioned_increment_seconds: Decimal
    ephemeral_included_mb: Decimal
    ephemeral_price_per_gb_second: Decimal
    memory_mb: Range
    timeout_seconds: Range
    ephemeral_mb: Range
    default_account_quota: int
    unreserved_minimum: int
    scaling: ScalingRule
    legacy_scaling: ScalingRule
    path: Path

    @property
    def request_price(self) -> Decimal:
        """The price of one request."""
        return self.request_price_per_million / Decimal(1_000_000)


class _Reader:
    def __init__(self, path: Path, doc: Document) -> None:
        self.path = path
        self.doc = doc

    def fail(self, where: tuple[str | int, ...], message: str) -> PriceTableError:
        field = ".".join(str(p) for p in where)
        return PriceTableError(self.path, self.doc.line_of(where), field, message)

    def get(self, where: tuple[str | int, ...]) -> Any:
        node: Any = self.doc.data
        for i, key in enumerate(where):
            if isinstance(key, str):
                if not isinstance(node, dict):
                    raise self.fail(where[:i], "expected a mapping")
                if key not in node:
                    raise self.fail(where[:i], f"missing field {key!r}")
            node = node[key]
        return node

    def text(self, where: tuple[str | int, ...]) -> str:
        value = self.get(where)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "expected text")
        return value.strip()

    def price(self, where: tuple[str | int, ...]) -> Decimal:
        value = self.get(where)
        if isinstance(value, float):
            raise self.fail(where, f'write prices as quoted strings ("{value}") so they are read exactly')
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not _DECIMAL_RE.match(value.strip()):
            raise self.fail(where, f"expected a non-negative decimal number in quotes, got {value!r}")
        try:
            return Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the regex already checked the form
            raise self.fail(where, f"{value!r} is not a decimal number") from None

    def positive(self, where: tuple[str | int, ...]) -> Decimal:
        """A decimal that divides others (an increment, a unit size), so never 0."""
        value = self.price(where)
        if value <= 0:
            raise self.fail(where, "must be more than 0")
        return value

    def whole(self, where: tuple[str | int, ...], *, minimum: int = 0) -> int:
        value = self.get(where)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(where, f"expected a whole number, got {value!r}")
        if value < minimum:
            raise self.fail(where, f"must be at least {minimum}, got {value}")
        return value

    def range(self, where: tuple[str | int, ...]) -> Range:
        low, high = self.whole((*where, "min"), minimum=1), self.whole((*where, "max"), minimum=1)
        if low > high:
            raise self.fail(where, f"min ({low}) is above max ({high})")
        return Range(low, high)

    def tiers(self, arch: str) -> tuple[Tier, ...]:
        where: tuple[str | int, ...] = ("duration_tiers", arch)
        raw = self.get(where)
        if not isinstance(raw, list) or not raw:
            raise self.fail(where, "expected a list of tiers")
        tiers: list[Tier] = []
        previous = Decimal(0)
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                raise self.fail((*where, i), "expected a mapping with price_per_gb_second")
            last = i == len(raw) - 1
            bound = None
            if "up_to_gb_seconds" in item:
                bound = self.price((*where, i, "up_to_gb_seconds"))
                if bound <= previous:
                    raise self.fail((*where, i, "up_to_gb_seconds"), "tier bounds must increase")
                previous = bound
            elif not last:
                raise self.fail((*where, i), "only the last tier may omit up_to_gb_seconds")
            if last and bound is not None:
                raise self.fail(
                    (*where, i, "up_to_gb_seconds"), "the last tier has no upper bound; remove it"
                )
            tiers.append(Tier(bound, self.price((*where, i, "price_per_gb_second"))))
        return tuple(tiers)

    def scaling(self, where: tuple[str | int, ...], *, legacy: bool) -> ScalingRule:
        per_step = self.whole((*where, "environments_per_step"), minimum=1)
        initial = self.whole((*where, "initial_burst"), minimum=1) if legacy else per_step
        return ScalingRule(initial, per_step, self.whole((*where, "step_seconds"), minimum=1))


def read_price_table(path: Path) -> PriceTable:
    """Read and validate one price table file; raises PriceTableError naming file:line: field."""
    try:
        doc = read_yaml_file(path)
    except YamlReadError as exc:
        raise PriceTableError(path, exc.line, "", exc.message) from None
    if not isinstance(doc.data, dict):
        raise PriceTableError(path, 1, "", "expected a mapping of price sections")
    r = _Reader(path, doc)
    sources = r.get(("sources",))
    if not isinstance(sources, list) or not sources:
        raise r.fail(("sources",), "list at least one source URL")
    for i, url in enumerate(sources):
        if not isinstance(url, str) or not url.startswith("https://"):
            raise r.fail(("sources", i), f"expected an https:// URL, got {url!r}")
    as_of = r.text(("as_of",))
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", as_of):
        raise r.fail(("as_of",), f"expected a date YYYY-MM-DD, got {as_of!r}")
    provisioned = {
        arch: ProvisionedPrices(
            r.price(("provisioned_concurrency", arch, "concurrency_price_per_gb_second")),
            r.price(("provisioned_concurrency", arch, "duration_price_per_gb_second")),
        )
        for arch in ARCHITECTURES
    }
    mb_per_gb = r.positive(("billing", "mb_per_gb"))
    increment = r.positive(("billing", "duration_increment_ms"))
    quota = r.whole(("concurrency", "default_account_quota"), minimum=1)
    unreserved = r.whole(("concurrency", "unreserved_minimum"))
    if unreserved >= quota:
        raise r.fail(("concurrency", "unreserved_minimum"), f"must be below the default quota ({quota})")
    return PriceTable(
        region=r.text(("region",)),
        currency=r.text(("currency",)),
        as_of=as_of,
        sources=tuple(sources),
        request_price_per_million=r.price(("requests", "price_per_million")),
        free_requests=r.price(("free_tier", "requests")),
        free_gb_seconds=r.price(("free_tier", "gb_seconds")),
        duration_increment_ms=increment,
        mb_per_gb=mb_per_gb,
        duration_tiers={arch: r.tiers(arch) for arch in ARCHITECTURES},
        provisioned=provisioned,
        provisioned_increment_seconds=r.positive(("provisioned_concurrency", "billing_increment_seconds")),
        ephemeral_included_mb=r.price(("ephemeral_storage", "included_mb")),
        ephemeral_price_per_gb_second=r.price(("ephemeral_storage", "price_per_gb_second")),
        memory_mb=r.range(("limits", "memory_mb")),
        timeout_seconds=r.range(("limits", "timeout_seconds")),
        ephemeral_mb=r.range(("limits", "ephemeral_storage_mb")),
        default_account_quota=quota,
        unreserved_minimum=unreserved,
        scaling=r.scaling(("concurrency", "scaling"), legacy=False),
        legacy_scaling=r.scaling(("concurrency", "legacy_scaling"), legacy=True),
        path=path,
    )


def default_price_file() -> Path:
    """The shipped Lambda price table."""
    from studycards.locations import pricing_dir

    return pricing_dir() / PRICE_FILE


@functools.lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int) -> PriceTable:
    return read_price_table(Path(path))


def load_price_table(path: Path | None = None) -> PriceTable:
    """The price table at `path` (default: the shipped one), cached until the file changes."""
    target = path or default_price_file()
    try:
        mtime = target.stat().st_mtime_ns
    except OSError:
        raise PriceTableError(target, 1, "", "price table not found") from None
    return _cached(str(target), mtime)
