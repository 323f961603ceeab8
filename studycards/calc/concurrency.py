"""The Lambda concurrency model: what a function needs, what it can get, how fast it gets there.

Concurrency needed = requests per second x average duration in seconds. What is available is the
account quota minus what other functions reserve, or the function's own reserved concurrency.
Scaling after a sudden burst follows the current rule (each function gains up to 1,000 execution
environments every 10 seconds); the retired pre-November-2023 rule is computed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from typing import Any

from studycards.calc.errors import CalcInputError
from studycards.calc.limits import RANGES, range_text
from studycards.calc.numbers import PRECISION, ceil_int, exact, grouped, json_number, to_decimal
from studycards.calc.prices import PriceTable
from studycards.calc.scaling import (
    CURRENT_MODEL,
    LEGACY_MODEL,
    ScalingOutcome,
    TimelinePoint,
    default_horizon,
    scale_outcome,
    timeline_points,
)
from studycards.calc.scaling import MAX_TIMELINE_POINTS as MAX_TIMELINE_POINTS  # re-exported


@dataclass(frozen=True, slots=True)
class ConcurrencyInputs:
    """Traffic and concurrency settings for one function (None = the table's default quota)."""

    rps: Decimal
    duration_ms: Decimal
    account_limit: int | None = None
    reserved: int | None = None
    other_reserved: int = 0
    provisioned: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "rps", to_decimal(self.rps))
        object.__setattr__(self, "duration_ms", to_decimal(self.duration_ms))

    def to_json(self) -> dict[str, Any]:
        """The inputs as JSON values."""
        return {
            "rps": json_number(self.rps),
            "duration_ms": json_number(self.duration_ms),
            "account_limit": self.account_limit,
            "reserved": self.reserved,
            "other_reserved": self.other_reserved,
            "provisioned": self.provisioned,
        }


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The same function with one change, recomputed by the model."""

    label: str
    explanation: str
    required_concurrency: int
    available_concurrency: int
    throttled: bool
    seconds_to_scale: int

    def summary(self) -> str:
        """One line: the change, what it needs against what it gets, and why."""
        state = "throttled" if self.throttled else "not throttled"
        return (
            f"{self.label}: needs {self.required_concurrency:,} of {self.available_concurrency:,} -> "
            f"{state}, {self.seconds_to_scale:,} s to scale ({self.explanation})"
        )

    def to_json(self) -> dict[str, Any]:
        """The scenario as JSON values."""
        return {
            "label": self.label,
            "explanation": self.explanation,
            "required_concurrency": self.required_concurrency,
            "available_concurrency": self.available_concurrency,
            "throttled": self.throttled,
            "seconds_to_scale": self.seconds_to_scale,
        }


@dataclass(frozen=True, slots=True)
class ConcurrencyResult:
    """Required against available concurrency, throttling, warm share and scaling, with working."""

    inputs: ConcurrencyInputs
    account_limit: int
    required_exact: Decimal
    required_concurrency: int
    available_concurrency: int
    available_source: str  # "reserved" | "unreserved"
    throttled: bool
    throttled_concurrency: int
    throttled_rps: Decimal
    warm_concurrency: int
    on_demand_concurrency: int
    current: ScalingOutcome
    legacy: ScalingOutcome
    timeline: tuple[TimelinePoint, ...] = ()
    legacy_timeline: tuple[TimelinePoint, ...] = ()
    what_if: tuple[WhatIf, ...] = ()
    working: list[str] = field(default_factory=list)

    @property
    def seconds_to_scale(self) -> int:
        """Seconds for the current scaling rule to reach min(required, available)."""
        return self.current.seconds_to_scale

    def to_json(self) -> dict[str, Any]:
        """The result as one JSON object."""
        return {
            "inputs": self.inputs.to_json(),
            "account_limit": self.account_limit,
            "required_concurrency": self.required_concurrency,
            "required_concurrency_exact": json_number(self.required_exact),
            "available_concurrency": self.available_concurrency,
            "available_source": self.available_source,
            "throttled": self.throttled,
            "throttled_concurrency": self.throttled_concurrency,
            "throttled_rps": json_number(self.throttled_rps),
            "warm_concurrency": self.warm_concurrency,
            "on_demand_concurrency": self.on_demand_concurrency,
            "seconds_to_scale": self.seconds_to_scale,
            "scaling_model": CURRENT_MODEL,
            "scaling": self.current.to_json(),
            "legacy_scaling": self.legacy.to_json(),
            "what_if": [w.to_json() for w in self.what_if],
            "timeline": [p.to_json() for p in self.timeline],
            "legacy_timeline": [p.to_json() for p in self.legacy_timeline],
            "working": list(self.working),
        }


_BOUNDED = (
    ("rps", "requests per second"),
    ("account_limit", "the account concurrency limit"),
    ("reserved", "reserved concurrency"),
    ("other_reserved", "other functions' reserved concurrency"),
    ("provisioned", "provisioned concurrency"),
)


def check_concurrency_inputs(prices: PriceTable, inputs: ConcurrencyInputs) -> None:
    """Raise CalcInputError naming the rule when Lambda would not accept these settings."""
    timeout = prices.timeout_seconds
    keep = prices.unreserved_minimum
    if inputs.rps < 0:
        raise CalcInputError("rps", "requests per second cannot be negative")
    for name, what in _BOUNDED:
        value = getattr(inputs, name)
        if value is not None and value > RANGES[name][1]:  # values below the range: checked below
            raise CalcInputError(name, f"{what} must be {range_text(name)}")
    if inputs.duration_ms <= 0:
        raise CalcInputError("duration_ms", "average duration must be more than 0 ms")
    if inputs.duration_ms > timeout.max * 1000:
        raise CalcInputError(
            "duration_ms",
            f"duration {grouped(inputs.duration_ms)} ms is above Lambda's maximum timeout of "
            f"{timeout.max} s ({timeout.max // 60} minutes)",
        )
    limit = _account_limit(prices, inputs)
    if limit < 1:
        raise CalcInputError("account_limit", "the account concurrency limit must be at least 1")
    reservable = max(0, limit - keep)
    if inputs.other_reserved < 0:
        raise CalcInputError("other_reserved", "other functions' reserved concurrency cannot be negative")
    if inputs.other_reserved > reservable:
        raise CalcInputError(
            "other_reserved",
            f"other functions reserve {inputs.other_reserved:,}, but {_nothing_left(limit, keep)}"
            if reservable == 0
            else f"other functions can reserve at most {limit:,} - {keep} = {reservable:,} "
            f"({keep} always stay unreserved), not {inputs.other_reserved:,}",
        )
    if inputs.reserved is not None:
        if inputs.reserved < 0:
            raise CalcInputError("reserved", "reserved concurrency cannot be negative")
        room = reservable - inputs.other_reserved
        if inputs.reserved > room:
            raise CalcInputError(
                "reserved",
                f"reserved concurrency {inputs.reserved:,} is more than can be reserved: "
                + (
                    _nothing_left(limit, keep)
                    if reservable == 0
                    else f"{limit:,} quota - {keep} unreserved - {inputs.other_reserved:,} reserved by other "
                    f"functions = {room:,}"
                ),
            )
    if inputs.provisioned < 0:
        raise CalcInputError("provisioned", "provisioned concurrency cannot be negative")
    if inputs.reserved is not None and inputs.provisioned > inputs.reserved:
        raise CalcInputError(
            "provisioned",
            f"provisioned concurrency {inputs.provisioned:,} cannot exceed the function's reserved "
            f"concurrency {inputs.reserved:,}",
        )
    if inputs.reserved is None:
        room = limit - inputs.other_reserved - keep
        if inputs.provisioned > max(0, room):
            raise CalcInputError(
                "provisioned",
                f"provisioned concurrency {inputs.provisioned:,} is more than the unreserved pool allows: "
                + (
                    _nothing_left(limit, keep)
                    if room <= 0 and limit <= keep
                    else f"{limit:,} - {inputs.other_reserved:,} reserved elsewhere - {keep} kept "
                    f"unreserved = {max(0, room):,}"
                ),
            )


def _nothing_left(limit: int, keep: int) -> str:
    """Why nothing can be reserved when the quota is not above the part kept unreserved."""
    return f"with a quota of {limit:,} there is nothing left to reserve ({keep:,} always stay unreserved)"


def scaling_timeline(
    prices: PriceTable,
    inputs: ConcurrencyInputs,
    *,
    model: str = CURRENT_MODEL,
    horizon_seconds: int | None = None,
    step_seconds: int | None = None,
) -> list[TimelinePoint]:
    """Environments available against demand every `step_seconds` after a sudden burst (for a chart).

    Demand is the required concurrency from t = 0; environments start with the provisioned ones and
    grow by the chosen rule up to what is available. At most MAX_TIMELINE_POINTS points are returned.
    """
    check_concurrency_inputs(prices, inputs)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _timeline(prices, inputs, model, horizon_seconds, step_seconds)


def _timeline(
    prices: PriceTable,
    inputs: ConcurrencyInputs,
    model: str,
    horizon_seconds: int | None,
    step_seconds: int | None,
) -> list[TimelinePoint]:
    if model not in (CURRENT_MODEL, LEGACY_MODEL):
        raise ValueError(f"unknown scaling model {model!r} (use {CURRENT_MODEL!r} or {LEGACY_MODEL!r})")
    rule = prices.scaling if model == CURRENT_MODEL else prices.legacy_scaling
    duration_s = inputs.duration_ms / 1000
    required = ceil_int(inputs.rps * duration_s)
    cap = min(required, _available(prices, inputs))
    start = min(inputs.provisioned, cap)
    if horizon_seconds is None:
        horizon_seconds = default_horizon(prices, start, cap)
    step = step_seconds or prices.scaling.step_seconds
    return timeline_points(rule, inputs.rps, duration_s, required, start, cap, horizon_seconds, step)


def _account_limit(prices: PriceTable, inputs: ConcurrencyInputs) -> int:
    """The account's concurrency quota: the one given, else the table's default."""
    return prices.default_account_quota if inputs.account_limit is None else inputs.account_limit


def _available(prices: PriceTable, inputs: ConcurrencyInputs) -> int:
    """The function's ceiling: its reserved concurrency, else the pool other functions leave."""
    if inputs.reserved is not None:
        return inputs.reserved
    return _account_limit(prices, inputs) - inputs.other_reserved


def compute_concurrency(
    prices: PriceTable, inputs: ConcurrencyInputs, *, what_if: bool = True
) -> ConcurrencyResult:
    """Required and available concurrency, throttling, warm share, scaling after a burst, with working."""
    check_concurrency_inputs(prices, inputs)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        result = _compute(prices, inputs)
    if what_if:
        result = replace(result, what_if=tuple(_what_ifs(prices, inputs, result)))
    return result


def _compute(prices: PriceTable, inputs: ConcurrencyInputs) -> ConcurrencyResult:
    w: list[str] = []
    limit = _account_limit(prices, inputs)
    keep = prices.unreserved_minimum
    duration_s = inputs.duration_ms / 1000
    required_exact = inputs.rps * duration_s
    required = ceil_int(required_exact)
    rounding = "" if required == required_exact else f" -> {required:,} environments (rounded up)"
    w.append(
        f"Required concurrency: {grouped(inputs.rps)} rps x {grouped(duration_s)} s = "
        f"{grouped(required_exact)}{rounding}"
    )

    available = _available(prices, inputs)
    if inputs.reserved is not None:
        source = "reserved"
        w.append(
            f"Available: this function's reserved concurrency = {available:,} "
            f"(its guaranteed share and also its cap)"
        )
        if inputs.reserved == 0:
            w.append("  Reserved concurrency 0 throttles every invocation.")
    else:
        source = "unreserved"
        w.append(
            f"Available: account quota {limit:,} - {inputs.other_reserved:,} reserved by other "
            f"functions = {available:,} (shared unreserved pool; "
            + (
                f"at most {limit:,} - {keep} = {limit - keep:,} can be reserved in total)"
                if limit > keep
                else f"{_nothing_left(limit, keep)})"
            )
        )

    throttled = required > available
    throttled_concurrency = max(0, required - available)
    throttled_rps = max(Decimal(0), inputs.rps - Decimal(available) / duration_s)
    if throttled:
        w.append(
            f"Throttled: {required:,} needed > {available:,} available -> {throttled_concurrency:,} "
            f"concurrent requests over the limit; {grouped(inputs.rps)} - {available:,} / "
            f"{grouped(duration_s)} s = {grouped(exact(throttled_rps))} rps get HTTP 429 "
            f"(TooManyRequestsException, Throttles metric)"
        )
    else:
        w.append(f"Not throttled at steady state: {required:,} needed <= {available:,} available")

    served = min(required, available)
    warm = min(served, inputs.provisioned)
    on_demand = served - warm
    if inputs.provisioned:
        w.append(
            f"Provisioned: {inputs.provisioned:,} environments kept initialised; {warm:,} of the "
            f"{served:,} served run warm, {on_demand:,} spill to standard on-demand concurrency "
            f"(cold starts possible); provisioned concurrency does not raise the {available:,} ceiling"
        )

    target_exact = min(required_exact, Decimal(available))
    current = scale_outcome(prices.scaling, CURRENT_MODEL, warm, served, target_exact, duration_s)
    legacy = scale_outcome(
        prices.legacy_scaling, LEGACY_MODEL, warm, served, target_exact, duration_s, prices.region
    )
    rule = prices.scaling
    w.append(f"Scaling model in use: {current.description}.")
    if served == 0:
        w.append("  Burst: nothing can run (0 available), so there is nothing to scale")
    elif served <= warm:
        w.append(f"  Burst to {served:,}: already warm ({warm:,} provisioned) -> 0 s")
    else:
        first = warm + rule.initial
        if served <= first:
            w.append(
                f"  Burst to {served:,}: {warm:,} warm + up to {rule.initial:,} at once -> reached at 0 s"
            )
        else:
            steps = current.seconds_to_scale // rule.step_seconds
            w.append(
                f"  Burst to {served:,}: {warm:,} warm + {rule.initial:,} at once, then "
                f"ceil(({served:,} - {first:,}) / {rule.environments_per_step:,}) = {steps:,} steps x "
                f"{rule.step_seconds:,} s = {current.seconds_to_scale:,} s"
            )
            w.append(
                "  Throttled while scaling: about "
                f"{grouped(_round_requests(current.ramp_throttled_requests))} "
                f"requests get 429 before the target is reached"
            )
    w.append(
        f"For comparison, {legacy.description}: target reached after {legacy.seconds_to_scale:,} s"
        + (
            f", about {grouped(_round_requests(legacy.ramp_throttled_requests))} requests throttled on the "
            "way"
            if legacy.ramp_throttled_requests
            else ""
        )
    )

    result = ConcurrencyResult(
        inputs=inputs,
        account_limit=limit,
        required_exact=exact(required_exact),
        required_concurrency=required,
        available_concurrency=available,
        available_source=source,
        throttled=throttled,
        throttled_concurrency=throttled_concurrency,
        throttled_rps=exact(throttled_rps),
        warm_concurrency=warm,
        on_demand_concurrency=on_demand,
        current=current,
        legacy=legacy,
        working=w,
    )
    horizon = default_horizon(prices, warm, served)
    return replace(
        result,
        timeline=tuple(_timeline(prices, inputs, CURRENT_MODEL, horizon, None)),
        legacy_timeline=tuple(_timeline(prices, inputs, LEGACY_MODEL, horizon, None)),
    )


def _round_requests(value: Decimal) -> int:
    return int(value.to_integral_value())


def _what_ifs(prices: PriceTable, inputs: ConcurrencyInputs, base: ConcurrencyResult) -> list[WhatIf]:
    """What a shorter duration, provisioned concurrency or more reserved concurrency would change."""
    scenarios: list[tuple[str, str, ConcurrencyInputs]] = []
    limit = base.account_limit
    keep = prices.unreserved_minimum

    half = replace(inputs, duration_ms=inputs.duration_ms / 2)
    scenarios.append(
        (
            "Halve the duration",
            f"e.g. more memory (CPU scales with memory) cutting {grouped(inputs.duration_ms)} ms to "
            f"{grouped(exact(half.duration_ms))} ms halves the concurrency needed",
            half,
        )
    )

    pc_room = inputs.reserved if inputs.reserved is not None else max(0, limit - inputs.other_reserved - keep)
    pc_target = min(base.required_concurrency, pc_room)
    if pc_target > inputs.provisioned:
        scenarios.append(
            (
                f"Provisioned concurrency {pc_target:,}",
                "keeps that many environments warm (no cold starts, no scaling wait for them); it does not "
                "raise the concurrency ceiling, so throttling above it is unchanged",
                replace(inputs, provisioned=pc_target),
            )
        )

    if base.throttled:
        room = max(0, limit - keep - inputs.other_reserved)
        required = base.required_concurrency
        if inputs.reserved is not None and required <= room:
            scenarios.append(
                (
                    f"Raise reserved concurrency to {required:,}",
                    "reserved concurrency is both this function's guaranteed share and its cap; it is free",
                    replace(inputs, reserved=required),
                )
            )
        elif inputs.reserved is not None:
            quota = required + inputs.other_reserved + keep
            scenarios.append(
                (
                    f"Quota increase to {quota:,} and reserved concurrency {required:,}",
                    f"only {room:,} can be reserved now; ask AWS (Service Quotas) for a higher account limit",
                    replace(inputs, account_limit=quota, reserved=required),
                )
            )
        else:
            quota = required + inputs.other_reserved
            scenarios.append(
                (
                    f"Quota increase to {quota:,}",
                    "ask AWS (Service Quotas) for a higher account concurrency limit (the default can be "
                    "raised)",
                    replace(inputs, account_limit=quota),
                )
            )

    out = []
    for label, explanation, changed in scenarios:
        try:
            r = compute_concurrency(prices, changed, what_if=False)
        except CalcInputError:
            continue
        out.append(
            WhatIf(
                label,
                explanation,
                r.required_concurrency,
                r.available_concurrency,
                r.throttled,
                r.seconds_to_scale,
            )
        )
    return out
