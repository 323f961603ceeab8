"""Flashcard review: front, reveal, rate 1-4 with each button showing the interval it gives."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, ProgressBar, Static

from studycards.content.safe_text import safe_line
from studycards.srs.model import Rating
from studycards.srs.scheduler import format_interval
from studycards.srs.session import AnswerResult, LeechNotice, QueueCounts, ReviewSession, StudyCard
from studycards.tui.messages import Failed, Loaded, Saved
from studycards.tui.screen_data import QueueFigures
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.safe_markdown import SafeMarkdown
from studycards.tui.widgets.titlebar import TitleBar

RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)


class ReviewScreen(StudyScreen):
    """Today's cards, one at a time; every answer is saved before the next card shows."""

    BINDINGS = [
        Binding("space", "reveal", "Show answer", id="review.reveal"),
        Binding("enter", "reveal", "Show answer", id="review.reveal_enter", show=False),
        Binding("1", "rate(1)", "Again", id="review.again", show=False),
        Binding("2", "rate(2)", "Hard", id="review.hard", show=False),
        Binding("3", "rate(3)", "Good", id="review.good", show=False),
        Binding("4", "rate(4)", "Easy", id="review.easy", show=False),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("S", "suspend", "Suspend", id="review.suspend"),
        Binding("B", "bury", "Bury", id="review.bury"),
        Binding("e", "open_note", "Note", id="review.note"),
        Binding("escape", "back", "Back", id="review.back"),
    ]

    def __init__(
        self,
        topics: frozenset[str] | None = None,
        limit: int | None = None,
        decks: frozenset[str] | None = None,
    ) -> None:
        super().__init__()
        self.topics = topics
        self.decks = decks
        self.limit = limit
        self.session: ReviewSession | None = None
        self.revealed = False
        self.busy = True
        self.shown_at = time.monotonic()
        self.started_at = time.monotonic()
        self.ratings: Counter[int] = Counter()
        self.actions: list[int | None] = []  # each rating given (None: a suspend or bury), for undo
        self.total = 0
        self.counts: QueueCounts | None = None
        self.next_due: datetime | None = None
        self.rated_at: float | None = None
        self.rating_latencies_ms: list[float] = []  # rating key to next card painted
        self.set_aside_id: str | None = None  # the card last suspended or buried (b browses to it)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="review"):
            with Horizontal(id="review-status"):
                yield ProgressBar(id="review-progress", show_eta=False)
                yield Static(id="review-counts")
            with VerticalScroll(id="review-card", classes="panel"):
                yield Static(id="review-meta")
                yield SafeMarkdown(id="review-front")
                yield Static("", id="review-divider")
                yield SafeMarkdown(id="review-back")
            yield Button("Show answer  (space)", id="review-reveal", variant="primary")
            with Horizontal(id="review-ratings"):
                for rating in RATINGS:
                    yield Button(
                        rating.label.capitalize(),
                        id=f"rate-{int(rating)}",
                        classes=f"rate rate-{int(rating)}",
                    )
            yield Static(id="review-done", classes="panel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Review" + (f" · {self._topic_titles()}" if self.topics or self.decks else "")
        self.query_one("#review-done").display = False
        self.query_one("#review-ratings").display = False
        self.query_one("#review-back").display = False
        self.query_one("#review-meta", Static).update("Building today's queue…")
        self.start_session()

    # -- workers ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def start_session(self) -> None:
        services = self.services
        session = services.start_review(self.topics, self.limit, self.decks)
        self.session = session
        self.post_message(Loaded("session", services.queue_figures(session)))

    def on_loaded(self, message: Loaded) -> None:
        figures: QueueFigures = message.value
        assert self.session is not None
        self.total = figures.counts.total
        self.query_one("#review-progress", ProgressBar).update(total=max(figures.counts.total, 1), progress=0)
        self.counts, self.next_due = figures.counts, figures.next_due
        self.show_card(self.session.current)

    def run_engine(self, what: str, call: Callable[[ReviewSession], Any]) -> None:
        """Run one engine call on the session in a worker; `on_saved` shows what it did."""
        self.busy = True
        self._engine_worker(what, call)

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _engine_worker(self, what: str, call: Callable[[ReviewSession], Any]) -> None:
        session = self.session
        assert session is not None
        result = call(session)
        self.post_message(Saved(what, (result, self.services.queue_figures(session))))

    def on_saved(self, message: Saved) -> None:
        result, figures = message.value
        self.counts, self.next_due = figures.counts, figures.next_due
        if message.what == "answer":
            self._answered(result)
        elif message.what == "undo":
            self._undone(result)
        else:
            self._set_aside_done(message.what, result)

    def on_failed(self, message: Failed) -> None:
        self.busy = False  # the notification says why; the card stays as it was

    # -- showing ------------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        """True once the session has no card left (the summary shows)."""
        return self.session is not None and self.session.current is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hide the keys that do nothing now: "Show answer" once shown, card actions after the last card.
        if action == "reveal":
            return not self.revealed and not self.finished
        if action in ("suspend", "bury", "open_note"):
            return not self.finished
        return True

    def show_card(self, current: StudyCard | None) -> None:
        """Show a card's front (or the end-of-session summary when none is left)."""
        self.busy = False
        self.revealed = False
        self.update_counts()
        self.refresh_bindings()
        if current is None:
            self.show_summary()
            return
        card = current.card
        topic = self.services.library.topics.get(card.topic)
        colour = KIND_COLOURS.get(current.kind, "$foreground-muted")
        meta = Content.assemble(
            (f" {current.kind.upper()} ", f"bold reverse {colour}"),
            (f"  {safe_line(topic.title) if topic else card.topic}", "$foreground-muted"),
        )
        self.query_one("#review-meta", Static).update(meta)
        self.query_one("#review-front", SafeMarkdown).update(card.question_text())
        self.query_one("#review-back", SafeMarkdown).display = False
        self.query_one("#review-divider").display = False
        self.query_one("#review-card").display = True
        self.query_one("#review-done").display = False
        self.query_one("#review-reveal").display = True
        self.query_one("#review-ratings").display = False
        self.query_one("#review-card", VerticalScroll).scroll_home(animate=False)
        self.shown_at = time.monotonic()
        if self.rated_at is not None:
            self.call_after_refresh(self._painted, self.rated_at)
            self.rated_at = None

    def _painted(self, rated_at: float) -> None:
        self.rating_latencies_ms.append((time.perf_counter() - rated_at) * 1000)

    def update_counts(self) -> None:
        if self.session is None or self.counts is None:
            return
        counts = self.counts
        self.query_one("#review-counts", Static).update(
            Content.assemble(
                (f"{counts.new}", f"bold {KIND_COLOURS['new']}"),
                " new · ",
                (f"{counts.learning}", f"bold {KIND_COLOURS['learning']}"),
                " learning · ",
                (f"{counts.review}", f"bold {KIND_COLOURS['review']}"),
                " review",
            )
        )
        done = self.session.answered
        total = max(self.total, done + counts.total, 1)
        self.query_one("#review-progress", ProgressBar).update(total=total, progress=done)

    def action_reveal(self) -> None:
        if self.busy or self.revealed or self.session is None or self.session.current is None:
            return
        self.revealed = True
        card = self.session.current.card
        back = card.answer_text()
        if card.extra:
            back += f"\n\n{card.extra}"
        if card.source:
            back += f"\n\n*Source: <{card.source}>*"
        back_view = self.query_one("#review-back", SafeMarkdown)
        back_view.update(back)
        back_view.display = True
        self.query_one("#review-divider").display = True
        self.query_one("#review-reveal").display = False
        ratings = self.query_one("#review-ratings")
        ratings.display = True
        preview = self.session.preview(self.services.now())
        for rating in RATINGS:
            interval = preview.get(rating)
            label = f"{int(rating)} {rating.label.capitalize()}" + (
                f"  {format_interval(interval)}" if interval else ""
            )
            self.query_one(f"#rate-{int(rating)}", Button).label = label
        self.query_one("#rate-3", Button).focus()
        self.refresh_bindings()

    @on(Button.Pressed, "#review-reveal")
    def _reveal_pressed(self) -> None:
        self.action_reveal()

    @on(Button.Pressed, ".rate")
    def _rate_pressed(self, event: Button.Pressed) -> None:
        self.action_rate(int((event.button.id or "rate-3").split("-")[1]))

    # -- answering --------------------------------------------------------------------------
    def action_rate(self, rating: int) -> None:
        if self.busy or not self.revealed or self.session is None or self.session.current is None:
            return
        services = self.services
        duration_ms = int((time.monotonic() - self.shown_at) * 1000)
        self.rated_at = time.perf_counter()
        self.run_engine("answer", lambda session: services.answer_card(session, rating, duration_ms))

    def _answered(self, result: AnswerResult) -> None:
        if result.skipped:  # another session answered this card meanwhile: nothing was saved
            self.notify(result.message or "", title="Skipped", severity="warning", markup=False)
            self.show_card(result.next)
            return
        rating = int(result.rating)
        self.ratings[rating] += 1
        self.actions.append(rating)
        if result.leech_notice is not None:
            self.set_aside_id = result.card_id
            self.notify(leech_text(result.leech_notice), title="Leech", severity="warning", timeout=12,
                        markup=False)
        self.show_card(result.next)

    def action_undo(self) -> None:
        if self.busy or self.session is None:
            return
        if not self.session.can_undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.run_engine("undo", self.services.undo_review)

    def _undone(self, current: StudyCard | None) -> None:
        rating = self.actions.pop() if self.actions else None
        if rating is not None:
            self.ratings[rating] -= 1
            label = Rating(rating).label.capitalize()
            self.notify(f"Undone: your {label} answer; the card is back.", timeout=3)
        else:
            self.notify("Undone: the card is back in the session.", timeout=3)
        self.show_card(current)

    def action_suspend(self) -> None:
        self._set_aside("suspend", self.services.suspend_card)

    def action_bury(self) -> None:
        self._set_aside("bury", self.services.bury_card)

    def _set_aside(self, what: str, call: Callable[[ReviewSession], StudyCard | None]) -> None:
        if self.busy or self.session is None or self.session.current is None:
            return
        self.set_aside_id = self.session.current.id
        self.run_engine(what, call)

    def _set_aside_done(self, what: str, current: StudyCard | None) -> None:
        self.actions.append(None)
        self.notify(SET_ASIDE[what].format(card=self.set_aside_id), timeout=6, markup=False)
        self.show_card(current)

    def browse_query(self) -> str:
        """What Browse (b) opens on from here: the card last set aside, else every card."""
        return f"id:{self.set_aside_id}" if self.set_aside_id else ""

    def action_open_note(self) -> None:
        if self.session is not None and self.session.current is not None:
            self.study.action_open_notes(self.session.current.card.qualified)

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- the end ----------------------------------------------------------------------------
    def show_summary(self) -> None:
        """The end-of-session summary."""
        self.query_one("#review-card").display = False
        self.query_one("#review-reveal").display = False
        self.query_one("#review-ratings").display = False
        done = self.query_one("#review-done", Static)
        done.display = True
        answered = self.session.answered if self.session else 0
        minutes = (time.monotonic() - self.started_at) / 60
        parts: list[str | tuple[str, str]] = []
        if answered == 0:
            where = f" in {self._topic_titles()}" if self.topics or self.decks else ""
            parts += [
                (f"Nothing is due{where} right now.\n\n", "bold"),
                "New cards are limited per day (a setting). Come back tomorrow, take a quiz "
                "(t on the dashboard), or read the notes (n on the dashboard).\n",
            ]
        else:
            parts += [
                ("Session complete!\n\n", "bold"),
                f"{answered} answer{'' if answered == 1 else 's'} in {minutes:.1f} minutes\n",
            ]
            for rating in RATINGS:
                parts += [
                    (f"{rating.label.capitalize()} {self.ratings[int(rating)]}", RATING_COLOURS[rating]),
                    " · " if rating != Rating.Easy else "\n",
                ]
        if self.next_due is not None:
            local = self.next_due.astimezone()
            parts.append(f"\nThe next learning card is due at {local:%H:%M}: come back then.\n")
        can_undo = self.session is not None and self.session.can_undo
        keys = "u undoes the last answer · escape goes back" if can_undo else "escape goes back"
        parts.append((f"\n{keys}", "$foreground-muted"))
        done.update(Content.assemble(*parts))
        self.refresh_bindings()

    def _topic_titles(self) -> str:
        """The decks and topics this session keeps to, by title."""
        library = self.services.library
        decks = {deck.id: deck.title for deck in library.decks}
        topics = library.topics
        names = [decks.get(d, d) for d in sorted(self.decks or ())]
        names += [topics[t].title if t in topics else t for t in sorted(self.topics or ())]
        return ", ".join(names)


def leech_text(notice: LeechNotice) -> str:
    """What the review screen says when an answer made a card a leech."""
    times = f"{notice.lapses} time{'' if notice.lapses == 1 else 's'}"
    return (
        f"Leech: you have forgotten this card {times}, so it was tagged 'leech' and suspended: it stays "
        "out of your reviews until unsuspended (press b to browse to it). Rewrite or split it; u undoes."
    )


SET_ASIDE = {
    "suspend": "Suspended {card}: it stays out of your reviews until unsuspended. "
    "Press b to browse to it (unsuspend there with S); u undoes.",
    "bury": "Buried {card} until tomorrow. Press b to browse to it; u undoes.",
}
KIND_COLOURS = {
    "new": "$text-primary",
    "learning": "$text-error",
    "relearning": "$text-error",
    "review": "$text-success",
}
RATING_COLOURS = {
    Rating.Again: "$text-error",
    Rating.Hard: "$text-warning",
    Rating.Good: "$text-success",
    Rating.Easy: "$text-primary",
}
