"""Reading a source file safely: a regular file, not empty, not larger than the import limit."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from studycards.imports.model import ImportFailed

MAX_TEXT_BYTES = 64 * 1024 * 1024


def check_source(path: Path) -> int:
    """The size of `path` after checking it is a readable, non-empty regular file."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ImportFailed(f"{path}: not a regular file")
    if info.st_size == 0:
        raise ImportFailed(f"{path.name}: the file is empty")
    return info.st_size


def read_source_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The whole file, refused when larger than `limit` (text sources are read into memory)."""
    size = check_source(path)
    if size > limit:
        raise ImportFailed(
            f"{path.name}: the file is {size // (1024 * 1024)} MB; text imports take at most "
            f"{limit // (1024 * 1024)} MB (split it into smaller files)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read the file ({exc.strerror or exc})") from None
