"""The Lambda cost model: exact Decimal money, with the working written out line by line.

Money is kept exact throughout; it is rounded to the cent only for display (the working says so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from typing import Any

from studycards.calc.errors import CalcInputError
from studycards.calc.limits import RANGES, range_text
from studycards.calc.numbers import (
    PRECISION,
    ceil_to,
    dollars,
    dollars_exact,
    exact,
    floor_int,
    grouped,
    json_number,
    plain,
    price,
    round_half_up,
    to_cents,
    to_decimal,
)
from studycards.calc.prices import ARCHITECTURES, PriceTable, Tier

PER_MILLION_STEP = Decimal("1e-10")  # cost per million requests is a ratio: kept to 10 decimals
HOURS_PER_MONTH_MAX = Decimal(744)  # 31 days x 24 h: the longest month
STANDARD_MEMORY_SIZES: tuple[int, ...] = (128, 256, 512, 1024, 1536, 2048, 3008, 4096, 6144, 8192, 10240)


@dataclass(frozen=True, slots=True)
class CostInputs:
    """What a learner sets for one function for one month."""

    requests: int
    duration_ms: Decimal
    memory_mb: int
    architecture: str = "x86_64"
    ephemeral_mb: int = 512
    provisioned_concurrency: int = 0
    provisioned_hours: Decimal = Decimal(0)
    free_tier: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "duration_ms", to_decimal(self.duration_ms))
        object.__setattr__(self, "provisioned_hours", to_decimal(self.provisioned_hours))

    @property
    def has_provisioned(self) -> bool:
        """True when provisioned concurrency is configured for some time this month."""
        return self.provisioned_concurrency > 0 and self.provisioned_hours > 0

    def to_json(self) -> dict[str, Any]:
        """The inputs as plain JSON values."""
        return {
            "requests": self.requests,
            "duration_ms": json_number(self.duration_ms),
            "memory_mb": self.memory_mb,
            "architecture": self.architecture,
            "ephemeral_mb": self.ephemeral_mb,
            "provisioned_concurrency": self.provisioned_concurrency,
            "provisioned_hours": json_number(self.provisioned_hours),
            "free_tier": self.free_tier,
        }


@dataclass(frozen=True, slots=True)
class TierCharge:
    """The GB-seconds billed at one tier's price."""

    label: str
    gb_seconds: Decimal
    price_per_gb_second: Decimal
    cost: Decimal


@dataclass(frozen=True, slots=True)
class CostResult:
    """A month's bill for one function, every charge exact, plus the working."""

    inputs: CostInputs
    region: str
    as_of: str
    billed_duration_ms: Decimal
    memory_gb: Decimal
    gb_seconds: Decimal
    on_demand_gb_seconds: Decimal
    provisioned_duration_gb_seconds: Decimal
    free_gb_seconds_used: Decimal
    billable_gb_seconds: Decimal
    on_demand_requests: int
    provisioned_requests: int
    billable_requests: Decimal
    request_cost: Decimal
    on_demand_duration_cost: Decimal
    provisioned_duration_cost: Decimal
    provisioned_gb_seconds: Decimal
    provisioned_cost: Decimal
    ephemeral_gb_seconds: Decimal
    ephemeral_cost: Decimal
    total: Decimal
    free_tier_applied: bool
    tiers: tuple[TierCharge, ...]
    working: list[str] = field(default_factory=list)

    @property
    def duration_cost(self) -> Decimal:
        """All duration charges: on-demand and on provisioned environments."""
        return exact(self.on_demand_duration_cost + self.provisioned_duration_cost)

    @property
    def cost_per_million_requests(self) -> Decimal | None:
        """Total divided by requests, per million (None with no requests)."""
        if self.inputs.requests == 0:
            return None
        with localcontext() as ctx:
            ctx.prec = PRECISION
            return _per_million(self.total, self.inputs.requests)

    def charges(self) -> list[tuple[str, Decimal]]:
        """(label, exact amount) for each line of the bill, total last."""
        return [
            ("Requests", self.request_cost),
            ("Duration", self.duration_cost),
            ("Provisioned concurrency", self.provisioned_cost),
            ("Ephemeral storage", self.ephemeral_cost),
            ("Total", self.total),
        ]

    def to_json(self) -> dict[str, Any]:
        """Figures as JSON: GB-seconds as numbers, dollars as exact decimal strings."""
        per_million = self.cost_per_million_requests
        return {
            "inputs": self.inputs.to_json(),
            "region": self.region,
            "prices_as_of": self.as_of,
            "billed_duration_ms": json_number(self.billed_duration_ms),
            "memory_gb": json_number(self.memory_gb),
            "gb_seconds": json_number(self.gb_seconds),
            "on_demand_gb_seconds": json_number(self.on_demand_gb_seconds),
            "provisioned_duration_gb_seconds": json_number(self.provisioned_duration_gb_seconds),
            "free_gb_seconds_used": json_number(self.free_gb_seconds_used),
            "billable_gb_seconds": json_number(self.billable_gb_seconds),
            "provisioned_gb_seconds": json_number(self.provisioned_gb_seconds),
            "ephemeral_gb_seconds": json_number(self.ephemeral_gb_seconds),
            "on_demand_requests": self.on_demand_requests,
            "provisioned_requests": self.provisioned_requests,
            "billable_requests": json_number(self.billable_requests),
            "free_tier_applied": self.free_tier_applied,
            "request_cost": plain(self.request_cost),
            "duration_cost": plain(self.duration_cost),
            "on_demand_duration_cost": plain(self.on_demand_duration_cost),
            "provisioned_duration_cost": plain(self.provisioned_duration_cost),
            "provisioned_cost": plain(self.provisioned_cost),
            "ephemeral_cost": plain(self.ephemeral_cost),
            "total": plain(self.total),
            "total_rounded": str(to_cents(self.total)),
            "cost_per_million_requests": None if per_million is None else plain(per_million),
            "tiers": [
                {
                    "label": t.label,
                    "gb_seconds": json_number(t.gb_seconds),
                    "price_per_gb_second": plain(t.price_per_gb_second),
                    "cost": plain(t.cost),
                }
                for t in self.tiers
            ],
            "working": list(self.working),
        }


def _per_million(total: Decimal, requests: int) -> Decimal:
    """The total per million requests, kept to 10 decimals: the bill and the working show this figure."""
    per_million = total * Decimal(1_000_000) / Decimal(requests)
    return exact(round_half_up(per_million, PER_MILLION_STEP))


def check_cost_inputs(prices: PriceTable, inputs: CostInputs) -> None:
    """Raise CalcInputError naming the limit when an input is outside what Lambda accepts."""
    mem, eph, timeout = prices.memory_mb, prices.ephemeral_mb, prices.timeout_seconds
    if inputs.requests < 0:
        raise CalcInputError("requests", "requests per month cannot be negative")
    _check_range(inputs.requests, "requests", "requests per month")
    _check_range(inputs.provisioned_concurrency, "provisioned_concurrency", "provisioned concurrency")
    if inputs.duration_ms <= 0:
        raise CalcInputError("duration_ms", "average duration must be more than 0 ms")
    if inputs.duration_ms > timeout.max * 1000:
        raise CalcInputError(
            "duration_ms",
            f"duration {grouped(inputs.duration_ms)} ms is above Lambda's maximum timeout of "
            f"{timeout.max} s ({timeout.max // 60} minutes)",
        )
    if not mem.min <= inputs.memory_mb <= mem.max:
        raise CalcInputError(
            "memory_mb",
            f"memory {grouped(inputs.memory_mb)} MB is outside Lambda's memory limit of "
            f"{grouped(mem.min)}-{grouped(mem.max)} MB",
        )
    if not eph.min <= inputs.ephemeral_mb <= eph.max:
        raise CalcInputError(
            "ephemeral_mb",
            f"ephemeral storage {grouped(inputs.ephemeral_mb)} MB is outside Lambda's /tmp limit of "
            f"{grouped(eph.min)}-{grouped(eph.max)} MB",
        )
    if inputs.architecture not in ARCHITECTURES:
        raise CalcInputError(
            "architecture", f"architecture {inputs.architecture!r} is not one of {', '.join(ARCHITECTURES)}"
        )
    if inputs.provisioned_concurrency < 0:
        raise CalcInputError("provisioned_concurrency", "provisioned concurrency cannot be negative")
    if inputs.provisioned_hours < 0:
        raise CalcInputError("provisioned_hours", "provisioned hours cannot be negative")
    if inputs.provisioned_hours > HOURS_PER_MONTH_MAX:
        raise CalcInputError(
            "provisioned_hours",
            f"provisioned hours {grouped(inputs.provisioned_hours)} is more than a month holds "
            f"({HOURS_PER_MONTH_MAX} h = 31 days)",
        )
    if inputs.provisioned_concurrency > 0 and inputs.provisioned_hours == 0:
        raise CalcInputError(
            "provisioned_hours", "provisioned concurrency needs the hours it is configured for this month"
        )


def _check_range(value: int, name: str, what: str) -> None:
    if value > RANGES[name][1]:  # negative values are refused by their own check
        raise CalcInputError(name, f"{what} must be {range_text(name)}")


def apply_tiers(gb_seconds: Decimal, tiers: Iterable[Tier]) -> list[TierCharge]:
    """Split a month's billable GB-seconds across the price tiers, lowest tier first."""
    charges: list[TierCharge] = []
    remaining = gb_seconds
    floor = Decimal(0)
    for i, tier in enumerate(tiers):
        if remaining <= 0:
            break
        if tier.up_to_gb_seconds is None:
            span = remaining
            label = f"above {grouped(floor)} GB-s"
        else:
            span = min(remaining, tier.up_to_gb_seconds - floor)
            label = (
                f"first {grouped(tier.up_to_gb_seconds)} GB-s"
                if i == 0
                else f"next {grouped(tier.up_to_gb_seconds - floor)} GB-s"
            )
            floor = tier.up_to_gb_seconds
        charges.append(TierCharge(label, span, tier.price_per_gb_second, span * tier.price_per_gb_second))
        remaining -= span
    return charges


def compute_cost(prices: PriceTable, inputs: CostInputs) -> CostResult:
    """A month's Lambda bill for one function, with the working as a learner writes it."""
    check_cost_inputs(prices, inputs)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _compute(prices, inputs)


def _compute(prices: PriceTable, inputs: CostInputs) -> CostResult:
    w: list[str] = []
    arch = inputs.architecture
    n = inputs.requests
    mb_per_gb = prices.mb_per_gb

    billed_ms = ceil_to(inputs.duration_ms, prices.duration_increment_ms)
    seconds = billed_ms / 1000
    memory_gb = Decimal(inputs.memory_mb) / mb_per_gb
    rounded_note = (
        "" if billed_ms == inputs.duration_ms else f" (rounded up from {grouped(inputs.duration_ms)} ms)"
    )
    w.append(
        f"Billed duration: {grouped(billed_ms)} ms{rounded_note} = {grouped(seconds)} s "
        f"(billed per {grouped(prices.duration_increment_ms)} ms, rounded up)"
    )
    w.append(f"Memory: {grouped(inputs.memory_mb)} MB / {grouped(mb_per_gb)} = {grouped(memory_gb)} GB")

    # Provisioned concurrency: configured charge, and how many requests it can carry.
    provisioned_gb_s = Decimal(0)
    provisioned_cost = Decimal(0)
    provisioned_requests = 0
    pc = prices.provisioned[arch]
    if inputs.has_provisioned:
        envs = inputs.provisioned_concurrency
        configured_s = inputs.provisioned_hours * 3600
        billed_pc_s = ceil_to(configured_s, prices.provisioned_increment_seconds)
        provisioned_gb_s = envs * memory_gb * billed_pc_s
        provisioned_cost = provisioned_gb_s * pc.concurrency_price_per_gb_second
        increment_min = grouped(prices.provisioned_increment_seconds / 60)
        w.append(
            f"Provisioned concurrency: {envs:,} environments configured for "
            f"{grouped(inputs.provisioned_hours)} h = {grouped(configured_s)} s"
            + (
                f" -> billed {grouped(billed_pc_s)} s (rounded up to {increment_min} minutes)"
                if billed_pc_s != configured_s
                else f" (a whole number of {increment_min}-minute blocks)"
            )
        )
        w.append(
            f"  Configured: {envs:,} x {grouped(memory_gb)} GB x {grouped(billed_pc_s)} s = "
            f"{grouped(provisioned_gb_s)} GB-s"
        )
        w.append(
            f"  Concurrency charge: {grouped(provisioned_gb_s)} GB-s x "
            f"{price(pc.concurrency_price_per_gb_second)} = {dollars_exact(provisioned_cost)}"
        )
        capacity = envs * configured_s / seconds
        provisioned_requests = min(n, floor_int(capacity))
        w.append(
            f"  Capacity: {envs:,} x {grouped(configured_s)} s / {grouped(seconds)} s = "
            f"{grouped(floor_int(capacity))} requests"
        )
        w.append(
            f"  Requests on provisioned environments: min({n:,}, {grouped(floor_int(capacity))}) = "
            f"{provisioned_requests:,}; on demand: {n - provisioned_requests:,}"
        )
    on_demand_requests = n - provisioned_requests

    # Duration.
    gb_per_request = seconds * memory_gb
    on_demand_gb_s = on_demand_requests * gb_per_request
    provisioned_duration_gb_s = provisioned_requests * gb_per_request
    total_gb_s = on_demand_gb_s + provisioned_duration_gb_s
    free_tier = inputs.free_tier and not inputs.has_provisioned
    if inputs.has_provisioned and inputs.free_tier:
        w.append("No free tier: it does not apply to a function with provisioned concurrency enabled.")
    elif not inputs.free_tier:
        w.append("Free tier: not applied (turned off).")
    if inputs.has_provisioned:
        provisioned_duration_cost = provisioned_duration_gb_s * pc.duration_price_per_gb_second
        w.append(
            f"Duration on provisioned: {provisioned_requests:,} x {grouped(seconds)} s x "
            f"{grouped(memory_gb)} GB = {grouped(provisioned_duration_gb_s)} GB-s x "
            f"{price(pc.duration_price_per_gb_second)} = {dollars_exact(provisioned_duration_cost)}"
        )
    else:
        provisioned_duration_cost = Decimal(0)
    w.append(
        f"Compute (on demand): {on_demand_requests:,} requests x {grouped(seconds)} s x "
        f"{grouped(memory_gb)} GB = {grouped(on_demand_gb_s)} GB-s"
    )
    free_gb_used = min(on_demand_gb_s, prices.free_gb_seconds) if free_tier else Decimal(0)
    billable_on_demand = on_demand_gb_s - free_gb_used
    if free_tier:
        w.append(
            f"Free tier: {grouped(on_demand_gb_s)} - {grouped(prices.free_gb_seconds)} free = "
            f"{grouped(billable_on_demand)} billable GB-s"
            if on_demand_gb_s > prices.free_gb_seconds
            else f"Free tier: {grouped(on_demand_gb_s)} GB-s is within the "
            f"{grouped(prices.free_gb_seconds)} free GB-s -> 0 billable GB-s"
        )
    tiers = tuple(apply_tiers(billable_on_demand, prices.duration_tiers[arch]))
    on_demand_duration_cost = sum((t.cost for t in tiers), Decimal(0))
    if len(tiers) == 1:
        t = tiers[0]
        w.append(
            f"Duration ({arch}, {t.label} tier): {grouped(t.gb_seconds)} GB-s x "
            f"{price(t.price_per_gb_second)} = {dollars_exact(t.cost)}"
        )
    elif tiers:
        w.append(f"Duration ({arch} tiers on {grouped(billable_on_demand)} GB-s this month):")
        for t in tiers:
            w.append(
                f"  {t.label}: {grouped(t.gb_seconds)} x {price(t.price_per_gb_second)} = "
                f"{dollars_exact(t.cost)}"
            )
        w.append(f"  = {dollars_exact(on_demand_duration_cost)}")
    else:
        w.append("Duration (on demand): $0")

    # Requests.
    free_requests = min(Decimal(n), prices.free_requests) if free_tier else Decimal(0)
    billable_requests = Decimal(n) - free_requests
    request_cost = billable_requests * prices.request_price
    per_m = dollars_exact(prices.request_price_per_million)
    if free_tier:
        w.append(
            f"Requests: ({n:,} - {grouped(prices.free_requests)} free) = {grouped(billable_requests)} "
            f"x {per_m} / 1M = {dollars_exact(request_cost)}"
            if n > prices.free_requests
            else f"Requests: {n:,} is within the {grouped(prices.free_requests)} free requests -> $0.00"
        )
    else:
        w.append(f"Requests: {n:,} x {per_m} / 1M = {dollars_exact(request_cost)}")

    # Ephemeral storage above the included amount, for every billed second of execution.
    extra_gb = (Decimal(inputs.ephemeral_mb) - prices.ephemeral_included_mb) / mb_per_gb
    ephemeral_gb_s = Decimal(0)
    ephemeral_cost = Decimal(0)
    if extra_gb > 0:
        ephemeral_gb_s = extra_gb * n * seconds
        ephemeral_cost = ephemeral_gb_s * prices.ephemeral_price_per_gb_second
        w.append(
            f"Ephemeral storage: ({grouped(inputs.ephemeral_mb)} - {grouped(prices.ephemeral_included_mb)}"
            f" MB included) / {grouped(mb_per_gb)} = {grouped(extra_gb)} GB x {n:,} x {grouped(seconds)} s"
            f" = {grouped(ephemeral_gb_s)} GB-s x {price(prices.ephemeral_price_per_gb_second)} = "
            f"{dollars_exact(ephemeral_cost)}"
        )

    duration_cost = on_demand_duration_cost + provisioned_duration_cost
    total = request_cost + duration_cost + provisioned_cost + ephemeral_cost
    parts = [dollars_exact(request_cost), dollars_exact(duration_cost)]
    if inputs.has_provisioned:
        parts.append(dollars_exact(provisioned_cost))
    if extra_gb > 0:
        parts.append(dollars_exact(ephemeral_cost))
    w.append(f"Total: {' + '.join(parts)} = {dollars_exact(total)} -> {dollars(total)} (rounded to the cent)")
    if n:
        w.append(
            f"Per million requests: {dollars_exact(total)} / {n:,} x 1,000,000 = "
            f"{dollars(_per_million(total, n))}"
        )

    return CostResult(
        inputs=inputs,
        region=prices.region,
        as_of=prices.as_of,
        billed_duration_ms=exact(billed_ms),
        memory_gb=exact(memory_gb),
        gb_seconds=exact(total_gb_s),
        on_demand_gb_seconds=exact(on_demand_gb_s),
        provisioned_duration_gb_seconds=exact(provisioned_duration_gb_s),
        free_gb_seconds_used=exact(free_gb_used),
        billable_gb_seconds=exact(billable_on_demand + provisioned_duration_gb_s),
        on_demand_requests=on_demand_requests,
        provisioned_requests=provisioned_requests,
        billable_requests=exact(billable_requests),
        request_cost=exact(request_cost),
        on_demand_duration_cost=exact(on_demand_duration_cost),
        provisioned_duration_cost=exact(provisioned_duration_cost),
        provisioned_gb_seconds=exact(provisioned_gb_s),
        provisioned_cost=exact(provisioned_cost),
        ephemeral_gb_seconds=exact(ephemeral_gb_s),
        ephemeral_cost=exact(ephemeral_cost),
        total=exact(total),
        free_tier_applied=free_tier,
        tiers=tiers,
        working=w,
    )


@dataclass(frozen=True, slots=True)
class MemoryCostPoint:
    """The cost of the same workload at one memory size."""

    memory_mb: int
    duration_ms: Decimal
    total: Decimal
    duration_cost: Decimal

    def to_json(self) -> dict[str, Any]:
        """The point as JSON values (money as exact decimal strings)."""
        return {
            "memory_mb": self.memory_mb,
            "duration_ms": json_number(self.duration_ms),
            "total": plain(self.total),
            "duration_cost": plain(self.duration_cost),
        }


def cost_vs_memory(
    prices: PriceTable,
    inputs: CostInputs,
    memory_sizes: Iterable[int] | None = None,
    *,
    cpu_bound: bool = False,
) -> list[MemoryCostPoint]:
    """The monthly cost at each memory size, all other inputs fixed (for a chart).

    With `cpu_bound=True` the duration shrinks in proportion to the memory added (CPU scales with
    memory), the usual idealisation behind "more memory can cost the same".
    """
    sizes = memory_sizes if memory_sizes is not None else STANDARD_MEMORY_SIZES
    points: list[MemoryCostPoint] = []
    for size in sizes:
        if not prices.memory_mb.min <= size <= prices.memory_mb.max:
            continue
        duration = inputs.duration_ms
        if cpu_bound:
            with localcontext() as ctx:
                ctx.prec = PRECISION
                duration = exact(inputs.duration_ms * inputs.memory_mb / Decimal(size))
            timeout_ms = prices.timeout_seconds.max * 1000
            if duration > timeout_ms:
                continue
        result = compute_cost(prices, replace(inputs, memory_mb=size, duration_ms=duration))
        points.append(MemoryCostPoint(size, duration, result.total, result.duration_cost))
    return points
