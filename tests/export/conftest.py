"""Fixtures shared by the export tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from anki.collection import Collection


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    """An empty Anki collection, opened with the official `anki` package, closed afterwards."""
    from anki.collection import Collection

    folder = tmp_path / "anki"
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    yield collection
    collection.close()
