"""The Textual app: a dashboard with a screen for each way of studying."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from studycards.content.safe_text import safe_line
from studycards.context import StartScreen
from studycards.tui.messages import Loaded, WorkerPolicy
from studycards.tui.palette import StudyCommands, screen_commands
from studycards.tui.services import Services

PREFETCH_DELAY = 1.0  # seconds after the dashboard shows before the browser's index is read


class StudyApp(WorkerPolicy, App[None]):
    """studycards: review, quiz, calculate, read notes and see progress."""

    CSS_PATH = "app.tcss"
    TITLE = "studycards"
    SUB_TITLE = "SAA-C03"
    COMMANDS = {StudyCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("b", "open_browse", "Browse", id="app.browse"),
        Binding("ctrl+comma", "open_settings", "Settings", id="app.settings", show=False),
    ]

    def __init__(
        self,
        services: Services,
        start: StartScreen = StartScreen.DASHBOARD,
        start_options: dict[str, Any] | None = None,
        keymap: dict[str, str] | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.start = start
        self.start_options = start_options or {}
        self._keymap = keymap or {}
        self._saved_theme = theme
        self._started = False

    def on_mount(self) -> None:
        if self._keymap:
            self.set_keymap(self._keymap)
        self.apply_saved_theme()
        self._started = True
        self.load_dashboard()

    @work(thread=True, exclusive=True, group="startup", exit_on_error=False)
    def load_dashboard(self) -> None:
        """Read the dashboard's figures off the UI thread, then show it in one go."""
        self.post_message(Loaded("dashboard", self.services.dashboard()))

    def on_loaded(self, message: Loaded) -> None:
        """The first screen, once its figures are read."""
        from studycards.tui.screens.dashboard import DashboardScreen

        decks = message.value.decks
        if decks:  # the exam, and the deck when there is one ("SAA-C03 · AWS Lambda")
            shown = safe_line(decks[0].title) if len(decks) == 1 else f"{len(decks)} decks"
            self.sub_title = f"SAA-C03 · {shown}"
        self.push_screen(DashboardScreen(message.value))
        self.set_timer(PREFETCH_DELAY, self.prefetch_browse)
        if self.start is StartScreen.REVIEW:
            self.action_open_review(**self.start_options)
        elif self.start is StartScreen.QUIZ:
            self.open_quiz_with(**self.start_options)

    @work(thread=True, exclusive=True, group="browse-prefetch", exit_on_error=False)
    def prefetch_browse(self) -> None:
        """Read the card browser's index in the background, so b opens Browse at once."""
        self.services.browse_index()

    def apply_saved_theme(self) -> None:
        """Use the theme saved in the settings (given to make_app), if it is one of ours."""
        theme = self._saved_theme
        if theme and theme in self.available_themes:
            self.theme = theme

    def watch_theme(self, theme: str) -> None:
        if self._started:
            self.save_theme(theme)

    @work(thread=True, exclusive=True, group="theme", exit_on_error=False)
    def save_theme(self, theme: str) -> None:
        """Remember the theme (a database write, so off the UI thread)."""
        self.services.save_ui_setting("theme", theme)

    # -- navigation ---------------------------------------------------------------------------
    def _open(self, screen: Screen[Any]) -> None:
        self.push_screen(screen)

    def _back_to(self, kind: type[Screen[Any]], message: str) -> bool:
        """Return to a screen of `kind` already open under this one (one review or quiz at a time)."""
        existing = next((s for s in reversed(self.screen_stack) if isinstance(s, kind)), None)
        if existing is None:
            return False
        if self.screen is not existing:
            while self.screen is not existing and len(self.screen_stack) > 1:
                self.pop_screen()
            self.notify(message, timeout=4)
        return True

    def action_open_review(
        self,
        topic: str | None = None,
        topics: Iterable[str] | None = None,
        limit: int | None = None,
        decks: Iterable[str] | None = None,
    ) -> None:
        """Review what is due: everything, or the given topics and decks."""
        from studycards.tui.screens.review import ReviewScreen

        if self._back_to(ReviewScreen, "Back to your review session: finish it (or escape) first."):
            return
        chosen = frozenset(topics or ()) | ({topic} if topic else set())
        self._open(ReviewScreen(topics=chosen or None, limit=limit, decks=frozenset(decks or ()) or None))

    def action_open_quiz(self, topic: str | None = None) -> None:
        from studycards.tui.screens.quiz import QuizScreen, QuizSetupScreen

        if self._back_to(QuizSetupScreen, "Back to the quiz setup."):
            return
        if self._back_to(QuizScreen, "Back to your quiz: finish it (or escape) first."):
            return
        self._open(QuizSetupScreen(topic=topic))

    def open_quiz_with(
        self,
        questions: list[Any] | None = None,
        mode: str = "practice",
        seed: int | None = None,
        resume: tuple[str, Any] | None = None,
        *,
        replace: bool = False,
    ) -> None:
        """Start a quiz on already-chosen questions, or go on with a resumed exam (`studycards quiz`).

        With `replace`, the quiz takes the place of the current screen (the setup or a report).
        """
        from studycards.tui.screens.quiz import ExamScreen, quiz_screen

        screen = ExamScreen(resumed=resume) if resume else quiz_screen(questions or [], mode, seed)
        if replace:
            self.switch_screen(screen)
        else:
            self._open(screen)

    async def action_quit(self) -> None:
        """Quit, letting a quiz in progress end first (an exam is graded as it stands)."""
        from studycards.tui.screens.quiz import QuizScreen

        for screen in self.screen_stack:
            if isinstance(screen, QuizScreen):
                screen.end_for_quit()
        self.exit()

    def action_open_calc(self) -> None:
        from studycards.tui.screens.calc import CalcScreen

        self._open(CalcScreen())

    def action_open_notes(self, topic: str | None = None) -> None:
        from studycards.tui.screens.notes import NotesScreen

        self._open(NotesScreen(self.services.library, topic))

    def action_open_stats(self) -> None:
        from studycards.tui.screens.stats import StatsScreen

        self._open(StatsScreen())

    def action_open_browse(self, query: str | None = None) -> None:
        """The card browser; from a screen that suggests a search (review: the card just set
        aside), that search."""
        from studycards.tui.screens.browse import BrowseScreen

        if query is None:
            suggest = getattr(self.screen, "browse_query", None)
            query = suggest() if callable(suggest) else ""
        existing = next((s for s in self.screen_stack if isinstance(s, BrowseScreen)), None)
        if existing is not None:
            self._back_to(BrowseScreen, "Back to Browse.")
            return
        self._open(BrowseScreen(query or ""))

    def action_open_settings(self) -> None:
        from studycards.tui.screens.settings import SettingsScreen

        self._open(SettingsScreen())

    def action_help(self) -> None:
        from studycards.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette: every screen, the current screen's keys, and Textual's own commands (its
        "Keys" panel left out: Help shows the keys)."""
        yield SystemCommand("Review due cards", "Flashcards due today, Anki-style", self.action_open_review)
        yield SystemCommand(
            "Start a quiz", "Practice questions or a timed mock exam (SAA-C03 format)", self.action_open_quiz
        )
        yield SystemCommand(
            "Browse cards", "Find any card: search, suspend, unsuspend, bury, forget, history",
            self.action_open_browse,
        )
        yield SystemCommand(
            "Calculators", "Lambda cost and concurrency, with the working", self.action_open_calc
        )
        yield SystemCommand("Notes", "Read the notes by topic and search everything", self.action_open_notes)
        yield SystemCommand("Statistics", "Reviews, forecast, retention and mastery", self.action_open_stats)
        yield SystemCommand(
            "Settings", "Daily limits, day boundary, retention, theme", self.action_open_settings
        )
        yield SystemCommand("Help", "Keys of the current screen and the key map", self.action_help)
        yield from screen_commands(screen)
        yield from (command for command in super().get_system_commands(screen) if command.title != "Keys")


def make_app(
    services: Services,
    start: StartScreen | str = StartScreen.DASHBOARD,
    start_options: dict[str, Any] | None = None,
    keymap: dict[str, str] | None = None,
    theme: str | None = None,
) -> StudyApp:
    """Build the app for the CLI and for tests (pass a Services on a temporary database).

    The keymap and the theme default to the ones saved in the settings.
    """
    if keymap is None:
        keymap = services.keymap()
    if theme is None:
        theme = services.ui_setting("theme")
    return StudyApp(
        services, start=StartScreen(start), start_options=start_options, keymap=keymap, theme=theme
    )
