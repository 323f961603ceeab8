"""Every path the app uses: data dir, database, shipped and user content.

Overrides, strongest first: command-line options (`--db`, `--content`), then the environment
(`STUDYCARDS_DB`, `STUDYCARDS_CONTENT`, `STUDYCARDS_DATA_DIR`), then the platform defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "studycards"
DB_FILENAME = "studycards.db"


def data_dir() -> Path:
    """The learner's data folder (database, user decks)."""
    override = os.environ.get("STUDYCARDS_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The database file: `STUDYCARDS_DB` or `<data dir>/studycards.db`."""
    override = os.environ.get("STUDYCARDS_DB")
    if override:
        return Path(override).expanduser()
    return data_dir() / DB_FILENAME


def shipped_content_dir() -> Path:
    """The content shipped with the app: inside the wheel, or the repo's `content/` in a checkout."""
    package = Path(__file__).resolve().parent
    bundled = package / "_content"
    if bundled.is_dir():
        return bundled
    return package.parent / "content"


def user_decks_dir() -> Path:
    """Where a learner's own decks live (`<data dir>/decks`)."""
    return data_dir() / "decks"


def extra_content_dirs(cli_value: Path | None = None) -> list[Path]:
    """Extra deck folders from `--content` or `STUDYCARDS_CONTENT` (os.pathsep-separated)."""
    if cli_value is not None:
        return [cli_value]
    raw = os.environ.get("STUDYCARDS_CONTENT", "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p]


def content_roots(cli_value: Path | None = None) -> list[Path]:
    """All folders decks are loaded from: shipped, the user's decks, then extra ones."""
    return [shipped_content_dir(), user_decks_dir(), *extra_content_dirs(cli_value)]


def pricing_dir() -> Path:
    """The shipped price tables."""
    return shipped_content_dir() / "pricing"
