"""The dashboard: what is due, today's progress, the topics, and the way to every screen."""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from studycards.content.safe_text import safe_line
from studycards.srs.stats import MASTERY_MEANING
from studycards.tui.messages import Failed, Loaded
from studycards.tui.screen_data import Dashboard, DeckRow, TopicRow
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.bars import bar, percent
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.titlebar import TitleBar

MASTERY_NOTE = "Mastery = cards predicted at 90%+ recall in 30 days ÷ all the topic's cards"


DECK = "deck:"  # the option id of a deck line: "deck:<deck id>"
OPEN, SHUT = "▾ ", "▸ "  # marks before an expanded and a collapsed deck's title
INDENT = "  "  # topics under their deck


class TopicList(OptionList):
    """The topic table (a line per deck when there are several); its names take the width the
    list has whenever that changes. Enter or right expands a deck, left folds it."""

    BINDINGS = [
        Binding("right", "screen.expand_deck", "Expand deck", show=False, id="dashboard.expand"),
        Binding("left", "screen.collapse_deck", "Collapse deck", show=False, id="dashboard.collapse"),
    ]

    def on_resize(self, event: events.Resize) -> None:
        screen = self.screen
        if isinstance(screen, DashboardScreen):
            screen.fit_names()


class DashboardScreen(StudyScreen):
    """Home: due cards, progress, per-topic mastery and quiz accuracy."""

    BINDINGS = [
        Binding("r", "review", "Review", id="dashboard.review"),
        Binding("t", "app.open_quiz", "Quiz", id="dashboard.quiz"),
        Binding("c", "app.open_calc", "Calculators", id="dashboard.calc"),
        Binding("n", "app.open_notes", "Notes", id="dashboard.notes"),
        Binding("s", "app.open_stats", "Stats", id="dashboard.stats"),
        Binding("comma", "app.open_settings", "Settings", id="dashboard.settings"),
        Binding("e", "resume_exam", "Resume exam", show=False, id="dashboard.resume_exam"),
    ]

    def __init__(self, preloaded: Dashboard | None = None) -> None:
        super().__init__()
        self.preloaded = preloaded
        self.unfinished = False
        self.shown: Dashboard | None = None  # the figures on screen
        self._name_width = NAME_WIDTH
        self.expanded: set[str] = set()  # the decks shown with their topics (while the app runs)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="dash"):
            yield Button("", id="dash-resume", variant="warning", compact=True)
            with Horizontal(id="dash-top"):
                with Vertical(id="dash-due", classes="panel"):
                    yield Static("Loading…", id="dash-due-text")
                    yield Button("Review now  (r)", id="dash-review", variant="primary")
                yield Static(id="dash-welcome", classes="panel")
                with Vertical(id="dash-progress", classes="panel"):
                    yield Static(id="dash-progress-text")
                with Vertical(id="dash-readiness", classes="panel"):
                    readiness = Static(id="dash-readiness-text")
                    readiness.tooltip = READINESS_NOTE
                    yield readiness
            head = Static(id="dash-topics-head")
            head.tooltip = MASTERY_MEANING
            yield head
            yield TopicList(id="dash-topics")
            yield Static(id="dash-topics-total")
            yield Static(Text(MASTERY_NOTE, style="dim"), id="dash-mastery-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#dash-welcome").display = False
        self.query_one("#dash-resume").display = False
        if self.preloaded is not None:
            self.show(self.preloaded)

    def fit_names(self) -> None:
        """Show the topics again if the name column should now be wider or narrower."""
        if self.shown is not None and self.name_width(self.shown) != self._name_width:
            self.show(self.shown)

    def name_width(self, data: Dashboard) -> int:
        """The topic-name column: 35 wide, or the longest name where the list has room for it."""
        room = self.query_one("#dash-topics", OptionList).scrollable_content_region.width - OTHER_WIDTH
        indent = len(INDENT) if len(data.decks) > 1 else 0
        longest = max(
            [len(row.title) + indent for row in data.topics] + [len(d.title) + len(OPEN) for d in data.decks],
            default=0,
        ) + 1
        return max(NAME_WIDTH, min(room, longest))

    def on_screen_resume(self) -> None:
        if self.preloaded is not None:
            self.preloaded = None  # first showing: the figures are fresh
            return
        self.refresh_data()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def refresh_data(self) -> None:
        """Load the figures in a worker; the screen fills in when they arrive."""
        self.post_message(Loaded("dashboard", self.services.dashboard()))

    def on_loaded(self, message: Loaded) -> None:
        if message.what == "dashboard":
            self.show(message.value)
        elif self.app.screen is self:  # the unfinished exam, rebuilt
            from studycards.tui.screens.quiz import ExamScreen

            self.app.push_screen(ExamScreen(resumed=message.value))

    def show(self, data: Dashboard) -> None:
        """Fill every panel from freshly loaded figures."""
        self.show_unfinished(data)
        self.shown = data
        self._name_width = width = self.name_width(data)
        welcome = self.query_one("#dash-welcome", Static)
        welcome.display = data.first_run
        self.query_one("#dash-progress").display = not data.first_run
        self.query_one("#dash-readiness").display = not data.first_run
        if data.first_run:
            questions = len(self.services.library.questions)
            welcome.update(
                Text.assemble(
                    ("Welcome to studycards!\n\n", "bold"),
                    f"{data.total_cards} flashcards and {questions} exam-style questions ",
                    f"on {covered(data)}.\n\n",
                    "Press ",
                    ("r", "bold"),
                    f" to learn today's {data.new} new cards: FSRS brings each one back ",
                    "just before you would forget it.\n",
                    "Or read the notes (",
                    ("n", "bold"),
                    "), take a quiz (",
                    ("t", "bold"),
                    ") or try the Lambda calculators (",
                    ("c", "bold"),
                    ").",
                )
            )
        due_parts: list[str | tuple[str, str]] = [
            (f"{data.due_total} due", "bold"),
            " now\n\n",
            (f"{data.learning:>4}", "bold $text-error"),
            " learning\n",
            (f"{data.review:>4}", "bold $text-success"),
            " to review\n",
            (f"{data.new:>4}", "bold $text-primary"),
            " new",
        ]
        if data.due_total == 0:
            due_parts.append(("\n\nAll caught up for today.", "italic"))
        due_parts += countdown_parts(data)
        due = Content.assemble(*due_parts)
        self.query_one("#dash-due-text", Static).update(due)
        self.query_one("#dash-review", Button).disabled = data.due_total == 0

        progress = Text()
        progress.append("Today\n\n", style="bold")
        progress.append(f"{data.reviews_today} reviews done\n")
        progress.append(f"{data.streak_days} day streak\n")
        retention = percent(data.retention_30d)
        progress.append(f"retention 30d {retention}\n")
        progress.append(f"{data.studied_cards}/{data.total_cards} cards studied\n")
        progress.append(bar(data.studied_cards / data.total_cards if data.total_cards else 0, 20))
        self.query_one("#dash-progress-text", Static).update(progress)

        self.query_one("#dash-readiness-text", Static).update(readiness_text(data))

        name = "Deck / topic" if len(data.decks) > 1 else "Topic"
        head = topic_row_text(name, "Cards", "Studied", "Mastery in 30d", "Quiz", width)
        self.query_one("#dash-topics-head", Static).update(head)
        self.fill_topics(data)
        total = self.query_one("#dash-topics-total", Static)
        total.display = len(data.decks) > 1
        if total.display:
            every = DeckRow.combine("", f"All {len(data.decks)} decks", data.decks)
            total.update(figures_row(every, every.title, width))

    def fill_topics(self, data: Dashboard) -> None:
        """The topic table: with several decks a line per deck, its topics beneath when expanded."""
        topics = self.query_one("#dash-topics", OptionList)
        cursor = topics.highlighted
        current = topics.get_option_at_index(cursor).id if cursor is not None else None
        width = self._name_width
        options: list[Option] = []
        if len(data.decks) > 1:
            for deck in data.decks:
                shown = deck.id in self.expanded
                options.append(Option(figures_row(deck, (OPEN if shown else SHUT) + deck.title, width),
                                      id=DECK + deck.id))
                if shown:
                    options += [Option(figures_row(t, INDENT + t.title, width), id=t.slug)
                                for t in deck.topics]
        else:
            options = [Option(figures_row(t, t.title, width), id=t.slug) for t in data.topics]
        topics.set_options(options)
        if options:
            ids = [o.id for o in options]
            topics.highlighted = ids.index(current) if current in ids else min(cursor or 0, len(options) - 1)

    # -- decks ------------------------------------------------------------------------------------
    def highlighted_id(self) -> str | None:
        """The option id under the topic list's cursor ("deck:<id>" on a deck line)."""
        topics = self.query_one("#dash-topics", OptionList)
        if topics.highlighted is None:
            return None
        return topics.get_option_at_index(topics.highlighted).id

    def deck_of(self, option_id: str | None) -> DeckRow | None:
        """The deck of a deck line, or the deck a topic line sits under."""
        if self.shown is None or option_id is None:
            return None
        for deck in self.shown.decks:
            if option_id == DECK + deck.id or any(t.slug == option_id for t in deck.topics):
                return deck
        return None

    def set_expanded(self, deck_id: str, shown: bool) -> None:
        """Show or fold one deck's topics; the cursor rests on the deck line."""
        if self.shown is None or len(self.shown.decks) < 2 or (deck_id in self.expanded) == shown:
            return
        if shown:
            self.expanded.add(deck_id)
        else:
            self.expanded.discard(deck_id)
        topics = self.query_one("#dash-topics", OptionList)
        self.fill_topics(self.shown)
        topics.highlighted = topics.get_option_index(DECK + deck_id)

    def action_expand_deck(self) -> None:
        option = self.highlighted_id()
        if option and option.startswith(DECK):
            self.set_expanded(option.removeprefix(DECK), True)

    def action_collapse_deck(self) -> None:
        deck = self.deck_of(self.highlighted_id())
        if deck is not None:
            self.set_expanded(deck.id, False)

    def action_review(self) -> None:
        """Review what is due: in the deck under the cursor when the topic list has it on a deck line."""
        option = self.highlighted_id()
        if self.focused is self.query_one("#dash-topics") and option and option.startswith(DECK):
            self.study.action_open_review(decks=[option.removeprefix(DECK)])
        else:
            self.study.action_open_review()

    def show_unfinished(self, data: Dashboard) -> None:
        """The offer to go on with an exam cut short (a crash, a closed terminal)."""
        exam = data.unfinished_exam
        resume = self.query_one("#dash-resume", Button)
        self.unfinished = exam is not None
        resume.display = exam is not None
        if exam is not None:
            left = int(exam.remaining.total_seconds())
            clock = f"{left // 60}:{left % 60:02d} left" if left else "time is up"
            resume.label = (
                f"Unfinished exam: {exam.answered} of {exam.total} answered, {clock} — press e to resume"
            )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume_exam":
            return self.unfinished
        return True

    @on(Button.Pressed, "#dash-resume")
    def action_resume_exam(self) -> None:
        """Go on with the unfinished exam (rebuilt in a worker, then shown)."""
        if self.unfinished:
            self.load_exam()

    @work(thread=True, exclusive=True, group="dashboard-resume", exit_on_error=False)
    def load_exam(self) -> None:
        self.post_message(Loaded("exam", self.services.resume_exam()))

    def on_failed(self, message: Failed) -> None:
        if message.what == "dashboard-resume":  # the exam ended elsewhere: a warning, then fresh figures
            message.prevent_default()
            self.notify(message.error.message, severity="warning", markup=False)
            self.refresh_data()

    @on(Button.Pressed, "#dash-review")
    def _review(self) -> None:
        self.study.action_open_review()

    @on(OptionList.OptionSelected, "#dash-topics")
    def _topic_selected(self, event: OptionList.OptionSelected) -> None:
        """A topic opens its notes; a deck line expands or folds."""
        option = event.option.id
        if option and option.startswith(DECK):
            deck_id = option.removeprefix(DECK)
            self.set_expanded(deck_id, deck_id not in self.expanded)
        elif option:
            self.study.action_open_notes(option)


NAME_WIDTH = 35  # the topic-name column where the terminal is narrow
OTHER_WIDTH = 6 + 9 + 2 + 16 + 12  # the cards, studied, mastery and quiz columns


def topic_row_text(
    title: str, cards: str, studied: str, mastery: str, quiz: str, name_width: int = NAME_WIDTH
) -> Text:
    """One line of the topic table, in fixed-width columns (the name cut to fit its column)."""
    title = safe_line(title)
    name = title if len(title) < name_width else title[: name_width - 2] + "…"
    return Text(
        f"{name:<{name_width}}{cards:>6}{studied:>9}  {mastery:<16}{quiz}", no_wrap=True, overflow="ellipsis"
    )


READINESS_NOTE = ("Readiness per task statement: 0.4 × recall of its cards + 0.6 × recent quiz accuracy; "
                  "coverage: the exam's weight with cards or questions. An estimate, not AWS's scaling: "
                  "see 'studycards readiness'.")
def figures_row(row: TopicRow | DeckRow, title: str, name_width: int) -> Text:
    """A topic's or a deck's line: cards, studied, mastery and quiz accuracy."""
    return topic_row_text(
        title,
        str(row.cards),
        str(row.studied),
        f"{bar(row.mastery or 0, 10)} {percent(row.mastery):>4}",
        f"{percent(row.quiz_accuracy)} of {row.quiz_answered}" if row.quiz_answered else "–",
        name_width,
    )


def countdown_parts(data: Dashboard) -> list[str | tuple[str, str]]:
    """The exam countdown and whether the plan is on track (nothing without an exam date)."""
    plan = data.plan
    if plan is None:
        return []
    days = f"{plan.days_left} day{'s' if plan.days_left != 1 else ''}"
    state = ("on track", "bold $text-success") if plan.on_track else ("behind plan", "bold $text-warning")
    parts: list[str | tuple[str, str]] = ["\n\nExam in ", (days, "bold"), " · ", state]
    if plan.in_buffer:
        parts.append("\nexam prep: reviews only")
    elif plan.new_per_day_needed:
        parts.append(f"\n{plan.new_per_day_needed} new a day needed")
    return parts


def covered(data: Dashboard) -> str:
    """What the content covers, for the welcome: the deck (or how many decks) and the topics."""
    if len(data.decks) > 1:
        return f"{len(data.decks)} decks, in {len(data.topics)} topics"
    title = data.decks[0].title if data.decks else "AWS Lambda"
    return f"{title}, in {len(data.topics)} topics"




def readiness_text(data: Dashboard) -> Content:
    """Coverage of the exam guide, readiness per domain, and the predicted score (or what it needs)."""
    text = Text()
    text.append("Exam readiness\n\n", style="bold")
    found = data.readiness
    if found is None:
        text.append("–")
        return Content.from_rich_text(text)
    text.append(f"{'coverage':<16}{percent(found.coverage):>5}\n")
    for domain in found.domains:
        short = domain.title.removeprefix("Design ").removesuffix(" Architectures")
        value = percent(domain.readiness)
        text.append(f"{short[:16]:<16}{value:>5}\n", style="dim" if domain.readiness is None else "")
    if found.imported is not None:  # no exam domain: shown apart, never in the figures above
        text.append(f"{'imported':<16}{percent(found.imported.share):>5}\n", style="dim")
    content = Content.from_rich_text(text)
    score = found.predicted_score
    if score is None:
        return content + Content.styled(f"Score: {found.reason}.", "italic")
    passing = found.exam.passing_score
    style = ("$text-success" if score.low >= passing
             else "$text-error" if score.high < passing else "$text-warning")
    shown = f"{score.low}–{score.high}"
    return content + Content.styled(f"{'score':<12}{shown:>9}\n", f"bold {style}") + Content.styled(
        f"{'to pass':<12}{passing:>9}", "dim")
