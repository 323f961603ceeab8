"""Calculators: Lambda cost and concurrency with live results, the working, a chart and a question.

Every figure comes from `studycards.calc`: the screen parses what is typed with the CLI's unit
parsers (`widgets/calc_fields.py`), calls the engine (pure and fast, so on the UI thread after a
short debounce) and shows the result. The price table is read once, in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.lazy import Lazy
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, Switch, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from studycards.calc.concurrency import ConcurrencyInputs, ConcurrencyResult, compute_concurrency
from studycards.calc.cost import STANDARD_MEMORY_SIZES, CostInputs, CostResult, compute_cost, cost_vs_memory
from studycards.calc.errors import CalcInputError
from studycards.calc.numbers import dollars, grouped
from studycards.calc.prices import ARCHITECTURES
from studycards.content.model import Question
from studycards.tui.widgets.calc_charts import draw_cost_vs_memory, draw_scaling, theme_colors
from studycards.tui.widgets.calc_fields import CONCURRENCY_FIELDS, COST_FIELDS, CalcField, read_fields
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from studycards.calc.prices import PriceTable

WidgetType = TypeVar("WidgetType", bound=Widget)

DEBOUNCE_SECONDS = 0.15
COST = "cost"
CONCURRENCY = "conc"
TAB_IDS = {COST: "calc-cost", CONCURRENCY: "calc-conc"}
ARCH_LABELS = {"x86_64": "x86_64", "arm64": "arm64 (Graviton)"}
LETTERS = "ABCDE"
STALE_NOTE = "Stale: fix the input marked in red"
PANEL_TITLES = {
    "cost-inputs": "Inputs",
    "cost-bill": "Monthly bill",
    "cost-chart-panel": "Cost vs memory · same duration",
    "cost-working": "Working",
    "conc-inputs": "Inputs",
    "conc-summary": "Result",
    "conc-chart-panel": "Environments after a sudden burst",
    "conc-working": "Working",
}


def titled(widget: WidgetType) -> WidgetType:
    """`widget` with its panel title (and subtitle) from PANEL_TITLES, set before it mounts."""
    widget.border_title = PANEL_TITLES.get(widget.id or "")
    if widget.id == "conc-chart-panel":
        widget.border_subtitle = "x: seconds · y: concurrency"
    return widget


class ConcurrencyBody(Horizontal):
    """The concurrency tab's body, mounted lazily; it tells the screen when it is there."""

    def on_mount(self) -> None:
        screen = self.screen
        if isinstance(screen, CalcScreen):
            screen.concurrency_mounted()


class CalcScreen(Screen[None]):
    """Two calculators in tabs; inputs validate as you type and the results follow."""

    CSS_PATH = "calc.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]
    BINDINGS = [
        Binding("escape", "back", "Back", id="calc.back"),
        Binding("g", "ask", "Question", id="calc.ask"),
        Binding("ctrl+g", "ask_from_field", "Question", id="calc.ask_from_field"),
        Binding("v", "toggle_chart", "Chart", id="calc.chart"),
        Binding("m", "toggle_cpu_bound", "CPU-bound", id="calc.cpu_bound"),
        Binding("ctrl+t", "switch_tab", "Switch", id="calc.switch"),
        Binding("ctrl+r", "reset", "Defaults", id="calc.reset", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.prices: PriceTable | None = None
        self.cost_inputs: CostInputs | None = None
        self.cost_result: CostResult | None = None
        self.concurrency_inputs: ConcurrencyInputs | None = None
        self.concurrency_result: ConcurrencyResult | None = None
        self.errors: dict[str, dict[str, str]] = {COST: {}, CONCURRENCY: {}}
        self.cpu_bound = False
        self.questions_asked = 0
        self._dirty: set[str] = set()
        self._timer: Timer | None = None

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        with TabbedContent(id="calc-tabs"):
            with TabPane("Cost", id=TAB_IDS[COST]), Horizontal(classes="calc-body"):
                with VerticalScroll(classes="calc-left", can_focus=False):
                    yield from self._cost_inputs()
                    yield titled(Static("Loading prices…", id="cost-bill", classes="panel calc-results"))
                yield from self._chart_and_working(COST)
            # The hidden tab mounts just after the first paint, so the screen shows sooner.
            with TabPane("Concurrency", id=TAB_IDS[CONCURRENCY]), Lazy(ConcurrencyBody(classes="calc-body")):
                with VerticalScroll(classes="calc-left", can_focus=False):
                    with titled(Vertical(id="conc-inputs", classes="panel calc-inputs")):
                        yield from self._rows(CONCURRENCY, CONCURRENCY_FIELDS)
                        yield Static("units: 250 1.5k · 200ms 1s", classes="calc-units", markup=False)
                    yield titled(Static("Loading prices…", id="conc-summary", classes="panel calc-results"))
                yield from self._chart_and_working(CONCURRENCY)
        yield KeyBar()

    def _cost_inputs(self) -> ComposeResult:
        with titled(Vertical(id="cost-inputs", classes="panel calc-inputs")):
            yield from self._rows(COST, COST_FIELDS[:3])
            with Horizontal(classes="calc-row"):
                yield Label("Architecture", classes="calc-label", markup=False)
                yield Select(
                    [(ARCH_LABELS.get(a, a), a) for a in ARCHITECTURES],
                    value=ARCHITECTURES[0],
                    allow_blank=False,
                    compact=True,
                    id="cost-architecture",
                )
            with Horizontal(classes="calc-row"):
                yield Label("Free tier", classes="calc-label", markup=False)
                yield Switch(True, id="cost-free_tier")
                yield Static("", id="cost-free-note", classes="calc-note", markup=False)
            yield from self._rows(COST, COST_FIELDS[3:])
            yield Static(
                "units: 3M 1.5k · 200ms 1s · 512MB 1GB · 720h 30d", classes="calc-units", markup=False
            )

    def _chart_and_working(self, prefix: str) -> ComposeResult:
        with Vertical(classes="calc-right"):
            with titled(Vertical(id=f"{prefix}-chart-panel", classes="panel calc-chart")):
                yield PlotextPlot(id=f"{prefix}-chart")
                yield Static(id=f"{prefix}-legend", classes="calc-legend")
            with titled(VerticalScroll(id=f"{prefix}-working", classes="panel calc-working")):
                yield Static(id=f"{prefix}-working-text", markup=False)

    def _rows(self, prefix: str, fields: Iterable[CalcField]) -> ComposeResult:
        for field in fields:
            with Horizontal(classes="calc-row"):
                yield Label(field.label, classes="calc-label", markup=False)
                yield Input(
                    field.default,
                    placeholder=field.placeholder,
                    id=f"{prefix}-{field.name}",
                    compact=True,
                    validate_on=[],
                    classes="calc-input",
                )
            yield Static("", id=f"{prefix}-hint-{field.name}", classes="calc-hint", markup=False)

    def on_mount(self) -> None:
        self.sub_title = "Calculators"
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw_charts())
        self.load_prices()

    def concurrency_mounted(self) -> None:
        """The concurrency tab has mounted (after the first paint): fill it in."""
        if self.prices is not None:
            for working in self.query("#conc-working"):
                working.border_title = self._working_title(self.prices)
            self._show_default_quota(self.prices)
            self._schedule(CONCURRENCY)

    # -- prices -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="calc")
    def load_prices(self) -> None:
        """Read the price table (file I/O) off the UI thread."""
        from studycards.calc.prices import PriceTableError

        try:
            prices = self.app.services.prices()  # type: ignore[attr-defined]
        except (PriceTableError, OSError) as exc:
            self.app.call_from_thread(self._prices_failed, str(exc))
            return
        self.app.call_from_thread(self._prices_loaded, prices)

    def _prices_loaded(self, prices: PriceTable) -> None:
        if not self.is_attached:
            return
        self.prices = prices
        for working in self.query("#cost-working, #conc-working"):
            working.border_title = self._working_title(prices)
        self._show_default_quota(prices)
        self._dirty = {COST, CONCURRENCY}
        self.recompute()

    def _show_default_quota(self, prices: PriceTable) -> None:
        """A blank account quota means the table's default: say which (once the tab is there)."""
        for field_input in self.query("#conc-account_limit").results(Input):
            field_input.placeholder = f"blank = {prices.default_account_quota:,}"

    @staticmethod
    def _working_title(prices: PriceTable) -> str:
        return f"Working ({prices.region} prices as of {prices.as_of})"

    def _prices_failed(self, message: str) -> None:
        if not self.is_attached:
            return
        for selector in ("#cost-bill", "#conc-summary"):
            self.query_one(selector, Static).update(Content(f"Could not read the price table: {message}"))
        self.notify(f"Price table: {message}", severity="error", timeout=10, markup=False)

    # -- live updates -----------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        """True while a change is waiting for the debounce to run the engine."""
        return bool(self._dirty)

    @on(Input.Changed, ".calc-input")
    def _input_changed(self, event: Input.Changed) -> None:
        self._schedule(self._calculator_of(event.input.id))

    @on(Select.Changed, "#cost-architecture")
    def _arch_changed(self) -> None:
        self._schedule(COST)

    @on(Switch.Changed, "#cost-free_tier")
    def _free_tier_changed(self) -> None:
        self._schedule(COST)

    @staticmethod
    def _calculator_of(widget_id: str | None) -> str:
        return CONCURRENCY if (widget_id or "").startswith(f"{CONCURRENCY}-") else COST

    def _schedule(self, calculator: str) -> None:
        if self.prices is None:
            return  # everything is computed once the prices arrive
        self._dirty.add(calculator)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self.recompute)

    def recompute(self) -> None:
        """Run the engine for every calculator whose inputs changed since the last run."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        dirty, self._dirty = self._dirty, set()
        if self.prices is None or not self.is_attached:
            return
        if COST in dirty:
            self.update_cost()
        if CONCURRENCY in dirty and self.query("#conc-summary"):  # else it runs once the tab mounts
            self.update_concurrency()

    def _texts(self, prefix: str, fields: Iterable[CalcField]) -> dict[str, str]:
        return {f.name: self.query_one(f"#{prefix}-{f.name}", Input).value for f in fields}

    def _mark(self, prefix: str, fields: Iterable[CalcField], errors: dict[str, str]) -> None:
        """Mark the fields that failed (red input and a hint line naming the limit)."""
        self.errors[prefix] = errors
        for field in fields:
            message = errors.get(field.name)
            self.query_one(f"#{prefix}-{field.name}", Input).set_class(message is not None, "-invalid")
            hint = self.query_one(f"#{prefix}-hint-{field.name}", Static)
            hint.update(Content(f"↳ {message}" if message else ""))
            hint.set_class(message is not None, "-shown")
        unplaced = [m for name, m in errors.items() if name not in {f.name for f in fields}]
        if unplaced:
            self.notify("; ".join(unplaced), severity="error", markup=False)

    def _set_stale(self, prefix: str, stale: bool) -> None:
        results = "bill" if prefix == COST else "summary"
        for name in (results, "chart-panel", "working"):
            self.query_one(f"#{prefix}-{name}").set_class(stale, "-stale")
        self.query_one(f"#{prefix}-{results}").border_subtitle = "stale" if stale else ""
        if stale:
            self._refresh_results(prefix)

    def _refresh_results(self, prefix: str) -> None:
        if prefix == COST and self.cost_result is not None:
            self._show_cost(self.cost_result)
        elif prefix == CONCURRENCY and self.concurrency_result is not None:
            self._show_concurrency(self.concurrency_result)

    def is_stale(self, prefix: str) -> bool:
        """True when the inputs of that calculator are invalid (the results are the last valid ones)."""
        return bool(self.errors[prefix])

    # -- cost ---------------------------------------------------------------------------------
    def _read_cost(self) -> tuple[CostInputs | None, CostResult | None, dict[str, str]]:
        assert self.prices is not None
        values, errors = read_fields(COST_FIELDS, self._texts(COST, COST_FIELDS))
        if errors:
            return None, None, errors
        arch = self.query_one("#cost-architecture", Select).value
        inputs = CostInputs(
            **values, architecture=str(arch), free_tier=self.query_one("#cost-free_tier", Switch).value
        )
        try:
            return inputs, compute_cost(self.prices, inputs), {}
        except CalcInputError as exc:
            return None, None, {exc.field: exc.message}

    def update_cost(self) -> None:
        """Recompute the bill from the cost inputs (or mark the results stale)."""
        inputs, result, errors = self._read_cost()
        self._mark(COST, COST_FIELDS, errors)
        if inputs is None or result is None:
            self._set_stale(COST, True)
            return
        self.cost_inputs, self.cost_result = inputs, result
        self._set_stale(COST, False)
        self._show_cost(result)
        self._draw_cost_chart()

    def _show_cost(self, result: CostResult) -> None:
        stale = self.is_stale(COST)
        parts: list[str | tuple[str, str]] = []
        if stale:
            parts.append((STALE_NOTE + "\n", "$warning bold"))
        optional = {"Provisioned concurrency", "Ephemeral storage"}  # shown only when they cost something
        rows = [
            (label, dollars(amount), "bold" if label == "Total" else "")
            for label, amount in result.charges()
            if amount or label not in optional
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
        self.query_one("#cost-bill", Static).update(Content.assemble(*parts))
        if not result.inputs.free_tier:
            note = "off"
        else:
            note = "on" if result.free_tier_applied else "on, but not with provisioned"
        self.query_one("#cost-free-note", Static).update(Content(note))
        working = "\n".join(result.working)
        if stale:
            working = f"{STALE_NOTE}.\n\n{working}"
        self.query_one("#cost-working-text", Static).update(Content(working))

    def _draw_cost_chart(self) -> None:
        if self.prices is None or self.cost_inputs is None or self.cost_result is None:
            return
        inputs = self.cost_inputs
        sizes = sorted({*STANDARD_MEMORY_SIZES, inputs.memory_mb})
        try:
            points = cost_vs_memory(self.prices, inputs, sizes, cpu_bound=self.cpu_bound)
        except CalcInputError:
            points = []
        chart = self.query_one("#cost-chart", PlotextPlot)
        legend = draw_cost_vs_memory(chart, points, inputs.memory_mb, self.cost_result.total, self._colors())
        self._show_legend("#cost-legend", legend)
        model = "duration shrinks as memory grows" if self.cpu_bound else "same duration"
        self.query_one("#cost-chart-panel").border_title = f"Cost vs memory · {model}"

    def _show_legend(self, selector: str, legend: list[tuple[str, str]]) -> None:
        parts: list[str | tuple[str, str]] = []
        for label, color in legend:
            if parts:
                parts.append("  ")
            parts += [("■ ", f"${color}"), label]
        self.query_one(selector, Static).update(Content.assemble(*parts))

    # -- concurrency --------------------------------------------------------------------------
    def _read_concurrency(self) -> tuple[ConcurrencyInputs | None, ConcurrencyResult | None, dict[str, str]]:
        assert self.prices is not None
        values, errors = read_fields(CONCURRENCY_FIELDS, self._texts(CONCURRENCY, CONCURRENCY_FIELDS))
        if errors:
            return None, None, errors
        inputs = ConcurrencyInputs(**values)
        try:
            return inputs, compute_concurrency(self.prices, inputs), {}
        except CalcInputError as exc:
            return None, None, {exc.field: exc.message}

    def update_concurrency(self) -> None:
        """Recompute concurrency, throttling and scaling (or mark the results stale)."""
        inputs, result, errors = self._read_concurrency()
        self._mark(CONCURRENCY, CONCURRENCY_FIELDS, errors)
        if inputs is None or result is None:
            self._set_stale(CONCURRENCY, True)
            return
        self.concurrency_inputs, self.concurrency_result = inputs, result
        self._set_stale(CONCURRENCY, False)
        self._show_concurrency(result)
        self._draw_scaling_chart()

    def _show_concurrency(self, result: ConcurrencyResult) -> None:
        stale = self.is_stale(CONCURRENCY)
        parts: list[str | tuple[str, str]] = []
        if stale:
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
        self.query_one("#conc-summary", Static).update(Content.assemble(*parts))
        lines = list(result.working)
        if result.what_if:
            lines += ["", "What would change it:"]
            for w in result.what_if:
                state = "throttled" if w.throttled else "not throttled"
                lines.append(
                    f"  - {w.label}: needs {w.required_concurrency:,} of "
                    f"{w.available_concurrency:,} -> {state}, {w.seconds_to_scale:,} s to scale "
                    f"({w.explanation})"
                )
        working = "\n".join(lines)
        if stale:
            working = f"{STALE_NOTE}.\n\n{working}"
        self.query_one("#conc-working-text", Static).update(Content(working))

    def _draw_scaling_chart(self) -> None:
        if self.concurrency_result is not None:
            chart = self.query_one("#conc-chart", PlotextPlot)
            legend = draw_scaling(chart, self.concurrency_result, self._colors())
            self._show_legend("#conc-legend", legend)

    def _colors(self) -> dict[str, tuple[int, int, int]]:
        return theme_colors(self.app.theme_variables)

    def redraw_charts(self) -> None:
        """Draw both charts again (after a theme change)."""
        if self.is_attached:
            self._draw_cost_chart()
            self._draw_scaling_chart()

    # -- actions ------------------------------------------------------------------------------
    @property
    def active_calculator(self) -> str:
        """COST or CONCURRENCY, from the tab shown."""
        active = self.query_one("#calc-tabs", TabbedContent).active
        return CONCURRENCY if active == TAB_IDS[CONCURRENCY] else COST

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @property
    def typing(self) -> bool:
        """True while a text field has the focus (letters are typed there, not taken as keys)."""
        return isinstance(self.focused, Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer shows `g` outside the fields and `ctrl+g` inside them, where `g` is typed.
        if not self.is_mounted:
            return True
        if action == "ask_from_field":
            return self.typing
        if action in ("ask", "toggle_chart", "toggle_cpu_bound") and self.typing:
            return False
        if action == "toggle_cpu_bound":
            return self.active_calculator == COST
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_switch_tab(self) -> None:
        other = COST if self.active_calculator == CONCURRENCY else CONCURRENCY
        old = self.query_one(f"#{TAB_IDS[self.active_calculator]}")
        self.query_one("#calc-tabs", TabbedContent).active = TAB_IDS[other]
        if self.focused is None or old in self.focused.ancestors:
            self._focus_first_field(other)  # the focus was on the tab now hidden

    def _focus_first_field(self, calculator: str) -> None:
        """Put the focus on the first field of a tab."""
        fields = self.query_one(f"#{TAB_IDS[calculator]}").query(Input)
        if fields:
            fields.first().focus()

    def action_toggle_chart(self) -> None:
        """Hide the chart (roomy terminals) or show it in place of the working (small ones)."""
        self.toggle_class("-chart-toggled")

    def action_toggle_cpu_bound(self) -> None:
        self.cpu_bound = not self.cpu_bound
        self._draw_cost_chart()
        self.notify(
            "Chart: duration shrinks as memory grows (CPU-bound)"
            if self.cpu_bound
            else "Chart: the same duration at every memory size",
            timeout=3,
        )

    def action_reset(self) -> None:
        for prefix, fields in ((COST, COST_FIELDS), (CONCURRENCY, CONCURRENCY_FIELDS)):
            for field in fields:
                for field_input in self.query(f"#{prefix}-{field.name}").results(Input):
                    field_input.value = field.default
        self.query_one("#cost-architecture", Select).value = ARCHITECTURES[0]
        self.query_one("#cost-free_tier", Switch).value = True

    def action_ask(self) -> None:
        """Ask a generated question built from the current inputs of the tab shown."""
        from studycards.calc.questions import generate_from_inputs

        if self.prices is None:
            return
        if self._dirty:
            self.recompute()
        calculator = self.active_calculator
        if self.is_stale(calculator):
            self.notify(
                "Fix the input marked in red first: the question uses the current inputs.", severity="warning"
            )
            return
        try:
            if calculator == COST:
                question = generate_from_inputs(self.prices, cost=self.cost_inputs, seed=self.questions_asked)
            else:
                question = generate_from_inputs(
                    self.prices, concurrency=self.concurrency_inputs, seed=self.questions_asked
                )
        except (CalcInputError, ValueError) as exc:
            self.notify(f"No question fits these inputs ({exc}).", severity="warning", markup=False)
            return
        self.questions_asked += 1
        name = "cost" if calculator == COST else "concurrency"
        self.app.push_screen(CalcQuestionScreen(question, f"From your {name} inputs"), self._question_closed)

    def action_ask_from_field(self) -> None:
        self.action_ask()

    def _question_closed(self, again: bool | None) -> None:
        if again:
            self.action_ask()


class CalcQuestionScreen(ModalScreen[bool]):
    """One generated question: pick an option by letter, then see the key and every option's why."""

    CSS_PATH = "calc.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="calc_question.close"),
        Binding("a,1", "answer(0)", "A", show=False, id="calc_question.a"),
        Binding("b,2", "answer(1)", "B", show=False, id="calc_question.b"),
        Binding("c,3", "answer(2)", "C", show=False, id="calc_question.c"),
        Binding("d,4", "answer(3)", "D", show=False, id="calc_question.d"),
        Binding("e,5", "answer(4)", "E", show=False, id="calc_question.e"),
        Binding("g", "another", "Another question", id="calc_question.another"),
    ]

    def __init__(self, question: Question, origin: str) -> None:
        from datetime import UTC, datetime

        from studycards.quiz.controller import QuizController

        super().__init__()
        self.question = question
        self.origin = origin
        self.chosen: int | None = None
        self.quiz = QuizController.single(question, datetime.now(UTC))  # the quiz rules, stored nowhere

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="calcq-box"):
            yield Static(id="calcq-stem")
            yield Static(id="calcq-feedback")
            yield Static(id="calcq-options")
            yield Static(id="calcq-keys")

    def on_mount(self) -> None:
        box = self.query_one("#calcq-box")
        box.border_title = f"Question · {self.origin}"
        self.query_one("#calcq-stem", Static).update(Content(self.question.prompt()))
        self._show()

    @property
    def correct(self) -> bool | None:
        """Whether the chosen option is a key (None before answering)."""
        if self.chosen is None:
            return None
        return self.quiz.current.correct

    def _show(self) -> None:
        options = self.question.options
        parts: list[str | tuple[str, str]] = []
        for i, option in enumerate(options):
            letter = LETTERS[i]
            if self.chosen is None:
                parts += [(f"{letter}  ", "$accent bold"), option.text, "\n"]
                continue
            mark, style = ("✓", "$success bold") if option.correct else ("✗", "$error")
            parts += [(f"{letter}  ", "$accent bold"), (mark, style), " ", (option.text, style)]
            if i == self.chosen:
                parts.append(("  ← your answer", "italic"))
            parts += ["\n", (f"{option.why}\n", "dim")]
            if i < len(options) - 1:
                parts.append("\n")
        self.query_one("#calcq-options", Static).update(Content.assemble(*parts))
        feedback = self.query_one("#calcq-feedback", Static)
        keys = self.query_one("#calcq-keys", Static)
        letters = LETTERS[: len(options)]
        feedback.display = self.chosen is not None
        if self.chosen is None:
            keys.update(
                Content.assemble(
                    "Press ",
                    (f"{letters[0]}-{letters[-1]}".lower(), "bold"),
                    " to answer, ",
                    ("escape", "bold"),
                    " to close.",
                )
            )
            return
        answer = ", ".join(LETTERS[i] for i in sorted(self.question.correct_indexes))
        if self.correct:
            feedback.update(Content.styled("Correct!", "$success bold"))
        else:
            feedback.update(Content.styled(f"Not quite: the answer is {answer}.", "$error bold"))
        keys.update(
            Content.assemble(
                ("g", "bold"), " another question, ", ("escape", "bold"), " back to the calculator."
            )
        )

    def action_answer(self, index: int) -> None:
        if self.chosen is not None or index >= len(self.question.options):
            return
        now = self.quiz.session.started_at  # the popup keeps no time
        self.quiz.pick(self.quiz.current.presented.letters[index], now)
        self.quiz.check(now)
        self.chosen = index
        self._show()
        self.query_one("#calcq-box", VerticalScroll).scroll_home(animate=False)

    def action_another(self) -> None:
        if self.chosen is not None:
            self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)

    def check_action(self, action: str, parameters: tuple[Any, ...]) -> bool | None:
        if action == "another":
            return self.chosen is not None
        return True
