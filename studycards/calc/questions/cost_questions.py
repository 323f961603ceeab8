"""Pricing questions: GB-seconds, the monthly bill, provisioned concurrency and arm64 savings."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from decimal import Decimal, localcontext

from studycards.calc.cost import CostInputs, CostResult, compute_cost
from studycards.calc.numbers import PRECISION, dollars, exact, grouped, price
from studycards.calc.prices import PriceTable
from studycards.calc.questions.drafts import (
    MAX_ATTEMPTS,
    Choice,
    Draft,
    first_tier,
    key_why,
    mistaken_on_demand,
    money_choice,
    money_fallback,
    pricing_sources,
)

_MEMORY_CHOICES = (128, 256, 384, 512, 640, 768, 1024, 1536, 2048, 3072)
_DURATION_CHOICES = ("40", "90", "120", "149.2", "200", "250", "380", "499.5", "800", "1200", "2500", "3000")
_ARCH_NAMES = {"x86_64": "x86_64", "arm64": "arm64/Graviton2"}


def _draw_cost_inputs(rng: random.Random, *, arch: str | None = None, min_gb_s: int = 0) -> CostInputs:
    for _ in range(MAX_ATTEMPTS):
        inputs = CostInputs(
            requests=rng.randrange(2, 61) * 1_000_000,
            duration_ms=Decimal(rng.choice(_DURATION_CHOICES)),
            memory_mb=rng.choice(_MEMORY_CHOICES),
            architecture=arch or rng.choice(("x86_64", "x86_64", "arm64")),
        )
        gb_s = inputs.requests * inputs.duration_ms / 1000 * inputs.memory_mb / 1024
        if gb_s >= min_gb_s:
            return inputs
    return inputs


def _cost_sentence(inputs: CostInputs) -> str:
    return (
        f"A Lambda function in us-east-1 ({_ARCH_NAMES[inputs.architecture]}, "
        f"{inputs.memory_mb:,} MB of memory, the default 512 MB of ephemeral storage) runs "
        f"{inputs.requests:,} times a month with an average duration of {grouped(inputs.duration_ms)} ms."
    )


def build_gb_seconds(prices: PriceTable, rng: random.Random) -> Draft:
    inputs = _draw_cost_inputs(rng, min_gb_s=500_000)
    result = compute_cost(prices, inputs)
    key_value = result.billable_gb_seconds
    gb = result.memory_gb
    secs = result.billed_duration_ms / 1000

    def gbs(value: Decimal) -> str:
        return f"{grouped(exact(value))} GB-s"

    def choice(value: Decimal, why: str) -> Choice:
        return Choice(gbs(value), why, sort_key=value)

    def billable_if(*, memory_gb: Decimal | None = None, seconds: Decimal | None = None) -> Decimal:
        return mistaken_on_demand(prices, inputs, memory_gb=memory_gb, seconds=seconds)[1]

    key = choice(
        key_value,
        f"Correct. {inputs.requests:,} x {grouped(secs)} s (billed, rounded up to the "
        f"ms) x {grouped(gb)} GB = {grouped(result.gb_seconds)} GB-s; minus the "
        f"{grouped(prices.free_gb_seconds)} free GB-s = {gbs(key_value)}.",
    )
    billable_1000 = billable_if(memory_gb=Decimal(inputs.memory_mb) / 1000)
    whole_s = Decimal(math.ceil(inputs.duration_ms / 1000))
    billable_s = billable_if(seconds=whole_s)
    wrong = [
        choice(
            result.gb_seconds,
            f"Forgets the free tier: {grouped(result.gb_seconds)} GB-s is the total; "
            f"{grouped(prices.free_gb_seconds)} GB-s a month are free.",
        ),
        choice(
            billable_1000,
            f"MB vs GB: divides {inputs.memory_mb:,} MB by 1,000 instead of 1,024 "
            f"({grouped(exact(Decimal(inputs.memory_mb) / 1000))} GB), giving {gbs(billable_1000)}.",
        ),
        choice(
            billable_s,
            f"Per-second billing: rounds {grouped(inputs.duration_ms)} ms up to {whole_s} s; Lambda "
            f"bills per 1 ms, so this gives too much ({gbs(billable_s)}).",
        ),
        choice(
            billable_if(memory_gb=Decimal(inputs.memory_mb)),
            f"MB vs GB: uses {inputs.memory_mb:,} as if it were GB; "
            f"{inputs.memory_mb:,} MB is {grouped(gb)} GB.",
        ),
        choice(
            billable_if(seconds=exact(inputs.duration_ms)),
            f"Leaves the duration in milliseconds ({grouped(inputs.duration_ms)} instead of "
            f"{grouped(secs)} s).",
        ),
    ]
    stem = (
        _cost_sentence(inputs) + " The monthly free tier applies. How many billable GB-seconds of "
        "duration does the function use this month?"
    )

    def fallback(i: int) -> Choice:
        return choice(
            key_value + prices.free_gb_seconds * i,
            f"Subtracts the free tier the wrong way; the billable figure is {gbs(key_value)}.",
        )

    return Draft(stem, key, wrong, inputs, pricing_sources(prices), fallback=fallback)


def _cost_distractors(prices: PriceTable, inputs: CostInputs, result: CostResult) -> list[Choice]:
    """Totals from the classic mistakes, most instructive first."""
    wrong: list[Choice] = []
    if inputs.free_tier and not inputs.has_provisioned:
        no_free = compute_cost(prices, replace(inputs, free_tier=False))
        wrong.append(
            money_choice(
                no_free.total,
                f"Forgets the free tier: {grouped(no_free.gb_seconds)} GB-s x "
                f"{price(first_tier(prices, inputs.architecture))}"
                f" = {dollars(no_free.duration_cost)} plus {inputs.requests:,} requests = "
                f"{dollars(no_free.request_cost)}, total {dollars(no_free.total)}; the first "
                f"{grouped(prices.free_requests)} requests and "
                f"{grouped(prices.free_gb_seconds)} GB-s each month are free.",
            )
        )
    gb_s_1000, _, duration_1000 = mistaken_on_demand(
        prices, inputs, memory_gb=Decimal(inputs.memory_mb) / 1000
    )
    total_1000 = result.total - result.on_demand_duration_cost + duration_1000
    wrong.append(
        money_choice(
            total_1000,
            f"MB vs GB: divides {inputs.memory_mb:,} MB by 1,000, not 1,024, so {grouped(gb_s_1000)} GB-s "
            "and "
            f"a duration charge of {dollars(duration_1000)}; total {dollars(total_1000)}.",
        )
    )
    no_requests = result.total - result.request_cost
    wrong.append(
        money_choice(
            no_requests,
            f"Drops the request charge ({dollars(result.request_cost)} for "
            f"{grouped(result.billable_requests)} "
            f"billable requests at {dollars(prices.request_price_per_million)} per million): "
            f"{dollars(no_requests)}.",
        )
    )
    whole_s = math.ceil(inputs.duration_ms / 1000)
    if whole_s * 1000 != inputs.duration_ms and whole_s <= prices.timeout_seconds.max:
        per_second = compute_cost(prices, replace(inputs, duration_ms=Decimal(whole_s * 1000)))
        wrong.append(
            money_choice(
                per_second.total,
                f"Per-second billing: rounds {grouped(inputs.duration_ms)} ms up to {whole_s} s, giving "
                f"{grouped(per_second.gb_seconds)} GB-s and {dollars(per_second.total)}; Lambda bills per 1 "
                "ms.",
            )
        )
    other = "arm64" if inputs.architecture == "x86_64" else "x86_64"
    if not inputs.has_provisioned:
        swapped = compute_cost(prices, replace(inputs, architecture=other))
        wrong.append(
            money_choice(
                swapped.total,
                f"Uses the {other} duration price "
                f"({price(first_tier(prices, other))}"
                f" per GB-s) for an {inputs.architecture} function: {dollars(swapped.total)}.",
            )
        )
    gb_s_mb, _, duration_mb = mistaken_on_demand(prices, inputs, memory_gb=Decimal(inputs.memory_mb))
    total_mb = result.total - result.on_demand_duration_cost + duration_mb
    wrong.append(
        money_choice(
            total_mb,
            f"MB vs GB: multiplies by {inputs.memory_mb:,} as if it were GB ({grouped(gb_s_mb)} GB-s): "
            f"{dollars(total_mb)}.",
        )
    )
    return wrong


def build_monthly_cost(prices: PriceTable, rng: random.Random) -> Draft:
    inputs = _draw_cost_inputs(rng)
    return monthly_cost_draft(prices, inputs)


def monthly_cost_draft(prices: PriceTable, inputs: CostInputs) -> Draft:
    result = compute_cost(prices, inputs)
    key = money_choice(result.total, key_why(result))
    free = (
        "The monthly free tier applies."
        if inputs.free_tier
        else "The account's free tier is already used up by other functions."
    )
    stem = _cost_sentence(inputs) + f" {free} What is the function's monthly Lambda bill, to the cent?"
    if inputs.ephemeral_mb != prices.ephemeral_included_mb:
        stem = stem.replace(
            "the default 512 MB of ephemeral storage", f"{inputs.ephemeral_mb:,} MB of ephemeral storage"
        )
    return Draft(
        stem,
        key,
        _cost_distractors(prices, inputs, result),
        inputs,
        pricing_sources(prices, "tiered-pricing"),
        fallback=money_fallback(result.total),
    )


def build_provisioned_cost(prices: PriceTable, rng: random.Random) -> Draft:
    arch = rng.choice(("x86_64", "arm64"))
    envs = rng.choice((2, 5, 10, 20, 25, 50))
    hours = Decimal(rng.choice((8, 12, 24, 100, 200, 360, 720)))
    inputs = CostInputs(
        requests=rng.randrange(1, 21) * 500_000,
        duration_ms=Decimal(rng.choice(("50", "100", "120", "200", "250", "400"))),
        memory_mb=rng.choice((512, 1024, 1536, 2048)),
        architecture=arch,
        provisioned_concurrency=envs,
        provisioned_hours=hours,
    )
    result = compute_cost(prices, inputs)
    if result.on_demand_requests:  # keep every request on the provisioned environments
        inputs = replace(inputs, requests=result.provisioned_requests)
        result = compute_cost(prices, inputs)
    return provisioned_draft(prices, inputs, result)


def provisioned_draft(prices: PriceTable, inputs: CostInputs, result: CostResult) -> Draft:
    pc = prices.provisioned[inputs.architecture]
    key = money_choice(result.total, key_why(result))
    wrong: list[Choice] = []
    with localcontext() as ctx:
        ctx.prec = PRECISION
        free_requests = min(Decimal(inputs.requests), prices.free_requests)
        free_gb_s = min(result.provisioned_duration_gb_seconds, prices.free_gb_seconds)
        with_free = (
            result.total - free_requests * prices.request_price - free_gb_s * pc.duration_price_per_gb_second
        )
        wrong.append(
            money_choice(
                with_free,
                f"Applies the free tier ({grouped(free_requests)} requests and {grouped(free_gb_s)} GB-s), "
                f"giving {dollars(with_free)}; the free tier does not apply to a function with provisioned "
                f"concurrency enabled.",
            )
        )
        without_config = result.total - result.provisioned_cost
        wrong.append(
            money_choice(
                without_config,
                f"Leaves out the charge for keeping {inputs.provisioned_concurrency:,} environments "
                "configured "
                f"({grouped(result.provisioned_gb_seconds)} GB-s x "
                f"{price(pc.concurrency_price_per_gb_second)} = "
                f"{dollars(result.provisioned_cost)}); it is billed while configured, even when idle: "
                f"{dollars(without_config)}.",
            )
        )
        on_demand_rate = prices.duration_tiers[inputs.architecture][0].price_per_gb_second
        on_demand_priced = (
            result.total
            - result.provisioned_duration_cost
            + result.provisioned_duration_gb_seconds * on_demand_rate
        )
        wrong.append(
            money_choice(
                on_demand_priced,
                f"Prices the duration at the on-demand rate ({price(on_demand_rate)}) instead of the lower "
                f"provisioned duration rate ({price(pc.duration_price_per_gb_second)}): "
                f"{dollars(on_demand_priced)}.",
            )
        )
        no_duration = result.total - result.provisioned_duration_cost
        wrong.append(
            money_choice(
                no_duration,
                "Assumes the provisioned charge covers execution; the duration on provisioned environments "
                "is "
                f"billed too ({dollars(result.provisioned_duration_cost)}): {dollars(no_duration)}.",
            )
        )
        no_requests = result.total - result.request_cost
        wrong.append(
            money_choice(
                no_requests,
                f"Drops the request charge ({dollars(result.request_cost)}): {dollars(no_requests)}.",
            )
        )
    stem = (
        f"A Lambda function in us-east-1 ({_ARCH_NAMES[inputs.architecture]}, {inputs.memory_mb:,} MB) has "
        f"provisioned concurrency of {inputs.provisioned_concurrency:,} configured for "
        f"{grouped(inputs.provisioned_hours)} hours this month. It serves {inputs.requests:,} requests "
        f"averaging {grouped(inputs.duration_ms)} ms, all on the provisioned environments. What is its "
        f"monthly Lambda bill, to the cent?"
    )
    return Draft(stem, key, wrong, inputs, pricing_sources(prices), fallback=money_fallback(result.total))


def build_arm_savings(prices: PriceTable, rng: random.Random) -> Draft:
    inputs = _draw_cost_inputs(rng, arch="x86_64", min_gb_s=1_000_000)
    x86 = compute_cost(prices, inputs)
    arm = compute_cost(prices, replace(inputs, architecture="arm64"))
    saving = x86.total - arm.total
    key = money_choice(
        saving,
        (
            f"Correct. Only the duration price changes: x86_64 {dollars(x86.duration_cost)} "
            f"({grouped(x86.billable_gb_seconds)} billable GB-s x "
            f"{price(first_tier(prices, 'x86_64'))}) minus "
            f"arm64 {dollars(arm.duration_cost)} (x {price(first_tier(prices, 'arm64'))}) = "
            f"{dollars(saving)}; "
            f"the request charge ({dollars(x86.request_cost)}) is the same on both."
        ),
    )
    wrong: list[Choice] = []
    cut = (1 - first_tier(prices, "arm64") / first_tier(prices, "x86_64")).quantize(Decimal("0.01"))
    cut_pct = f"{cut * 100:.0f}%"
    whole_cut = x86.total * cut
    wrong.append(
        money_choice(
            whole_cut,
            f"Takes {cut_pct} off the whole bill ({dollars(x86.total)} x {cut} = {dollars(whole_cut)}); "
            f"the {cut_pct} is on the duration price only, requests cost the same.",
        )
    )
    x86_nf = compute_cost(prices, replace(inputs, free_tier=False))
    arm_nf = compute_cost(prices, replace(inputs, architecture="arm64", free_tier=False))
    wrong.append(
        money_choice(
            x86_nf.total - arm_nf.total,
            (
                f"Forgets the free tier: prices all {grouped(x86_nf.gb_seconds)} GB-s on both architectures, "
                f"a difference of {dollars(x86_nf.total - arm_nf.total)}; the first "
                f"{grouped(prices.free_gb_seconds)} GB-s are free either way."
            ),
        )
    )
    third = x86.total * Decimal("0.34")
    wrong.append(
        money_choice(
            third,
            (
                f"Reads 'up to 34% better price performance' as a 34% price cut ({dollars(x86.total)} x "
                f"0.34 = {dollars(third)}); the arm64 duration price is {cut_pct} lower."
            ),
        )
    )
    wrong.append(
        money_choice(arm.total, (f"That is the arm64 monthly bill ({dollars(arm.total)}), not the saving."))
    )
    stem = (
        _cost_sentence(inputs) + " The monthly free tier applies. How much would the function save per "
        "month by moving to arm64 with the same memory and duration?"
    )
    return Draft(
        stem, key, wrong, inputs, pricing_sources(prices, "tiered-pricing"), fallback=money_fallback(saving)
    )
