"""What an importer produces: a deck of YAML-ready items, what was skipped, and the report."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from studycards.content.safe_text import CONTROL_RE


class ImportFailed(Exception):
    """The source cannot be imported at all (one line for the user)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """An item of the source left out, and why (`where` is a line, a note id or a heading)."""

    where: str
    reason: str


@dataclass(slots=True)
class HistoryEntry:
    """One review from the source, already mapped to a card id of the imported deck."""

    card_id: str
    reviewed_at_ms: int  # epoch milliseconds
    rating: int  # 1 Again .. 4 Easy
    duration_ms: int


@dataclass(slots=True)
class ImportedTopic:
    """A topic of the imported deck with its items in the YAML content format."""

    slug: str
    title: str
    cards: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ImportedDeck:
    """Everything one import produces before it is written."""

    slug: str
    title: str
    source_format: str  # anki | csv | questions
    source_name: str
    topics: dict[str, ImportedTopic] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    media_referenced: int = 0
    history: list[HistoryEntry] = field(default_factory=list)
    _fronts: dict[str, str] = field(default_factory=dict)
    seen_questions: dict[str, str] = field(default_factory=dict)  # question id → where it was

    def add_card(self, topic_title: str, item: dict[str, Any], where: str) -> bool:
        """Add a card entry unless another card of this import asks the same question."""
        keys = [str(item.get("cloze") or item.get("front", "")).casefold()]
        if item.get("reverse"):
            keys.append(str(item["back"]).casefold())
        if any(k in self._fronts for k in keys) or (item.get("reverse") and keys[0] == keys[1]):
            first = next((self._fronts[k] for k in keys if k in self._fronts), where)
            self.skipped.append(Skipped(where, f"asks the same question as {first}"))
            return False
        for k in keys:
            self._fronts[k] = where
        self.topic(topic_title).cards.append(item)
        return True

    def topic(self, title: str) -> ImportedTopic:
        """The topic titled `title`, created on first use with a slug unique in this deck."""
        for existing in self.topics.values():
            if existing.title == title:
                return existing
        base = slugify(title) or "imported"
        slug, n = base, 2
        while slug in self.topics:
            slug, n = f"{base}-{n}", n + 1
        self.topics[slug] = ImportedTopic(slug, title)
        return self.topics[slug]

    @property
    def card_count(self) -> int:
        return sum(len(t.cards) for t in self.topics.values())

    @property
    def question_count(self) -> int:
        return sum(len(t.questions) for t in self.topics.values())


_SLUG_RE = re.compile(r"[^a-z0-9]+")
_SPACE_RE = re.compile(r"[ \t]+")


def slugify(text: str, limit: int = 48) -> str:
    """A lowercase slug (`SAA-C03::Lambda` → `saa-c03-lambda`), at most `limit` characters."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SLUG_RE.sub("-", folded).strip("-")[:limit].strip("-")


def clean_text(text: str) -> str:
    """Text safe for a content file: control characters dropped, line ends unified, trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_RE.sub("", text).strip()


_TAG_RE = re.compile(r"[^a-z0-9:_-]+")


def clean_tags(words: list[str]) -> list[str]:
    """Source tags as content tags: lowercase, `::` kept, other characters folded to dashes, no repeats."""
    tags = (_TAG_RE.sub("-", word.lower()).strip("-:_") for word in words)
    return [tag for tag in dict.fromkeys(tags) if tag]


def stable_id(deck: str, *parts: str, prefix: str = "n") -> str:
    """An id derived from the source's own id or the normalised item: same input, same id."""
    normal = "\x1f".join(_SPACE_RE.sub(" ", p).strip().casefold() for p in parts)
    return f"{deck}.{prefix}{hashlib.sha1(normal.encode()).hexdigest()[:12]}"
