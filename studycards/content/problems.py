"""What can be wrong with the content, and what a load returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from studycards.content.model import Library
from studycards.content.safe_text import safe_line


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content, where an author can find it."""

    path: Path
    line: int
    field: str
    message: str
    column: int = 0

    def __str__(self) -> str:
        """One line, `file:line[:column]: field: message`, with any control character escaped."""
        where = f" {self.field}:" if self.field else ""
        column = f":{self.column}" if self.column else ""
        return safe_line(f"{self.path}:{self.line}{column}:{where} {self.message}")


@dataclass(slots=True)
class LoadResult:
    """The loaded library and every problem found on the way."""

    library: Library
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the content loaded without a problem."""
        return not self.problems


class ContentError(Exception):
    """Raised by `load_or_raise` when the content has problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more; run 'studycards content check')" if len(problems) > 1 else ""
        super().__init__(f"content problem: {first}{more}")


def field_name(path: tuple[str | int, ...]) -> str:
    """A field path as authors write it: `questions[0].options[1].why`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
