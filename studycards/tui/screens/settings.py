"""Settings: daily limits, the day boundary, desired retention and the theme, validated as you save."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

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
    "exam_date",
    "buffer_days",
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
    "exam_date": "Exam date",
    "buffer_days": "Exam buffer (days)",
}
# Hints that differ from the engine's: here an empty field means the default.
HINTS = {
    "day_starts_at": "local hour the next study day starts (0-23)",
    "relearning_steps": "e.g. '10m' or '5m 1h'; 'none' for no steps",
    "timezone": "the day boundary's zone, e.g. Europe/Berlin",
    "exam_date": "YYYY-MM-DD; 'studycards plan' plans backwards from it",
}
NO_STEPS = "none"  # what the relearning field shows for "no relearning steps" (stored as "")


def placeholder(key: str) -> str:
    """What an empty field shows: the default it stands for."""
    from studycards.srs.settings import SPECS

    if key == "exam_date":
        return "default: none"
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
        self.suggested: float | None = None  # the desired retention suggested by the simulator

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="settings"):
            with Vertical(id="settings-scheduling", classes="panel"):
                for key in EDITABLE:
                    with Horizontal(classes="row"):
                        yield Label(LABELS[key])
                        yield Input(id=f"set-{key}", placeholder=placeholder(key), compact=True)
                    yield Static(hint(key), classes="hint", id=f"hint-{key}", markup=False)
            with Vertical(id="settings-learn", classes="panel"):
                with Horizontal(classes="buttons"):
                    yield Button("Optimize now", id="settings-optimize", compact=True)
                    yield ProgressBar(total=1, show_eta=False, id="settings-optimize-progress")
                yield Static("fits FSRS to your own reviews; applied only when it predicts better",
                             id="settings-optimize-text", classes="hint", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Suggest retention", id="settings-suggest", compact=True)
                    yield Button("Apply suggestion", id="settings-apply-retention", compact=True,
                                 disabled=True)
                yield Static("the desired retention that costs least per card remembered, with its workload",
                             id="settings-suggest-text", classes="hint", markup=False)
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
        self.query_one("#settings-learn").border_title = "Personal parameters"
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
        if message.what in {"optimize", "suggest"}:
            self._learn_saved(message)
            return
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

    # -- personal parameters -------------------------------------------------------------------
    @on(Button.Pressed, "#settings-optimize")
    def _optimize_pressed(self) -> None:
        self.query_one("#settings-optimize", Button).disabled = True
        self.query_one("#settings-optimize-text", Static).update("fitting…")
        self.optimize()

    @work(thread=True, exclusive=True, group="optimize", exit_on_error=False)
    def optimize(self) -> None:
        """Fit in a worker; progress and the outcome come back as messages."""
        from studycards.errors import StudycardsError

        bar = self.query_one("#settings-optimize-progress", ProgressBar)

        def progress(done: int, steps: int) -> None:
            self.app.call_from_thread(bar.update, total=steps, progress=done)

        try:
            result, applied = self.services.optimize(progress)
        except StudycardsError as exc:
            self.post_message(Saved("optimize", exc.message))
            return
        verdict = "applied" if applied else "not applied: the defaults predict as well or better"
        self.post_message(Saved("optimize", (
            f"log loss {result.default.log_loss:.4f} (defaults) → {result.fitted.log_loss:.4f} (fitted), "
            f"RMSE {result.default.rmse_bins:.4f} → {result.fitted.rmse_bins:.4f}; {verdict}")))

    @on(Button.Pressed, "#settings-suggest")
    def _suggest_pressed(self) -> None:
        self.query_one("#settings-suggest", Button).disabled = True
        self.query_one("#settings-suggest-text", Static).update("simulating a year of reviews…")
        self.suggest()

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def suggest(self) -> None:
        best, minutes, current = self.services.suggested_retention()
        self.post_message(Saved("suggest", (best, minutes, current)))

    @on(Button.Pressed, "#settings-apply-retention")
    def _apply_retention(self) -> None:
        if self.suggested is not None:
            self.query_one("#set-desired_retention", Input).value = f"{self.suggested:g}"
            self.action_save()

    def _learn_saved(self, message: Saved) -> None:
        if message.what == "optimize":
            self.query_one("#settings-optimize", Button).disabled = False
            self.query_one("#settings-optimize-text", Static).update(str(message.value))
            return
        best, minutes, current = message.value
        self.suggested = best
        self.query_one("#settings-suggest", Button).disabled = False
        self.query_one("#settings-apply-retention", Button).disabled = False
        self.query_one("#settings-suggest-text", Static).update(
            f"suggested {best:g}: about {minutes:g} min a day (now {current:g} min a day at your setting); "
            "'Apply suggestion' saves it")

    def action_back(self) -> None:
        unsaved = self.saved_values is not None and self.field_values() != self.saved_values
        if unsaved and not self.warned:
            self.warned = True
            self.notify("Your changes are not saved: ctrl+s saves them, escape again leaves without.",
                        severity="warning", timeout=6)
            return
        self.app.pop_screen()
