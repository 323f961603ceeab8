"""Statistics: a summary, reviews per day, the due forecast and per-topic mastery, as charts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Grid, Vertical, VerticalScroll
from textual.theme import Theme
from textual.widgets import Sparkline, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from studycards.content.safe_text import safe_line
from studycards.srs.history import HISTORY_DAYS, DayReviews
from studycards.srs.stats import MASTERY_MEANING, ForecastDay, StudyStats, TopicStats
from studycards.tui.messages import Failed, Loaded
from studycards.tui.screen_data import StatsHistory
from studycards.tui.screens.base import StudyScreen
from studycards.tui.screens.stats_text import (
    cards_text,
    clip,
    empty_text,
    mastery_ranking,
    progress_text,
    quiz_text,
    weakest_text,
)
from studycards.tui.widgets.bars import percent
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from studycards.planning.plan import Plan

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
RATING_NAMES = ("again", "hard", "good", "easy")
RATING_COLOURS = ("error", "warning", "success", "primary")  # theme variables, as on the review buttons
TABS = ("stats-summary", "stats-reviews", "stats-forecast", "stats-mastery")
TITLE_WIDTH = 24
CHART_MARGIN = 9  # screen columns outside a chart's plotting area: padding, y labels, frame
MASTERY_BANDS = (("error", 0.0, 0.7), ("warning", 0.7, 0.85), ("success", 0.85, 1.01))


def short_date(day: date) -> str:
    """`Mar 3`, independent of the locale."""
    return f"{MONTHS[day.month - 1]} {day.day}"


class StatsScreen(StudyScreen):
    """Progress in numbers and charts: reviews per day, what is coming due, mastery by topic."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="stats.back"),
        Binding("f5", "refresh", "Refresh", id="stats.refresh"),
        Binding("1", "show_tab('stats-summary')", "Summary", id="stats.summary", show=False),
        Binding("2", "show_tab('stats-reviews')", "Reviews", id="stats.reviews", show=False),
        Binding("3", "show_tab('stats-forecast')", "Forecast", id="stats.forecast", show=False),
        Binding("4", "show_tab('stats-mastery')", "Mastery", id="stats.mastery", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: StatsHistory | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Loading statistics…", id="stats-loading")
        with VerticalScroll(id="stats-empty"):
            yield Static(id="stats-empty-text", classes="panel")
        with TabbedContent(id="stats-tabs"):
            with TabPane("1 Summary", id="stats-summary"), VerticalScroll():
                with Grid(id="stats-figures"):
                    yield Static(id="stats-cards", classes="panel")
                    yield Static(id="stats-progress", classes="panel")
                    yield Static(id="stats-quiz", classes="panel")
                with Grid(id="stats-more"):
                    with Vertical(id="stats-spark-panel", classes="panel"):
                        yield Static(id="stats-spark-title")
                        yield Sparkline([], id="stats-spark")
                        yield Static(id="stats-spark-axis")
                    yield Static(id="stats-weakest", classes="panel")
                yield Static(id="stats-hint")
            with TabPane("2 Reviews", id="stats-reviews"), Vertical():
                yield Static(id="stats-reviews-caption", classes="caption")
                yield PlotextPlot(id="stats-reviews-plot")
                yield Static(id="stats-reviews-none", classes="none")
            with TabPane("3 Forecast", id="stats-forecast"), Vertical():
                yield Static(id="stats-forecast-caption", classes="caption")
                yield PlotextPlot(id="stats-forecast-plot")
                yield Static(id="stats-forecast-none", classes="none")
                yield Static(id="stats-plan-caption", classes="caption")
                yield PlotextPlot(id="stats-plan-plot")
            with TabPane("4 Mastery", id="stats-mastery"), VerticalScroll():
                yield Static(id="stats-mastery-caption", classes="caption")
                yield PlotextPlot(id="stats-mastery-plot")
                yield Static(id="stats-mastery-none", classes="none")
                yield Static(id="stats-mastery-rest", classes="caption")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Statistics"
        self.query_one("#stats-empty").display = False
        self.query_one("#stats-tabs").display = False
        self.query_one("#stats-hint", Static).update(
            Text.assemble(
                ("1-4", "bold"),
                " or ",
                ("←/→", "bold"),
                " switch tabs   ",
                ("f5", "bold"),
                " refresh   ",
                ("escape", "bold"),
                " back",
            )
        )
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.load()

    # -- loading --------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def load(self) -> None:
        """Every figure in one worker; the screen fills in when they arrive."""
        self.post_message(Loaded("stats", self.services.stats_history(HISTORY_DAYS)))

    def on_loaded(self, message: Loaded) -> None:
        self.show(message.value)

    def on_failed(self, message: Failed) -> None:
        """Say so instead of a screen stuck on "Loading" (the notification follows)."""
        loading = self.query_one("#stats-loading", Static)
        loading.display = True
        loading.update(Text(f"Could not load the statistics: {message.error.message}"))

    def show(self, data: StatsHistory) -> None:
        """Fill the summary and draw the charts (or the empty state) from freshly loaded figures."""
        self.data = data
        self.query_one("#stats-loading").display = False
        empty = data.nothing_studied
        self.query_one("#stats-empty").display = empty
        self.query_one("#stats-tabs").display = not empty
        if empty:
            self.query_one("#stats-empty-text", Static).update(empty_text(data))
            return
        self.query_one("#stats-cards", Static).update(cards_text(data.stats))
        self.query_one("#stats-progress", Static).update(progress_text(data))
        self.query_one("#stats-quiz", Static).update(quiz_text(data.stats.quiz))
        days = data.days
        self.query_one("#stats-spark-title", Static).update(
            Text.assemble(
                (f"Last {len(days)} days", "bold"),
                f"  {sum(d.total for d in days)} reviews, best day {max((d.total for d in days), default=0)}",
            )
        )
        self.query_one("#stats-spark", Sparkline).data = [d.total for d in days]
        self.query_one("#stats-spark-axis", Static).update(
            Text(f"{short_date(days[0].day)} → today  press 2 for the chart" if days else "")
        )
        self.query_one("#stats-weakest", Static).update(weakest_text(data.stats.topics))
        self.draw_charts()

    def _theme_changed(self, theme: Theme) -> None:
        if self.data is not None and not self.data.nothing_studied:
            self.draw_charts()

    def on_resize(self, event: events.Resize) -> None:
        if self.data is not None and not self.data.nothing_studied:
            self.draw_charts()  # bar widths and tick labels depend on the width

    # -- charts ---------------------------------------------------------------------------------
    def colour(self, variable: str) -> tuple[int, int, int]:
        """A theme colour (`primary`, `success`, ...) as RGB for plotext."""
        variables = self.app.theme_variables or self.app.get_css_variables()
        value = variables.get(variable, "#888888")
        return Color.parse(value).rgb

    def draw_charts(self) -> None:
        assert self.data is not None
        self.draw_reviews(self.data.days)
        self.draw_forecast(self.data.stats)
        self.draw_plan(self.data.plan)
        self.draw_mastery(self.data.stats.topics)

    def _chart(self, name: str, has_data: bool, caption: Text, none_text: str) -> PlotextPlot:
        """Show the plot of tab `name` (or its no-data line) and return the plot, cleared."""
        self.query_one(f"#stats-{name}-caption", Static).update(caption)
        none = self.query_one(f"#stats-{name}-none", Static)
        none.display = not has_data
        none.update(Text(none_text))
        plot = self.query_one(f"#stats-{name}-plot", PlotextPlot)
        plot.display = has_data
        plot.plt.clear_figure()
        return plot

    def draw_reviews(self, days: list[DayReviews]) -> None:
        total = sum(d.total for d in days)
        by_rating = [sum(getattr(d, name) for d in days) for name in RATING_NAMES]
        study_days = sum(1 for d in days if d.total)
        # Bars stacked by rating need whole cells (3+ columns a day); narrower, half-cell bars of the
        # totals keep the days apart (stacked half cells would show hairline gaps between ratings).
        stacked = (self.size.width - CHART_MARGIN) / max(len(days), 1) >= 3
        caption = Text()
        caption.append(f"{total} review{'' if total == 1 else 's'}", style="bold")
        caption.append(
            f" in {len(days)} day{'' if len(days) == 1 else 's'} · "
            f"{study_days} study day{'' if study_days == 1 else 's'}"
        )
        if study_days:
            caption.append(f" · {round(total / study_days)} per study day")
        caption.append(f" · today {days[-1].total if days else 0}\n")
        for name, variable, count in zip(RATING_NAMES, RATING_COLOURS, by_rating, strict=True):
            if stacked:
                caption.append("■ ", style=Color(*self.colour(variable)).hex)
            caption.append(f"{name} {percent(count / total) if total else '–'}   ")
        plot = self._chart(
            "reviews",
            total > 0,
            caption,
            f"No reviews in the last {len(days)} days: press r on the dashboard to review.",
        )
        if not total:
            return
        plt = plot.plt
        positions = list(range(1, len(days) + 1))
        if stacked:
            # each rating's running total drawn over the one above it; empty days skipped, since
            # plotext draws a zero-height bar as one row
            layers = [
                ([sum(getattr(d, n) for n in RATING_NAMES[: k + 1]) for d in days], RATING_COLOURS[k])
                for k in reversed(range(len(RATING_NAMES)))
            ]
            width = 0.3 if (self.size.width - CHART_MARGIN) / len(days) < 4 else 0.45
            marker = "sd"
        else:
            layers = [([d.total for d in days], "primary")]
            width, marker = 0.4, "hd"
        for heights, variable in layers:
            shown = [(x, h) for x, h in zip(positions, heights, strict=True) if h > 0]
            draw_bars(
                plt,
                [x for x, _ in shown],
                [h for _, h in shown],
                width,
                color=self.colour(variable),
                marker=marker,
            )
        ticks = [p for p in positions if (len(days) - p) % 7 == 0]
        plt.xticks(
            [float(p) for p in ticks],
            ["today" if p == len(days) else short_date(days[p - 1].day) for p in ticks],
        )
        plt.xlim(0.3, len(days) + 0.7)
        set_y_axis(plt, max(d.total for d in days))
        plt.title(f"Reviews per day, last {len(days)} days" + ("" if stacked else " (widen for ratings)"))
        plot.refresh()

    def draw_forecast(self, stats: StudyStats) -> None:
        forecast = stats.forecast
        due = stats.due
        dues: list[int] = [int(f.due) for f in forecast]
        peak = max(dues, default=0)
        caption = Text()
        caption.append(f"{sum(dues)} reviews", style="bold")
        caption.append(
            f" due in the next {len(dues)} days · now {due.now} · today {due.today}"
            f" · tomorrow {due.tomorrow}\n"
        )
        if peak:
            busiest = max(range(len(dues)), key=lambda i: (dues[i], -i))
            caption.append(f"busiest: {day_label(forecast, busiest)} ({dues[busiest]})", style="italic")
        plot = self._chart(
            "forecast",
            peak > 0,
            caption,
            "Nothing due in the next two weeks yet: studied cards come back here when they fall due.",
        )
        if not peak:
            return
        plt = plot.plt
        positions = list(range(1, len(dues) + 1))
        shown = [(x, d) for x, d in zip(positions, dues, strict=True) if d > 0]
        draw_bars(plt, [x for x, _ in shown], [d for _, d in shown], 0.5, color=self.colour("primary"))
        every = 1 if self.size.width >= 100 else 2
        ticks = positions[::every]
        plt.xticks([float(p) for p in ticks], [day_label(forecast, p - 1) for p in ticks])
        plt.xlim(0.3, len(dues) + 0.7)
        set_y_axis(plt, peak)
        plt.title(f"Due per day, next {len(dues)} days (today includes overdue)")
        plot.refresh()

    def draw_plan(self, plan: Plan | None) -> None:
        """The exam-day plan's simulated answers a day until the exam (hidden without an exam date)."""
        caption = self.query_one("#stats-plan-caption", Static)
        plot = self.query_one("#stats-plan-plot", PlotextPlot)
        caption.display = plot.display = plan is not None and bool(plan.forecast)
        if plan is None or not plan.forecast:
            return
        reviews = [d.reviews for d in plan.forecast]
        caption.update(Text.assemble(
            (f"Exam plan: {plan.days_left} days to {plan.exam_date.isoformat()}", "bold"),
            f" · {plan.new_per_day_needed} new a day · about {max(d.minutes for d in plan.forecast):.0f} min"
            f" on the busiest day · predicted recall on exam day {plan.overall * 100:.0f}%"))
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.bar(list(range(1, len(reviews) + 1)), reviews, color=self.colour("secondary"))
        set_y_axis(plt, max(reviews))
        plt.title("Answers per day if the plan is followed (simulated)")
        plot.refresh()

    def draw_mastery(self, topics: list[TopicStats]) -> None:
        ranked = mastery_ranking(topics)
        not_started = [safe_line(t.title) for t in topics if not t.studied]
        caption = Text()
        caption.append(f"{len(ranked)} of {len(topics)} topics started", style="bold")
        caption.append(f" · {MASTERY_MEANING}; weakest first")
        plot = self._chart(
            "mastery",
            bool(ranked),
            caption,
            "No topic started yet: review some cards to see how well each topic sticks.",
        )
        self.query_one("#stats-mastery-rest", Static).update(
            Text(f"Not started: {', '.join(not_started)}.") if not_started and ranked else ""
        )
        if not ranked:
            return
        plt = plot.plt
        rows = list(reversed(ranked))  # plotext puts the first bar at the bottom
        titles = [clip(safe_line(t.title), TITLE_WIDTH) for t in rows]
        width = max(len(title) for title in titles)
        positions = [float(y) for y in range(1, len(rows) + 1)]
        for variable, low, high in MASTERY_BANDS:
            band = [
                (y, mastery * 100)
                for y, t in zip(positions, rows, strict=True)
                if low <= (mastery := t.mastery or 0.0) < high
            ]
            if band:
                draw_bars(
                    plt,
                    [y for y, _ in band],
                    [v for _, v in band],
                    0.6,
                    color=self.colour(variable),
                    marker="hd",
                    orientation="horizontal",
                )
        plt.yticks(
            positions,
            [f"{title:<{width}} {percent(t.mastery):>4}" for title, t in zip(titles, rows, strict=True)],
        )
        # plotext puts the limits at the centres of the first and last rows: one row a topic
        plt.ylim(*((1, len(rows)) if len(rows) > 1 else (0.5, 1.5)))
        plt.xlim(0, 100)
        plt.xticks([0.0, 25.0, 50.0, 75.0, 100.0], ["0%", "25%", "50%", "75%", "100%"])
        plt.title("Mastery by topic")
        plot.styles.height = len(rows) + 4  # one row a topic; the tab scrolls when they do not fit
        plot.refresh()

    # -- actions --------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self.load()

    def action_show_tab(self, tab: str) -> None:
        if tab in TABS and self.query_one("#stats-tabs").display:
            self.query_one("#stats-tabs", TabbedContent).active = tab


def nice_ticks(maximum: int, count: int = 4) -> tuple[int, list[int]]:
    """A round axis top at or above `maximum` and about `count` whole-number ticks from 0 up to it."""
    top_value = max(maximum, 1)
    step = min(
        b * s
        for b in (1, 2, 5)
        for s in (1, 10, 100, 1000, 10000, 100000)
        if -(-top_value // (b * s)) <= count + 1
    )
    top = -(-top_value // step) * step
    return top, list(range(0, top + 1, step))


def draw_bars(
    plt: Plot, positions: Sequence[float], heights: Sequence[float], width: float, **options: Any
) -> None:
    """Bars `width` units wide at `positions` (plotext scales the width by the mean gap between
    positions, which is not 1 once empty days are left out)."""
    if not positions:
        return
    spacing = (max(positions) - min(positions)) / (len(positions) - 1) if len(positions) > 1 else 1.0
    plt.bar(
        [float(x) for x in positions],
        list(heights),
        width=width / (spacing or 1.0),
        reset_ticks=False,
        **options,
    )


def set_y_axis(plt: Plot, peak: int) -> None:
    """A y axis from 0 to a round number at or above `peak`, with whole-number ticks."""
    top, steps = nice_ticks(peak)
    plt.ylim(0, top)
    plt.yticks([float(v) for v in steps], [str(v) for v in steps])


def day_label(forecast: list[ForecastDay], index: int) -> str:
    """`today`, or the weekday and day of month of forecast day `index`."""
    if index == 0:
        return "today"
    day = date.fromisoformat(forecast[index].date)
    return f"{WEEKDAYS[day.weekday()]} {day.day}"
