"""Settings: daily limits, the day boundary, desired retention and the theme, validated as you save."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

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
        from studycards.srs.settings import SPECS

        yield TitleBar()
        with VerticalScroll(id="settings"):
            with Vertical(id="settings-scheduling", classes="panel"):
                for key in EDITABLE:
                    with Horizontal(classes="row"):
                        yield Label(LABELS[key])
                        yield Input(id=f"set-{key}", placeholder=SPECS[key].default, compact=True)
                    yield Static(SPECS[key].help, classes="hint", id=f"hint-{key}", markup=False)
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

    @work(thread=True, exclusive=True, group="settings")
    def load(self) -> None:
        settings = self.services.settings()
        self.app.call_from_thread(self._fill, settings.as_dict())

    def _fill(self, values: dict[str, object]) -> None:
        from studycards.srs.settings import setting_text

        for key in EDITABLE:
            self.query_one(f"#set-{key}", Input).value = setting_text(key, values.get(key, ""))
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

    @work(thread=True, exclusive=True, group="settings")
    def save(self, values: dict[str, str]) -> None:
        from studycards.srs.settings import SPECS, SettingError

        services = self.services
        errors: dict[str, str] = {}
        current = services.settings().as_dict()
        for key, raw in values.items():
            try:
                SPECS[key].parse(raw)
            except SettingError as exc:
                errors[key] = str(exc)
        if not errors:
            from studycards.srs.settings import setting_text

            for key, raw in values.items():
                if raw != setting_text(key, current.get(key)):
                    services.set_setting(key, raw)
        self.app.call_from_thread(self._saved, errors, values)

    def _saved(self, errors: dict[str, str], values: dict[str, str]) -> None:
        from studycards.srs.settings import SPECS

        for key in EDITABLE:
            hint = self.query_one(f"#hint-{key}", Static)
            hint.update(errors.get(key, SPECS[key].help))
            hint.set_class(key in errors, "error")
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
