#!/usr/bin/env python3
"""Benchmarks: `python scripts/bench.py [--json] [--only PREFIX]`.

Each `scripts/bench_*.py` module exposes `measure() -> dict[str, float]`, and may have `GOALS`:
{figure: ceiling}, the ceiling a number or the name of another figure. This script runs them all,
prints the figures (milliseconds unless the key says otherwise) and then the goals, met or missed
(on stderr with --json). Figures go in notes, not in tests: machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_parts() -> list[tuple[str, object]]:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent))  # this checkout's studycards, before any installed one
    parts = []
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = module
        spec.loader.exec_module(module)
        parts.append((path.stem.removeprefix("bench_"), module))
    return parts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--only", default="", help="run only parts whose name starts with this")
    args = parser.parse_args()
    results: dict[str, float] = {}
    goals: dict[str, float | str] = {}
    for name, module in load_parts():
        if args.only and not name.startswith(args.only):
            continue
        if not args.json:
            print(f"[{name}] ...", file=sys.stderr, flush=True)
        results.update(module.measure())  # type: ignore[attr-defined]
        goals.update(getattr(module, "GOALS", {}))
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        width = max((len(k) for k in results), default=0)
        for key, value in results.items():
            print(f"{key.ljust(width)}  {value:10.2f}")
    for line in goal_lines(results, goals):
        print(line, file=sys.stderr if args.json else sys.stdout)
    return 0


def goal_lines(results: dict[str, float], goals: dict[str, float | str]) -> list[str]:
    """One line per goal whose figure was measured: `goal: key <= ceiling (value): met|MISSED`."""
    lines = []
    for key, ceiling in goals.items():
        limit = results.get(ceiling) if isinstance(ceiling, str) else ceiling
        if key not in results or limit is None:
            continue
        verdict = "met" if results[key] <= limit else "MISSED"
        shown = f"{ceiling} = {limit:.2f}" if isinstance(ceiling, str) else f"{limit:g}"
        lines.append(f"goal: {key} <= {shown} ({results[key]:.2f}): {verdict}")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
