"""The schema's migration names, in order: what a database's version is measured against.

Kept apart from `srs/migrations.py`, which needs sqlite-utils, so that opening a database that is
already up to date never imports it. A test checks these names equal the registered migrations.
"""

from __future__ import annotations

MIGRATION_SET = "studycards"  # sqlite-utils' name for our set in its `_sqlite_migrations` table
MIGRATION_NAMES = (
    "0001_cards_reviews_settings",
    "0002_quiz",
    "0003_pending_exams",
    "0004_parameter_sets",
    "0005_undo_journal",
)
LATEST_VERSION = len(MIGRATION_NAMES)
