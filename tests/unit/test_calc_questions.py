"""Generated questions: every key checked against the model, distractors distinct, same shape as authored."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from studycards.calc.concurrency import ConcurrencyInputs, compute_concurrency
from studycards.calc.cost import CostInputs, compute_cost
from studycards.calc.errors import CalcInputError
from studycards.calc.numbers import dollars, grouped
from studycards.calc.prices import PriceTable, load_price_table
from studycards.calc.questions import (
    KIND_NAMES,
    GeneratedQuestion,
    generate_from_inputs,
    generate_questions,
    generate_specs,
    generated_question,
    spec_from_inputs,
)
from studycards.content.loader import load_library
from studycards.content.model import DIFFICULTIES, DOMAINS, Origin, Question

D = Decimal
SEEDS = range(60)


@pytest.fixture(scope="module")
def prices() -> PriceTable:
    return load_price_table()


@pytest.fixture(scope="module")
def many(prices: PriceTable) -> list[GeneratedQuestion]:
    return [g for seed in SEEDS for g in generate_specs(prices, len(KIND_NAMES) * 2, seed)]


def model_answer(prices: PriceTable, g: GeneratedQuestion) -> str:
    """The key recomputed from the question's inputs by the model, formatted as the options are."""
    i = g.inputs
    if isinstance(i, CostInputs):
        cost = compute_cost(prices, i)
        if g.kind == "gb-seconds":
            return f"{grouped(cost.billable_gb_seconds)} GB-s"
        if g.kind == "arm-savings":
            return dollars(cost.total - compute_cost(prices, replace(i, architecture="arm64")).total)
        assert g.kind in ("monthly-cost", "provisioned-cost")
        return dollars(cost.total)
    r = compute_concurrency(prices, i, what_if=False)
    if g.kind == "required-concurrency":
        return f"{r.required_concurrency:,}"
    if g.kind == "throttled-rps":
        return f"{grouped(r.throttled_rps)} requests per second"
    assert g.kind == "scaling-time", g.kind
    return f"{r.seconds_to_scale} seconds"


def test_every_kind_is_generated(many: list[GeneratedQuestion]) -> None:
    assert {g.kind for g in many} == set(KIND_NAMES)


def test_every_numeric_key_matches_the_model(prices: PriceTable, many: list[GeneratedQuestion]) -> None:
    checked = 0
    for g in many:
        if g.kind == "fix-throttling":
            continue
        correct = [o for o in g.question.options if o.correct]
        assert len(correct) == 1, g.question.id
        assert correct[0].text == g.answer == model_answer(prices, g), g.question.id
        checked += 1
    assert checked > 500


def test_fix_throttling_options_are_judged_by_the_model(
    prices: PriceTable, many: list[GeneratedQuestion]
) -> None:
    fixes = [g for g in many if g.kind == "fix-throttling"]
    assert len(fixes) >= len(SEEDS)
    for g in fixes:
        assert compute_concurrency(prices, g.inputs, what_if=False).throttled  # type: ignore[arg-type]
        assert len(g.variants) == len(g.question.options)
        for option, variant in zip(g.question.options, g.variants, strict=True):
            try:
                fixed = not compute_concurrency(prices, variant, what_if=False).throttled
            except CalcInputError:  # a setting Lambda refuses is never the answer
                assert not option.correct
                assert "Lambda refuses this" in option.why
                continue
            assert fixed == option.correct, (g.question.id, option.text)


def test_options_are_distinct_and_every_option_explains_itself(many: list[GeneratedQuestion]) -> None:
    for g in many:
        q = g.question
        texts = [o.text for o in q.options]
        assert len(texts) == 4 and len(set(texts)) == 4, q.id
        assert sum(o.correct for o in q.options) == q.choose == 1
        for option in q.options:
            assert option.why.strip(), q.id
            assert any(ch.isdigit() for ch in option.why), (q.id, option.why)


def test_distractors_come_from_named_mistakes_not_filler(many: list[GeneratedQuestion]) -> None:
    filler = [o for g in many for o in g.question.options if "slip" in o.why or o.why.startswith("Off by")]
    assert len(filler) <= len(many) // 50


def test_same_shape_as_authored_questions(many: list[GeneratedQuestion]) -> None:
    for g in many:
        q = g.question
        assert isinstance(q, Question)
        assert q.deck == "lambda"
        assert q.topic in ("pricing", "concurrency")
        assert q.domain in DOMAINS and q.difficulty in DIFFICULTIES
        assert q.origin == Origin(Path("<generated>"), 0)
        assert q.sources and all(s.startswith("https://") for s in q.sources)
        family = "cost" if q.topic == "pricing" else "concurrency"
        assert q.id.startswith(f"gen.{family}.")
        assert "generated" in q.tags


def test_generated_questions_load_through_the_content_loader(tmp_path: Path, prices: PriceTable) -> None:
    questions = generate_questions(prices, 24, seed=7)
    deck = tmp_path / "decks" / "gen"
    deck.mkdir(parents=True)
    (deck / "deck.yaml").write_text(
        yaml.safe_dump(
            {
                "deck": "lambda",
                "title": "Generated",
                "topics": [
                    {"slug": "pricing", "title": "Pricing", "domains": ["cost"], "tasks": ["4.2"]},
                    {"slug": "concurrency", "title": "Concurrency", "domains": ["resilient"],
                     "tasks": ["3.2"]},
                ],
            }
        )
    )
    for topic in ("pricing", "concurrency"):
        raw = [
            {
                "id": q.id,
                "stem": q.stem,
                "choose": q.choose,
                "domain": q.domain,
                "difficulty": q.difficulty,
                "tasks": list(q.tasks) or (["4.2"] if topic == "pricing" else ["3.2"]),
                "tags": list(q.tags),
                "sources": list(q.sources),
                "options": [{"text": o.text, "correct": o.correct, "why": o.why} for o in q.options],
            }
            for q in questions
            if q.topic == topic
        ]
        (deck / f"{topic}.yaml").write_text(
            yaml.safe_dump({"topic": topic, "questions": raw}, sort_keys=False)
        )
    result = load_library([tmp_path / "decks"])
    assert result.problems == []
    loaded = {q.id: q for q in result.library.questions}
    for q in questions:
        assert loaded[q.id].options == q.options
        assert loaded[q.id].stem == q.stem


def test_reproducible_for_a_seed_and_different_across_seeds(prices: PriceTable) -> None:
    first = generate_questions(prices, 16, seed=42)
    assert first == generate_questions(prices, 16, seed=42)
    assert [q.id for q in first] == [
        f"gen.{'cost' if q.topic == 'pricing' else 'concurrency'}.42.{n}" for n, q in enumerate(first)
    ]
    other = generate_questions(prices, 16, seed=43)
    assert [q.stem for q in first] != [q.stem for q in other]


def test_an_id_always_names_the_same_question(prices: PriceTable) -> None:
    everything = generate_questions(prices, 16, seed=5)
    assert generate_questions(prices, 4, seed=5) == everything[:4]
    pricing_only = generate_questions(prices, 6, seed=5, topics={"pricing"})
    assert all(q.topic == "pricing" for q in pricing_only)
    by_id = {q.id: q for q in everything}
    for q in pricing_only[:4]:
        assert by_id[q.id] == q
    for q in everything:
        assert generated_question(prices, q.id) == q


def test_generated_question_ignores_other_ids(prices: PriceTable) -> None:
    assert generated_question(prices, "lambda.concurrency.q.noisy-neighbour") is None
    assert generated_question(prices, "gen.cost.5.1") is None  # position 1 is a concurrency question


def test_topic_filter_and_counts(prices: PriceTable) -> None:
    assert generate_questions(prices, 0, seed=1) == []
    assert generate_questions(prices, 5, seed=1, topics={"limits"}) == []
    concurrency = generate_questions(prices, 9, seed=1, topics={"concurrency", "limits"})
    assert len(concurrency) == 9 and {q.topic for q in concurrency} == {"concurrency"}
    with pytest.raises(ValueError, match="count cannot be negative"):
        generate_questions(prices, -1, seed=1)


def test_negative_seed_gives_a_valid_id(prices: PriceTable) -> None:
    q = generate_questions(prices, 1, seed=-3)[0]
    assert q.id == "gen.cost.n3.0"
    assert generated_question(prices, q.id) == q


def test_from_cost_inputs(prices: PriceTable) -> None:
    inputs = CostInputs(3_000_000, D(1000), 512)
    g = spec_from_inputs(prices, cost=inputs)
    assert g.answer == "$18.73"
    assert [o.text for o in g.question.options if o.correct] == ["$18.73"]
    assert "3,000,000" in g.question.stem and "512 MB" in g.question.stem
    texts = {o.text for o in g.question.options}
    assert "$25.60" in texts  # forgot the free tier: 1.5M GB-s and 3M requests
    assert g.question.id.startswith("gen.cost.custom.")
    assert spec_from_inputs(prices, cost=inputs).question == g.question
    assert spec_from_inputs(prices, cost=replace(inputs, memory_mb=1024)).question.id != g.question.id


def test_from_cost_inputs_with_provisioned_concurrency(prices: PriceTable) -> None:
    inputs = CostInputs(3_000_000, D(100), 1024, provisioned_concurrency=10, provisioned_hours=D(720))
    g = spec_from_inputs(prices, cost=inputs)
    assert g.kind == "provisioned-cost"
    assert g.answer == dollars(compute_cost(prices, inputs).total)
    assert any("free tier does not apply" in o.why for o in g.question.options if not o.correct)


def test_from_cost_inputs_inside_the_free_tier_still_has_distinct_options(prices: PriceTable) -> None:
    g = spec_from_inputs(prices, cost=CostInputs(100_000, D(10), 128))
    assert g.answer == "$0.00"
    assert len({o.text for o in g.question.options}) == 4


def test_from_concurrency_inputs(prices: PriceTable) -> None:
    throttled = spec_from_inputs(prices, concurrency=ConcurrencyInputs(D(2000), D(500), other_reserved=300))
    assert throttled.kind == "throttled-rps"
    assert throttled.answer == "600 requests per second"
    calm = spec_from_inputs(prices, concurrency=ConcurrencyInputs(D(100), D(500)))
    assert calm.kind == "required-concurrency" and calm.answer == "50"
    assert calm.question.id.startswith("gen.concurrency.custom.")


def test_from_inputs_refuses_bad_calls(prices: PriceTable) -> None:
    with pytest.raises(ValueError, match="exactly one of cost= or concurrency="):
        spec_from_inputs(prices)
    with pytest.raises(ValueError, match="exactly one of cost= or concurrency="):
        spec_from_inputs(prices, cost=CostInputs(1, D(1), 128), concurrency=ConcurrencyInputs(D(1), D(1)))
    with pytest.raises(CalcInputError, match="memory 100 MB is outside Lambda's memory limit"):
        spec_from_inputs(prices, cost=CostInputs(1, D(1), 100))


def test_generate_from_inputs_returns_the_question(prices: PriceTable) -> None:
    inputs = CostInputs(30_000_000, D(200), 128)
    q = generate_from_inputs(prices, cost=inputs)
    assert isinstance(q, Question)
    assert q == spec_from_inputs(prices, cost=inputs).question
    assert [o.text for o in q.options if o.correct] == ["$11.63"]
