"""A horizontal bar chart of scores: one row per label, drawn with block characters."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from studycards.tui.widgets.bars import bar

FIGURES_WIDTH = 13  # " 12/20  100%"


def score_style(fraction: float) -> str:
    """Theme colour of a score: at or above the exam's 72% pass rate is good, under half is weak."""
    if fraction >= 0.72:
        return "$text-success"
    return "$text-warning" if fraction >= 0.5 else "$text-error"


class ScoreBars(Widget):
    """Bars for (label, correct, total) rows; the bars stretch to the width available."""

    DEFAULT_CSS = """
    ScoreBars { height: auto; }
    """

    def __init__(self, rows: Sequence[tuple[str, int, int]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = list(rows)

    def render(self) -> Content:
        if not self.rows:
            return Content.styled("nothing scored", "$foreground-muted")
        width = self.size.width or 60
        label_width = min(max(len(label) for label, _, _ in self.rows), max(width // 3, 8))
        bar_width = max(width - label_width - FIGURES_WIDTH - 2, 4)
        lines = []
        for label, correct, total in self.rows:
            fraction = correct / total if total else 0.0
            drawn = bar(fraction, bar_width)
            filled = drawn.rstrip("·")
            shown = label if len(label) <= label_width else label[: label_width - 1] + "…"
            lines.append(
                Content.assemble(
                    shown.ljust(label_width),
                    "  ",
                    (filled, score_style(fraction)),
                    ("·" * (bar_width - len(filled)), "$foreground-muted"),
                    f"{correct}/{total}".rjust(8) + f"{round(100 * fraction)}%".rjust(5),
                )
            )
        return Content("\n").join(lines)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(len(self.rows), 1)
