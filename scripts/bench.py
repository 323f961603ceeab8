#!/usr/bin/env python3
"""Benchmarks: `python scripts/bench.py [--json] [--only PREFIX]`.

Each `scripts/bench_*.py` module exposes `measure() -> dict[str, float]`; this script runs them
all and prints the figures (milliseconds unless the key says otherwise). Figures go in notes, not
in tests: machines are shared and noisy.
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
    for name, module in load_parts():
        if args.only and not name.startswith(args.only):
            continue
        if not args.json:
            print(f"[{name}] ...", file=sys.stderr, flush=True)
        results.update(module.measure())  # type: ignore[attr-defined]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        width = max((len(k) for k in results), default=0)
        for key, value in results.items():
            print(f"{key.ljust(width)}  {value:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
