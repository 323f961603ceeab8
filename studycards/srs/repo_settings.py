"""The learner's settings in the store (the `settings` table), read once and cached."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studycards.srs.settings import SPECS, Settings, parse_setting, setting_text

if TYPE_CHECKING:
    from studycards.srs.db import Db


class SettingsRepo:
    """The `settings` table: only what the learner has set; the rest are defaults."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self._settings: Settings | None = None

    def settings(self) -> Settings:
        """The learner's settings (defaults where unset)."""
        if self._settings is None:
            self._settings = Settings.from_mapping(self.stored())
        return self._settings

    def stored(self) -> dict[str, str]:
        """Settings the learner has set (others are at their defaults)."""
        return {row["key"]: row["value"] for row in self.db.rows("SELECT key, value FROM settings")}

    def set(self, key: str, raw: str) -> Any:
        """Validate and store one setting; returns the typed value (raises SettingError)."""
        value = parse_setting(key, raw)
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (key, setting_text(key, value)))
        self._settings = None
        return value

    def reset(self, key: str) -> Any:
        """Put one setting back to its default; returns the default value."""
        if key not in SPECS:
            parse_setting(key, "")  # raises SettingError naming the valid keys
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))
        self._settings = None
        return parse_setting(key, SPECS[key].default)
