"""Exam-style numeric questions generated from the cost and concurrency models.

Each key is computed by the model; each distractor is the number a learner gets from one classic
mistake (forgetting the free tier, MB vs GB, dropping the request charge, per-second billing,
confusing reserved with provisioned concurrency, the retired scaling rule), and every option's
`why` shows the arithmetic. The questions have the same shape as authored ones, so the quiz and
the TUI use them unchanged. A question is fully determined by its id (`gen.cost.<seed>.<n>`):
`generated_question(prices, id)` rebuilds it.
"""

from studycards.calc.questions.drafts import (
    DECK,
    GENERATED_ORIGIN,
    OPTIONS_PER_QUESTION,
    TOPICS,
    GeneratedQuestion,
)
from studycards.calc.questions.stream import (
    KIND_NAMES,
    generate_from_inputs,
    generate_questions,
    generate_specs,
    generated_question,
    generated_spec,
    spec_from_inputs,
)

__all__ = [
    "DECK",
    "GENERATED_ORIGIN",
    "KIND_NAMES",
    "OPTIONS_PER_QUESTION",
    "TOPICS",
    "GeneratedQuestion",
    "generate_from_inputs",
    "generate_questions",
    "generate_specs",
    "generated_question",
    "generated_spec",
    "spec_from_inputs",
]
