"""Exam-style numeric questions generated from the cost and concurrency models.

Each key is computed by the model; each distractor is the number a learner gets from one classic
mistake (forgetting the free tier, MB vs GB, dropping the request charge, per-second billing,
confusing reserved with provisioned concurrency, the retired scaling rule), and every option's
`why` shows the arithmetic. The questions have the same shape as authored ones, so the quiz and
the TUI use them unchanged. A question is fully determined by its id (`gen.cost.<seed>.<n>`):
`generated_question(prices, id)` rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from pathlib import Path

from studycards.calc.concurrency import ConcurrencyInputs, compute_concurrency
from studycards.calc.cost import CostInputs, CostResult, apply_tiers, compute_cost
from studycards.calc.errors import CalcInputError
from studycards.calc.numbers import PRECISION, ceil_to, dollars, exact, grouped, price
from studycards.calc.prices import PriceTable
from studycards.content.model import Option, Origin, Question

DECK = "lambda"
TOPICS: tuple[str, ...] = ("pricing", "concurrency")
GENERATED_ORIGIN = Origin(Path("<generated>"), 0)
OPTIONS_PER_QUESTION = 4
_FAMILY = {"pricing": "cost", "concurrency": "concurrency"}
_ID_RE = re.compile(r"^gen\.(cost|concurrency)\.(n?\d+)\.(\d+)$")
_MAX_ATTEMPTS = 50


@dataclass(frozen=True, slots=True)
class GeneratedQuestion:
    """A generated question with the inputs its key was computed from.

    `variants` (fix-the-throttling questions only) holds, per option, the settings that option
    leads to (a setting Lambda refuses raises CalcInputError when computed, and is never the key).
    """

    question: Question
    kind: str
    inputs: CostInputs | ConcurrencyInputs
    answer: str
    variants: tuple[ConcurrencyInputs, ...] = ()


@dataclass(frozen=True, slots=True)
class _Choice:
    text: str
    why: str
    variant: ConcurrencyInputs | None = None
    sort_key: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class _Kind:
    name: str
    topic: str
    domain: str
    difficulty: str
    build: Callable[[PriceTable, random.Random], _Draft]


@dataclass(frozen=True, slots=True)
class _Draft:
    stem: str
    key: _Choice
    wrong: list[_Choice]
    inputs: CostInputs | ConcurrencyInputs
    sources: tuple[str, ...]
    numeric: bool = True
    fallback: Callable[[int], _Choice] | None = None


# --------------------------------------------------------------------------------------------
# helpers


def _source(prices: PriceTable, fragment: str) -> str:
    for url in prices.sources:
        if fragment in url:
            return url
    return prices.sources[0]


def _pricing_sources(prices: PriceTable, *extra: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys([_source(prices, "lambda/pricing"), *(_source(prices, e) for e in extra)]))


def _concurrency_sources(prices: PriceTable) -> tuple[str, ...]:
    return tuple(dict.fromkeys([_source(prices, "lambda-concurrency"), _source(prices, "scaling-behavior")]))


def _first_tier(prices: PriceTable, arch: str) -> Decimal:
    """The on-demand duration price of the first tier (where nearly every workload bills)."""
    return prices.duration_tiers[arch][0].price_per_gb_second


def _money_choice(value: Decimal, why: str) -> _Choice:
    return _Choice(dollars(value), why, sort_key=value)


def _mistaken_on_demand(
    prices: PriceTable,
    inputs: CostInputs,
    *,
    memory_gb: Decimal | None = None,
    seconds: Decimal | None = None,
) -> tuple[Decimal, Decimal, Decimal]:
    """(GB-s, billable GB-s, duration charge) worked the way a learner with one slip would."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        gb = memory_gb if memory_gb is not None else Decimal(inputs.memory_mb) / prices.mb_per_gb
        secs = seconds if seconds is not None else _billed_seconds(prices, inputs.duration_ms)
        gb_s = inputs.requests * secs * gb
        billable = max(Decimal(0), gb_s - prices.free_gb_seconds) if inputs.free_tier else gb_s
        charge = sum(
            (t.cost for t in apply_tiers(billable, prices.duration_tiers[inputs.architecture])), Decimal(0)
        )
        return exact(gb_s), exact(billable), exact(charge)


def _billed_seconds(prices: PriceTable, duration_ms: Decimal) -> Decimal:
    """The duration Lambda bills, in seconds (rounded up to the billing increment)."""
    return exact(ceil_to(duration_ms, prices.duration_increment_ms) / 1000)


def _key_why(result: CostResult) -> str:
    lines = [line.strip() for line in result.working if not line.startswith("Per million")]
    return "Correct. " + " ".join(line if line.endswith(".") else line + "." for line in lines)


def _pick(prices: PriceTable, rng: random.Random, draft: _Draft) -> list[_Choice]:
    """The key plus OPTIONS_PER_QUESTION - 1 distractors whose texts differ from it and each other."""
    seen = {draft.key.text}
    chosen: list[_Choice] = []
    for choice in draft.wrong:
        if len(chosen) == OPTIONS_PER_QUESTION - 1:
            break
        if choice.text in seen:
            continue
        seen.add(choice.text)
        chosen.append(choice)
    i = 0
    while len(chosen) < OPTIONS_PER_QUESTION - 1:
        i += 1
        if draft.fallback is None:
            raise RuntimeError("not enough distinct distractors and no fallback")
        choice = draft.fallback(i)
        if choice.text not in seen:
            seen.add(choice.text)
            chosen.append(choice)
    options = [draft.key, *chosen]
    if draft.numeric:
        options.sort(key=lambda c: (c.sort_key, c.text))
    else:
        rng.shuffle(options)
    return options


def _money_fallback(key: Decimal) -> Callable[[int], _Choice]:
    def make(i: int) -> _Choice:
        if key <= 0:
            value = Decimal("0.20") * i
            return _money_choice(
                value,
                f"Charges {dollars(value)} for usage the monthly free tier covers; everything here is "
                "within the free requests and GB-seconds, so the bill is $0.00.",
            )
        factor = [Decimal(10), Decimal("0.1"), Decimal(2), Decimal("0.5"), Decimal(100)][(i - 1) % 5]
        value = key * factor + Decimal(i // 5)
        return _money_choice(
            value,
            f"A slip in the arithmetic (about {dollars(key)} x {factor} = {dollars(value)}); "
            f"the working gives {dollars(key)}.",
        )

    return make


def _count_fallback(key: int, unit: str) -> Callable[[int], _Choice]:
    def make(i: int) -> _Choice:
        value = key * (10 ** ((i + 1) // 2)) if i % 2 else max(0, key // (10 ** (i // 2))) + i
        return _Choice(
            f"{value:,}{unit}",
            f"A slip in the arithmetic (a factor of 10 or a stray digit); rps x duration gives "
            f"{key:,}{unit}.",
            sort_key=Decimal(value),
        )

    return make


# --------------------------------------------------------------------------------------------
# pricing questions

_MEMORY_CHOICES = (128, 256, 384, 512, 640, 768, 1024, 1536, 2048, 3072)
_DURATION_CHOICES = ("40", "90", "120", "149.2", "200", "250", "380", "499.5", "800", "1200", "2500", "3000")
_ARCH_NAMES = {"x86_64": "x86_64", "arm64": "arm64/Graviton2"}


def _draw_cost_inputs(rng: random.Random, *, arch: str | None = None, min_gb_s: int = 0) -> CostInputs:
    for _ in range(_MAX_ATTEMPTS):
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


def _build_gb_seconds(prices: PriceTable, rng: random.Random) -> _Draft:
    inputs = _draw_cost_inputs(rng, min_gb_s=500_000)
    result = compute_cost(prices, inputs)
    key_value = result.billable_gb_seconds
    gb = result.memory_gb
    secs = result.billed_duration_ms / 1000

    def gbs(value: Decimal) -> str:
        return f"{grouped(exact(value))} GB-s"

    def choice(value: Decimal, why: str) -> _Choice:
        return _Choice(gbs(value), why, sort_key=value)

    def billable_if(*, memory_gb: Decimal | None = None, seconds: Decimal | None = None) -> Decimal:
        return _mistaken_on_demand(prices, inputs, memory_gb=memory_gb, seconds=seconds)[1]

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

    def fallback(i: int) -> _Choice:
        return choice(
            key_value + prices.free_gb_seconds * i,
            f"Subtracts the free tier the wrong way; the billable figure is {gbs(key_value)}.",
        )

    return _Draft(stem, key, wrong, inputs, _pricing_sources(prices), fallback=fallback)


def _cost_distractors(prices: PriceTable, inputs: CostInputs, result: CostResult) -> list[_Choice]:
    """Totals from the classic mistakes, most instructive first."""
    wrong: list[_Choice] = []
    if inputs.free_tier and not inputs.has_provisioned:
        no_free = compute_cost(prices, replace(inputs, free_tier=False))
        wrong.append(
            _money_choice(
                no_free.total,
                f"Forgets the free tier: {grouped(no_free.gb_seconds)} GB-s x "
                f"{price(_first_tier(prices, inputs.architecture))}"
                f" = {dollars(no_free.duration_cost)} plus {inputs.requests:,} requests = "
                f"{dollars(no_free.request_cost)}, total {dollars(no_free.total)}; the first "
                f"{grouped(prices.free_requests)} requests and "
                f"{grouped(prices.free_gb_seconds)} GB-s each month are free.",
            )
        )
    gb_s_1000, _, duration_1000 = _mistaken_on_demand(
        prices, inputs, memory_gb=Decimal(inputs.memory_mb) / 1000
    )
    total_1000 = result.total - result.on_demand_duration_cost + duration_1000
    wrong.append(
        _money_choice(
            total_1000,
            f"MB vs GB: divides {inputs.memory_mb:,} MB by 1,000, not 1,024, so {grouped(gb_s_1000)} GB-s "
            "and "
            f"a duration charge of {dollars(duration_1000)}; total {dollars(total_1000)}.",
        )
    )
    no_requests = result.total - result.request_cost
    wrong.append(
        _money_choice(
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
            _money_choice(
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
            _money_choice(
                swapped.total,
                f"Uses the {other} duration price "
                f"({price(_first_tier(prices, other))}"
                f" per GB-s) for an {inputs.architecture} function: {dollars(swapped.total)}.",
            )
        )
    gb_s_mb, _, duration_mb = _mistaken_on_demand(prices, inputs, memory_gb=Decimal(inputs.memory_mb))
    total_mb = result.total - result.on_demand_duration_cost + duration_mb
    wrong.append(
        _money_choice(
            total_mb,
            f"MB vs GB: multiplies by {inputs.memory_mb:,} as if it were GB ({grouped(gb_s_mb)} GB-s): "
            f"{dollars(total_mb)}.",
        )
    )
    return wrong


def _build_monthly_cost(prices: PriceTable, rng: random.Random) -> _Draft:
    inputs = _draw_cost_inputs(rng)
    return _monthly_cost_draft(prices, inputs)


def _monthly_cost_draft(prices: PriceTable, inputs: CostInputs) -> _Draft:
    result = compute_cost(prices, inputs)
    key = _money_choice(result.total, _key_why(result))
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
    return _Draft(
        stem,
        key,
        _cost_distractors(prices, inputs, result),
        inputs,
        _pricing_sources(prices, "tiered-pricing"),
        fallback=_money_fallback(result.total),
    )


def _build_provisioned_cost(prices: PriceTable, rng: random.Random) -> _Draft:
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
    return _provisioned_draft(prices, inputs, result)


def _provisioned_draft(prices: PriceTable, inputs: CostInputs, result: CostResult) -> _Draft:
    pc = prices.provisioned[inputs.architecture]
    key = _money_choice(result.total, _key_why(result))
    wrong: list[_Choice] = []
    with localcontext() as ctx:
        ctx.prec = PRECISION
        free_requests = min(Decimal(inputs.requests), prices.free_requests)
        free_gb_s = min(result.provisioned_duration_gb_seconds, prices.free_gb_seconds)
        with_free = (
            result.total - free_requests * prices.request_price - free_gb_s * pc.duration_price_per_gb_second
        )
        wrong.append(
            _money_choice(
                with_free,
                f"Applies the free tier ({grouped(free_requests)} requests and {grouped(free_gb_s)} GB-s), "
                f"giving {dollars(with_free)}; the free tier does not apply to a function with provisioned "
                f"concurrency enabled.",
            )
        )
        without_config = result.total - result.provisioned_cost
        wrong.append(
            _money_choice(
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
            _money_choice(
                on_demand_priced,
                f"Prices the duration at the on-demand rate ({price(on_demand_rate)}) instead of the lower "
                f"provisioned duration rate ({price(pc.duration_price_per_gb_second)}): "
                f"{dollars(on_demand_priced)}.",
            )
        )
        no_duration = result.total - result.provisioned_duration_cost
        wrong.append(
            _money_choice(
                no_duration,
                "Assumes the provisioned charge covers execution; the duration on provisioned environments "
                "is "
                f"billed too ({dollars(result.provisioned_duration_cost)}): {dollars(no_duration)}.",
            )
        )
        no_requests = result.total - result.request_cost
        wrong.append(
            _money_choice(
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
    return _Draft(stem, key, wrong, inputs, _pricing_sources(prices), fallback=_money_fallback(result.total))


def _build_arm_savings(prices: PriceTable, rng: random.Random) -> _Draft:
    inputs = _draw_cost_inputs(rng, arch="x86_64", min_gb_s=1_000_000)
    x86 = compute_cost(prices, inputs)
    arm = compute_cost(prices, replace(inputs, architecture="arm64"))
    saving = x86.total - arm.total
    key = _money_choice(
        saving,
        (
            f"Correct. Only the duration price changes: x86_64 {dollars(x86.duration_cost)} "
            f"({grouped(x86.billable_gb_seconds)} billable GB-s x "
            f"{price(_first_tier(prices, 'x86_64'))}) minus "
            f"arm64 {dollars(arm.duration_cost)} (x {price(_first_tier(prices, 'arm64'))}) = "
            f"{dollars(saving)}; "
            f"the request charge ({dollars(x86.request_cost)}) is the same on both."
        ),
    )
    wrong: list[_Choice] = []
    cut = (1 - _first_tier(prices, "arm64") / _first_tier(prices, "x86_64")).quantize(Decimal("0.01"))
    cut_pct = f"{cut * 100:.0f}%"
    whole_cut = x86.total * cut
    wrong.append(
        _money_choice(
            whole_cut,
            f"Takes {cut_pct} off the whole bill ({dollars(x86.total)} x {cut} = {dollars(whole_cut)}); "
            f"the {cut_pct} is on the duration price only, requests cost the same.",
        )
    )
    x86_nf = compute_cost(prices, replace(inputs, free_tier=False))
    arm_nf = compute_cost(prices, replace(inputs, architecture="arm64", free_tier=False))
    wrong.append(
        _money_choice(
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
        _money_choice(
            third,
            (
                f"Reads 'up to 34% better price performance' as a 34% price cut ({dollars(x86.total)} x "
                f"0.34 = {dollars(third)}); the arm64 duration price is {cut_pct} lower."
            ),
        )
    )
    wrong.append(
        _money_choice(arm.total, (f"That is the arm64 monthly bill ({dollars(arm.total)}), not the saving."))
    )
    stem = (
        _cost_sentence(inputs) + " The monthly free tier applies. How much would the function save per "
        "month by moving to arm64 with the same memory and duration?"
    )
    return _Draft(
        stem, key, wrong, inputs, _pricing_sources(prices, "tiered-pricing"), fallback=_money_fallback(saving)
    )


# --------------------------------------------------------------------------------------------
# concurrency questions

_RPS_CHOICES = (40, 50, 80, 100, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000, 2500, 3000)
_CONC_DURATIONS = (
    "50",
    "100",
    "150",
    "200",
    "250",
    "300",
    "400",
    "500",
    "750",
    "800",
    "1000",
    "1500",
    "2000",
)


def _build_required(prices: PriceTable, rng: random.Random) -> _Draft:
    inputs = ConcurrencyInputs(
        rps=Decimal(rng.choice(_RPS_CHOICES)), duration_ms=Decimal(rng.choice(_CONC_DURATIONS))
    )
    return _required_draft(prices, inputs)


def _required_draft(prices: PriceTable, inputs: ConcurrencyInputs) -> _Draft:
    result = compute_concurrency(prices, inputs, what_if=False)
    secs = exact(inputs.duration_ms / 1000)
    rps = inputs.rps
    key_value = result.required_concurrency
    rounded = (
        f" = {grouped(result.required_exact)}, rounded up to {key_value:,} whole environments"
        if result.required_exact != key_value
        else f" = {key_value:,}"
    )
    key = _Choice(
        f"{key_value:,}",
        f"Correct. Concurrency = requests per second x duration in seconds: "
        f"{grouped(rps)} x {grouped(secs)} s{rounded}.",
        sort_key=Decimal(key_value),
    )
    wrong: list[_Choice] = []

    def count(value: Decimal, why: str) -> None:
        n = math.ceil(value)
        wrong.append(_Choice(f"{n:,}", why, sort_key=Decimal(n)))

    count(
        rps * inputs.duration_ms,
        f"Leaves the duration in milliseconds: {grouped(rps)} x "
        f"{grouped(inputs.duration_ms)} = {grouped(exact(rps * inputs.duration_ms))}; "
        f"convert to seconds first ({grouped(secs)} s).",
    )
    count(rps / secs, f"Divides by the duration instead of multiplying: {grouped(rps)} / {grouped(secs)} s.")
    count(
        rps,
        f"Counts one environment per request per second ({grouped(rps)}), ignoring how long each "
        f"request runs.",
    )
    count(rps * secs * 60, f"Uses requests per minute: {grouped(rps)} x 60 x {grouped(secs)} s.")
    count(
        rps / 10,
        f"Divides the request rate by 10 ({grouped(rps)} / 10), mixing in the invoke-rate quota "
        f"(10 x concurrency requests per second); concurrency = rps x duration.",
    )
    if result.required_exact != key_value:
        floor = math.floor(result.required_exact)
        wrong.insert(
            0,
            _Choice(
                f"{floor:,}",
                f"Rounds {grouped(result.required_exact)} down; a partly busy "
                f"environment is still a whole environment.",
                sort_key=Decimal(floor),
            ),
        )
    stem = (
        f"A Lambda function receives a steady {grouped(rps)} requests per second, and each invocation "
        f"runs for {grouped(inputs.duration_ms)} ms on average. How many concurrent executions does it "
        f"need?"
    )
    return _Draft(
        stem, key, wrong, inputs, _concurrency_sources(prices), fallback=_count_fallback(key_value, "")
    )


def _build_throttled(prices: PriceTable, rng: random.Random) -> _Draft:
    quota = prices.default_account_quota
    for _ in range(_MAX_ATTEMPTS):
        limit = rng.choice((quota, quota, quota * 2, quota * 3))
        other = rng.randrange(1, (limit - prices.unreserved_minimum) // 100 + 1) * 100 - 100
        available = limit - other
        duration = Decimal(rng.choice(("100", "200", "250", "500", "1000")))
        per_env = 1000 / duration  # requests per second one environment serves
        required = available + rng.choice((100, 200, 300, 400, 500, 800, 1000))
        rps = Decimal(required) * per_env
        provisioned = rng.choice((0, 0, 100, 200))
        inputs = ConcurrencyInputs(
            rps=rps, duration_ms=duration, account_limit=limit, other_reserved=other, provisioned=provisioned
        )
        try:
            return _throttled_draft(prices, inputs)
        except (CalcInputError, ValueError):
            continue
    raise RuntimeError("could not draw a throttling scenario")  # pragma: no cover


def _throttled_draft(prices: PriceTable, inputs: ConcurrencyInputs) -> _Draft:
    result = compute_concurrency(prices, inputs, what_if=False)
    if not result.throttled:
        raise ValueError("scenario is not throttled")
    secs = exact(inputs.duration_ms / 1000)
    per_env = exact(1 / secs)
    limit = result.account_limit
    available = result.available_concurrency

    def rps_text(value: Decimal) -> str:
        return f"{grouped(exact(max(Decimal(0), value)))} requests per second"

    key_value = result.throttled_rps
    key = _Choice(
        rps_text(key_value),
        (
            f"Correct. Needed: {grouped(inputs.rps)} x {grouped(secs)} s = {result.required_concurrency:,}. "
            f"Available: {limit:,} - {inputs.other_reserved:,} reserved by other functions = {available:,}, "
            "which "
            f"serves {available:,} / {grouped(secs)} s = {grouped(exact(available * per_env))} rps. "
            f"Throttled: {grouped(inputs.rps)} - {grouped(exact(available * per_env))} = "
            f"{rps_text(key_value)} "
            f"(HTTP 429)."
        ),
        sort_key=key_value,
    )
    wrong: list[_Choice] = []

    def add(value: Decimal, why: str) -> None:
        value = exact(max(Decimal(0), value))
        wrong.append(_Choice(rps_text(value), why, sort_key=value))

    add(
        inputs.rps - limit * per_env,
        f"Ignores the {inputs.other_reserved:,} reserved by other functions: their reservation comes out of "
        "the "
        f"same {limit:,} quota, leaving {available:,}.",
    )
    add(
        inputs.rps - (available - prices.unreserved_minimum) * per_env,
        f"Also subtracts the {prices.unreserved_minimum} unreserved minimum; that rule caps how much can be "
        "reserved, while a function without a reservation may use the whole unreserved pool "
        f"({available:,}).",
    )
    if inputs.provisioned:
        add(
            inputs.rps - (available + inputs.provisioned) * per_env,
            f"Adds the {inputs.provisioned:,} provisioned environments on top of the limit; provisioned "
            f"concurrency keeps environments warm inside the same {available:,}, it is not extra capacity.",
        )
    add(
        inputs.rps - prices.unreserved_minimum * per_env,
        f"Treats the {prices.unreserved_minimum} that must stay unreserved as all an unreserved function "
        "gets; "
        f"it can use the whole unreserved pool ({limit:,} - {inputs.other_reserved:,} = {available:,}).",
    )
    shortfall = Decimal(result.throttled_concurrency)
    wrong.append(
        _Choice(
            rps_text(shortfall),
            (
                f"Gives the concurrency shortfall ({result.required_concurrency:,} - {available:,} = "
                f"{shortfall}) "
                f"instead of requests per second; each environment serves {grouped(per_env)} rps at "
                f"{grouped(inputs.duration_ms)} ms."
            ),
            sort_key=shortfall,
        )
    )
    wrong.append(
        _Choice(
            rps_text(Decimal(0)),
            (
                "Assumes Lambda queues synchronous requests above the limit; they are rejected with HTTP 429 "
                "(TooManyRequestsException)."
            ),
            sort_key=Decimal(0),
        )
    )
    pc = f" It has provisioned concurrency of {inputs.provisioned:,}." if inputs.provisioned else ""
    quota_text = (
        "the default quota of"
        if inputs.account_limit in (None, prices.default_account_quota)
        else "a raised quota of"
    )
    stem = (
        f"An account has {quota_text} {limit:,} concurrent executions in us-east-1, and other functions "
        f"reserve {inputs.other_reserved:,} of it. A function without reserved concurrency receives a "
        f"steady {grouped(inputs.rps)} synchronous requests per second, each running "
        f"{grouped(inputs.duration_ms)} ms.{pc} Once it is fully scaled, how many requests per second "
        f"are throttled?"
    )
    return _Draft(
        stem,
        key,
        wrong,
        inputs,
        _concurrency_sources(prices),
        fallback=lambda i: _Choice(
            rps_text(key_value + i * 100 * per_env),
            f"Off by {i * 100:,} environments; the working gives {rps_text(key_value)}.",
            sort_key=key_value + i * 100 * per_env,
        ),
    )


def _build_scaling(prices: PriceTable, rng: random.Random) -> _Draft:
    rule = prices.scaling
    limit = rng.choice((5, 10, 15, 20, 30)) * prices.default_account_quota
    target = rng.randrange(rule.initial // 100 + 5, limit // 100) * 100
    duration = Decimal(rng.choice(("100", "200", "500", "1000")))
    inputs = ConcurrencyInputs(
        rps=Decimal(target) * 1000 / duration, duration_ms=duration, account_limit=limit
    )
    return _scaling_draft(prices, inputs)


def _scaling_draft(prices: PriceTable, inputs: ConcurrencyInputs) -> _Draft:
    result = compute_concurrency(prices, inputs, what_if=False)
    rule, old = prices.scaling, prices.legacy_scaling
    target = min(result.required_concurrency, result.available_concurrency)
    key_value = result.seconds_to_scale

    def secs_text(value: int | Decimal) -> str:
        value = exact(Decimal(value))
        return f"{grouped(value)} second{'s' if value != 1 else ''}"

    steps = key_value // rule.step_seconds
    key = _Choice(
        secs_text(key_value),
        (
            f"Correct. Since November 2023 each function gets up to {rule.initial:,} environments at once, "
            "then "
            f"{rule.environments_per_step:,} more every {rule.step_seconds} s: ceil(({target:,} - "
            f"{rule.initial:,}) / "
            f"{rule.environments_per_step:,}) = {steps} steps x {rule.step_seconds} s = "
            f"{secs_text(key_value)}."
        ),
        sort_key=Decimal(key_value),
    )
    wrong: list[_Choice] = []
    wrong.append(
        _Choice(
            secs_text(result.legacy.seconds_to_scale),
            (
                f"Uses the retired pre-2023 rule (a burst of {old.initial:,}, then "
                f"+{old.environments_per_step:,} a "
                f"minute): {secs_text(result.legacy.seconds_to_scale)}."
            ),
            sort_key=Decimal(result.legacy.seconds_to_scale),
        )
    )
    every_step = math.ceil(target / rule.environments_per_step) * rule.step_seconds
    wrong.append(
        _Choice(
            secs_text(every_step),
            (
                f"Waits {rule.step_seconds} s for the first {rule.environments_per_step:,} too "
                f"(ceil({target:,} / {rule.environments_per_step:,}) x {rule.step_seconds} s); the first "
                f"{rule.initial:,} are available at once."
            ),
            sort_key=Decimal(every_step),
        )
    )
    per_second = exact(Decimal(target) / rule.environments_per_step)
    wrong.append(
        _Choice(
            secs_text(per_second),
            (
                f"Reads the rule as {rule.environments_per_step:,} environments per second ({target:,} / "
                f"{rule.environments_per_step:,}); it is {rule.environments_per_step:,} every "
                f"{rule.step_seconds} s."
            ),
            sort_key=per_second,
        )
    )
    myth = max(0, math.ceil((target - 500) / 500))
    wrong.append(
        _Choice(
            secs_text(myth),
            (
                "Uses the common misreading 'a burst of 500, then 500 more per second'; the retired rule "
                f"added {old.environments_per_step:,} per minute, and today's adds "
                f"{rule.environments_per_step:,} every {rule.step_seconds} s."
            ),
            sort_key=Decimal(myth),
        )
    )
    stem = (
        f"An account's concurrency quota has been raised to {result.account_limit:,}. A function with no "
        f"warm environments suddenly receives {grouped(inputs.rps)} requests per second, each running "
        f"{grouped(inputs.duration_ms)} ms, so it needs {target:,} concurrent executions. How long does "
        f"Lambda take to scale the function to {target:,} environments?"
    )
    return _Draft(
        stem,
        key,
        wrong,
        inputs,
        _concurrency_sources(prices),
        fallback=lambda i: _Choice(
            secs_text(key_value + i * rule.step_seconds),
            f"One step of {rule.step_seconds} s too many; the working gives {secs_text(key_value)}.",
            sort_key=Decimal(key_value + i * rule.step_seconds),
        ),
    )


def _evaluate(prices: PriceTable, text: str, variant: ConcurrencyInputs, note: str) -> tuple[_Choice, bool]:
    """An option that changes the settings, judged by the model: (choice, fixes the throttling)."""
    try:
        r = compute_concurrency(prices, variant, what_if=False)
    except CalcInputError as exc:
        return _Choice(text, f"Lambda refuses this: {exc.message}. {note}", variant), False
    if r.throttled:
        return _Choice(
            text,
            f"Still throttled: needs {r.required_concurrency:,}, only "
            f"{r.available_concurrency:,} available. {note}",
            variant,
        ), False
    return _Choice(
        text,
        f"Fixes it: needs {r.required_concurrency:,} and {r.available_concurrency:,} are available. {note}",
        variant,
    ), True


def _build_fix(prices: PriceTable, rng: random.Random) -> _Draft:
    for _ in range(_MAX_ATTEMPTS):
        limit = prices.default_account_quota * rng.choice((1, 1, 2))
        keep = prices.unreserved_minimum
        duration = Decimal(rng.choice(("200", "250", "400", "500", "800", "1000")))
        per_env = 1000 / duration
        over = rng.choice((100, 200, 300, 400))
        if rng.random() < 0.5:
            other = rng.randrange(1, (limit - keep) // 100) * 100
            reserved = None
            available = limit - other
        else:
            other = rng.randrange(0, (limit - keep) // 200) * 100
            reserved = rng.choice((50, 100, 200, 300))
            available = reserved
        # a small overshoot (halving the duration also fixes it) or a large one (it does not)
        required = available + over if rng.random() < 0.5 else 2 * available + over
        inputs = ConcurrencyInputs(
            rps=Decimal(required) * per_env,
            duration_ms=duration,
            account_limit=limit,
            reserved=reserved,
            other_reserved=other,
        )
        try:
            draft = _fix_draft(prices, inputs, rng)
        except (CalcInputError, ValueError):
            continue
        return draft
    raise RuntimeError("could not draw a fix-the-throttling scenario")  # pragma: no cover


def _fix_draft(prices: PriceTable, inputs: ConcurrencyInputs, rng: random.Random) -> _Draft:
    base = compute_concurrency(prices, inputs, what_if=False)
    if not base.throttled:
        raise ValueError("scenario is not throttled")
    required, limit, keep = base.required_concurrency, base.account_limit, prices.unreserved_minimum
    other = inputs.other_reserved
    fixing: list[_Choice] = []
    failing: list[_Choice] = []
    memory_fix: list[_Choice] = []
    zero: list[_Choice] = []

    def consider(text: str, variant: ConcurrencyInputs, note: str) -> None:
        choice, fixes = _evaluate(prices, text, variant, note)
        if variant.duration_ms != inputs.duration_ms and fixes:
            memory_fix.append(choice)
        elif variant.reserved == 0:
            zero.append(choice)
        else:
            (fixing if fixes else failing).append(choice)

    consider(
        f"Set the function's reserved concurrency to {required:,}.",
        replace(inputs, reserved=required),
        f"At most {limit:,} - {keep} - {other:,} reserved elsewhere = {max(0, limit - keep - other):,} can "
        f"be reserved for it.",
    )
    consider(
        f"Configure provisioned concurrency of {required:,} on the function.",
        replace(inputs, provisioned=required),
        "Provisioned concurrency pre-warms environments inside the function's existing limit; it is not "
        "reserved concurrency and never raises the ceiling.",
    )
    consider(
        "Set the function's reserved concurrency to 0.",
        replace(inputs, reserved=0),
        "Reserved concurrency of 0 throttles every invocation.",
    )
    half = replace(inputs, duration_ms=inputs.duration_ms / 2)
    consider(
        f"Double the memory so each invocation finishes in {grouped(exact(half.duration_ms))} ms.",
        half,
        f"Concurrency = {grouped(inputs.rps)} rps x {grouped(exact(half.duration_ms / 1000))} s.",
    )
    if inputs.reserved is None:
        quota = required + other
        consider(
            f"Request a concurrency quota increase to {quota:,}.",
            replace(inputs, account_limit=quota),
            f"An unreserved function can use the quota minus other reservations ({quota:,} - {other:,}).",
        )
        small = replace(inputs, account_limit=limit + (required - base.available_concurrency) // 2)
        consider(
            f"Request a concurrency quota increase to {small.account_limit:,}.",
            small,
            "Raising the quota helps only if it covers what the function needs.",
        )
    else:
        consider(
            "Remove the function's reserved concurrency.",
            replace(inputs, reserved=None),
            f"Without a reservation it shares the unreserved pool ({limit:,} - {other:,}).",
        )
        between = (inputs.reserved + required) // 2
        consider(
            f"Raise the function's reserved concurrency to {between:,}.",
            replace(inputs, reserved=between),
            "A reservation caps the function at that number.",
        )
    # The key is a concurrency setting when one works (a shorter duration sometimes, if it alone
    # works); reserved concurrency 0 is the distractor of last resort.
    if memory_fix and (not fixing or rng.random() < 0.25):
        key = memory_fix[0]
    elif fixing:
        key = rng.choice(fixing)
    else:
        raise ValueError("scenario has no fix")
    rng.shuffle(failing)
    wrong = (failing + zero)[: OPTIONS_PER_QUESTION - 1]
    if len(wrong) < OPTIONS_PER_QUESTION - 1:
        raise ValueError("scenario does not separate the options")
    key = replace(key, why="Correct. " + key.why)
    setup = (
        "It has no reserved concurrency."
        if inputs.reserved is None
        else f"It has reserved concurrency of {inputs.reserved:,}."
    )
    quota_text = "the default" if limit == prices.default_account_quota else "a raised"
    stem = (
        f"An account has {quota_text} concurrency quota of {limit:,} in us-east-1; other functions reserve "
        f"{other:,}. An API function receives a steady {grouped(inputs.rps)} requests per second, each "
        f"running {grouped(inputs.duration_ms)} ms. {setup} Many requests fail with HTTP 429. Which single "
        f"change stops the throttling?"
    )
    return _Draft(stem, key, wrong, inputs, _concurrency_sources(prices), numeric=False)


# --------------------------------------------------------------------------------------------
# the stream

_KINDS: tuple[_Kind, ...] = (
    _Kind("gb-seconds", "pricing", "cost", "easy", _build_gb_seconds),
    _Kind("required-concurrency", "concurrency", "performance", "easy", _build_required),
    _Kind("monthly-cost", "pricing", "cost", "medium", _build_monthly_cost),
    _Kind("throttled-rps", "concurrency", "resilient", "medium", _build_throttled),
    _Kind("provisioned-cost", "pricing", "cost", "hard", _build_provisioned_cost),
    _Kind("scaling-time", "concurrency", "performance", "medium", _build_scaling),
    _Kind("arm-savings", "pricing", "cost", "medium", _build_arm_savings),
    _Kind("fix-throttling", "concurrency", "resilient", "hard", _build_fix),
)
KIND_NAMES: tuple[str, ...] = tuple(k.name for k in _KINDS)


def _seed_text(seed: int) -> str:
    return str(seed) if seed >= 0 else f"n{-seed}"


def _finish(
    prices: PriceTable, kind: _Kind, draft: _Draft, qid: str, rng: random.Random
) -> GeneratedQuestion:
    choices = _pick(prices, rng, draft)
    options = tuple(Option(c.text, c is draft.key, c.why) for c in choices)
    question = Question(
        id=qid,
        topic=kind.topic,
        deck=DECK,
        stem=draft.stem,
        options=options,
        choose=1,
        domain=kind.domain,
        difficulty=kind.difficulty,
        sources=draft.sources,
        origin=GENERATED_ORIGIN,
        tags=("generated", kind.name),
    )
    variants = tuple(c.variant for c in choices if c.variant is not None) if not draft.numeric else ()
    return GeneratedQuestion(question, kind.name, draft.inputs, draft.key.text, variants)


def _at(prices: PriceTable, seed: int, position: int) -> GeneratedQuestion:
    kind = _KINDS[position % len(_KINDS)]
    rng = random.Random(f"studycards.calc:{seed}:{position}")
    draft = kind.build(prices, rng)
    qid = f"gen.{_FAMILY[kind.topic]}.{_seed_text(seed)}.{position}"
    return _finish(prices, kind, draft, qid, rng)


def generate_specs(
    prices: PriceTable,
    count: int,
    seed: int,
    topics: set[str] | None = None,
    *,
    domain: str | None = None,
    difficulty: str | None = None,
) -> list[GeneratedQuestion]:
    """`count` generated questions with the inputs behind each key (see `generate_questions`)."""
    if count < 0:
        raise ValueError("count cannot be negative")

    def wanted(kind: _Kind) -> bool:
        return (
            (topics is None or kind.topic in topics)
            and (domain is None or kind.domain == domain)
            and (difficulty is None or kind.difficulty == difficulty)
        )

    if count == 0 or not any(wanted(k) for k in _KINDS):
        return []
    out: list[GeneratedQuestion] = []
    position = 0
    while len(out) < count:
        if wanted(_KINDS[position % len(_KINDS)]):
            out.append(_at(prices, seed, position))
        position += 1
    return out


def generate_questions(
    prices: PriceTable,
    count: int,
    seed: int,
    topics: set[str] | None = None,
    *,
    domain: str | None = None,
    difficulty: str | None = None,
) -> list[Question]:
    """`count` numeric questions on pricing and concurrency, reproducible for a seed.

    Kinds rotate through GB-seconds, required concurrency, monthly cost, throttling, provisioned
    cost, scaling time, arm64 savings and which-setting-fixes-it. `topics` keeps only questions
    whose topic ("pricing", "concurrency") is in the set (other topics are ignored); `domain` and
    `difficulty` keep only kinds of that exam domain and difficulty (none may match: then the list
    is empty). Ids are `gen.cost.<seed>.<n>` / `gen.concurrency.<seed>.<n>`, where n is the position
    in the seed's stream, so an id always names the same question.
    """
    return [
        g.question for g in generate_specs(prices, count, seed, topics, domain=domain, difficulty=difficulty)
    ]


def generated_question(prices: PriceTable, question_id: str) -> Question | None:
    """Rebuild a generated question from its id (None when the id is not a generated one)."""
    spec = generated_spec(prices, question_id)
    return spec.question if spec else None


def generated_spec(prices: PriceTable, question_id: str) -> GeneratedQuestion | None:
    """The generated question and its inputs for an id from `generate_questions`."""
    match = _ID_RE.match(question_id)
    if not match:
        return None
    _, seed_text, position_text = match.groups()
    seed = -int(seed_text[1:]) if seed_text.startswith("n") else int(seed_text)
    position = int(position_text)
    spec = _at(prices, seed, position)
    return spec if spec.question.id == question_id else None  # the family must match the position


def _inputs_digest(inputs: CostInputs | ConcurrencyInputs, kind: str) -> str:
    payload = json.dumps({"kind": kind, **inputs.to_json()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


def spec_from_inputs(
    prices: PriceTable,
    *,
    cost: CostInputs | None = None,
    concurrency: ConcurrencyInputs | None = None,
    seed: int = 0,
) -> GeneratedQuestion:
    """One generated question, with its inputs, built from the calculator's current inputs.

    Give exactly one of cost/concurrency.

    Cost inputs give a monthly-bill question (priced with provisioned concurrency when it is set);
    concurrency inputs give a throttling question when the function is throttled, otherwise a
    required-concurrency question. The id (`gen.cost.custom.<digest>`) depends only on the inputs.
    Raises CalcInputError for inputs outside Lambda's limits.
    """
    if (cost is None) == (concurrency is None):
        raise ValueError("give exactly one of cost= or concurrency=")
    rng = random.Random(f"studycards.calc.custom:{seed}")
    if cost is not None:
        result = compute_cost(prices, cost)
        if cost.has_provisioned:
            kind = next(k for k in _KINDS if k.name == "provisioned-cost")
            draft = _provisioned_draft(prices, cost, result)
            draft = replace(draft, stem=draft.stem.replace(", all on the provisioned environments", ""))
        else:
            kind = next(k for k in _KINDS if k.name == "monthly-cost")
            draft = _monthly_cost_draft(prices, cost)
        return _finish(prices, kind, draft, f"gen.cost.custom.{_inputs_digest(cost, kind.name)}", rng)
    assert concurrency is not None
    base = compute_concurrency(prices, concurrency, what_if=False)
    if base.throttled and concurrency.reserved is None and concurrency.rps > 0:
        kind = next(k for k in _KINDS if k.name == "throttled-rps")
        draft = _throttled_draft(prices, concurrency)
    else:
        kind = next(k for k in _KINDS if k.name == "required-concurrency")
        draft = _required_draft(prices, concurrency)
    return _finish(
        prices, kind, draft, f"gen.concurrency.custom.{_inputs_digest(concurrency, kind.name)}", rng
    )


def generate_from_inputs(
    prices: PriceTable,
    *,
    cost: CostInputs | None = None,
    concurrency: ConcurrencyInputs | None = None,
    seed: int = 0,
) -> Question:
    """One question built from the calculator's current inputs (see `spec_from_inputs`)."""
    return spec_from_inputs(prices, cost=cost, concurrency=concurrency, seed=seed).question
