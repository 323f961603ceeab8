"""Counts over a loaded library (for `content stats` and `topics`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from studycards.content.model import Library


def topic_rows(library: Library, decks: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """One row per topic (of `decks`, all when None), in curriculum order: the `topics --json`
    list of `{deck, slug, qualified, title, cards, questions}`."""
    chosen = None if decks is None else set(decks)
    cards = Counter(c.qualified for c in library.cards)
    questions = Counter(q.qualified for q in library.questions)
    return [
        {
            "deck": t.deck,
            "slug": t.slug,
            "qualified": t.qualified,
            "title": t.title,
            "cards": cards.get(t.qualified, 0),
            "questions": questions.get(t.qualified, 0),
        }
        for t in library.topics.values()
        if chosen is None or t.deck in chosen
    ]


def content_stats(library: Library) -> dict[str, Any]:
    """The `studycards content stats --json` document."""
    cards_by_topic = Counter(c.qualified for c in library.cards)
    questions_by_topic = Counter(q.qualified for q in library.questions)
    kinds = Counter(c.kind for c in library.cards)
    return {
        "decks": len(library.decks),
        "topics": [
            {
                "slug": t.slug,
                "title": t.title,
                "deck": t.deck,
                "qualified": t.qualified,
                "cards": cards_by_topic.get(t.qualified, 0),
                "questions": questions_by_topic.get(t.qualified, 0),
            }
            for t in library.topics.values()
        ],
        "notes": len(library.notes),
        "cards": {
            "total": len(library.cards),
            "basic": kinds.get("basic", 0),
            "cloze": kinds.get("cloze", 0),
            "table": kinds.get("table", 0),
            "reverse": sum(1 for c in library.cards if c.reverse),
        },
        "questions": {
            "total": len(library.questions),
            "choose_many": sum(1 for q in library.questions if q.choose > 1),
            "by_topic": {t: questions_by_topic.get(t, 0) for t in library.topics},
            "by_domain": dict(sorted(Counter(q.domain for q in library.questions).items())),
            "by_difficulty": dict(sorted(Counter(q.difficulty for q in library.questions).items())),
        },
        "by_deck": _by_deck(library),
        "by_task": _by_task(library),
    }


def _by_deck(library: Library) -> dict[str, dict[str, Any]]:
    """Per deck: its title and how many cards, questions and topics it holds."""
    cards = Counter(c.deck for c in library.cards)
    questions = Counter(q.deck for q in library.questions)
    return {
        d.id: {
            "title": d.title,
            "cards": cards.get(d.id, 0),
            "questions": questions.get(d.id, 0),
            "topics": len(d.topics),
        }
        for d in library.decks
    }


def _by_task(library: Library) -> dict[str, dict[str, int]]:
    """Per exam-guide task statement (zeros included): cards through their topic's tasks,
    questions through their own (a card or question counts once for each task it serves)."""
    topic_tasks = {(t.deck, t.slug): t.tasks for t in library.topics.values()}
    cards: Counter[str] = Counter()
    for card in library.cards:
        cards.update(topic_tasks.get((card.deck, card.topic), ()))
    questions = Counter(task for q in library.questions for task in q.tasks)
    ids = list(library.exam.tasks) if library.exam else sorted(set(cards) | set(questions))
    return {t: {"cards": cards.get(t, 0), "questions": questions.get(t, 0)} for t in ids}
