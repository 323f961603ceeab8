"""The Lambda cost calculator: the monthly bill, the working and cost against memory, live."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, Select, Static, Switch

from studycards.calc.cost import STANDARD_MEMORY_SIZES, CostInputs, CostResult, compute_cost, cost_vs_memory
from studycards.calc.errors import CalcInputError
from studycards.calc.numbers import dollars, grouped
from studycards.calc.prices import ARCHITECTURES, PriceTable
from studycards.tui.widgets.calc_base import STALE_NOTE, Calculator
from studycards.tui.widgets.calc_charts import draw_cost_vs_memory
from studycards.tui.widgets.calc_fields import COST_FIELDS

ARCH_LABELS = {"x86_64": "x86_64", "arm64": "arm64 (Graviton)"}
OPTIONAL_CHARGES = {"Provisioned concurrency", "Ephemeral storage"}  # shown only when they cost something


class CostCalculator(Calculator):
    """Requests, duration, memory, architecture, free tier and provisioned concurrency -> a bill."""

    PREFIX = "cost"
    FIELDS = COST_FIELDS
    RESULTS = "bill"
    RESULTS_TITLE = "Monthly bill"
    CHART_TITLE = "Cost vs memory · same duration"

    result: reactive[CostResult | None] = reactive(None, init=False)
    """The last valid bill."""
    cpu_bound: reactive[bool] = reactive(False, init=False)
    """Whether the chart models a duration that shrinks as memory grows."""

    class AskQuestion(Message):
        """The learner asks for a question built from these cost inputs."""

        def __init__(self, inputs: CostInputs) -> None:
            super().__init__()
            self.inputs = inputs

    def __init__(self) -> None:
        super().__init__()
        self.architecture: Select[str] = Select(
            [(ARCH_LABELS.get(a, a), a) for a in ARCHITECTURES],
            value=ARCHITECTURES[0],
            allow_blank=False,
            compact=True,
            id="cost-architecture",
        )
        self.free_tier = Switch(True, id="cost-free_tier")
        self.free_note = Static("", id="cost-free-note", classes="calc-note", markup=False)

    @property
    def inputs(self) -> CostInputs | None:
        """The inputs of the last valid bill."""
        return None if self.result is None else self.result.inputs

    def compose_inputs(self) -> ComposeResult:
        yield from self.compose_rows(COST_FIELDS[:3])
        with Horizontal(classes="calc-row"):
            yield Label("Architecture", classes="calc-label", markup=False)
            yield self.architecture
        with Horizontal(classes="calc-row"):
            yield Label("Free tier", classes="calc-label", markup=False)
            yield self.free_tier
            yield self.free_note
        yield from self.compose_rows(COST_FIELDS[3:])
        yield Static("units: 3M 1.5k · 200ms 1s · 512MB 1GB · 720h 30d", classes="calc-units", markup=False)

    @on(Select.Changed, "#cost-architecture")
    @on(Switch.Changed, "#cost-free_tier")
    def _control_changed(self) -> None:
        self.schedule()

    def reset(self) -> None:
        super().reset()
        self.architecture.value = ARCHITECTURES[0]
        self.free_tier.value = True

    # -- engine -------------------------------------------------------------------------------
    def compute(self, prices: PriceTable, values: dict[str, Any]) -> CostResult:
        arch = str(self.architecture.value)
        return compute_cost(prices, CostInputs(**values, architecture=arch, free_tier=self.free_tier.value))

    def show_result(self) -> None:
        result = self.result
        if result is None:
            return
        parts: list[str | tuple[str, str]] = []
        if self.stale:
            parts.append((STALE_NOTE + "\n", "$warning bold"))
        rows = [
            (label, dollars(amount), "bold" if label == "Total" else "")
            for label, amount in result.charges()
            if amount or label not in OPTIONAL_CHARGES
        ]
        per_million = result.cost_per_million_requests
        if per_million is not None:
            rows.append(("Per million requests", dollars(per_million), ""))
        width = max(len(label) for label, _, _ in rows)
        money = max(len(amount) for _, amount, _ in rows)
        for label, amount, style in rows:
            parts.append((f"{label:<{width}}  {amount:>{money}}\n", style))
        parts.append((f"GB-seconds {grouped(result.gb_seconds)}", "$accent"))
        parts.append((f" · billable {grouped(result.billable_gb_seconds)}", "dim"))
        self.results.update(Content.assemble(*parts))
        if not result.inputs.free_tier:
            note = "off"
        else:
            note = "on" if result.free_tier_applied else "on, but not with provisioned"
        self.free_note.update(Content(note))
        self.show_working(result.working)

    # -- chart --------------------------------------------------------------------------------
    def watch_cpu_bound(self) -> None:
        self.draw_chart()

    def draw_chart(self) -> None:
        if self.prices is None or self.result is None:
            return
        inputs = self.result.inputs
        sizes = sorted({*STANDARD_MEMORY_SIZES, inputs.memory_mb})
        try:
            points = cost_vs_memory(self.prices, inputs, sizes, cpu_bound=self.cpu_bound)
        except CalcInputError:
            points = []
        colors = self.chart_colors()
        legend = draw_cost_vs_memory(self.chart, points, inputs.memory_mb, self.result.total, colors)
        self.show_legend(legend)
        model = "duration shrinks as memory grows" if self.cpu_bound else "same duration"
        self.chart_panel.border_title = f"Cost vs memory · {model}"

    def question_request(self) -> Message | None:
        inputs = self.inputs
        return None if inputs is None else self.AskQuestion(inputs)
