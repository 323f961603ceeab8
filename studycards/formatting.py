"""Plain-text formats shared by the CLI and the TUI: durations, percentages, short domain names."""

from __future__ import annotations

from datetime import timedelta

from studycards.content.vocabulary import DOMAINS


def format_duration(delta: timedelta) -> str:
    """A duration as m:ss, or h:mm:ss from an hour up (never negative): `2:05`, `2:10:00`."""
    seconds = max(int(delta.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_percent(fraction: float | None, decimals: int = 0) -> str:
    """A fraction (0.5) as a percentage (`50%`, or `50.0%` with one decimal); a dash for None."""
    return "–" if fraction is None else f"{fraction * 100:.{decimals}f}%"


def short_domain(slug: str) -> str:
    """An exam domain's short name ("Secure", "High-Performing"); an unknown slug as given."""
    title = DOMAINS.get(slug)
    return slug if title is None else title.removeprefix("Design ").removesuffix(" Architectures")
