"""The deck model: validated, immutable objects built from the YAML content.

Everything here is plain Python so that every other part (srs, quiz, calc, export, tui) can
use it without importing a UI toolkit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, overload

# the exam's vocabulary, re-exported so `from studycards.content.model import DOMAINS` keeps working
from studycards.content.vocabulary import CHOOSE_WORDS as CHOOSE_WORDS
from studycards.content.vocabulary import DIFFICULTIES as DIFFICULTIES
from studycards.content.vocabulary import DOMAINS as DOMAINS

if TYPE_CHECKING:
    from studycards.content.exam import ExamGuide

_T = TypeVar("_T")
_VENDOR_PREFIX_RE = re.compile(r"^(?:AWS|Amazon)\s+", re.IGNORECASE)
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)

NO_EXPLANATION = "No explanation in the source."
IMPORTED_DOMAIN = "imported"  # the report bucket of questions without an exam domain


@dataclass(frozen=True, slots=True)
class Origin:
    """Where something was written: file and 1-based line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Topic:
    """A slice of a deck, selected with `--topic DECK/SLUG` (or the bare slug when only one deck has it)."""

    slug: str
    title: str
    domains: tuple[str, ...]
    deck: str
    summary: str = ""
    tasks: tuple[str, ...] = ()  # exam-guide task statements the topic serves ("3.2")

    @property
    def qualified(self) -> str:
        """The topic's name across decks: `deck/slug` (`lambda/concurrency`)."""
        return qualified_name(self.deck, self.slug)


@dataclass(frozen=True, slots=True)
class Table:
    """A table inside a note: column names and rows of cells."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def row_dicts(self) -> list[dict[str, str]]:
        """Rows as column-name -> cell mappings."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True, slots=True)
class Note:
    """Reading material for one topic: summary, key facts, tables, use cases, sources."""

    id: str
    topic: str
    title: str
    summary: str
    key_facts: tuple[str, ...]
    tables: tuple[Table, ...]
    use_cases: tuple[str, ...]
    sources: tuple[str, ...]
    origin: Origin
    deck: str = ""

    @property
    def qualified(self) -> str:
        """Its topic's qualified name, `deck/slug`."""
        return qualified_name(self.deck, self.topic)


@dataclass(frozen=True, slots=True)
class Card:
    """One reviewable flashcard.

    `note_id` groups siblings (the cloze deletions of one text, a card and its reverse, the rows
    of one table template): the scheduler keeps siblings off the same day.
    """

    id: str
    note_id: str
    kind: str  # "basic" | "cloze" | "table"
    topic: str
    deck: str
    front: str
    back: str
    tags: tuple[str, ...]
    source: str
    origin: Origin
    cloze_index: int = 0  # for cloze cards: which deletion this card asks for
    extra: str = ""  # optional explanation shown with the answer
    reverse: bool = False  # True for the generated reverse of a basic card

    @property
    def qualified(self) -> str:
        """Its topic's qualified name, `deck/slug`."""
        return qualified_name(self.deck, self.topic)

    def question_text(self) -> str:
        """The prompt shown before the answer is revealed."""
        if self.kind == "cloze":
            return render_cloze(self.front, self.cloze_index, reveal=False)
        return self.front

    def answer_text(self) -> str:
        """The answer shown after reveal (for cloze: the whole text with the deletion filled)."""
        if self.kind == "cloze":
            return render_cloze(self.front, self.cloze_index, reveal=True)
        return self.back


@dataclass(frozen=True, slots=True)
class Option:
    """One answer option of a scenario question."""

    text: str
    correct: bool
    why: str

    @property
    def explanation(self) -> str:
        """The why, or a plain note that an imported source gave none."""
        return self.why or NO_EXPLANATION


@dataclass(frozen=True, slots=True)
class Question:
    """An exam-style scenario question with one or several correct options."""

    id: str
    topic: str
    deck: str
    stem: str
    options: tuple[Option, ...]
    choose: int
    domain: str
    difficulty: str
    sources: tuple[str, ...]
    origin: Origin
    tags: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()  # exam-guide task statements it tests, best fit first

    @property
    def qualified(self) -> str:
        """Its topic's qualified name, `deck/slug`."""
        return qualified_name(self.deck, self.topic)

    @property
    def correct_indexes(self) -> frozenset[int]:
        """Positions of the correct options."""
        return frozenset(i for i, o in enumerate(self.options) if o.correct)

    def prompt(self) -> str:
        """The stem with the exam's '(Choose two.)' hint when several answers are wanted."""
        if self.choose == 1:
            return self.stem
        return f"{self.stem} (Choose {CHOOSE_WORDS.get(self.choose, str(self.choose))}.)"


@dataclass(frozen=True, slots=True)
class Deck:
    """One deck folder: its manifest plus everything loaded from its topic files."""

    id: str
    title: str
    description: str
    path: Path
    topics: tuple[Topic, ...]
    short: str = ""  # the short name used in Anki deck names (manifest `short`); see `short_name`
    imported: str = ""  # the source format ("anki", "csv", "questions") of a deck made by `import`

    @property
    def short_name(self) -> str:
        """The manifest's `short` name, else the title without a leading 'AWS ' or 'Amazon '."""
        return self.short.strip() or _VENDOR_PREFIX_RE.sub("", self.title.strip()) or self.id


class TopicIndex(dict[str, Topic]):
    """Topics keyed by qualified name (`deck/slug`), in curriculum order.

    A bare slug finds its topic too when exactly one deck has it, so `topics.get("pricing")`
    keeps working while the slug is unique.
    """

    def key_for(self, name: str) -> str | None:
        """The qualified key `name` stands for: itself, or the one topic with that bare slug."""
        if dict.__contains__(self, name):
            return name
        if "/" in name:
            return None
        matches = [key for key, topic in self.items() if topic.slug == name]
        return matches[0] if len(matches) == 1 else None

    def __missing__(self, name: str) -> Topic:
        key = self.key_for(name)
        if key is None:
            raise KeyError(name)
        return dict.__getitem__(self, key)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.key_for(name) is not None

    @overload
    def get(self, name: str, default: None = None, /) -> Topic | None: ...
    @overload
    def get(self, name: str, default: Topic, /) -> Topic: ...
    @overload
    def get(self, name: str, default: _T, /) -> Topic | _T: ...
    def get(self, name: str, default: object = None, /) -> object:
        """The topic under a qualified name or a unique bare slug, else `default`."""
        key = self.key_for(name)
        return dict.__getitem__(self, key) if key is not None else default


@dataclass(slots=True)
class Library:
    """Everything loaded: all decks, with lookups by id and topic."""

    decks: list[Deck] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=TopicIndex)  # by qualified name, "deck/slug"
    notes: list[Note] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    exam: ExamGuide | None = None
    _cards_by_id: dict[str, Card] = field(default_factory=dict, repr=False)
    _questions_by_id: dict[str, Question] = field(default_factory=dict, repr=False)

    def cards_for(self, topics: set[str] | frozenset[str] | None = None) -> list[Card]:
        """Cards of the given topics (qualified names; all when None)."""
        return [c for c in self.cards if topics is None or _in_topics(c, topics)]

    def questions_for(self, topics: set[str] | frozenset[str] | None = None) -> list[Question]:
        """Questions of the given topics (qualified names; all when None)."""
        return [q for q in self.questions if topics is None or _in_topics(q, topics)]

    def notes_for(self, topic: str) -> list[Note]:
        """Notes of one topic (its qualified name, or a bare slug when only one deck has it)."""
        found = self.topic(topic)
        if found is None:
            return [n for n in self.notes if n.topic == topic]
        return [n for n in self.notes if n.topic == found.slug and n.deck in ("", found.deck)]

    def topic(self, name: str) -> Topic | None:
        """The topic under a qualified name `deck/slug`, or a bare slug only one deck has."""
        found = self.topics.get(name)
        if found is not None or "/" in name:
            return found
        matches = [t for t in self.topics.values() if t.slug == name]
        return matches[0] if len(matches) == 1 else None

    def topic_of(self, item: Card | Question | Note) -> Topic | None:
        """The topic a card, question or note belongs to."""
        return self.topics.get(item.qualified) or self.topics.get(item.topic)

    def deck(self, deck_id: str) -> Deck | None:
        """The deck with this id, if loaded."""
        return next((d for d in self.decks if d.id == deck_id), None)

    def card(self, card_id: str) -> Card | None:
        """The card with this id, if loaded."""
        if len(self._cards_by_id) != len(self.cards):
            self._cards_by_id = {c.id: c for c in self.cards}
        return self._cards_by_id.get(card_id)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if loaded."""
        if len(self._questions_by_id) != len(self.questions):
            self._questions_by_id = {q.id: q for q in self.questions}
        return self._questions_by_id.get(question_id)

    def topic_slugs(self) -> list[str]:
        """All topic slugs in deck order (a slug two decks share appears once)."""
        return list(dict.fromkeys(t.slug for t in self.topics.values()))

    def topic_names(self) -> list[str]:
        """All qualified topic names, `deck/slug`, in deck order."""
        return [t.qualified for t in self.topics.values()]


def qualified_name(deck: str, slug: str) -> str:
    """`deck/slug`, or the bare slug for an item built without a deck."""
    return f"{deck}/{slug}" if deck else slug


def _in_topics(item: Card | Question, topics: set[str] | frozenset[str]) -> bool:
    """True when the item's qualified topic (or, for names without a deck, its slug) is chosen."""
    return item.qualified in topics or item.topic in topics


def cloze_numbers(text: str) -> list[int]:
    """The distinct deletion numbers used in a cloze text, ascending."""
    return sorted({int(m.group(1)) for m in CLOZE_RE.finditer(text)})


def render_cloze(text: str, index: int, *, reveal: bool) -> str:
    """Render cloze `index` hidden as `[...]` (or its hint), or revealed; others shown plain."""

    def replace(m: re.Match[str]) -> str:
        number, answer, hint = int(m.group(1)), m.group(2), m.group(3)
        if number != index:
            return answer
        if reveal:
            return f"**{answer}**"
        return f"[{hint}]" if hint else "[...]"

    return CLOZE_RE.sub(replace, text)
