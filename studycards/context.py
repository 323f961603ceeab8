"""What every command and the app need: the database, the content and the clock.

Light on purpose (no click, no textual): the CLI builds an `AppContext` from its global options,
the TUI's `Services` is built on one, and tests pass one with a fixed clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from studycards.errors import StudycardsError

if TYPE_CHECKING:
    from studycards.content.model import Library
    from studycards.srs.store import Store

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock (UTC-aware)."""
    return datetime.now(UTC)


class StartScreen(StrEnum):
    """The screen the app opens on."""

    DASHBOARD = "dashboard"
    REVIEW = "review"
    QUIZ = "quiz"


@dataclass
class AppContext:
    """Where the database and the content are, and what time it is."""

    db_option: Path | None = None
    content_option: Path | None = None
    clock: Clock = utc_now
    _library: Library | None = field(default=None, repr=False)

    @classmethod
    def for_library(cls, library: Library, db_path: Path, clock: Clock = utc_now) -> AppContext:
        """A context on an already-loaded library (tests, scripts)."""
        return cls(db_option=db_path, clock=clock, _library=library)

    @property
    def db_path(self) -> Path:
        """The database file: --db / STUDYCARDS_DB, else the platform data folder."""
        from studycards.locations import default_db_path

        return self.db_option or default_db_path()

    def content_roots(self) -> list[Path]:
        """The folders decks are loaded from: shipped, the user's decks folder, then --content."""
        from studycards.locations import content_roots

        return content_roots(self.content_option)

    def library(self) -> Library:
        """Load all decks once (through the content cache); content problems become one clear error."""
        if self._library is None:
            from studycards.content.cache import load_cached
            from studycards.content.problems import ContentError

            try:
                self._library = load_cached(self.content_roots())
            except ContentError as exc:
                raise StudycardsError(str(exc), exit_code=1) from None
        return self._library

    def forget_library(self) -> None:
        """Load the decks again on the next `library()` (after an import wrote one)."""
        self._library = None

    def open_store(self, read_only: bool = False, *, sync: bool = True) -> Store:
        """Open (and migrate) the database; with `sync`, bring its cards in line with the library.

        `read_only=True` never writes the file (the sync goes to a scratch copy); `sync=False`
        neither loads the content nor touches the cards (settings, unsuspending).
        """
        from studycards.srs.store import Store

        library = self.library() if sync else None  # content errors before the file is touched
        store = Store.open(self.db_path, read_only=read_only)
        if library is not None:
            try:
                store.sync_cards(library.cards, self.clock())
            except BaseException:
                store.close()
                raise
        return store
