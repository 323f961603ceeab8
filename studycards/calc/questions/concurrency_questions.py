"""Concurrency questions: required concurrency, throttling, scaling time and which setting fixes it."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from decimal import Decimal

from studycards.calc.concurrency import ConcurrencyInputs, compute_concurrency
from studycards.calc.errors import CalcInputError
from studycards.calc.numbers import exact, grouped
from studycards.calc.prices import PriceTable
from studycards.calc.questions.drafts import (
    MAX_ATTEMPTS,
    OPTIONS_PER_QUESTION,
    Choice,
    Draft,
    concurrency_sources,
    count_fallback,
)

_RPS_CHOICES = (40, 50, 80, 100, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000, 2500, 3000)
_CONC_DURATIONS = (
    *("50", "100", "150", "200", "250", "300", "400"),
    *("500", "750", "800", "1000", "1500", "2000"),
)


def build_required(prices: PriceTable, rng: random.Random) -> Draft:
    inputs = ConcurrencyInputs(
        rps=Decimal(rng.choice(_RPS_CHOICES)), duration_ms=Decimal(rng.choice(_CONC_DURATIONS))
    )
    return required_draft(prices, inputs)


def required_draft(prices: PriceTable, inputs: ConcurrencyInputs) -> Draft:
    result = compute_concurrency(prices, inputs, what_if=False)
    secs = exact(inputs.duration_ms / 1000)
    rps = inputs.rps
    key_value = result.required_concurrency
    rounded = (
        f" = {grouped(result.required_exact)}, rounded up to {key_value:,} whole environments"
        if result.required_exact != key_value
        else f" = {key_value:,}"
    )
    key = Choice(
        f"{key_value:,}",
        f"Correct. Concurrency = requests per second x duration in seconds: "
        f"{grouped(rps)} x {grouped(secs)} s{rounded}.",
        sort_key=Decimal(key_value),
    )
    wrong: list[Choice] = []

    def count(value: Decimal, why: str) -> None:
        n = math.ceil(value)
        wrong.append(Choice(f"{n:,}", why, sort_key=Decimal(n)))

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
            Choice(
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
    return Draft(
        stem, key, wrong, inputs, concurrency_sources(prices), fallback=count_fallback(key_value, "")
    )


def build_throttled(prices: PriceTable, rng: random.Random) -> Draft:
    quota = prices.default_account_quota
    for _ in range(MAX_ATTEMPTS):
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
            return throttled_draft(prices, inputs)
        except (CalcInputError, ValueError):
            continue
    raise RuntimeError("could not draw a throttling scenario")  # pragma: no cover


def throttled_draft(prices: PriceTable, inputs: ConcurrencyInputs) -> Draft:
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
    key = Choice(
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
    wrong: list[Choice] = []

    def add(value: Decimal, why: str) -> None:
        value = exact(max(Decimal(0), value))
        wrong.append(Choice(rps_text(value), why, sort_key=value))

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
        Choice(
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
        Choice(
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
    return Draft(
        stem,
        key,
        wrong,
        inputs,
        concurrency_sources(prices),
        fallback=lambda i: Choice(
            rps_text(key_value + i * 100 * per_env),
            f"Off by {i * 100:,} environments; the working gives {rps_text(key_value)}.",
            sort_key=key_value + i * 100 * per_env,
        ),
    )


def build_scaling(prices: PriceTable, rng: random.Random) -> Draft:
    rule = prices.scaling
    limit = rng.choice((5, 10, 15, 20, 30)) * prices.default_account_quota
    target = rng.randrange(rule.initial // 100 + 5, limit // 100) * 100
    duration = Decimal(rng.choice(("100", "200", "500", "1000")))
    inputs = ConcurrencyInputs(
        rps=Decimal(target) * 1000 / duration, duration_ms=duration, account_limit=limit
    )
    return _scaling_draft(prices, inputs)


def _scaling_draft(prices: PriceTable, inputs: ConcurrencyInputs) -> Draft:
    result = compute_concurrency(prices, inputs, what_if=False)
    rule, old = prices.scaling, prices.legacy_scaling
    target = min(result.required_concurrency, result.available_concurrency)
    key_value = result.seconds_to_scale

    def secs_text(value: int | Decimal) -> str:
        value = exact(Decimal(value))
        return f"{grouped(value)} second{'s' if value != 1 else ''}"

    steps = key_value // rule.step_seconds
    key = Choice(
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
    wrong: list[Choice] = []
    wrong.append(
        Choice(
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
        Choice(
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
        Choice(
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
        Choice(
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
    return Draft(
        stem,
        key,
        wrong,
        inputs,
        concurrency_sources(prices),
        fallback=lambda i: Choice(
            secs_text(key_value + i * rule.step_seconds),
            f"One step of {rule.step_seconds} s too many; the working gives {secs_text(key_value)}.",
            sort_key=Decimal(key_value + i * rule.step_seconds),
        ),
    )


def _evaluate(prices: PriceTable, text: str, variant: ConcurrencyInputs, note: str) -> tuple[Choice, bool]:
    """An option that changes the settings, judged by the model: (choice, fixes the throttling)."""
    try:
        r = compute_concurrency(prices, variant, what_if=False)
    except CalcInputError as exc:
        return Choice(text, f"Lambda refuses this: {exc.message}. {note}", variant), False
    if r.throttled:
        return Choice(
            text,
            f"Still throttled: needs {r.required_concurrency:,}, only "
            f"{r.available_concurrency:,} available. {note}",
            variant,
        ), False
    return Choice(
        text,
        f"Fixes it: needs {r.required_concurrency:,} and {r.available_concurrency:,} are available. {note}",
        variant,
    ), True


def build_fix(prices: PriceTable, rng: random.Random) -> Draft:
    for _ in range(MAX_ATTEMPTS):
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


def _fix_draft(prices: PriceTable, inputs: ConcurrencyInputs, rng: random.Random) -> Draft:
    base = compute_concurrency(prices, inputs, what_if=False)
    if not base.throttled:
        raise ValueError("scenario is not throttled")
    required, limit, keep = base.required_concurrency, base.account_limit, prices.unreserved_minimum
    other = inputs.other_reserved
    fixing: list[Choice] = []
    failing: list[Choice] = []
    memory_fix: list[Choice] = []
    zero: list[Choice] = []

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
    return Draft(stem, key, wrong, inputs, concurrency_sources(prices), numeric=False)
