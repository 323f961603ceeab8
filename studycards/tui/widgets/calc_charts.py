"""Charts for the calculators, drawn with textual-plotext from figures the engine computed.

Only drawing happens here: every number plotted comes from `cost_vs_memory` or a
`ConcurrencyResult`'s timelines (converted to float for the plot, never for a figure shown as text).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

from textual.color import Color
from textual_plotext import PlotextPlot

from studycards.calc.concurrency import ConcurrencyResult
from studycards.calc.cost import MemoryCostPoint
from studycards.calc.numbers import dollars

RGB = tuple[int, int, int]
MEMORY_TICKS = (128, 512, 1024, 2048, 4096, 10240)


def theme_colors(variables: Mapping[str, str]) -> dict[str, RGB]:
    """The theme's primary, accent, warning, error and success colours as RGB for plotext."""
    out: dict[str, RGB] = {}
    fallbacks = {
        "primary": "#0178d4",
        "accent": "#ffa62b",
        "warning": "#ffa62b",
        "error": "#ba3c5b",
        "success": "#4ebf71",
        "secondary": "#004578",
    }
    for name, fallback in fallbacks.items():
        color = Color.parse(variables.get(name) or fallback)
        out[name] = (color.r, color.g, color.b)
    return out


def _memory_label(mb: int) -> str:
    return f"{mb // 1024}G" if mb % 1024 == 0 else str(mb)


def _even_ticks(low: float, high: float, count: int = 4) -> list[float]:
    if high <= low:
        return [low]
    return [low + (high - low) * i / count for i in range(count + 1)]


Legend = list[tuple[str, str]]
"""(label, theme colour name) for each series, shown under the chart (plotext's legend hides data)."""
TOO_LARGE = ("figures too large to plot", "error")
PLOT_LIMIT = 1e100  # far above any calculator figure, far below float's overflow


def _plottable(values: Sequence[Decimal | int]) -> bool:
    """True when every value converts to a float plotext can scale (no overflow, inf or NaN)."""
    try:
        return all(math.isfinite(f) and abs(f) < PLOT_LIMIT for f in map(float, values))
    except (OverflowError, ValueError):
        return False


def draw_cost_vs_memory(
    widget: PlotextPlot,
    points: Sequence[MemoryCostPoint],
    current_mb: int,
    current_total: Decimal,
    colors: Mapping[str, RGB],
) -> Legend:
    """Monthly cost at each memory size (log scale), with the current memory marked."""
    plt = widget.plt
    plt.clear_figure()
    if not points:
        widget.refresh()
        return [("no memory size to plot", "error")]
    # The x axis is log2(MB), labelled in MB: plotext's own log scale breaks when a plot is redrawn.
    xs = [math.log2(p.memory_mb) for p in points]
    if not _plottable([p.total for p in points] + [current_total]):
        widget.refresh()
        return [TOO_LARGE]
    ys = [float(p.total) for p in points]
    plt.plot(xs, ys, marker="braille", color=colors["primary"])
    plt.scatter([math.log2(current_mb)], [float(current_total)], marker="●", color=colors["accent"])
    plt.xticks([math.log2(mb) for mb in MEMORY_TICKS], [_memory_label(mb) for mb in MEMORY_TICKS])
    ticks = _even_ticks(min(ys), max(ys))
    plt.yticks(ticks, [f"${t:,.2f}" if max(ys) < 100 else f"${t:,.0f}" for t in ticks])
    widget.refresh()
    return [
        ("cost per month by memory (MB, log scale)", "primary"),
        (f"now: {current_mb:,} MB = {dollars(current_total)}", "accent"),
    ]


def draw_scaling(widget: PlotextPlot, result: ConcurrencyResult, colors: Mapping[str, RGB]) -> Legend:
    """Environments ready after a sudden burst (current and pre-2023 rules) against the demand."""
    plt = widget.plt
    plt.clear_figure()
    timeline = result.timeline
    legacy = result.legacy_timeline
    if not timeline:
        widget.refresh()
        return [("no timeline", "error")]
    xs = [p.t_seconds for p in timeline]
    demand = result.required_concurrency
    envs = [p.environments for p in (*timeline, *legacy)]
    if not _plottable([demand, xs[-1], *envs]):
        widget.refresh()
        return [TOO_LARGE]
    legend: Legend = [(f"demand {demand:,}", "error")]
    plt.plot(xs, [demand] * len(xs), marker="braille", color=colors["error"])
    if result.available_concurrency < demand:
        plt.plot(xs, [result.available_concurrency] * len(xs), marker="braille", color=colors["warning"])
        legend.append((f"available {result.available_concurrency:,}", "warning"))
    if legacy:
        plt.plot(
            [p.t_seconds for p in legacy],
            [p.environments for p in legacy],
            marker="braille",
            color=colors["primary"],
        )
        legend.append((f"pre-2023 rule {result.legacy.seconds_to_scale:,} s", "primary"))
    plt.plot(xs, [p.environments for p in timeline], marker="braille", color=colors["success"])
    legend.append((f"current rule {result.current.seconds_to_scale:,} s", "success"))
    top = max([demand, *(p.environments for p in timeline), *(p.environments for p in legacy)])
    ticks = _even_ticks(0, float(top))
    plt.yticks(ticks, [f"{round(t):,}" for t in ticks])
    plt.ylim(0, max(1, top) * 1.05)
    plt.xlim(0, xs[-1])
    widget.refresh()
    return legend
