"""Lambda cost and concurrency models: pure functions over a price table (no UI imports).

prices = load_price_table()
result = compute_cost(prices, CostInputs(requests=3_000_000, duration_ms=Decimal(1000), memory_mb=512))
result.total, result.working, result.to_json()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Each name is imported from its module on first use, so `studycards.calc.limits` (which the
# command line's help text needs) stays cheap to import.
_HOMES = {
    "ConcurrencyInputs": "studycards.calc.concurrency",
    "ConcurrencyResult": "studycards.calc.concurrency",
    "ScalingOutcome": "studycards.calc.concurrency",
    "TimelinePoint": "studycards.calc.concurrency",
    "WhatIf": "studycards.calc.concurrency",
    "check_concurrency_inputs": "studycards.calc.concurrency",
    "compute_concurrency": "studycards.calc.concurrency",
    "scaling_timeline": "studycards.calc.concurrency",
    "CostInputs": "studycards.calc.cost",
    "CostResult": "studycards.calc.cost",
    "MemoryCostPoint": "studycards.calc.cost",
    "TierCharge": "studycards.calc.cost",
    "apply_tiers": "studycards.calc.cost",
    "check_cost_inputs": "studycards.calc.cost",
    "compute_cost": "studycards.calc.cost",
    "cost_vs_memory": "studycards.calc.cost",
    "CalcInputError": "studycards.calc.errors",
    "PriceTable": "studycards.calc.prices",
    "PriceTableError": "studycards.calc.prices",
    "load_price_table": "studycards.calc.prices",
    "read_price_table": "studycards.calc.prices",
    "GeneratedQuestion": "studycards.calc.questions",
    "generate_from_inputs": "studycards.calc.questions",
    "generate_questions": "studycards.calc.questions",
    "generate_specs": "studycards.calc.questions",
    "generated_question": "studycards.calc.questions",
    "generated_spec": "studycards.calc.questions",
    "spec_from_inputs": "studycards.calc.questions",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


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
