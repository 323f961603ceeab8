"""Checking the topics and decks a learner typed (`--topic`, `--deck`), with a did-you-mean.

Topics are addressed as `deck/slug` (`lambda/concurrency`); a bare slug works when exactly one
loaded deck has it. Resolution always gives qualified names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from studycards.content.safe_text import safe_line
from studycards.errors import StudycardsError

if TYPE_CHECKING:
    from studycards.content.model import Library


SHOWN_CHARS = 60  # a typed name is echoed to at most this many characters


def _shown(name: str) -> str:
    """A typed name for an error message: control and bidi characters escaped, long ones cut."""
    cut = name if len(name) <= SHOWN_CHARS else name[: SHOWN_CHARS - 1] + "…"
    return safe_line(cut)


def _split(requested: Iterable[str]) -> list[str]:
    """The names typed, commas allowed (`a,b`), blanks dropped."""
    return [name.strip() for item in requested for name in item.split(",") if name.strip()]


def resolve_topics(requested: Iterable[str], valid: Sequence[str]) -> tuple[str, ...]:
    """The requested names in the order given, deduplicated, as qualified names where possible.

    `valid` holds the known names (qualified `deck/slug`, or bare slugs for a library without
    decks). A bare slug stands for the one valid name ending in `/slug`; one that several decks
    share raises StudycardsError listing the qualified matches; an unknown name raises one
    naming the nearest valid name and all of them. Both exit 2.
    """
    chosen: list[str] = []
    for name in _split(requested):
        chosen.append(_resolve_one(name, valid))
    return tuple(dict.fromkeys(chosen))


def _resolve_one(name: str, valid: Sequence[str]) -> str:
    if name in valid:
        return name
    if "/" not in name:
        matches = [v for v in valid if v.rpartition("/")[2] == name]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise StudycardsError(
                f"topic '{_shown(name)}' is in several decks: {', '.join(matches)}; say which"
            )
    candidates = list(dict.fromkeys([*valid, *(v.rpartition("/")[2] for v in valid)]))
    near = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    hint = f" Did you mean '{near[0]}'?" if near else ""
    if near and "/" not in near[0]:  # a bare slug: say which decks have it
        hint += f" ({', '.join(v for v in valid if v.rpartition('/')[2] == near[0])})"
    raise StudycardsError(f"unknown topic '{_shown(name)}'.{hint} Valid topics: {_listed(valid)}")


def _listed(names: Sequence[str], most: int = 12) -> str:
    """The first `most` names, then how many more there are and where to see them all."""
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most} more (see 'studycards topics')"


def resolve_decks(requested: Iterable[str], valid: Sequence[str]) -> tuple[str, ...]:
    """The requested deck ids in the order given, deduplicated; an unknown one raises
    StudycardsError (exit 2) naming the nearest and all valid decks."""
    chosen = _split(requested)
    for deck in chosen:
        if deck not in valid:
            near = difflib.get_close_matches(deck, list(valid), n=1, cutoff=0.6)
            hint = f" Did you mean '{near[0]}'?" if near else ""
            raise StudycardsError(f"unknown deck '{_shown(deck)}'.{hint} Valid decks: {', '.join(valid)}")
    return tuple(dict.fromkeys(chosen))


def select_topics(
    library: Library, topics: Iterable[str] = (), decks: Iterable[str] = ()
) -> tuple[str, ...] | None:
    """The qualified topics `--topic` and `--deck` choose together, or None for everything.

    Topics alone: those topics. Decks alone: every topic of those decks. Both: the topics, each of
    which must be in one of the decks (a bare slug is looked up within the chosen decks first).
    Errors raise StudycardsError (exit 2).
    """
    deck_ids = resolve_decks(decks, [d.id for d in library.decks])
    names = _split(topics)
    if not deck_ids:
        return resolve_topics(names, library.topic_names()) or None
    in_decks = [t.qualified for t in library.topics.values() if t.deck in deck_ids]
    if not names:
        return tuple(in_decks)
    chosen: list[str] = []
    for name in names:
        if "/" not in name and any(v.rpartition("/")[2] == name for v in in_decks):
            chosen.append(_resolve_one(name, in_decks))
            continue
        qualified = _resolve_one(name, library.topic_names())
        if qualified not in in_decks:
            raise StudycardsError(
                f"topic '{qualified}' is not in the chosen deck(s) {', '.join(deck_ids)}; "
                f"their topics: {', '.join(in_decks)}"
            )
        chosen.append(qualified)
    return tuple(dict.fromkeys(chosen))
