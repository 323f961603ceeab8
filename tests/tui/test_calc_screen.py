"""The calculators screen: live results, validation as you type, throttling, and a generated question."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, Switch, TabbedContent

from studycards.calc.cost import CostInputs
from studycards.calc.prices import PriceTable, load_price_table
from studycards.calc.questions import spec_from_inputs
from studycards.content.loader import load_or_raise
from studycards.context import AppContext
from studycards.tui.app import StudyApp, make_app
from studycards.tui.screens.calc import CalcQuestionScreen, CalcScreen
from studycards.tui.services import Services
from studycards.tui.widgets.calc_base import Calculator
from studycards.tui.widgets.calc_concurrency import ConcurrencyCalculator
from studycards.tui.widgets.calc_cost import CostCalculator

FIXED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SIZE = (100, 30)


@pytest.fixture
def app(write_deck: Callable[..., Path], tmp_path: Path) -> StudyApp:
    library = load_or_raise([write_deck()])
    return make_app(Services(AppContext.for_library(library, tmp_path / "study.db", clock=lambda: FIXED)))


async def open_calc(pilot: Pilot[None]) -> CalcScreen:
    """Open the calculators from the dashboard and wait for the price table."""
    await pilot.pause()
    await pilot.press("c")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CalcScreen)
    assert screen.prices is not None and screen.cost.result is not None
    return screen


async def settle(pilot: Pilot[None], screen: CalcScreen) -> None:
    """Wait until the debounced recompute has run (no timing is asserted)."""
    for _ in range(100):
        await pilot.pause(0.05)
        if not any(c.pending for c in screen.calculators):
            break
    await pilot.pause()
    assert not any(c.pending for c in screen.calculators)


async def type_into(pilot: Pilot[None], screen: CalcScreen, selector: str, text: str) -> None:
    """Focus a field, clear it with backspaces and type `text` key by key."""
    field = screen.query_one(selector, Input)
    field.focus()
    field.cursor_position = len(field.value)
    await pilot.pause()
    await pilot.press(*["backspace"] * len(field.value), *text)
    await settle(pilot, screen)


def shown(screen: CalcScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def test_opens_with_the_aws_worked_example(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        result = screen.cost.result
        assert result is not None
        assert result.gb_seconds == Decimal(1_500_000)
        bill = shown(screen, "#cost-bill")
        assert "$18.73" in bill and "$0.40" in bill and "$6.24" in bill
        assert "1,500,000" in bill
        working = shown(screen, "#cost-working-text")
        assert "3,000,000 requests x 1 s x 0.5 GB = 1,500,000 GB-s" in working
        assert screen.sub_title == "Calculators"


async def test_changing_memory_updates_the_bill_live(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        await type_into(pilot, screen, "#cost-memory_mb", "1GB")
        result = screen.cost.result
        assert result is not None and result.inputs.memory_mb == 1024
        assert result.gb_seconds == Decimal(3_000_000)  # doubled from 1,500,000
        bill = shown(screen, "#cost-bill")
        assert "GB-seconds 3,000,000" in bill
        assert "$43.73" in bill  # 2.6M billable GB-s + the requests
        assert "1,024 MB / 1,024 = 1 GB" in shown(screen, "#cost-working-text")
        assert not screen.cost.stale


async def test_architecture_and_free_tier_controls_recompute(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        screen.query_one("#cost-free_tier", Switch).value = False
        await settle(pilot, screen)
        assert screen.cost.result is not None and not screen.cost.result.free_tier_applied
        assert "Free tier: not applied" in shown(screen, "#cost-working-text")
        screen.query_one("#cost-architecture", Select).value = "arm64"
        await settle(pilot, screen)
        assert screen.cost.result.inputs.architecture == "arm64"
        assert "arm64" in shown(screen, "#cost-working-text")


async def test_invalid_input_marks_the_field_and_keeps_the_last_result(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        before = screen.cost.result
        await type_into(pilot, screen, "#cost-memory_mb", "20GB")
        memory = screen.query_one("#cost-memory_mb", Input)
        assert memory.has_class("-invalid")
        hint = screen.query_one("#cost-hint-memory_mb", Static)
        assert hint.display and "128-10,240 MB" in str(hint.content)
        assert screen.cost.result is before  # last valid figures kept...
        assert screen.cost.stale
        assert screen.query_one("#cost-bill").has_class("-stale")  # ...and marked stale
        bill = shown(screen, "#cost-bill")
        assert "Stale" in bill and "$18.73" in bill
        # A unit the parser does not know is caught the same way.
        await type_into(pilot, screen, "#cost-duration_ms", "1 fortnight")
        assert screen.query_one("#cost-duration_ms", Input).has_class("-invalid")
        # Fixing both fields clears the marks and the results follow.
        await type_into(pilot, screen, "#cost-duration_ms", "1s")
        await type_into(pilot, screen, "#cost-memory_mb", "2GB")
        assert not memory.has_class("-invalid") and not hint.display
        assert not screen.cost.stale
        assert screen.cost.result is not None and screen.cost.result.gb_seconds == Decimal(6_000_000)


async def test_provisioned_without_hours_names_the_rule(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        await type_into(pilot, screen, "#cost-provisioned_hours", "0")
        await type_into(pilot, screen, "#cost-provisioned_concurrency", "10")
        assert screen.query_one("#cost-provisioned_hours", Input).has_class("-invalid")
        assert "needs the hours" in str(screen.query_one("#cost-hint-provisioned_hours", Static).content)
        await type_into(pilot, screen, "#cost-provisioned_hours", "30d")
        assert not screen.cost.stale
        result = screen.cost.result
        assert result is not None and result.inputs.provisioned_hours == Decimal(720)
        assert result.provisioned_cost > 0 and not result.free_tier_applied
        assert "Provisioned concurrency" in shown(screen, "#cost-bill")
        assert "not with provisioned" in shown(screen, "#cost-free-note")


async def test_m_switches_the_chart_to_cpu_bound(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        panel = screen.query_one("#cost-chart-panel")
        assert "same duration" in str(panel.border_title)
        await pilot.press("m")
        await pilot.pause()
        assert screen.cost.cpu_bound
        assert "shrinks" in str(panel.border_title)
        assert "512 MB = $18.73" in shown(screen, "#cost-legend")  # the current point is unchanged


async def test_concurrency_tab_shows_throttling_over_the_quota(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert screen.query_one("#calc-tabs", TabbedContent).active == "calc-conc"
        # The quota opens blank: the price table's default, 1,000, which cannot carry 5,000 requests.
        quota = screen.query_one("#conc-account_limit", Input)
        assert quota.value == "" and quota.placeholder == "blank = 1,000"
        result = screen.concurrency.result
        assert result is not None and result.throttled
        assert result.required_concurrency == 5000 and result.available_concurrency == 1000
        summary = shown(screen, "#conc-summary")
        assert "YES" in summary and "4,000 over" in summary and "HTTP 429" in summary
        assert "Throttled: 5,000 needed > 1,000 available" in shown(screen, "#conc-working-text")
        assert "available 1,000" in shown(screen, "#conc-legend")
        await type_into(pilot, screen, "#conc-account_limit", "10k")
        assert screen.concurrency.result is not None and not screen.concurrency.result.throttled


@pytest.mark.parametrize(("selector", "range_text"), [("#conc-rps", "0-10,000,000"),
                                                      ("#conc-account_limit", "1-10,000,000")])
async def test_a_huge_number_in_a_field_is_refused_not_crashed(
    app: StudyApp, selector: str, range_text: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        field = screen.query_one(selector, Input)
        field.value = "9" * 400
        await settle(pilot, screen)
        assert pilot.app.is_running and pilot.app.return_code is None
        assert field.has_class("-invalid") and screen.concurrency.stale
        hint = shown(screen, selector.replace("#conc-", "#conc-hint-"))
        assert range_text in hint and "9" * 41 not in hint


async def test_concurrency_cross_field_limit_marks_the_right_field(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        await pilot.press("ctrl+t")
        await type_into(pilot, screen, "#conc-reserved", "200")
        await type_into(pilot, screen, "#conc-provisioned", "300")
        assert screen.query_one("#conc-provisioned", Input).has_class("-invalid")
        assert not screen.query_one("#conc-reserved", Input).has_class("-invalid")
        assert "cannot exceed" in str(screen.query_one("#conc-hint-provisioned", Static).content)
        assert screen.concurrency.stale and not screen.cost.stale


async def test_g_asks_a_question_whose_key_matches_the_engine(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        screen.query_one("#calc-tabs", TabbedContent).focus()
        await pilot.press("g")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, CalcQuestionScreen)
        expected = spec_from_inputs(
            load_price_table(),
            cost=CostInputs(requests=3_000_000, duration_ms=Decimal(1000), memory_mb=512,
                            provisioned_hours=Decimal(720)),
            seed=0,
        )
        assert screen.cost.inputs == expected.inputs
        assert modal.question.id == expected.question.id
        keys = [o for o in modal.question.options if o.correct]
        assert [o.text for o in keys] == [expected.answer] == ["$18.73"]
        letter = "abcde"[next(iter(modal.question.correct_indexes))]
        await pilot.press(letter)
        await pilot.pause()
        assert modal.correct is True
        assert "Correct!" in str(modal.query_one("#calcq-feedback", Static).content)
        options = str(modal.query_one("#calcq-options", Static).content)
        for option in modal.question.options:
            assert option.why in options  # every option's why is shown
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_wrong_answer_shows_the_key(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        screen.query_one("#calc-tabs", TabbedContent).focus()
        await pilot.press("g")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, CalcQuestionScreen)
        assert modal.question.id.startswith("gen.concurrency.custom.")
        key = next(iter(modal.question.correct_indexes))
        wrong = next(i for i in range(len(modal.question.options)) if i != key)
        await pilot.press(str(wrong + 1))
        await pilot.pause()
        assert modal.correct is False
        assert f"the answer is {'ABCDE'[key]}" in str(modal.query_one("#calcq-feedback", Static).content)


async def test_g_in_a_field_types_and_ctrl_g_asks(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        await type_into(pilot, screen, "#cost-memory_mb", "1g")  # lowercase units are fine
        assert isinstance(pilot.app.screen, CalcScreen)
        assert screen.cost.result is not None and screen.cost.result.inputs.memory_mb == 1024
        await pilot.press("ctrl+g")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, CalcQuestionScreen)
        assert "1,024 MB" in modal.question.stem or "1 GB" in modal.question.stem


async def test_question_refused_while_an_input_is_invalid(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        await type_into(pilot, screen, "#cost-requests", "-5")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.questions_asked == 0


async def test_small_terminal_hides_the_chart_until_asked(app: StudyApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calc(pilot)
        chart = screen.query_one("#cost-chart-panel")
        working = screen.query_one("#cost-working")
        assert not chart.display and working.display
        screen.query_one("#calc-tabs", TabbedContent).focus()
        await pilot.press("v")
        await pilot.pause()
        assert chart.display and not working.display


def test_snapshot_cost_tab(app: StudyApp, snap_compare: Callable[..., bool]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_calc(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


class CalculatorHarness(App[None]):
    """One calculator widget on its own, recording the question requests it posts."""

    def __init__(self, make: Callable[[], Calculator], prices: PriceTable | None = None) -> None:
        super().__init__()
        self.make = make
        self.prices = prices
        self.asked: list[Message] = []

    def compose(self) -> ComposeResult:
        self.calculator = self.make()
        if self.prices is not None:
            self.calculator.prices = self.prices  # before it mounts, as the lazy tab may be
        yield self.calculator

    @on(CostCalculator.AskQuestion)
    @on(ConcurrencyCalculator.AskQuestion)
    def _asked(self, message: Message) -> None:
        self.asked.append(message)


async def test_cost_widget_posts_its_inputs_when_asked() -> None:
    harness = CalculatorHarness(CostCalculator)
    async with harness.run_test(size=SIZE) as pilot:
        calculator = harness.calculator
        assert isinstance(calculator, CostCalculator)
        calculator.prices = load_price_table()
        await pilot.pause()
        assert calculator.result is not None and "$18.73" in str(calculator.results.content)
        calculator.ask()
        await pilot.pause()
        assert [type(m) for m in harness.asked] == [CostCalculator.AskQuestion]
        message = harness.asked[0]
        assert isinstance(message, CostCalculator.AskQuestion) and message.inputs == calculator.inputs
        calculator.fields["memory_mb"].value = "20GB"
        await pilot.pause()
        assert calculator.pending
        calculator.ask()  # the pending change is computed first: invalid, so nothing is asked
        await pilot.pause()
        assert calculator.stale and len(harness.asked) == 1


async def test_concurrency_widget_given_prices_before_it_mounts() -> None:
    harness = CalculatorHarness(ConcurrencyCalculator, load_price_table())
    async with harness.run_test(size=SIZE) as pilot:
        calculator = harness.calculator
        assert isinstance(calculator, ConcurrencyCalculator)
        for _ in range(100):
            await pilot.pause(0.05)
            if calculator.result is not None:
                break
        assert calculator.result is not None and calculator.result.throttled
        assert calculator.fields["account_limit"].placeholder == "blank = 1,000"
        calculator.ask()
        await pilot.pause()
        assert [type(m) for m in harness.asked] == [ConcurrencyCalculator.AskQuestion]


async def test_price_table_failure_is_shown_in_both_calculators(
    app: StudyApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise OSError("prices.yaml: permission denied")

    monkeypatch.setattr("studycards.calc.prices.load_price_table", broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, CalcScreen) and screen.prices is None
        assert "Could not read the price table: prices.yaml: permission denied" in shown(screen, "#cost-bill")
        assert "Could not read the price table" in str(screen.concurrency.results.content)


async def test_theme_change_redraws_the_charts(app: StudyApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calc(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot, screen)
        screen.cost.legend.update("")
        screen.concurrency.legend.update("")
        pilot.app.theme = "textual-light" if pilot.app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert "512 MB = $18.73" in shown(screen, "#cost-legend")
        assert "available 1,000" in shown(screen, "#conc-legend")
