"""Tiny text renderings of fractions: bars and percentages."""

from __future__ import annotations

BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int) -> str:
    """A bar `width` cells wide filled to `fraction` (clamped to 0..1), with eighth-cell steps."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (BLOCKS[part] if part else "")
    return text.ljust(width, "·")


def percent(value: float | None) -> str:
    """A fraction as a whole percentage, or a dash when there is nothing to measure yet."""
    return "–" if value is None else f"{round(value * 100)}%"
