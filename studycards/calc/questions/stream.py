"""The stream of generated questions: kinds in rotation, ids that rebuild them, questions from inputs."""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import replace

from studycards.calc.concurrency import ConcurrencyInputs, compute_concurrency
from studycards.calc.cost import CostInputs, compute_cost
from studycards.calc.prices import PriceTable
from studycards.calc.questions.concurrency_questions import (
    build_fix,
    build_required,
    build_scaling,
    build_throttled,
    required_draft,
    throttled_draft,
)
from studycards.calc.questions.cost_questions import (
    build_arm_savings,
    build_gb_seconds,
    build_monthly_cost,
    build_provisioned_cost,
    monthly_cost_draft,
    provisioned_draft,
)
from studycards.calc.questions.drafts import DECK, GENERATED_ORIGIN, Draft, GeneratedQuestion, Kind, pick
from studycards.content.model import Option, Question

_FAMILY = {"pricing": "cost", "concurrency": "concurrency"}
_ID_RE = re.compile(r"^gen\.(cost|concurrency)\.(n?\d+)\.(\d+)$")


_KINDS: tuple[Kind, ...] = (
    Kind("gb-seconds", "pricing", "cost", "easy", build_gb_seconds),
    Kind("required-concurrency", "concurrency", "performance", "easy", build_required),
    Kind("monthly-cost", "pricing", "cost", "medium", build_monthly_cost),
    Kind("throttled-rps", "concurrency", "resilient", "medium", build_throttled),
    Kind("provisioned-cost", "pricing", "cost", "hard", build_provisioned_cost),
    Kind("scaling-time", "concurrency", "performance", "medium", build_scaling),
    Kind("arm-savings", "pricing", "cost", "medium", build_arm_savings),
    Kind("fix-throttling", "concurrency", "resilient", "hard", build_fix),
)
KIND_NAMES: tuple[str, ...] = tuple(k.name for k in _KINDS)


def _seed_text(seed: int) -> str:
    return str(seed) if seed >= 0 else f"n{-seed}"


def _finish(
    prices: PriceTable, kind: Kind, draft: Draft, qid: str, rng: random.Random
) -> GeneratedQuestion:
    choices = pick(prices, rng, draft)
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

    def wanted(kind: Kind) -> bool:
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
            draft = provisioned_draft(prices, cost, result)
            draft = replace(draft, stem=draft.stem.replace(", all on the provisioned environments", ""))
        else:
            kind = next(k for k in _KINDS if k.name == "monthly-cost")
            draft = monthly_cost_draft(prices, cost)
        return _finish(prices, kind, draft, f"gen.cost.custom.{_inputs_digest(cost, kind.name)}", rng)
    assert concurrency is not None
    base = compute_concurrency(prices, concurrency, what_if=False)
    if base.throttled and concurrency.reserved is None and concurrency.rps > 0:
        kind = next(k for k in _KINDS if k.name == "throttled-rps")
        draft = throttled_draft(prices, concurrency)
    else:
        kind = next(k for k in _KINDS if k.name == "required-concurrency")
        draft = required_draft(prices, concurrency)
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
