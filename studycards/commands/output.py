"""Small output helpers shared by the commands."""

from __future__ import annotations

from typing import Any

import click


def _default(value: Any) -> Any:
    """JSON for the values the engine returns beyond plain types: exact decimals and dates."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def emit_json(document: Any) -> None:
    """Print one JSON document on stdout and nothing else."""
    import json  # here, not at start-up: most commands never print JSON

    click.echo(json.dumps(document, indent=2, ensure_ascii=False, default=_default))


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain aligned text table (no colour), good for pipes and tests."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=False)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)).rstrip())
    return "\n".join(lines)
