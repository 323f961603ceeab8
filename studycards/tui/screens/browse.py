"""Browse: find any card with the search language of `studycards cards`, read it in full with its
history, and suspend, unsuspend, bury, unbury or forget it; u undoes (the same undo journal as
`studycards cards undo`).

The cards are read once, in a worker; each search runs in a worker over that index, so typing
never waits on the database. The table draws only the rows on screen.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, Sparkline, Static

from studycards.content.safe_text import safe_line, safe_text
from studycards.errors import StudycardsError
from studycards.srs.browse import DESCENDING, SORTS, BrowseIndex, BrowseRow
from studycards.srs.browse_detail import CardDetail
from studycards.srs.browse_query import QueryError
from studycards.srs.repo_journal import CardChange, UndoneChange
from studycards.tui.messages import Loaded, Saved
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.card_table import CardTable
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.titlebar import TitleBar

PLACEHOLDER = 'Search: words, "phrases", deck: topic: tag: is:suspended prop:lapses>3, -negation'
SEARCH_DELAY = 0.02  # seconds of quiet typing before a search starts (a burst of keys is one search)
DETAIL_DELAY = 0.08  # seconds the cursor rests on a card before its detail is read
SORT_CYCLE = ("due", "lapses", "difficulty", "stability", "retrievability", "added", "id")
DONE = {"suspend": "Suspended", "unsuspend": "Unsuspended", "bury": "Buried until tomorrow",
        "unbury": "Unburied", "forget": "Forgot (reset to new; history kept)"}


class BrowseScreen(StudyScreen):
    """Search every card; the table, a detail pane and the actions."""

    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="browse.back"),
        Binding("slash", "focus_search", "Search", id="browse.search"),
        Binding("o", "next_sort", "Sort", id="browse.sort"),
        Binding("v", "reverse_sort", "Reverse", id="browse.reverse", show=False),
        Binding("S", "toggle_flag('suspend')", "Suspend ±", id="browse.suspend"),
        Binding("B", "toggle_flag('bury')", "Bury ±", id="browse.bury"),
        Binding("F", "forget", "Forget", id="browse.forget"),
        Binding("u", "undo", "Undo", id="browse.undo"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.index: BrowseIndex | None = None
        self.sort = "due"
        self.reverse = False
        self.rows: list[BrowseRow] = []
        self._search_timer: Timer | None = None
        self._detail_timer: Timer | None = None
        self.searched_at: float | None = None  # perf_counter of the keystroke being answered (bench)
        self.ready_at: float | None = None  # perf_counter once the first rows were painted (bench)
        self.search_latencies_ms: list[float] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(self.initial_query, id="browse-search", placeholder=PLACEHOLDER)
        yield Static("Reading the cards…", id="browse-status")
        with Horizontal(id="browse-body"):
            yield CardTable(id="browse-table")
            with VerticalScroll(id="browse-detail", classes="panel"):
                yield Static("", id="browse-card")
                yield Sparkline([], id="browse-chart")
                yield Static("", id="browse-history")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Browse"
        self.query_one("#browse-chart").display = False
        self.query_one(CardTable).focus() if self.initial_query else self.query_one(Input).focus()
        self.load_index(self.query_one(Input).value)

    # -- workers -------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="browse-index", exit_on_error=False)
    def load_index(self, text: str) -> None:
        """Read the index and, in the same worker, answer the first search (one hop, not two)."""
        index = self.services.browse_index()
        try:
            first = index.search(text, sort=self.sort, reverse=self.reverse)
        except QueryError:
            first = None  # the search shows the error once the index is in
        self.post_message(Loaded("index", (index, text, first)))

    @work(thread=True, exclusive=True, group="browse-search", exit_on_error=False)
    def run_search(self, text: str, keep: str | None) -> None:
        index = self.index
        if index is None:
            return
        try:
            rows = index.search(text, sort=self.sort, reverse=self.reverse)
        except QueryError as error:
            self.post_message(Loaded("query-error", error))
            return
        self.post_message(Loaded("results", (text, rows, keep)))

    @work(thread=True, exclusive=True, group="browse-detail", exit_on_error=False)
    def load_detail(self, card_id: str) -> None:
        self.post_message(Loaded("detail", self.services.card_detail(card_id)))

    @work(thread=True, exclusive=True, group="browse-change", exit_on_error=False)
    def run_change(self, action: str, card_id: str) -> None:
        change = self.services.change_cards(action, [card_id])
        self.post_message(Saved("change", (change, card_id, self.services.browse_index())))

    @work(thread=True, exclusive=True, group="browse-change", exit_on_error=False)
    def run_undo(self) -> None:
        undone = self.services.undo_change()
        self.post_message(Saved("undo", (undone, self.services.browse_index())))

    def on_loaded(self, message: Loaded) -> None:
        if message.what == "index":
            self.index, text, first = message.value
            if first is not None and text == self.query_one(Input).value:
                self.show_rows(first, None)
            else:
                self.search(self.query_one(Input).value)
        elif message.what == "results":
            text, rows, keep = message.value
            if text == self.query_one(Input).value:  # an older search answered late: dropped
                self.show_rows(rows, keep)
        elif message.what == "query-error":
            error: StudycardsError = message.value
            self.query_one("#browse-status", Static).update(Content.styled(error.message, "$text-error"))
        elif message.what == "detail":
            self.show_detail(message.value)

    def on_saved(self, message: Saved) -> None:
        if message.what == "change":
            change, card_id, self.index = message.value
            self._changed(change, card_id)
            self.search(self.query_one(Input).value, keep=card_id)
        else:
            undone, self.index = message.value
            self._undone(undone)
            keep = undone.card_ids[0] if undone and undone.card_ids else self._current_id()
            self.search(self.query_one(Input).value, keep=keep)

    # -- searching ------------------------------------------------------------------------------
    @on(Input.Changed, "#browse-search")
    def _typed(self, event: Input.Changed) -> None:
        import time

        self.searched_at = time.perf_counter()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self.search(event.value))

    @on(Input.Submitted, "#browse-search")
    def _submitted(self) -> None:
        self.query_one(CardTable).focus()

    def search(self, text: str, keep: str | None = None) -> None:
        """Search the index for `text` (in a worker), keeping the cursor on `keep` if listed."""
        if self.index is not None:
            self.run_search(text, keep if keep is not None else self._current_id())

    def _current_id(self) -> str | None:
        current = self.query_one(CardTable).current
        return current.id if current is not None else None

    def show_rows(self, rows: list[BrowseRow], keep: str | None) -> None:
        self.rows = rows
        if self.ready_at is None:
            self.call_after_refresh(self._mark_ready)
        table = self.query_one(CardTable)
        table.set_sort(self.sort, (self.sort in DESCENDING) != self.reverse)
        table.set_rows(rows, keep)
        total = len(self.index.rows) if self.index else 0
        shown = f"{len(rows)} of {total} cards" if len(rows) != total else f"{total} cards"
        self.query_one("#browse-status", Static).update(
            Content.assemble(f"{shown} · ", (f"sorted by {self.sort}{' (reversed)' if self.reverse else ''}"
                                     " · o sorts · S suspends · B buries · F forgets · u undoes",
                                     "$text-muted")))
        if not rows:
            self.show_detail(None)
        if self.searched_at is not None:
            import time

            self.search_latencies_ms.append((time.perf_counter() - self.searched_at) * 1000)
            self.searched_at = None

    def _mark_ready(self) -> None:
        import time

        self.ready_at = time.perf_counter()

    # -- detail -------------------------------------------------------------------------------
    @on(CardTable.CursorMoved)
    def _cursor_moved(self, event: CardTable.CursorMoved) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if event.row is not None:
            card_id = event.row.id
            self._detail_timer = self.set_timer(DETAIL_DELAY, lambda: self.load_detail(card_id))

    def show_detail(self, detail: CardDetail | None) -> None:
        card = self.query_one("#browse-card", Static)
        chart = self.query_one("#browse-chart", Sparkline)
        history = self.query_one("#browse-history", Static)
        if detail is None:
            card.update("No card matches.")
            chart.display = False
            history.update("")
            return
        card.update(detail_text(detail))
        stabilities = [h.stability_after for h in detail.history if h.stability_after is not None]
        chart.display = len(stabilities) >= 2
        chart.data = stabilities
        history.update(history_text(detail))

    # -- sorting --------------------------------------------------------------------------------
    @on(CardTable.SortRequested)
    def _sort_clicked(self, event: CardTable.SortRequested) -> None:
        if event.key not in SORTS:
            return
        if event.key == self.sort:
            self.reverse = not self.reverse
        else:
            self.sort, self.reverse = event.key, False
        self.search(self.query_one(Input).value)

    def action_next_sort(self) -> None:
        at = SORT_CYCLE.index(self.sort) if self.sort in SORT_CYCLE else -1
        self.sort, self.reverse = SORT_CYCLE[(at + 1) % len(SORT_CYCLE)], False
        self.search(self.query_one(Input).value)

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self.search(self.query_one(Input).value)

    # -- actions ----------------------------------------------------------------------------------
    def action_toggle_flag(self, what: str) -> None:
        row = self.query_one(CardTable).current
        if row is None:
            return
        on = row.suspended if what == "suspend" else row.buried
        self.run_change(f"un{what}" if on else what, row.id)

    def action_forget(self) -> None:
        row = self.query_one(CardTable).current
        if row is not None:
            self.run_change("forget", row.id)

    def action_undo(self) -> None:
        self.run_undo()

    def _changed(self, change: CardChange, card_id: str) -> None:
        self.notify(f"{DONE[change.action]}: {card_id} (u undoes).", timeout=4, markup=False)

    def _undone(self, undone: UndoneChange | None) -> None:
        if undone is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        kept = f"; {undone.kept} reviewed since kept" if undone.kept else ""
        self.notify(f"Undone: {undone.action} of {', '.join(undone.card_ids[:3])}"
                    f"{'…' if len(undone.card_ids) > 3 else ''}{kept}.", timeout=4, markup=False)

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        self.app.pop_screen()


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def detail_text(detail: CardDetail) -> Content:
    """The card, its state and its recall figures."""
    flags = [name for name, on in (("suspended", detail.suspended), ("leech", detail.leech)) if on]
    if detail.buried_until is not None:
        flags.append(f"buried until {detail.buried_until.astimezone():%Y-%m-%d %H:%M}")
    due = detail.due.astimezone().strftime("%Y-%m-%d %H:%M") if detail.due else "-"
    parts: list[str | tuple[str, str]] = [
        (safe_line(detail.id), "bold"), (f"\n{safe_line(detail.topic)} · {detail.kind}\n\n", "$text-muted"),
        safe_text(detail.front), "\n", ("─" * 20, "$text-muted"), "\n", safe_text(detail.back), "\n\n",
        ("State ", "bold"), f"{detail.state.label} · due {due} · reps {detail.reps} · lapses {detail.lapses}",
    ]
    if detail.stability is not None:
        parts.append(f" · D {detail.difficulty or 0:.1f} · S {detail.stability:.1f}d")
    if flags:
        parts += ["  ", (", ".join(flags), "bold $text-warning")]
    if detail.recall_now is not None:
        ahead = " · ".join(f"{days}d {_pct(value)}" for days, value in detail.recall_ahead.items())
        parts += ["\n", ("Recall ", "bold"), f"now {_pct(detail.recall_now)} · ahead {ahead}"]
    return Content.assemble(*parts)


def history_text(detail: CardDetail) -> Content:
    """The review history, newest first (the chart above shows stability after each answer)."""
    if not detail.history:
        return Content.styled("\nNo answers yet.", "$text-muted")
    lines: list[str | tuple[str, str]] = [("\nHistory", "bold"), f" ({len(detail.history)} answers)\n"]
    for entry in reversed(detail.history[-30:]):
        stability = "-" if entry.stability_after is None else f"{entry.stability_after:.1f}d"
        lines.append(f"{entry.reviewed_at.astimezone():%Y-%m-%d %H:%M}  {entry.rating.label:<5}  "
                     f"{entry.state_before.label} → {entry.state_after.label}  S {stability}\n")
    return Content.assemble(*lines)
