"""The deck model: validated, immutable objects built from the YAML content.

Everything here is plain Python so that every other part (srs, quiz, calc, export, tui) can
use it without importing a UI toolkit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

# the exam's vocabulary, re-exported so `from studycards.content.model import DOMAINS` keeps working
from studycards.content.vocabulary import CHOOSE_WORDS as CHOOSE_WORDS
from studycards.content.vocabulary import DIFFICULTIES as DIFFICULTIES
from studycards.content.vocabulary import DOMAINS as DOMAINS

if TYPE_CHECKING:
    from studycards.content.exam import ExamGuide

CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where something was written: file and 1-based line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Topic:
    """A slice of a deck, selected with `--topic SLUG`."""

    slug: str
    title: str
    domains: tuple[str, ...]
    deck: str
    summary: str = ""
    tasks: tuple[str, ...] = ()  # exam-guide task statements the topic serves ("3.2")


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


@dataclass(slots=True)
class Library:
    """Everything loaded: all decks, with lookups by id and topic."""

    decks: list[Deck] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    exam: ExamGuide | None = None
    _cards_by_id: dict[str, Card] = field(default_factory=dict, repr=False)
    _questions_by_id: dict[str, Question] = field(default_factory=dict, repr=False)

    def cards_for(self, topics: set[str] | None = None) -> list[Card]:
        """Cards of the given topics (all when None)."""
        return [c for c in self.cards if topics is None or c.topic in topics]

    def questions_for(self, topics: set[str] | None = None) -> list[Question]:
        """Questions of the given topics (all when None)."""
        return [q for q in self.questions if topics is None or q.topic in topics]

    def notes_for(self, topic: str) -> list[Note]:
        """Notes of one topic."""
        return [n for n in self.notes if n.topic == topic]

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
        """All topic slugs in deck order."""
        return list(self.topics)


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
