"""What the quiz screens share: the option count and plurals."""

from __future__ import annotations

MAX_OPTIONS = 6  # the content format allows 4 to 6 options: a-f, or 1-6


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
