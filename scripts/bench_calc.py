"""Calculator benchmarks: price table load, cost and concurrency models, generated questions, CLI."""

from __future__ import annotations

from decimal import Decimal

from benchutil import PYTHON, command_ms, median_ms


def measure() -> dict[str, float]:
    from studycards.calc.concurrency import ConcurrencyInputs, compute_concurrency
    from studycards.calc.cost import CostInputs, compute_cost, cost_vs_memory
    from studycards.calc.prices import default_price_file, load_price_table, read_price_table
    from studycards.calc.questions import generate_questions

    prices = load_price_table()
    cost_inputs = CostInputs(
        30_000_000, Decimal("149.2"), 1536, provisioned_concurrency=10, provisioned_hours=Decimal(720)
    )
    burst = ConcurrencyInputs(Decimal(20_000), Decimal(500), account_limit=20_000, provisioned=100)
    return {
        "calc.read_price_table_ms": median_ms(lambda: read_price_table(default_price_file())),
        "calc.compute_cost_ms": median_ms(lambda: compute_cost(prices, cost_inputs), repeat=51),
        "calc.cost_vs_memory_11_sizes_ms": median_ms(lambda: cost_vs_memory(prices, cost_inputs), repeat=21),
        "calc.compute_concurrency_ms": median_ms(lambda: compute_concurrency(prices, burst), repeat=51),
        "calc.generate_100_questions_ms": median_ms(
            lambda: generate_questions(prices, 100, seed=1), repeat=5
        ),
        "calc.cli_cost_json_ms": command_ms(
            [
                PYTHON,
                "-m",
                "studycards",
                "calc",
                "cost",
                "--requests",
                "3M",
                "--duration-ms",
                "1s",
                "--memory-mb",
                "512",
                "--json",
            ],
            repeat=5,
        ),
    }
