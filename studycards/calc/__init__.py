"""Lambda cost and concurrency models: pure functions over a price table (no UI imports).

prices = load_price_table()
result = compute_cost(prices, CostInputs(requests=3_000_000, duration_ms=Decimal(1000), memory_mb=512))
result.total, result.working, result.to_json()
"""

from __future__ import annotations

from studycards.calc.concurrency import (
    ConcurrencyInputs,
    ConcurrencyResult,
    ScalingOutcome,
    TimelinePoint,
    WhatIf,
    check_concurrency_inputs,
    compute_concurrency,
    scaling_timeline,
)
from studycards.calc.cost import (
    CostInputs,
    CostResult,
    MemoryCostPoint,
    TierCharge,
    apply_tiers,
    check_cost_inputs,
    compute_cost,
    cost_vs_memory,
)
from studycards.calc.errors import CalcInputError
from studycards.calc.prices import PriceTable, PriceTableError, load_price_table, read_price_table
from studycards.calc.questions import (
    GeneratedQuestion,
    generate_from_inputs,
    generate_questions,
    generate_specs,
    generated_question,
    generated_spec,
    spec_from_inputs,
)

__all__ = [
    "CalcInputError",
    "ConcurrencyInputs",
    "ConcurrencyResult",
    "CostInputs",
    "CostResult",
    "GeneratedQuestion",
    "MemoryCostPoint",
    "PriceTable",
    "PriceTableError",
    "ScalingOutcome",
    "TierCharge",
    "TimelinePoint",
    "WhatIf",
    "apply_tiers",
    "check_concurrency_inputs",
    "check_cost_inputs",
    "compute_concurrency",
    "compute_cost",
    "cost_vs_memory",
    "generate_from_inputs",
    "generate_questions",
    "generate_specs",
    "generated_question",
    "generated_spec",
    "load_price_table",
    "read_price_table",
    "scaling_timeline",
    "spec_from_inputs",
]
