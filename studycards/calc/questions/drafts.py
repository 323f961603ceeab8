"""A question in the making: choices, drafts and kinds, sources, option picking, fallback distractors."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from pathlib import Path

from studycards.calc.concurrency import ConcurrencyInputs
from studycards.calc.cost import CostInputs, CostResult, apply_tiers
from studycards.calc.numbers import PRECISION, ceil_to, dollars, exact
from studycards.calc.prices import PriceTable
from studycards.content.model import Origin, Question

DECK = "lambda"
TOPICS: tuple[str, ...] = ("pricing", "concurrency")
GENERATED_ORIGIN = Origin(Path("<generated>"), 0)
OPTIONS_PER_QUESTION = 4
MAX_ATTEMPTS = 50


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
class Choice:
    text: str
    why: str
    variant: ConcurrencyInputs | None = None
    sort_key: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    topic: str
    domain: str
    difficulty: str
    build: Callable[[PriceTable, random.Random], Draft]


@dataclass(frozen=True, slots=True)
class Draft:
    stem: str
    key: Choice
    wrong: list[Choice]
    inputs: CostInputs | ConcurrencyInputs
    sources: tuple[str, ...]
    numeric: bool = True
    fallback: Callable[[int], Choice] | None = None





def _source(prices: PriceTable, fragment: str) -> str:
    for url in prices.sources:
        if fragment in url:
            return url
    return prices.sources[0]


def pricing_sources(prices: PriceTable, *extra: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys([_source(prices, "lambda/pricing"), *(_source(prices, e) for e in extra)]))


def concurrency_sources(prices: PriceTable) -> tuple[str, ...]:
    return tuple(dict.fromkeys([_source(prices, "lambda-concurrency"), _source(prices, "scaling-behavior")]))


def first_tier(prices: PriceTable, arch: str) -> Decimal:
    """The on-demand duration price of the first tier (where nearly every workload bills)."""
    return prices.duration_tiers[arch][0].price_per_gb_second


def money_choice(value: Decimal, why: str) -> Choice:
    return Choice(dollars(value), why, sort_key=value)


def mistaken_on_demand(
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


def key_why(result: CostResult) -> str:
    lines = [line.strip() for line in result.working if not line.startswith("Per million")]
    return "Correct. " + " ".join(line if line.endswith(".") else line + "." for line in lines)


def pick(prices: PriceTable, rng: random.Random, draft: Draft) -> list[Choice]:
    """The key plus OPTIONS_PER_QUESTION - 1 distractors whose texts differ from it and each other."""
    seen = {draft.key.text}
    chosen: list[Choice] = []
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


def money_fallback(key: Decimal) -> Callable[[int], Choice]:
    def make(i: int) -> Choice:
        if key <= 0:
            value = Decimal("0.20") * i
            return money_choice(
                value,
                f"Charges {dollars(value)} for usage the monthly free tier covers; everything here is "
                "within the free requests and GB-seconds, so the bill is $0.00.",
            )
        factor = [Decimal(10), Decimal("0.1"), Decimal(2), Decimal("0.5"), Decimal(100)][(i - 1) % 5]
        value = key * factor + Decimal(i // 5)
        return money_choice(
            value,
            f"A slip in the arithmetic (about {dollars(key)} x {factor} = {dollars(value)}); "
            f"the working gives {dollars(key)}.",
        )

    return make


def count_fallback(key: int, unit: str) -> Callable[[int], Choice]:
    def make(i: int) -> Choice:
        value = key * (10 ** ((i + 1) // 2)) if i % 2 else max(0, key // (10 ** (i // 2))) + i
        return Choice(
            f"{value:,}{unit}",
            f"A slip in the arithmetic (a factor of 10 or a stray digit); rps x duration gives "
            f"{key:,}{unit}.",
            sort_key=Decimal(value),
        )

    return make
