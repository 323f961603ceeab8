"""Timing helpers shared by the bench_*.py parts."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of `fn` in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 2)


def command_ms(argv: list[str], repeat: int = 7) -> float:
    """Median wall time of running a command to completion."""
    return median_ms(lambda: subprocess.run(argv, check=True, capture_output=True), repeat=repeat)


PYTHON = sys.executable
