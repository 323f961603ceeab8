"""sqlite-utils, imported without its optional numpy and pandas support.

sqlite-utils imports numpy (and pandas) at import time, when they are installed, only to map
their value types to column types. We never store numpy or pandas values, and numpy alone costs
about 60 ms of every command's start, so both are hidden while sqlite-utils is imported (and
only then: anything else may still import them).
"""

from __future__ import annotations

import sys


def _import_without_optional_extras() -> None:
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import numpy` raise ImportError
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            sys.modules.pop(name, None)


_import_without_optional_extras()

from sqlite_utils import Database  # noqa: E402
from sqlite_utils.migrations import Migrations  # noqa: E402

__all__ = ["Database", "Migrations"]
