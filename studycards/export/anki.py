"""Anki (.apkg) export: our cards and questions as Anki notes whose identity never changes.

Identity, so that importing a newer export updates notes in place and keeps the learner's progress:

* note types have fixed ids and schemas (`studycards.export.notetypes`);
* a note's GUID derives from our stable id: a basic card's id (its `::reverse` sibling is the
  second card of the same note), a cloze text's id (Anki makes one card per deletion), a table
  row's card id, a question's id;
* deck ids derive from deck and topic slugs (Anki itself matches decks by name);
* every note carries the export time as its modification time, and Anki's default import
  ("update notes if newer") replaces the text of notes it already has without touching their cards.

`plan_export` is pure (content in, field HTML out); `write_apkg` writes the package with genanki.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import os
import re
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from studycards.content.model import Card, Deck, Library, Question, Topic
from studycards.export.markdown import escape_text, render_cloze_markdown, render_inline, render_markdown
from studycards.export.notetypes import BASIC, CHOICE, CLOZE, CSS, NOTE_TYPES, NoteType, stable_int

EXAM_DECK = "SAA-C03"
EXAM_TAG = "saa-c03"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_BASE91 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
_TAG_UNSAFE_RE = re.compile(r"[\s\"\u3000]+")
_CONTROL_RE = re.compile(r"[\x00-\x1f]+")
_COLONS_RE = re.compile(r":{2,}")
_URL_RE = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AnkiDeck:
    """One Anki deck: stable id, full `::` name, HTML description."""

    id: int
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class AnkiNote:
    """One Anki note ready to write: its type, GUID, deck, field HTML, tags and card ordinals."""

    note_type: str  # a key of NOTE_TYPES: "basic" | "cloze" | "choice"
    guid: str
    source_id: str  # our stable id the GUID derives from
    deck_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    card_ords: tuple[int, ...]


@dataclass(slots=True)
class ExportPlan:
    """Everything an .apkg will hold."""

    decks: list[AnkiDeck] = field(default_factory=list)
    notes: list[AnkiNote] = field(default_factory=list)

    @property
    def card_count(self) -> int:
        """How many cards Anki will create."""
        return sum(len(n.card_ords) for n in self.notes)

    def counts(self) -> dict[str, dict[str, int]]:
        """Notes and cards per note type key, in note-type order (types with no notes omitted)."""
        out: dict[str, dict[str, int]] = {}
        for key in NOTE_TYPES:
            notes = [n for n in self.notes if n.note_type == key]
            if notes:
                out[key] = {"notes": len(notes), "cards": sum(len(n.card_ords) for n in notes)}
        return out


# -- identity ---------------------------------------------------------------------------------
def note_guid(stable_id: str) -> str:
    """The Anki GUID of the note made from our stable id (same as `genanki.guid_for('studycards', id)`)."""
    value = int.from_bytes(hashlib.sha256(f"studycards__{stable_id}".encode()).digest()[:8], "big")
    chars: list[str] = []
    while value > 0:
        value, rest = divmod(value, len(_BASE91))
        chars.append(_BASE91[rest])
    return "".join(reversed(chars))


def deck_label(deck: Deck) -> str:
    """The deck's name level under SAA-C03: its short name (manifest `short`, else the title
    without a leading 'AWS '/'Amazon '), so the Lambda deck stays `SAA-C03::Lambda`."""
    return _deck_part(deck.short_name)


def topic_deck_name(deck: Deck, topic: Topic) -> str:
    """`SAA-C03::<deck>::<topic title>`."""
    return f"{EXAM_DECK}::{deck_label(deck)}::{_deck_part(topic.title)}"


def _deck_part(text: str) -> str:
    # '::' (or ':::' ...) would nest a level; control characters are not allowed in deck names
    cleaned = _COLONS_RE.sub(":", _CONTROL_RE.sub(" ", text)).strip()
    return cleaned or "Untitled"


@functools.lru_cache(maxsize=4096)
def _tag(text: str) -> str:
    return _TAG_UNSAFE_RE.sub("_", text.strip())


# -- planning ---------------------------------------------------------------------------------
def plan_export(
    library: Library, topics: Iterable[str] | None = None, *, include_questions: bool = True
) -> ExportPlan:
    """Turn the library (or some topics of it) into Anki decks and notes; pure, no I/O."""
    wanted = set(topics) if topics is not None else None
    plan = ExportPlan()
    exam = "AWS Certified Solutions Architect – Associate (SAA-C03), exported by studycards."
    plan.decks.append(AnkiDeck(stable_int("studycards/deck/saa-c03"), EXAM_DECK, exam))
    topic_order = {t.qualified: i for i, t in enumerate(library.topics.values())}
    decks_by_id = {d.id: d for d in library.decks}
    cards_by_note: dict[str, list[Card]] = {}
    for card in library.cards_for(wanted):
        cards_by_note.setdefault(card.note_id, []).append(card)
    questions = library.questions_for(wanted) if include_questions else []

    used_topics = {c[0].qualified for c in cards_by_note.values()} | {q.qualified for q in questions}
    deck_ids: dict[str, int] = {}  # by qualified topic name
    for deck in library.decks:
        deck_topics = [t for t in deck.topics if t.qualified in used_topics]
        if not deck_topics:
            continue
        parent = AnkiDeck(stable_int(f"studycards/deck/{deck.id}"), f"{EXAM_DECK}::{deck_label(deck)}",
                          render_markdown(deck.description))
        plan.decks.append(parent)
        for topic in deck_topics:
            deck_ids[topic.qualified] = stable_int(f"studycards/deck/{deck.id}/{topic.slug}")
            name = topic_deck_name(deck, topic)
            plan.decks.append(AnkiDeck(deck_ids[topic.qualified], name, render_markdown(topic.summary)))

    notes: list[tuple[int, int, AnkiNote]] = []
    for position, siblings in enumerate(cards_by_note.values()):
        topic = library.topics[siblings[0].qualified]
        tags = _base_tags(decks_by_id.get(topic.deck), topic, topic.domains)
        note = _card_note(siblings, deck_ids[topic.qualified], tags)
        notes.append((topic_order.get(topic.qualified, 0), position, note))
    for position, question in enumerate(questions, start=len(notes)):
        topic = library.topics[question.qualified]
        tags = _base_tags(decks_by_id.get(topic.deck), topic, (question.domain,))
        note = _question_note(question, deck_ids[topic.qualified], tags)
        notes.append((topic_order.get(topic.qualified, 0), position, note))
    plan.notes = [n for _, _, n in sorted(notes, key=lambda t: (t[0], t[1]))]
    return plan


def _base_tags(deck: Deck | None, topic: Topic, domains: Iterable[str]) -> list[str]:
    tags = [EXAM_TAG, _tag(deck.id if deck else topic.deck), f"topic::{_tag(topic.slug)}"]
    tags.extend(f"domain::{_tag(d)}" for d in domains)
    return tags


def _with_tags(base: list[str], extra: Iterable[str]) -> tuple[str, ...]:
    tags: list[str] = []
    seen: set[str] = set()
    for tag in (*base, *(_tag(t) for t in extra)):
        if tag and tag.casefold() not in seen:  # Anki tags are case-insensitive
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)


def _sources_html(urls: Iterable[str]) -> str:
    links = []
    for url in urls:
        url = url.strip()
        if not url:
            continue
        if _URL_RE.match(url):
            safe = html.escape(url, quote=True)
            links.append(f'<a href="{safe}">{escape_text(url)}</a>')
        else:
            links.append(escape_text(url))
    return "<br>".join(links)


def _card_note(siblings: list[Card], deck_id: int, base_tags: list[str]) -> AnkiNote:
    first = siblings[0]
    tags = _with_tags(base_tags, first.tags)
    source = _sources_html([first.source])
    if first.kind == "cloze":
        ords = tuple(sorted({max(c.cloze_index, 1) - 1 for c in siblings}))
        text = render_cloze_markdown(first.front)
        cloze_fields = (text, render_markdown(first.extra), source, escape_text(first.note_id))
        return AnkiNote(CLOZE.key, note_guid(first.note_id), first.note_id, deck_id, cloze_fields, tags, ords)
    forward = next((c for c in siblings if not c.reverse), first)
    has_reverse = any(c.reverse for c in siblings)
    fields = (
        render_markdown(forward.front),
        render_markdown(forward.back),
        render_markdown(forward.extra),
        source,
        escape_text(first.note_id),
        "y" if has_reverse else "",
    )
    ords = (0, 1) if has_reverse else (0,)
    return AnkiNote(BASIC.key, note_guid(first.note_id), first.note_id, deck_id, fields, tags, ords)


def _question_note(question: Question, deck_id: int, base_tags: list[str]) -> AnkiNote:
    options = "".join(
        f'<li><span class="sc-letter">{LETTERS[i]}.</span> {render_inline(o.text)}</li>'
        for i, o in enumerate(question.options)
    )
    explained = "".join(
        f'<li class="{"sc-right" if o.correct else "sc-wrong"}"><span class="sc-letter">{LETTERS[i]}.</span> '
        f'{render_inline(o.text)} <span class="sc-mark">{"✓ correct" if o.correct else "✗ wrong"}</span>'
        f'<div class="sc-why">{render_markdown(o.why)}</div></li>'
        for i, o in enumerate(question.options)
    )
    correct = ", ".join(LETTERS[i] for i in sorted(question.correct_indexes))
    fields = (
        render_markdown(question.prompt()),
        f'<ol class="sc-options">{options}</ol>',
        correct,
        f'<ol class="sc-options sc-explained">{explained}</ol>',
        _sources_html(question.sources),
        escape_text(question.id),
    )
    tags = _with_tags([*base_tags, f"difficulty::{_tag(question.difficulty)}"], question.tags)
    return AnkiNote(CHOICE.key, note_guid(question.id), question.id, deck_id, fields, tags, (0,))


def default_filename(library: Library, topics: Iterable[str] | None = None,
                     decks: Iterable[str] | None = None) -> str:
    """`studycards-<deck>.apkg` (every deck exported, or `decks` whole), or
    `studycards-<deck>-<topic>....apkg` for a topic selection."""
    chosen = sorted(set(topics)) if topics is not None else None
    found = [library.topics.get(name) for name in (chosen if chosen is not None else list(library.topics))]
    deck_names = list(decks) if decks is not None else []
    for topic in found:
        if topic is not None and topic.deck not in deck_names and decks is None:
            deck_names.append(topic.deck)
    parts = ["studycards", *(deck_names or ["deck"])]
    if chosen is not None:
        slugs = [t.slug if t is not None else name for t, name in zip(found, chosen, strict=True)]
        parts.extend(slugs if len(slugs) <= 3 else [f"{len(slugs)}-topics"])
    return "-".join(re.sub(r"[^A-Za-z0-9_.-]+", "-", p).strip("-") for p in parts) + ".apkg"


# -- writing ----------------------------------------------------------------------------------
def genanki_models() -> dict[str, Any]:
    """The genanki Model of each note type, by key."""
    import genanki

    return {
        nt.key: genanki.Model(
            nt.id,
            nt.name,
            fields=[{"name": f} for f in nt.fields],
            templates=[{"name": t.name, "qfmt": t.qfmt, "afmt": t.afmt} for t in nt.templates],
            css=CSS,
            model_type=genanki.Model.CLOZE if nt.is_cloze else genanki.Model.FRONT_BACK,
            sort_field_index=0,
        )
        for nt in NOTE_TYPES.values()
    }


class ExportTargetError(ValueError):
    """The output path cannot take the package; the message says why and what to do."""


def check_target(path: Path, *, overwrite: bool = False) -> Path:
    """The regular file an export to `path` will write: `path`, or the file a symlink points to.

    Refuses a folder, a device, pipe or socket and a missing parent folder (none is created) with
    ExportTargetError; without `overwrite`, an existing file with FileExistsError.
    """
    target = Path(os.path.realpath(path))  # through every symlink: the link itself is kept
    via = "" if target == Path(os.path.abspath(path)) else f" (a link to {target})"
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ExportTargetError(f"cannot use {path}{via}: {exc.strerror or exc}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise ExportTargetError(f"{path}{via} is a folder; give a file name with -o")
        if not stat.S_ISREG(info.st_mode):
            raise ExportTargetError(
                f"{path}{via} is not a regular file (a device, pipe or socket); give a file name with -o"
            )
        if not overwrite:
            raise FileExistsError(path)
        return target
    if not target.parent.is_dir():
        what = "is not a folder" if target.parent.exists() else "does not exist"
        raise ExportTargetError(f"folder {target.parent} {what}; create it first or choose another -o")
    return target


def write_apkg(plan: ExportPlan, path: Path, *, now: datetime, overwrite: bool = False) -> None:
    """Write the plan as an .apkg at `path`; `now` (UTC-aware) is the notes' modification time.

    The file appears whole or not at all (a temporary file beside it, then a rename); an existing
    file is replaced only with `overwrite`, and a symlink's target is replaced, the link kept.
    Raises ExportTargetError or FileExistsError for a path that cannot take the package (see
    `check_target`) and OSError when writing fails (disk full, file size limit), leaving no
    partial file behind.
    """
    import genanki

    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    target = check_target(path, overwrite=overwrite)
    timestamp = now.timestamp()
    models = genanki_models()

    class PlannedNote(genanki.Note):
        """A genanki note whose cards are the ordinals we planned (not re-derived by genanki)."""

        def __init__(self, planned: AnkiNote) -> None:
            super().__init__(model=models[planned.note_type], fields=list(planned.fields),
                             tags=list(planned.tags), guid=planned.guid)
            self._ords = planned.card_ords

        @property
        def cards(self) -> list[Any]:
            return [genanki.Card(o) for o in self._ords]

    decks = {d.id: genanki.Deck(d.id, d.name, d.description) for d in plan.decks}
    for model in models.values():  # every note type, so a newer export refreshes their templates
        next(iter(decks.values())).add_model(model)
    for note in plan.notes:
        decks[note.deck_id].add_note(PlannedNote(note))
    _write_package(genanki.Package(list(decks.values())), target, timestamp)


def _file_mode(target: Path) -> int:
    """The mode of the file being replaced, else what the user's umask gives a new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _write_package(package: Any, target: Path, timestamp: float) -> None:
    """Write a genanki Package like `Package.write_to_file`, but atomically and with no temp file left.

    `target` is a regular file (or none yet) in an existing folder: see `check_target`.
    """
    with tempfile.TemporaryDirectory(prefix="studycards-apkg-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        try:
            conn = sqlite3.connect(db_path)
            try:
                package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
                conn.commit()
            finally:
                conn.close()
        except sqlite3.Error as exc:  # a full temporary folder, a file size limit
            raise OSError(f"the package's collection could not be written in {tmp} ({exc})") from None
        fd, partial_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
        os.close(fd)
        partial = Path(partial_name)
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                archive.write(db_path, "collection.anki2")
                archive.writestr("media", "{}")
            os.chmod(partial, _file_mode(target))
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise


def export_anki(library: Library, path: Path, *, now: datetime, topics: Iterable[str] | None = None,
                include_questions: bool = True, overwrite: bool = False) -> ExportPlan:
    """Plan and write an .apkg; returns the plan (for counts)."""
    plan = plan_export(library, topics, include_questions=include_questions)
    write_apkg(plan, path, now=now, overwrite=overwrite)
    return plan


__all__ = [
    "EXAM_DECK",
    "AnkiDeck",
    "AnkiNote",
    "ExportPlan",
    "ExportTargetError",
    "NoteType",
    "check_target",
    "default_filename",
    "export_anki",
    "note_guid",
    "plan_export",
    "topic_deck_name",
    "write_apkg",
]
