"""Settings: daily limits, the day boundary, desired retention and the theme, validated as you save."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from studycards.tui.messages import Loaded, Saved
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.titlebar import TitleBar

EDITABLE = (
    "new_per_day",
    "reviews_per_day",
    "day_starts_at",
    "desired_retention",
    "maximum_interval",
    "learning_steps",
    "relearning_steps",
    "leech_threshold",
    "timezone",
)
LABELS = {
    "new_per_day": "New cards per day",
    "reviews_per_day": "Reviews per day",
    "day_starts_at": "Next day starts at (hour)",
    "desired_retention": "Desired retention",
    "maximum_interval": "Maximum interval (days)",
    "learning_steps": "Learning steps",
    "relearning_steps": "Relearning steps",
    "leech_threshold": "Leech after lapses",
    "timezone": "Time zone",
}
# Hints that differ from the engine's: here an empty field means the default.
HINTS = {
    "day_starts_at": "local hour the next study day starts (0-23)",
    "relearning_steps": "e.g. '10m' or '5m 1h'; 'none' for no steps",
    "timezone": "the day boundary's zone, e.g. Europe/Berlin",
}
NO_STEPS = "none"  # what the relearning field shows for "no relearning steps" (stored as "")


def placeholder(key: str) -> str:
    """What an empty field shows: the default it stands for."""
    from studycards.srs.settings import SPECS

    return f"default: {SPECS[key].default or 'system zone'}"


def hint(key: str) -> str:
    """The line of help under a field."""
    from studycards.srs.settings import SPECS

    return HINTS.get(key, SPECS[key].help)


def shown_text(key: str, stored: str | None) -> str:
    """A stored setting as its field shows it: empty while it is at its default."""
    if stored is None:
        return ""
    if key == "relearning_steps" and not stored.strip():
        return NO_STEPS
    return stored


def stored_text(key: str, shown: str) -> str:
    """The text to store for what a field holds (the inverse of `shown_text`)."""
    if key == "relearning_steps" and shown.lower() == NO_STEPS:
        return ""
    return shown


class SettingsScreen(StudyScreen):
    """Edit the scheduling settings and the theme."""

    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="settings.back"),
        Binding("ctrl+s", "save", "Save", id="settings.save"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.saved_values: dict[str, str] | None = None  # what the fields held when loaded or saved
        self.warned = False  # escape once said that the changes are not saved

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="settings"):
            with Vertical(id="settings-scheduling", classes="panel"):
                for key in EDITABLE:
                    with Horizontal(classes="row"):
                        yield Label(LABELS[key])
                        yield Input(id=f"set-{key}", placeholder=placeholder(key), compact=True)
                    yield Static(hint(key), classes="hint", id=f"hint-{key}", markup=False)
            with Vertical(id="settings-appearance", classes="panel"):
                with Horizontal(classes="row"):
                    yield Label("Theme")
                    yield Select(
                        [(name, name) for name in sorted(self.app.available_themes)],
                        id="set-theme",
                        allow_blank=False,
                        value=self.app.theme,
                        compact=True,
                    )
                yield Static("changes at once, and is remembered", classes="hint")
            with Horizontal(id="settings-buttons"):
                yield Button("Save  (ctrl+s)", id="settings-save", variant="primary", compact=True)
                yield Button("Back  (escape)", id="settings-back", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        self.query_one("#settings-scheduling").border_title = "Scheduling"
        self.query_one("#settings-appearance").border_title = "Appearance"
        self.load()

    @work(thread=True, exclusive=True, group="settings", exit_on_error=False)
    def load(self) -> None:
        self.post_message(Loaded("settings", self.services.stored_settings()))

    def on_loaded(self, message: Loaded) -> None:
        self._fill(message.value)

    def _fill(self, stored: dict[str, str]) -> None:
        for key in EDITABLE:
            self.query_one(f"#set-{key}", Input).value = shown_text(key, stored.get(key))
        self.saved_values = self.field_values()
        self.query_one("#set-new_per_day", Input).focus()

    def field_values(self) -> dict[str, str]:
        """What each setting field holds now."""
        return {key: self.query_one(f"#set-{key}", Input).value.strip() for key in EDITABLE}

    @on(Select.Changed, "#set-theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value

    @on(Button.Pressed, "#settings-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#settings-back")
    def _back_pressed(self) -> None:
        self.action_back()

    def action_save(self) -> None:
        self.save(self.field_values())

    @work(thread=True, exclusive=True, group="settings", exit_on_error=False)
    def save(self, values: dict[str, str]) -> None:
        """Store each field: an empty one resets its setting to the default, the rest are validated."""
        from studycards.srs.settings import SPECS, SettingError, setting_text

        services = self.services
        errors: dict[str, str] = {}
        wanted: dict[str, str] = {}
        for key, shown in values.items():
            if not shown:
                continue
            try:
                wanted[key] = setting_text(key, SPECS[key].parse(stored_text(key, shown)))
            except SettingError as exc:
                errors[key] = str(exc)
        if not errors:
            stored = services.stored_settings()
            for key in values:
                if key not in wanted:
                    if key in stored:
                        services.reset_setting(key)
                elif stored.get(key) != wanted[key]:
                    services.set_setting(key, stored_text(key, values[key]))
        self.post_message(Saved("settings", (errors, values)))

    def on_saved(self, message: Saved) -> None:
        errors, values = message.value
        for key in EDITABLE:
            line = self.query_one(f"#hint-{key}", Static)
            line.update(errors.get(key, hint(key)))
            line.set_class(key in errors, "error")
            self.query_one(f"#set-{key}", Input).set_class(key in errors, "-invalid")
        if errors:
            self.notify("Nothing saved: fix the fields marked in red.", severity="error")
        else:
            self.saved_values = values
            self.warned = False
            self.notify("Settings saved.")

    def action_back(self) -> None:
        unsaved = self.saved_values is not None and self.field_values() != self.saved_values
        if unsaved and not self.warned:
            self.warned = True
            self.notify("Your changes are not saved: ctrl+s saves them, escape again leaves without.",
                        severity="warning", timeout=6)
            return
        self.app.pop_screen()
