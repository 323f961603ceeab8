"""Notes: a tree of decks and their topics, each note rendered with its tables, and search across
everything."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, OptionList, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from studycards.content.model import Card, Library, Question
from studycards.content.render import note_markdown
from studycards.content.safe_text import safe_line
from studycards.content.search import search_library
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.keybar import KeyBar
from studycards.tui.widgets.safe_markdown import SafeMarkdown, escape_markdown
from studycards.tui.widgets.titlebar import TitleBar

BROWSE_DELAY = 0.2  # seconds the tree cursor rests on a topic before its notes render
KIND_WIDTH = 9  # "question" and a space


def card_markdown(card: Card) -> str:
    """One card in full: its front, the answer, the extra and the source."""
    parts = ["# Card", card.question_text(), "---", card.answer_text()]
    if card.extra:
        parts.append(card.extra)
    if card.source:
        parts.append(f"Source: <{card.source}>")
    return "\n\n".join(parts)


def question_view_markdown(question: Question) -> str:
    """A question with its options, the key and every why, shown literally as in a quiz."""
    lines = ["# Question", "", escape_markdown(question.prompt()), ""]
    for letter, option in zip("abcdefgh", question.options, strict=False):
        mark = "  ✔ **correct**" if option.correct else ""
        lines.append(f"- **{letter})** {escape_markdown(option.text)}{mark}")
        lines.append(f"  - *{escape_markdown(option.explanation)}*")
    if question.sources:
        lines += ["", "Sources: " + ", ".join(f"<{url}>" for url in question.sources)]
    return "\n".join(lines)


class SearchInput(Input):
    """The search field: Down moves into the results."""

    BINDINGS = [Binding("down", "screen.to_results", "Results", show=False, id="notes.to_results")]


class TopicTree(Tree[str]):
    """The topics tree; it shortens its labels to its width whenever that changes."""

    def on_resize(self, event: events.Resize) -> None:
        screen = self.screen
        if isinstance(screen, NotesScreen):
            screen.fit_labels()


class NotesScreen(StudyScreen):
    """Browse the notes by deck and topic; `/` searches notes, cards and questions."""

    CSS_PATH = "notes.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("escape", "back", "Back", id="notes.back"),
        Binding("slash", "focus_search", "Search", id="notes.search"),
        Binding("r", "study", "Review", id="notes.study"),
    ]

    def __init__(self, library: Library, topic: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.topic = topic or next(iter(library.topics), None)
        self.shown: tuple[str, str] | None = None  # ("topic" | "card" | "question", id) on view
        self._browse_timer: Timer | None = None
        self._label_width = 0
        self.deck_nodes: dict[int, str] = {}  # tree node id -> the deck it stands for

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="notes-body"):
            with Vertical(id="notes-side"):
                yield SearchInput(placeholder="Search everything  (/)", id="notes-search")
                yield OptionList(id="notes-results")
                yield TopicTree("Decks", id="notes-tree")
            with VerticalScroll(id="notes-view", classes="panel"):
                yield SafeMarkdown(id="notes-markdown")
        yield KeyBar()

    def on_mount(self) -> None:
        tree: Tree[str] = self.query_one(Tree)
        tree.show_root = False
        tree.guide_depth = 2
        current = None
        single = len(self.library.decks) == 1
        current_deck = self.library.topics[self.topic].deck if self.topic in self.library.topics else None
        for deck in self.library.decks:
            branch = tree.root.add(Text(safe_line(deck.title)), expand=single or deck.id == current_deck)
            self.deck_nodes[branch.id] = deck.id
            for topic in deck.topics:
                leaf = branch.add_leaf(Text(safe_line(topic.title)), data=topic.qualified)
                if self.topic is not None and topic == self.library.topic(self.topic):
                    current = leaf
        self.query_one("#notes-results").display = False
        if self.topic:
            self.show_topic(self.topic)
        if current is not None:
            self.call_after_refresh(tree.move_cursor, current)
        tree.focus()

    def fit_labels(self) -> None:
        """Shorten topic titles with an ellipsis so the tree needs no sideways scrolling."""
        tree: Tree[str] = self.query_one(Tree)
        width = max(tree.scrollable_content_region.width - tree.guide_depth - 1, 8)
        if width == self._label_width:
            return
        self._label_width = width

        def fit(node: TreeNode[str], title: str) -> None:
            title = safe_line(title)
            node.set_label(Text(title if len(title) <= width else title[: width - 1] + "…"))

        for deck, branch in zip(self.library.decks, tree.root.children, strict=False):
            fit(branch, deck.title)
            for topic, leaf in zip(deck.topics, branch.children, strict=False):
                fit(leaf, topic.title)

    # -- showing ------------------------------------------------------------------------------
    def show_topic(self, slug: str) -> None:
        """Render every note of a topic."""
        self.topic = slug
        if self.shown == ("topic", slug):
            return
        self.shown = ("topic", slug)
        topic = self.library.topic(slug)
        if topic is None:
            return
        notes = self.library.notes_for(topic.qualified)
        cards = len(self.library.cards_for({topic.qualified}))
        questions = len(self.library.questions_for({topic.qualified}))
        counts = f"*{cards} flashcards · {questions} questions · press r to review this topic*"
        body = (
            "\n\n---\n\n".join(note_markdown(n) for n in notes)
            if notes
            else f"# {escape_markdown(topic.title)}\n\nNo notes yet for this topic."
        )
        self._show(f"{counts}\n\n{body}", topic.title)

    def _show(self, markdown: str, title: str) -> None:
        self.query_one("#notes-markdown", SafeMarkdown).update(markdown)
        self.query_one("#notes-view").scroll_home(animate=False)
        self.sub_title = f"Notes · {safe_line(title)}"

    @on(Tree.NodeSelected)
    def _tree_selected(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data:
            self._stop_browsing()
            self.show_topic(event.node.data)

    @on(Tree.NodeHighlighted)
    def _tree_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        """Moving the cursor through the tree shows each topic once the cursor rests on it."""
        slug = event.node.data
        if not slug:
            return
        self._stop_browsing()
        if self.shown == ("topic", slug):
            self.topic = slug
            return
        self._browse_timer = self.set_timer(BROWSE_DELAY, lambda: self.show_topic(slug))

    def _stop_browsing(self) -> None:
        if self._browse_timer is not None:
            self._browse_timer.stop()
            self._browse_timer = None

    # -- search -------------------------------------------------------------------------------
    @on(Input.Changed, "#notes-search")
    def _search(self, event: Input.Changed) -> None:
        results = self.query_one("#notes-results", OptionList)
        results.clear_options()
        query = event.value.strip()
        results.display = bool(query)
        if not query:
            return
        hits = search_library(self.library, query, limit=50)
        if not hits:
            results.add_option(Option(Text(f"Nothing matches '{query}'"), disabled=True))
            return
        for hit in hits:
            label = Text.assemble((f"{hit.kind:<{KIND_WIDTH}}", "bold"), safe_line(hit.title))
            results.add_option(Option(label, id=f"{hit.kind}:{hit.id}"))

    @on(Input.Submitted, "#notes-search")
    def _search_enter(self) -> None:
        """Enter opens the highlighted result (the first one until the cursor moves)."""
        if self.action_to_results():
            self.query_one("#notes-results", OptionList).action_select()

    def action_to_results(self) -> bool:
        """Move the focus into the search results, highlighting one; False when there are none."""
        results = self.query_one("#notes-results", OptionList)
        if not results.display or not results.option_count:
            return False
        if results.highlighted is None:
            results.action_first()  # skips "Nothing matches", which cannot be chosen
        if results.highlighted is None:
            return False
        results.focus()
        return True

    @on(OptionList.OptionSelected, "#notes-results")
    def _open_hit(self, event: OptionList.OptionSelected) -> None:
        kind, _, ident = (event.option.id or "").partition(":")
        self.open_item(kind, ident)

    def open_item(self, kind: str, ident: str) -> None:
        """Show a search hit: a note's topic, or one card or question in full."""
        self._stop_browsing()
        if kind == "note":
            note = next((n for n in self.library.notes if n.id == ident), None)
            if note is not None:
                self.show_topic(note.qualified)
        elif kind == "card":
            card = self.library.card(ident)
            if card:
                self.topic = card.qualified
                self.shown = ("card", ident)
                self._show(card_markdown(card), f"card · {self._topic_title(card.topic)}")
        elif kind == "question":
            question = self.library.question(ident)
            if question:
                self.topic = question.qualified
                self.shown = ("question", ident)
                title = f"question · {self._topic_title(question.topic)}"
                self._show(question_view_markdown(question), title)

    def _topic_title(self, slug: str) -> str:
        topic = self.library.topics.get(slug)
        return topic.title if topic else slug

    # -- actions ------------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#notes-search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#notes-search", Input)
        if search.value:
            search.value = ""
            self.query_one(Tree).focus()
            return
        self.app.pop_screen()

    def action_study(self) -> None:
        """Review the topic on view, or the whole deck when the tree's cursor is on a deck."""
        tree: Tree[str] = self.query_one(Tree)
        node = tree.cursor_node
        if tree.has_focus and node is not None and node.id in self.deck_nodes:
            self.study.action_open_review(decks=[self.deck_nodes[node.id]])
        elif self.topic:
            self.study.action_open_review(self.topic)
