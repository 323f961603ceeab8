"""The Lambda concurrency calculator: throttling against the quota and scaling after a burst, live."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from studycards.calc.concurrency import ConcurrencyInputs, ConcurrencyResult, compute_concurrency
from studycards.calc.numbers import grouped
from studycards.tui.widgets.calc_base import STALE_NOTE, Calculator
from studycards.tui.widgets.calc_charts import draw_scaling
from studycards.tui.widgets.calc_fields import CONCURRENCY_FIELDS

if TYPE_CHECKING:
    from studycards.calc.prices import PriceTable


class ConcurrencyCalculator(Calculator):
    """Requests per second and duration against the account quota, reserved and provisioned."""

    PREFIX = "conc"
    FIELDS = CONCURRENCY_FIELDS
    RESULTS = "summary"
    RESULTS_TITLE = "Result"
    CHART_TITLE = "Environments after a sudden burst"
    CHART_SUBTITLE = "x: seconds · y: concurrency"

    result: reactive[ConcurrencyResult | None] = reactive(None, init=False)
    """The last valid result."""

    class AskQuestion(Message):
        """The learner asks for a question built from these concurrency inputs."""

        def __init__(self, inputs: ConcurrencyInputs) -> None:
            super().__init__()
            self.inputs = inputs

    @property
    def inputs(self) -> ConcurrencyInputs | None:
        """The inputs of the last valid result."""
        return None if self.result is None else self.result.inputs

    def compose_inputs(self) -> ComposeResult:
        yield from self.compose_rows(CONCURRENCY_FIELDS)
        yield Static("units: 250 1.5k · 200ms 1s", classes="calc-units", markup=False)

    def prices_arrived(self, prices: PriceTable) -> None:
        super().prices_arrived(prices)
        # A blank account quota means the table's default: say which.
        self.fields["account_limit"].placeholder = f"blank = {prices.default_account_quota:,}"

    # -- engine -------------------------------------------------------------------------------
    def compute(self, prices: PriceTable, values: dict[str, Any]) -> ConcurrencyResult:
        return compute_concurrency(prices, ConcurrencyInputs(**values))

    def show_result(self) -> None:
        result = self.result
        if result is None:
            return
        parts: list[str | tuple[str, str]] = []
        if self.stale:
            parts.append((STALE_NOTE + "\n", "$warning bold"))
        # Label 10 + figure 8 + note of at most 18 characters: fits the narrow left column.
        parts.append(f"{'Required':<10}{result.required_concurrency:>8,}\n")
        source = "reserved for it" if result.available_source == "reserved" else "unreserved pool"
        parts += [f"{'Available':<10}{result.available_concurrency:>8,}", (f"  {source}\n", "dim")]
        parts.append(f"{'Throttled':<10}")
        if result.throttled:
            parts.append((f"{'YES':>8}  {result.throttled_concurrency:,} over\n", "$error bold"))
            parts.append((f"{'':<10}{grouped(result.throttled_rps):>8}  rps get HTTP 429\n", "$error"))
        else:
            parts.append((f"{'no':>8}\n", "$success"))
        parts += [
            f"{'Warm':<10}{result.warm_concurrency:>8,}",
            (f"  {result.on_demand_concurrency:,} on demand\n", "dim"),
        ]
        parts += [f"{'Scale-up':<10}{result.seconds_to_scale:>6,} s", ("  current rule\n", "dim")]
        parts += [f"{'':<10}{result.legacy.seconds_to_scale:>6,} s", ("  pre-2023 rule", "dim")]
        self.results.update(Content.assemble(*parts))
        lines = list(result.working)
        if result.what_if:
            lines += ["", "What would change it:"]
            lines += [f"  - {w.summary()}" for w in result.what_if]
        self.show_working(lines)

    def draw_chart(self) -> None:
        if self.result is not None:
            self.show_legend(draw_scaling(self.chart, self.result, self.chart_colors()))

    def question_request(self) -> Message | None:
        inputs = self.inputs
        return None if inputs is None else self.AskQuestion(inputs)
