"""Checking the topic slugs a learner typed (`--topic`), with a did-you-mean."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from studycards.errors import StudycardsError


def resolve_topics(requested: Iterable[str], valid: Sequence[str]) -> tuple[str, ...]:
    """The requested slugs in the order given, deduplicated (commas allowed: `a,b`).

    An unknown slug raises StudycardsError (exit 2) naming the nearest valid one and all of them.
    """
    chosen = [slug.strip() for item in requested for slug in item.split(",") if slug.strip()]
    for slug in chosen:
        if slug not in valid:
            near = difflib.get_close_matches(slug, list(valid), n=1, cutoff=0.6)
            hint = f" Did you mean '{near[0]}'?" if near else ""
            raise StudycardsError(f"unknown topic '{slug}'.{hint} Valid topics: {', '.join(valid)}")
    return tuple(dict.fromkeys(chosen))
