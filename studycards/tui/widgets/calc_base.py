"""What both calculator widgets share: the fields, the debounce, validation marks, the stale state,
and the chart and working panels.

A calculator reads what is typed with the CLI's unit parsers (`calc_fields.py`), calls the engine
(pure and fast, so on the UI thread after a short debounce) and shows the result. It holds no
pricing math: the figures come from `studycards.calc`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Static
from textual_plotext import PlotextPlot

from studycards.calc.errors import CalcInputError
from studycards.tui.widgets.calc_charts import Legend, theme_colors
from studycards.tui.widgets.calc_fields import CalcField, read_fields

if TYPE_CHECKING:
    from studycards.calc.prices import PriceTable

WidgetType = TypeVar("WidgetType", bound=Widget)

DEBOUNCE_SECONDS = 0.15
STALE_NOTE = "Stale: fix the input marked in red"


def titled(widget: WidgetType, title: str, subtitle: str | None = None) -> WidgetType:
    """`widget` with its panel title (and subtitle), set before it mounts."""
    widget.border_title = title
    if subtitle is not None:
        widget.border_subtitle = subtitle
    return widget


class Calculator(Horizontal):
    """One calculator: inputs and results on the left, chart over working on the right.

    Subclasses name their fields and panels, read the inputs, and show a result.
    """

    PREFIX: ClassVar[str]
    FIELDS: ClassVar[tuple[CalcField, ...]]
    RESULTS: ClassVar[str]  # the results panel's id suffix
    RESULTS_TITLE: ClassVar[str]
    CHART_TITLE: ClassVar[str]
    CHART_SUBTITLE: ClassVar[str | None] = None

    prices: reactive[PriceTable | None] = reactive(None, init=False)
    stale: reactive[bool] = reactive(False, init=False)
    """True when the inputs are invalid: the results shown are the last valid ones."""

    def __init__(self) -> None:
        super().__init__(classes="calc-body")
        p = self.PREFIX
        self.errors: dict[str, str] = {}
        self.fields = {
            f.name: Input(
                f.default,
                placeholder=f.placeholder,
                id=f"{p}-{f.name}",
                compact=True,
                validate_on=[],
                classes="calc-input",
            )
            for f in self.FIELDS
        }
        self.hints = {
            f.name: Static("", id=f"{p}-hint-{f.name}", classes="calc-hint", markup=False)
            for f in self.FIELDS
        }
        self.results = titled(
            Static("Loading prices…", id=f"{p}-{self.RESULTS}", classes="panel calc-results"),
            self.RESULTS_TITLE,
        )
        self.chart = PlotextPlot(id=f"{p}-chart")
        self.legend = Static(id=f"{p}-legend", classes="calc-legend")
        self.chart_panel = titled(
            Vertical(self.chart, self.legend, id=f"{p}-chart-panel", classes="panel calc-chart"),
            self.CHART_TITLE,
            self.CHART_SUBTITLE,
        )
        self.working_text = Static(id=f"{p}-working-text", markup=False)
        self.working_panel = titled(
            VerticalScroll(self.working_text, id=f"{p}-working", classes="panel calc-working"), "Working"
        )
        self._dirty = False
        self._timer: Timer | None = None
        self._ready = False

    # -- layout -------------------------------------------------------------------------------
    def compose_rows(self, fields: Iterable[CalcField]) -> ComposeResult:
        """A labelled input and its hint line for each field."""
        for field in fields:
            with Horizontal(classes="calc-row"):
                yield Label(field.label, classes="calc-label", markup=False)
                yield self.fields[field.name]
            yield self.hints[field.name]

    def compose_inputs(self) -> ComposeResult:
        """The inputs panel's rows."""
        yield from self.compose_rows(self.FIELDS)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="calc-left", can_focus=False):
            with titled(Vertical(id=f"{self.PREFIX}-inputs", classes="panel calc-inputs"), "Inputs"):
                yield from self.compose_inputs()
            yield self.results
        with Vertical(classes="calc-right"):
            yield self.chart_panel
            yield self.working_panel

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw_chart())
        self._ready = True
        if self.prices is not None:
            self.prices_arrived(self.prices)
            self.schedule()

    # -- prices -------------------------------------------------------------------------------
    def watch_prices(self, prices: PriceTable | None) -> None:
        if prices is not None and self._ready:
            self.prices_arrived(prices)
            self._dirty = True
            self.recompute()

    def prices_arrived(self, prices: PriceTable) -> None:
        """Show what depends on the price table itself (the working's title)."""
        self.working_panel.border_title = f"Working ({prices.region} prices as of {prices.as_of})"

    def prices_failed(self, message: str) -> None:
        """Say the price table could not be read, in place of the results."""
        self.results.update(Content(f"Could not read the price table: {message}"))

    # -- live updates -------------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        """True while a change is waiting for the debounce to run the engine."""
        return self._dirty

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.has_class("calc-input"):
            self.schedule()

    def schedule(self) -> None:
        """Recompute after the debounce (nothing before the prices arrive)."""
        if self.prices is None:
            return  # everything is computed once the prices arrive
        self._dirty = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self.recompute)

    def recompute(self) -> None:
        """Run the engine if the inputs changed since the last run."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        dirty, self._dirty = self._dirty, False
        if dirty and self.prices is not None and self._ready and self.is_attached:
            self.calculate()

    def calculate(self) -> None:
        """Read the inputs, run the engine and show the result (or mark it stale)."""
        assert self.prices is not None
        values, errors = read_fields(self.FIELDS, self.texts())
        result: object | None = None
        if not errors:
            try:
                result = self.compute(self.prices, values)
            except CalcInputError as exc:
                errors = {exc.field: exc.message}
        self.mark(errors)
        if result is None:
            self.stale = True
            return
        self.stale = False
        self.result = result  # each calculator declares its own typed `result` reactive

    def compute(self, prices: PriceTable, values: dict[str, Any]) -> object:
        """Run the engine on the parsed inputs (raises CalcInputError naming a field)."""
        raise NotImplementedError

    def watch_result(self) -> None:
        self.show_result()
        self.draw_chart()

    def texts(self) -> dict[str, str]:
        """What is typed in each field, by field name."""
        return {name: field.value for name, field in self.fields.items()}

    def mark(self, errors: dict[str, str]) -> None:
        """Mark the fields that failed (red input and a hint line naming the limit)."""
        self.errors = errors
        for name, field in self.fields.items():
            message = errors.get(name)
            field.set_class(message is not None, "-invalid")
            hint = self.hints[name]
            hint.update(Content(f"↳ {message}" if message else ""))
            hint.set_class(message is not None, "-shown")
        unplaced = [m for name, m in errors.items() if name not in self.fields]
        if unplaced:
            self.notify("; ".join(unplaced), severity="error", markup=False)

    def watch_stale(self, stale: bool) -> None:
        for panel in (self.results, self.chart_panel, self.working_panel):
            panel.set_class(stale, "-stale")
        self.results.border_subtitle = "stale" if stale else ""
        self.show_result()

    def show_result(self) -> None:
        """Show the last valid result (with the stale note when the inputs are invalid)."""
        raise NotImplementedError

    def show_working(self, lines: Iterable[str]) -> None:
        """The working text, after the stale note when the inputs are invalid."""
        working = "\n".join(lines)
        if self.stale:
            working = f"{STALE_NOTE}.\n\n{working}"
        self.working_text.update(Content(working))

    def reset(self) -> None:
        """Put every field back to its default."""
        for field in self.FIELDS:
            self.fields[field.name].value = field.default

    # -- chart --------------------------------------------------------------------------------
    def draw_chart(self) -> None:
        """Draw the chart from the last result."""
        raise NotImplementedError

    def redraw_chart(self) -> None:
        """Draw the chart again (after a theme change)."""
        if self.is_attached:
            self.draw_chart()

    def chart_colors(self) -> dict[str, tuple[int, int, int]]:
        return theme_colors(self.app.theme_variables)

    def show_legend(self, legend: Legend) -> None:
        parts: list[str | tuple[str, str]] = []
        for label, color in legend:
            if parts:
                parts.append("  ")
            parts += [("■ ", f"${color}"), label]
        self.legend.update(Content.assemble(*parts))

    # -- question -----------------------------------------------------------------------------
    def question_request(self) -> Message | None:
        """The message asking for a question from the current inputs (None before a result)."""
        raise NotImplementedError

    def ask(self) -> None:
        """Ask for a question built from the current inputs, once they are valid."""
        if self.prices is None:
            return
        if self._dirty:
            self.recompute()
        if self.stale:
            self.notify(
                "Fix the input marked in red first: the question uses the current inputs.", severity="warning"
            )
            return
        message = self.question_request()
        if message is not None:
            self.post_message(message)
