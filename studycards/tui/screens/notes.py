"""Notes: a topics tree, each note rendered with its tables, and search across everything."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, Markdown, OptionList, Tree
from textual.widgets.option_list import Option

from studycards.content.model import Library
from studycards.content.render import note_markdown, question_markdown
from studycards.content.search import search_library
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.titlebar import TitleBar


class NotesScreen(StudyScreen):
    """Browse the notes by topic; `/` searches notes, cards and questions."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="notes.back"),
        Binding("slash", "focus_search", "Search", id="notes.search"),
        Binding("s", "study", "Study topic", id="notes.study"),
    ]

    def __init__(self, library: Library, topic: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.topic = topic or next(iter(library.topics), None)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="notes-body"):
            with Vertical(id="notes-side"):
                yield Input(placeholder="Search notes, cards, questions  (/)", id="notes-search")
                yield OptionList(id="notes-results")
                yield Tree("Topics", id="notes-tree")
            with VerticalScroll(id="notes-view"):
                yield Markdown(id="notes-markdown")
        yield Footer()

    def on_mount(self) -> None:
        tree: Tree[str] = self.query_one(Tree)
        tree.show_root = False
        current = None
        for deck in self.library.decks:
            branch = tree.root.add(deck.title, expand=True)
            for topic in deck.topics:
                leaf = branch.add_leaf(Text(topic.title), data=topic.slug)
                if topic.slug == self.topic:
                    current = leaf
        self.query_one("#notes-results").display = False
        if self.topic:
            self.show_topic(self.topic)
        if current is not None:
            self.call_after_refresh(tree.move_cursor, current)
        tree.focus()

    def show_topic(self, slug: str) -> None:
        """Render every note of a topic."""
        self.topic = slug
        notes = self.library.notes_for(slug)
        topic = self.library.topics[slug]
        cards = len(self.library.cards_for({slug}))
        questions = len(self.library.questions_for({slug}))
        counts = f"*{cards} flashcards · {questions} questions · press s to study this topic*"
        body = (
            "\n\n---\n\n".join(note_markdown(n) for n in notes)
            if notes
            else (f"# {topic.title}\n\nNo notes yet for this topic.")
        )
        body = f"{counts}\n\n{body}"
        self.query_one("#notes-markdown", Markdown).update(body)
        self.query_one("#notes-view").scroll_home(animate=False)
        self.sub_title = topic.title

    @on(Tree.NodeSelected)
    @on(Tree.NodeHighlighted)
    def _tree_pick(self, event: Tree.NodeSelected[str] | Tree.NodeHighlighted[str]) -> None:
        if event.node.data:
            self.show_topic(event.node.data)

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
            label = Text.assemble((f"{hit.kind:<8}", "bold"), hit.title)
            results.add_option(Option(label, id=f"{hit.kind}:{hit.id}"))

    @on(Input.Submitted, "#notes-search")
    def _search_enter(self) -> None:
        results = self.query_one("#notes-results", OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = 0

    @on(OptionList.OptionSelected, "#notes-results")
    def _open_hit(self, event: OptionList.OptionSelected) -> None:
        kind, _, ident = (event.option.id or "").partition(":")
        self.open_item(kind, ident)

    def open_item(self, kind: str, ident: str) -> None:
        """Show a search hit: a note's topic, or one card or question in full."""
        view = self.query_one("#notes-markdown", Markdown)
        if kind == "note":
            note = next(n for n in self.library.notes if n.id == ident)
            self.show_topic(note.topic)
        elif kind == "card":
            card = self.library.card(ident)
            if card:
                self.topic = card.topic
                extra = f"\n\n{card.extra}" if card.extra else ""
                source = f"\n\nSource: <{card.source}>" if card.source else ""
                view.update(f"# Card\n\n{card.question_text()}\n\n---\n\n{card.answer_text()}{extra}{source}")
        elif kind == "question":
            question = self.library.question(ident)
            if question:
                self.topic = question.topic
                view.update("# Question\n\n" + question_markdown(question, with_answers=True))

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
        if self.topic:
            self.study.action_open_review(self.topic)
