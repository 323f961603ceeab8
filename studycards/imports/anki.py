"""Anki packages (.apkg, .colpkg) of both generations into an imported deck.

A package is a zip. The legacy generation holds `collection.anki2` or `collection.anki21`, a
plain SQLite file whose `col` row keeps note types and decks as JSON. The current generation
holds `collection.anki21b`, the same database compressed with zstd, with note types, fields,
templates and decks in tables of their own (and a placeholder `collection.anki2` beside it).
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from studycards.imports.markup import html_to_markdown
from studycards.imports.model import (
    HistoryEntry,
    ImportedDeck,
    ImportFailed,
    Skipped,
    clean_tags,
    clean_text,
    stable_id,
)

MAX_UNCOMPRESSED = 2 * 1024**3  # a package that claims more is refused (zip bombs)
MAX_RATIO = 200  # nor may one entry inflate more than this many times its stored size
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")
_CLOZE_RE = re.compile(r"\{\{c(\d+)::")
_CLOZE_NOTETYPE = 1


@dataclass(frozen=True, slots=True)
class NoteType:
    """What the importer needs of an Anki note type."""

    name: str
    fields: tuple[str, ...]
    templates: int
    cloze: bool


def read_package(
    path: Path, deck: ImportedDeck, *, fields: tuple[str, str] | None = None, with_history: bool = False
) -> None:
    """Fill `deck` from the package at `path` (raises ImportFailed for an unusable file)."""
    with tempfile.TemporaryDirectory(prefix="studycards-import-") as tmp:
        db_path = _extract_collection(path, Path(tmp))
        try:
            con = sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error as exc:
            raise ImportFailed(f"{path.name}: the collection cannot be opened ({exc})") from None
        try:
            _read_collection(con, path.name, deck, fields, with_history)
        except sqlite3.DatabaseError as exc:
            raise ImportFailed(f"{path.name}: not an Anki collection ({exc})") from None
        finally:
            con.close()


def _extract_collection(path: Path, into: Path) -> Path:
    """The collection database of the package, written to `into` (decompressed if needed)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailed(f"{path.name}: not an Anki package (not a readable zip file: {exc})") from None
    with archive:
        infos = archive.infolist()
        total = 0
        for info in infos:
            name = info.filename
            if name.startswith(("/", "\\")) or ".." in PurePosixPath(name.replace("\\", "/")).parts:
                raise ImportFailed(
                    f"{path.name}: refused: the package has an unsafe entry name {name[:60]!r}"
                )
            total += info.file_size
            if (
                info.compress_size
                and info.file_size / info.compress_size > MAX_RATIO
                and info.file_size > 1 << 20
            ):
                raise ImportFailed(
                    f"{path.name}: refused: entry {name[:60]!r} inflates {info.file_size} bytes "
                    "from a tiny size (a zip bomb?)"
                )
        if total > MAX_UNCOMPRESSED:
            raise ImportFailed(
                f"{path.name}: refused: the package unpacks to more than {MAX_UNCOMPRESSED // 1024**3} GiB"
            )
        names = {info.filename for info in infos}
        chosen = next((n for n in COLLECTION_NAMES if n in names), None)
        if chosen is None:
            raise ImportFailed(
                f"{path.name}: not an Anki package (no collection.anki2/anki21/anki21b inside)"
            )
        target = into / "collection.db"
        try:
            with archive.open(chosen) as src, open(target, "wb") as out:
                if chosen.endswith("b"):
                    _unzstd(src, out, path.name)
                else:
                    _copy_capped(src, out)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ImportFailed(f"{path.name}: the package is damaged ({exc})") from None
    return target


def _copy_capped(src: Any, out: Any) -> None:
    written = 0
    while chunk := src.read(1 << 20):
        written += len(chunk)
        if written > MAX_UNCOMPRESSED:
            raise ValueError("the collection is larger than the import limit")
        out.write(chunk)


def _unzstd(src: Any, out: Any, name: str) -> None:
    import zstandard

    try:
        reader = zstandard.ZstdDecompressor().stream_reader(src)
        _copy_capped(reader, out)
    except zstandard.ZstdError as exc:
        raise ImportFailed(f"{name}: the compressed collection is damaged or truncated ({exc})") from None


def _read_collection(
    con: sqlite3.Connection, name: str, deck: ImportedDeck, fields: tuple[str, str] | None, with_history: bool
) -> None:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"notes", "cards", "col"} <= tables:
        raise ImportFailed(f"{name}: not an Anki collection (no notes/cards tables)")
    if "notetypes" in tables and con.execute("SELECT count(*) FROM notetypes").fetchone()[0]:
        notetypes, deck_names = _modern_schema(con)
    else:
        notetypes, deck_names = _legacy_schema(con, name)
    note_cards: dict[int, list[tuple[int, int, int]]] = {}  # note id -> its cards (id, deck, ord)
    for cid, nid, did, ord_ in con.execute("SELECT id, nid, did, ord FROM cards ORDER BY ord"):
        note_cards.setdefault(nid, []).append((cid, did, ord_))
    card_ids: dict[int, str] = {}
    rows = con.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id")
    for nid, guid, mid, tags, flds in rows:
        notetype = notetypes.get(mid)
        if notetype is None:
            deck.skipped.append(Skipped(f"note {nid}", "its note type is missing from the collection"))
            continue
        cards = note_cards.get(nid, [])
        did = cards[0][1] if cards else 0
        item = _note_item(
            deck, notetype, str(guid), str(flds).split("\x1f"), str(tags), fields, f"note {nid}"
        )
        if item is None or not deck.add_card(deck_names.get(did, "Default"), item, f"note {nid}"):
            continue
        if with_history:
            for cid, _, ord_ in cards:
                card_ids[cid] = _card_id(item, notetype, ord_)
    if with_history and "revlog" in tables:
        _read_history(con, card_ids, deck)


def _note_item(
    deck: ImportedDeck,
    notetype: NoteType,
    guid: str,
    values: list[str],
    tags: str,
    fields: tuple[str, str] | None,
    where: str,
) -> dict[str, Any] | None:
    """One note as a card entry of the content format, or None (and a skip) when unusable."""
    converted = []
    for value in values:
        text, media = html_to_markdown(value)
        deck.media_referenced += media
        converted.append(clean_text(text))

    def field(i: int | None) -> str:
        return converted[i] if i is not None and i < len(converted) else ""

    layout = _layout(notetype, fields)
    item: dict[str, Any] = {"id": stable_id(deck.slug, guid)}
    if notetype.cloze:
        text = field(layout.front)
        if not _CLOZE_RE.search(text):
            deck.skipped.append(Skipped(where, "a cloze note without a {{c1::...}} deletion"))
            return None
        item["cloze"] = text
    else:
        front = field(layout.front)
        if layout.back is None:
            back = "\n\n".join(v for i, v in enumerate(converted) if i != layout.front and v)
        else:
            back = field(layout.back)
        if not front or not back:
            deck.skipped.append(Skipped(where, "the front or the back is empty"))
            return None
        item["front"], item["back"] = front, back
        if layout.reverse is not None:
            if field(layout.reverse):
                item["reverse"] = True
        elif notetype.templates == 2 and layout.back is not None:
            item["reverse"] = True
    extra = field(layout.extra)
    if extra:
        item["extra"] = extra
    tag_list = clean_tags(tags.split())
    if tag_list:
        item["tags"] = tag_list
    return item


@dataclass(frozen=True, slots=True)
class Layout:
    """Which fields of a note type hold the front (or cloze text), back, extra and reverse flag."""

    front: int
    back: int | None  # None: every field but the front, joined
    extra: int | None = None
    reverse: int | None = None


def _layout(notetype: NoteType, fields: tuple[str, str] | None) -> Layout:
    """The fields to read: chosen with --fields, else found by name (Front/Back/Text/Extra)."""
    names = [f.casefold() for f in notetype.fields]

    def find(*wanted: str) -> int | None:
        return next((names.index(w) for w in wanted if w in names), None)

    extra, reverse = find("extra", "back extra"), find("reverse", "add reverse")
    if fields is not None:
        picked = []
        for want in fields:
            if want.isdigit() and 1 <= int(want) <= len(names):
                picked.append(int(want) - 1)
            elif want.casefold() in names:
                picked.append(names.index(want.casefold()))
            else:
                raise ImportFailed(
                    f"--fields: note type {notetype.name!r} has no field {want!r} "
                    f"(it has: {', '.join(notetype.fields)})"
                )
        return Layout(picked[0], picked[1], None, reverse)
    if notetype.cloze:
        return Layout(
            find("text") or 0, None, extra if extra is not None else (1 if len(names) > 1 else None)
        )
    front, back = find("front"), find("back")
    if front is not None and back is not None:
        return Layout(front, back, extra, reverse)
    return Layout(0, 1 if len(names) == 2 else None)


def _card_id(item: dict[str, Any], notetype: NoteType, ord_: int) -> str:
    """Our card id for the Anki card of template/cloze number `ord_` of a note."""
    if notetype.cloze:
        return f"{item['id']}::c{ord_ + 1}"
    if ord_ == 1 and item.get("reverse"):
        return f"{item['id']}::reverse"
    return str(item["id"])


def _read_history(con: sqlite3.Connection, card_ids: dict[int, str], deck: ImportedDeck) -> None:
    """Reviews of the imported cards (manual reschedules and cram entries are left out)."""
    for rid, cid, ease, taken, kind in con.execute(
        "SELECT id, cid, ease, time, type FROM revlog ORDER BY id"
    ):
        ours = card_ids.get(cid)
        if ours is None or not 1 <= int(ease) <= 4 or int(kind) not in (0, 1, 2):
            continue
        deck.history.append(HistoryEntry(ours, int(rid), int(ease), max(0, int(taken))))


def _legacy_schema(con: sqlite3.Connection, name: str) -> tuple[dict[int, NoteType], dict[int, str]]:
    row = con.execute("SELECT models, decks FROM col").fetchone()
    try:
        models = json.loads(row[0]) if row else {}
        decks = json.loads(row[1]) if row else {}
    except (TypeError, ValueError):
        raise ImportFailed(f"{name}: not an Anki collection (note types are unreadable)") from None
    notetypes = {
        int(mid): NoteType(
            str(m.get("name", "")),
            tuple(str(f.get("name", "")) for f in m.get("flds", [])),
            len(m.get("tmpls", [])),
            m.get("type") == _CLOZE_NOTETYPE,
        )
        for mid, m in models.items()
    }
    names = {int(did): _deck_title(str(d.get("name", "Default"))) for did, d in decks.items()}
    return notetypes, names


def _modern_schema(con: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    fields: dict[int, list[str]] = {}
    for ntid, fname in con.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(ntid, []).append(str(fname))
    templates: dict[int, list[bytes]] = {}
    for ntid, config in con.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        templates.setdefault(ntid, []).append(bytes(config or b""))
    notetypes = {}
    for ntid, nname in con.execute("SELECT id, name FROM notetypes"):
        configs = templates.get(ntid, [])
        cloze = any(b"{{cloze:" in c for c in configs)
        notetypes[int(ntid)] = NoteType(str(nname), tuple(fields.get(ntid, [])), len(configs), cloze)
    names = {
        int(did): _deck_title(str(dname).replace("\x1f", "::"))
        for did, dname in con.execute("SELECT id, name FROM decks")
    }
    return notetypes, names


def _deck_title(name: str) -> str:
    """An Anki deck path (`SAA-C03::Lambda::Limits`) as a readable topic title."""
    parts = [p.strip() for p in name.split("::") if p.strip()]
    return " › ".join(parts) or "Default"
