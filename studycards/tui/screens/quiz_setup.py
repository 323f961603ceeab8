"""The quiz setup form: topics, domain, difficulty, mode and the number of questions."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from studycards.content.model import DIFFICULTIES, DOMAINS, Library, Question
from studycards.content.safe_text import safe_line
from studycards.formatting import short_domain
from studycards.quiz.blueprint import exam_question_count
from studycards.quiz.request import DEFAULT_COUNT, MAX_COUNT, MAX_GENERATED, MIN_COUNT, QuizMode, QuizRequest
from studycards.tui.messages import Failed, Loaded
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.titlebar import TitleBar

ANY = "any"
SETUP_NOTE = (
    "Exam: timed (2 minutes a question), spread over the domains by the exam's weights, "
    "explained at the end, scored like the real one. "
    "Generated: numeric questions made by the calculators "
    "(blank: a couple on pricing or concurrency)."
)


DECK = "deck:"  # the value of a deck line: "deck:<deck id>"


class TopicPicker(SelectionList[str]):
    """The topic list, grouped under deck lines when there are several decks: space (or a click)
    toggles a topic, or on a deck line all its topics; enter starts the quiz."""

    BINDINGS = [Binding("enter", "screen.start", "Start quiz", show=False)]

    def __init__(self, library: Library, chosen: str | None = None, **kwargs: Any) -> None:
        self.members: dict[str, list[str]] = {}  # deck id -> its topics' names, with several decks
        options: list[Selection[str]] = []
        by_deck = len(library.decks) > 1
        for deck in library.decks:
            names = [name for name, topic in library.topics.items() if topic.deck == deck.id]
            if by_deck:
                self.members[deck.id] = names
                options.append(Selection(Content.styled(safe_line(deck.title), "bold"), DECK + deck.id))
            indent = "  " if by_deck else ""
            options += [
                Selection(Content(indent + safe_line(library.topics[name].title)), name, name == chosen)
                for name in names
            ]
        listed = {o.value for o in options}
        options += [  # topics of no loaded deck, if any
            Selection(Content(safe_line(t.title)), name, name == chosen)
            for name, t in library.topics.items()
            if name not in listed
        ]
        super().__init__(*options, **kwargs)

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        """A deck line takes all its topics with it; a deck line is on while all its topics are."""
        value = event.selection.value
        if value.startswith(DECK):
            for name in self.members.get(value.removeprefix(DECK), []):
                (self.select if value in self.selected else self.deselect)(name)
        else:
            for deck_id, names in self.members.items():
                if value in names:
                    whole = all(name in self.selected for name in names)
                    (self.select if whole else self.deselect)(DECK + deck_id)

    def choice(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(decks, topics) for the QuizRequest: decks alone when only whole decks are chosen, else
        every deck touched and the topics chosen in them (both empty: everything)."""
        picked = set(self.selected)
        values = [self.get_option_at_index(i).value for i in range(self.option_count)]
        chosen = [v for v in values if v in picked and not v.startswith(DECK)]
        touched = [d for d, names in self.members.items() if any(n in chosen for n in names)]
        whole = all(all(n in chosen for n in self.members[d]) for d in touched)
        loose = any(not any(n in names for names in self.members.values()) for n in chosen)
        if whole and not loose:
            return tuple(touched), ()
        return (() if loose else tuple(touched)), tuple(chosen)


class QuizSetupScreen(StudyScreen):
    """Choose what to be quizzed on; enter starts (the defaults give a 10-question practice quiz)."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("ctrl+s", "start", "Start quiz", id="quiz_setup.start"),
        Binding("escape", "back", "Back", id="quiz_setup.back"),
    ]

    def __init__(self, topic: str | None = None) -> None:
        super().__init__()
        self.topic = topic
        self.busy = False

    def compose(self) -> ComposeResult:
        library = self.services.library
        preset = library.topic(self.topic) if self.topic else None
        yield TitleBar()
        with Horizontal(id="quiz-setup"):
            with Vertical(id="quiz-setup-left", classes="panel"):
                yield Static("Topics: space toggles (none = all)", classes="quiz-setup-title")
                chosen = preset.qualified if preset else None
                yield TopicPicker(library, chosen, id="quiz-setup-topics", compact=True)
            with VerticalScroll(id="quiz-setup-right", classes="panel", can_focus=False):
                with Horizontal(classes="quiz-setup-row"):
                    yield Label("Domain")
                    yield Select(
                        [("Any domain", ANY), *[(short_domain(slug), slug) for slug in DOMAINS]],
                        value=ANY,
                        allow_blank=False,
                        compact=True,
                        id="quiz-setup-domain",
                    )
                with Horizontal(classes="quiz-setup-row"):
                    yield Label("Difficulty")
                    yield Select(
                        [("Any difficulty", ANY), *[(d.title(), d) for d in DIFFICULTIES]],
                        value=ANY,
                        allow_blank=False,
                        compact=True,
                        id="quiz-setup-difficulty",
                    )
                with Horizontal(classes="quiz-setup-row"):
                    yield Label("Mode")
                    with RadioSet(id="quiz-setup-mode", compact=True):
                        yield RadioButton("Practice", value=True, id="quiz-setup-practice", compact=True)
                        yield RadioButton("Exam", id="quiz-setup-exam", compact=True)
                with Horizontal(classes="quiz-setup-row"):
                    yield Label("Questions")
                    yield Input(
                        str(DEFAULT_COUNT[QuizMode.PRACTICE]),
                        type="integer",
                        compact=True,
                        valid_empty=True,
                        id="quiz-setup-count",
                    )
                with Horizontal(classes="quiz-setup-row"):
                    yield Label("Generated")
                    yield Input(
                        placeholder="auto",
                        type="integer",
                        compact=True,
                        valid_empty=True,
                        id="quiz-setup-generated",
                    )
                yield Checkbox("Retry my last misses", id="quiz-setup-wrong", compact=True)
                yield Static(id="quiz-setup-error")
                yield Static(SETUP_NOTE, classes="quiz-setup-note")
                yield Button("Start quiz  (ctrl+s)", id="quiz-setup-start", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Quiz · setup"
        self.query_one("#quiz-setup-error").display = False
        self.query_one("#quiz-setup-topics").focus()

    def default_count(self, mode: QuizMode) -> int:
        """Questions a quiz of `mode` asks by default: 10, or the exam format's length (65)."""
        if mode is QuizMode.EXAM:
            return exam_question_count(self.services.library.exam)
        return DEFAULT_COUNT[mode]

    @on(RadioSet.Changed, "#quiz-setup-mode")
    def _mode_changed(self) -> None:
        """Switching mode swaps the default question count (10 practice, 65 for an exam) if untouched."""
        mode = self.mode()
        other = QuizMode.PRACTICE if mode is QuizMode.EXAM else QuizMode.EXAM
        count = self.query_one("#quiz-setup-count", Input)
        if count.value.strip() in ("", str(self.default_count(other))):
            count.value = str(self.default_count(mode))

    def mode(self) -> QuizMode:
        """The mode the radio buttons say."""
        exam = self.query_one("#quiz-setup-exam", RadioButton).value
        return QuizMode.EXAM if exam else QuizMode.PRACTICE

    @on(Input.Submitted)
    @on(Button.Pressed, "#quiz-setup-start")
    def _submitted(self) -> None:
        self.action_start()

    def request(self) -> QuizRequest:
        """The QuizRequest the form describes; raises ValueError with a message for bad numbers."""
        count_text = self.query_one("#quiz-setup-count", Input).value.strip()
        mode = self.mode()
        count = int(count_text) if count_text.lstrip("-").isdigit() else None
        if count_text == "":
            count = self.default_count(mode)
        if count is None or not MIN_COUNT <= count <= MAX_COUNT:
            raise ValueError(f"Questions: give a number from {MIN_COUNT} to {MAX_COUNT}.")
        generated_text = self.query_one("#quiz-setup-generated", Input).value.strip()
        generated = None
        if generated_text:
            if not generated_text.isdigit() or int(generated_text) > MAX_GENERATED:
                raise ValueError(
                    f"Numeric (generated): leave blank for automatic, or give 0 to {MAX_GENERATED}."
                )
            generated = int(generated_text)
        domain = self.query_one("#quiz-setup-domain", Select).value
        difficulty = self.query_one("#quiz-setup-difficulty", Select).value
        decks, topics = self.query_one("#quiz-setup-topics", TopicPicker).choice()
        return QuizRequest(
            topics=topics,
            decks=decks,
            domain=domain if isinstance(domain, str) and domain != ANY else None,
            difficulty=difficulty if isinstance(difficulty, str) and difficulty != ANY else None,
            count=count,
            mode=mode,
            wrong_only=self.query_one("#quiz-setup-wrong", Checkbox).value,
            generated=generated,
        )

    def action_start(self) -> None:
        if self.busy:
            return
        try:
            request = self.request()
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self.busy = True
        self.show_error("")
        self.plan(request)

    @work(thread=True, exclusive=True, group="quiz-setup", exit_on_error=False)
    def plan(self, request: QuizRequest) -> None:
        notes: list[str] = []
        questions = self.services.plan_quiz(request, notes)
        self.post_message(Loaded("quiz-setup", (questions, request, notes)))

    def on_loaded(self, message: Loaded) -> None:
        questions, request, notes = message.value
        self._planned(questions, request.mode, request.seed)
        if notes:  # domains the decks could not fill, as the command line says them
            said = "\n".join(notes)
            self.app.notify(said, title="Exam blueprint", severity="warning", timeout=10, markup=False)

    def on_failed(self, message: Failed) -> None:
        """A quiz that cannot be planned says why under the form, which keeps its choices."""
        message.prevent_default()
        self.busy = False
        self.show_error(message.error.message)

    def _planned(self, questions: list[Question], mode: QuizMode, seed: int | None) -> None:
        self.busy = False
        self.study.open_quiz_with(questions, mode, seed, replace=True)

    def show_error(self, message: str) -> None:
        error = self.query_one("#quiz-setup-error", Static)
        error.update(Content(message))
        error.display = bool(message)

    def action_back(self) -> None:
        self.app.pop_screen()
