"""Plain-text search across notes, cards and questions."""

from __future__ import annotations

from dataclasses import dataclass

from studycards.content.model import Library


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One match: what it is, its id, a one-line title, and how well it matched."""

    kind: str  # "note" | "card" | "question"
    id: str
    title: str
    score: int


def search_library(library: Library, query: str, limit: int = 50) -> list[SearchHit]:
    """Items containing every word of the query (case-insensitive), best matches first."""
    words = [w for w in query.casefold().split() if w]
    if not words:
        return []
    hits: list[SearchHit] = []

    def consider(kind: str, ident: str, title: str, text: str) -> None:
        folded = text.casefold()
        if all(w in folded for w in words):
            in_title = sum(w in title.casefold() for w in words)
            hits.append(SearchHit(kind, ident, _one_line(title), in_title * 10 + folded.count(words[0])))

    for note in library.notes:
        body = "\n".join(
            [
                note.summary,
                *note.key_facts,
                *note.use_cases,
                *(" ".join(row) for t in note.tables for row in t.rows),
            ]
        )
        consider("note", note.id, note.title, f"{note.title}\n{body}")
    for card in library.cards:
        consider("card", card.id, card.question_text(), f"{card.front}\n{card.back}\n{card.extra}")
    for question in library.questions:
        text = "\n".join([question.stem, *(o.text for o in question.options)])
        consider("question", question.id, question.stem, text)
    hits.sort(key=lambda h: (-h.score, h.kind, h.id))
    return hits[:limit]


def _one_line(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
