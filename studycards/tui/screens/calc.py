"""Calculators: Lambda cost and concurrency in tabs, and a question built from their inputs.

Each tab is a calculator widget (`widgets/calc_cost.py`, `widgets/calc_concurrency.py`) that reads
its inputs, calls the engine and shows the result. The screen reads the price table once, in a
worker, hands it to both, and turns their question requests into a generated question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.lazy import Lazy
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TabbedContent, TabPane

from studycards.calc.errors import CalcInputError
from studycards.content.model import Question
from studycards.tui.messages import Failed, Loaded
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.calc_base import Calculator
from studycards.tui.widgets.calc_concurrency import ConcurrencyCalculator
from studycards.tui.widgets.calc_cost import CostCalculator
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from studycards.calc.concurrency import ConcurrencyInputs
    from studycards.calc.cost import CostInputs
    from studycards.calc.prices import PriceTable

COST_TAB = "calc-cost"
CONCURRENCY_TAB = "calc-conc"
LETTERS = "ABCDE"


class CalcScreen(StudyScreen):
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
        self.cost = CostCalculator()
        self.concurrency = ConcurrencyCalculator()
        self.questions_asked = 0

    @property
    def calculators(self) -> tuple[Calculator, ...]:
        return (self.cost, self.concurrency)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with TabbedContent(id="calc-tabs"):
            with TabPane("Cost", id=COST_TAB):
                yield self.cost
            # The hidden tab mounts just after the first paint, so the screen shows sooner.
            with TabPane("Concurrency", id=CONCURRENCY_TAB):
                yield Lazy(self.concurrency)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Calculators"
        self.load_prices()

    # -- prices -------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="calc", exit_on_error=False)
    def load_prices(self) -> None:
        """Read the price table (file I/O) off the UI thread."""
        self.post_message(Loaded("prices", self.services.prices()))

    def on_loaded(self, message: Loaded) -> None:
        self._prices_loaded(message.value)

    def on_failed(self, message: Failed) -> None:
        """A price table that cannot be read is shown in both calculators, not only as a toast."""
        message.prevent_default()
        self._prices_failed(message.error.message)

    def _prices_loaded(self, prices: PriceTable) -> None:
        if not self.is_attached:
            return
        self.prices = prices
        for calculator in self.calculators:
            calculator.prices = prices

    def _prices_failed(self, message: str) -> None:
        if not self.is_attached:
            return
        for calculator in self.calculators:
            calculator.prices_failed(message)
        self.notify(f"Price table: {message}", severity="error", timeout=10, markup=False)

    # -- tabs and keys ------------------------------------------------------------------------
    @property
    def active_calculator(self) -> Calculator:
        """The calculator of the tab shown."""
        active = self.query_one("#calc-tabs", TabbedContent).active
        return self.concurrency if active == CONCURRENCY_TAB else self.cost

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
            return self.active_calculator is self.cost
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_switch_tab(self) -> None:
        old = self.active_calculator
        other = self.cost if old is self.concurrency else self.concurrency
        self.query_one("#calc-tabs", TabbedContent).active = (
            COST_TAB if other is self.cost else CONCURRENCY_TAB
        )
        if self.focused is None or old in self.focused.ancestors:
            fields = other.query(Input)  # the focus was on the tab now hidden
            if fields:
                fields.first().focus()

    def action_toggle_chart(self) -> None:
        """Hide the chart (roomy terminals) or show it in place of the working (small ones)."""
        self.toggle_class("-chart-toggled")

    def action_toggle_cpu_bound(self) -> None:
        self.cost.cpu_bound = not self.cost.cpu_bound
        self.notify(
            "Chart: duration shrinks as memory grows (CPU-bound)"
            if self.cost.cpu_bound
            else "Chart: the same duration at every memory size",
            timeout=3,
        )

    def action_reset(self) -> None:
        for calculator in self.calculators:
            calculator.reset()

    # -- questions ----------------------------------------------------------------------------
    def action_ask(self) -> None:
        """Ask a generated question built from the current inputs of the tab shown."""
        self.active_calculator.ask()

    def action_ask_from_field(self) -> None:
        self.action_ask()

    @on(CostCalculator.AskQuestion)
    def _ask_cost(self, message: CostCalculator.AskQuestion) -> None:
        self._ask("cost", cost=message.inputs)

    @on(ConcurrencyCalculator.AskQuestion)
    def _ask_concurrency(self, message: ConcurrencyCalculator.AskQuestion) -> None:
        self._ask("concurrency", concurrency=message.inputs)

    def _ask(
        self, name: str, *, cost: CostInputs | None = None, concurrency: ConcurrencyInputs | None = None
    ) -> None:
        from studycards.calc.questions import generate_from_inputs

        if self.prices is None:
            return
        try:
            question = generate_from_inputs(
                self.prices, cost=cost, concurrency=concurrency, seed=self.questions_asked
            )
        except (CalcInputError, ValueError) as exc:
            self.notify(f"No question fits these inputs ({exc}).", severity="warning", markup=False)
            return
        self.questions_asked += 1
        self.app.push_screen(CalcQuestionScreen(question, f"From your {name} inputs"), self._question_closed)

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
