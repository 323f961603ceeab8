"""Scaling after a sudden burst: the current and the retired rule, how long each takes, a timeline.

The current rule (since November 2023) gives each function up to 1,000 new execution environments
every 10 seconds; the retired rule gave an account-wide burst, then a fixed number more per minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from studycards.calc.numbers import PRECISION, ceil_div, exact, json_number
from studycards.calc.prices import PriceTable, ScalingRule

MAX_TIMELINE_POINTS = 600
CURRENT_MODEL = "current"
LEGACY_MODEL = "legacy"


@dataclass(frozen=True, slots=True)
class ScalingOutcome:
    """How one scaling rule copes with a sudden burst from `start` warm environments to `target`."""

    model: str
    description: str
    start: int
    target: int
    seconds_to_scale: int
    ramp_throttled_requests: Decimal

    def to_json(self) -> dict[str, Any]:
        """The outcome as JSON values."""
        return {
            "model": self.model,
            "description": self.description,
            "start": self.start,
            "target": self.target,
            "seconds_to_scale": self.seconds_to_scale,
            "ramp_throttled_requests": json_number(self.ramp_throttled_requests),
        }


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One moment after the burst starts: demand against environments ready."""

    t_seconds: int
    demand: int
    environments: int
    throttled_concurrency: int
    throttled_rps: Decimal

    def to_json(self) -> dict[str, Any]:
        """The point as JSON values."""
        return {
            "t_seconds": self.t_seconds,
            "demand": self.demand,
            "environments": self.environments,
            "throttled_concurrency": self.throttled_concurrency,
            "throttled_rps": json_number(self.throttled_rps),
        }


def rule_description(rule: ScalingRule, model: str, region: str = "") -> str:
    if model == CURRENT_MODEL:
        return (
            f"current (since November 2023): each function gets up to {rule.environments_per_step:,} "
            f"new environments at once and {rule.environments_per_step:,} more every {rule.step_seconds} s"
        )
    minutes = rule.step_seconds // 60 if rule.step_seconds % 60 == 0 else None
    every = "per minute" if minutes == 1 else f"every {rule.step_seconds} s"
    return (
        f"pre-November 2023 (retired): an account-wide burst of {rule.initial:,}"
        f"{f' in {region}' if region else ''}, then "
        f"+{rule.environments_per_step:,} {every}"
    )


def environments_at(rule: ScalingRule, start: int, cap: int, t_seconds: int) -> int:
    """Environments ready `t_seconds` after the burst starts (warm ones included), at most `cap`."""
    if cap <= start:
        return cap
    steps = t_seconds // rule.step_seconds
    return min(cap, start + rule.initial + rule.environments_per_step * steps)


def scale_outcome(
    rule: ScalingRule,
    model: str,
    start: int,
    target: int,
    target_exact: Decimal,
    duration_s: Decimal,
    region: str = "",
) -> ScalingOutcome:
    """Time to grow from `start` warm environments to `target`, and the requests throttled meanwhile.

    `target_exact` is min(required, available) before rounding up; a window of `step_seconds` with
    `e` environments ready throttles (target_exact - e) / duration requests per second.
    """
    first = start + rule.initial
    windows = 0 if target <= first else ceil_div(target - first, rule.environments_per_step)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        # Sum over windows k = 0..windows-1 of (target_exact - first - k*step) / duration * seconds.
        shortfall = windows * (target_exact - first) - Decimal(
            rule.environments_per_step * windows * (windows - 1) // 2
        )
        throttled = shortfall * rule.step_seconds / duration_s if windows else Decimal(0)
    return ScalingOutcome(
        model,
        rule_description(rule, model, region),
        start,
        target,
        windows * rule.step_seconds,
        exact(max(Decimal(0), throttled)),
    )


def timeline_points(
    rule: ScalingRule,
    rps: Decimal,
    duration_s: Decimal,
    required: int,
    start: int,
    cap: int,
    horizon_seconds: int,
    step_seconds: int,
) -> list[TimelinePoint]:
    """Environments ready against demand every `step_seconds` (coarser past MAX_TIMELINE_POINTS points)."""
    step = step_seconds
    if horizon_seconds // step > MAX_TIMELINE_POINTS:
        step = ceil_div(horizon_seconds, MAX_TIMELINE_POINTS * step) * step
    points = []
    times = list(range(0, horizon_seconds + 1, step))
    if times[-1] != horizon_seconds:
        times.append(horizon_seconds)
    for t in times:
        envs = environments_at(rule, start, cap, t)
        served_rps = min(rps, Decimal(envs) / duration_s)
        points.append(TimelinePoint(t, required, envs, max(0, required - envs), exact(rps - served_rps)))
    return points


def default_horizon(prices: PriceTable, start: int, cap: int) -> int:
    longest = 0
    for rule in (prices.scaling, prices.legacy_scaling):
        first = start + rule.initial
        if cap > first:
            longest = max(longest, ceil_div(cap - first, rule.environments_per_step) * rule.step_seconds)
    return max(60, longest + prices.legacy_scaling.step_seconds)
