"""Timing helpers shared by the bench_*.py parts."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path


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


def command_ms(argv: list[str], repeat: int = 7, cwd: Path | None = None) -> float:
    """Median wall time of running a command to completion (in `cwd` when given)."""
    return median_ms(lambda: subprocess.run(argv, check=True, capture_output=True, cwd=cwd), repeat=repeat)


PYTHON = sys.executable


@contextlib.contextmanager
def private_data_dir(path: Path) -> Iterator[Path]:
    """Point STUDYCARDS_DATA_DIR at `path` (created) for the block: a bench never touches the real one."""
    path.mkdir(parents=True, exist_ok=True)
    saved = {k: os.environ.get(k) for k in ("STUDYCARDS_DATA_DIR", "STUDYCARDS_NO_CACHE")}
    os.environ["STUDYCARDS_DATA_DIR"] = str(path)
    os.environ.pop("STUDYCARDS_NO_CACHE", None)
    try:
        yield path
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
