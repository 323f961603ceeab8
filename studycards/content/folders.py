"""Finding deck folders under the content roots."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

MANIFEST_NAME = "deck.yaml"


def find_deck_dirs(roots: Iterable[Path]) -> list[Path]:
    """Every folder under the roots that holds a deck manifest, in a stable order."""
    found: list[Path] = []
    seen: set[Path] = set()
    for root in roots:
        if not root.is_dir():
            continue
        for manifest in sorted(root.rglob(MANIFEST_NAME)):
            if any(part.startswith(".") for part in manifest.relative_to(root).parts):
                continue  # hidden folders: an import being written, a .git folder
            deck_dir = manifest.parent.resolve()
            if deck_dir not in seen:
                seen.add(deck_dir)
                found.append(manifest.parent)
    return found
