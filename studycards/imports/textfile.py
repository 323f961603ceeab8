"""CSV and TSV files into an imported deck, with Anki's text-import conventions.

Header lines at the top, as Anki writes and reads them: `#separator:Tab` (or Comma, Semicolon,
Pipe, Colon, Space, or the character itself), `#html:true`, `#columns:Front,Back,Tags`,
`#tags column:3`, `#deck column:4`, `#notetype column:5`, `#guid column:1`, `#deck:Name`,
`#tags:a b`. Without them: the first line decides the separator (a tab, else `;` or `,`), a first
row naming its columns (front, back, tags, id, deck) is a header, and the columns are front, back
and optional tags. A front with `{{c1::...}}` makes a cloze card (the back becomes its extra).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from studycards.imports.markup import html_to_markdown
from studycards.imports.model import ImportedDeck, ImportFailed, Skipped, clean_tags, clean_text, stable_id
from studycards.imports.sources import read_source_bytes

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "colon": ":", "space": " "}
KNOWN_COLUMNS = {
    "front": "front",
    "question": "front",
    "back": "back",
    "answer": "back",
    "tags": "tags",
    "id": "id",
    "guid": "id",
    "deck": "deck",
    "topic": "deck",
    "notetype": "notetype",
    "extra": "extra",
}


def read_text_file(path: Path, deck: ImportedDeck) -> None:
    """Fill `deck` from a CSV/TSV file; bad lines are skipped with their line numbers."""
    lines = list(_decoded_lines(read_source_bytes(path), deck))
    headers: dict[str, str] = {}
    body_start = 0
    for body_start, (_, text) in enumerate(lines):  # noqa: B007 - the index is used after the loop
        if not text.startswith("#") or ":" not in text:
            break
        key, _, value = text[1:].partition(":")
        headers[key.strip().lower()] = value.strip()
    else:
        body_start = len(lines)
    body = lines[body_start:]
    if not any(text.strip() for _, text in body):
        raise ImportFailed(f"{path.name}: the file has no rows to import")
    separator = _separator(headers.get("separator"), body[0][1], path)
    html = headers.get("html", "false").lower() == "true"
    rows = _rows(body, separator, path)
    columns = _columns(headers, rows)
    default_topic = headers.get("deck") or deck.title
    base_tags = headers.get("tags", "").split()
    width = None
    for line_no, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        width = width or len(row)
        where = f"line {line_no}"
        if len(row) < 2:
            deck.skipped.append(Skipped(where, "a row needs at least two columns (front and back)"))
            continue
        if len(row) != width:
            deck.skipped.append(Skipped(where, f"the row has {len(row)} columns, the file has {width}"))
            continue
        cells = {name: row[i] for i, name in columns.items() if i < len(row)}
        _add_row(deck, cells, html, default_topic, base_tags, where)


def _add_row(
    deck: ImportedDeck,
    cells: dict[str, str],
    html: bool,
    default_topic: str,
    base_tags: list[str],
    where: str,
) -> None:
    def text(name: str) -> str:
        raw = cells.get(name, "")
        if html:
            raw, media = html_to_markdown(raw)
            deck.media_referenced += media
        return clean_text(raw)

    front, back, extra = text("front"), text("back"), text("extra")
    if not front:
        deck.skipped.append(Skipped(where, "the front is empty"))
        return
    ident = cells.get("id", "").strip()
    item: dict[str, object] = {"id": stable_id(deck.slug, ident) if ident else stable_id(deck.slug, front)}
    if "{{c" in front and "::" in front:
        item["cloze"] = front
        extra = "\n\n".join(x for x in (back, extra) if x)
    elif not back:
        deck.skipped.append(Skipped(where, "the back is empty"))
        return
    else:
        item["front"], item["back"] = front, back
    if extra:
        item["extra"] = extra
    tags = clean_tags([*base_tags, *cells.get("tags", "").split()])
    if tags:
        item["tags"] = tags
    deck.add_card(clean_text(cells.get("deck", "")).replace("::", " › ") or default_topic, item, where)


def _decoded_lines(raw: bytes, deck: ImportedDeck) -> Iterator[tuple[int, str]]:
    """(line number, text) per line; a line that is not UTF-8 is skipped and reported."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for number, chunk in enumerate(raw.splitlines(keepends=True), start=1):
        try:
            yield number, chunk.decode("utf-8")
        except UnicodeDecodeError:
            deck.skipped.append(Skipped(f"line {number}", "not valid UTF-8 text (save the file as UTF-8)"))


def _separator(declared: str | None, first_line: str, path: Path) -> str:
    if declared:
        sep = SEPARATORS.get(declared.lower(), declared)
        if len(sep) != 1:
            raise ImportFailed(
                f"{path.name}: unknown #separator {declared[:20]!r} "
                f"(use one of: {', '.join(s.title() for s in SEPARATORS)})"
            )
        return sep
    if path.suffix.lower() == ".tsv" or "\t" in first_line:
        return "\t"
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _rows(body: list[tuple[int, str]], separator: str, path: Path) -> list[tuple[int, list[str]]]:
    """The CSV rows with the line each starts on (quoted cells may span lines)."""
    starts = [number for number, _ in body]
    reader = csv.reader((text for _, text in body), delimiter=separator)
    rows: list[tuple[int, list[str]]] = []
    consumed = 0
    try:
        for row in reader:
            rows.append((starts[min(consumed, len(starts) - 1)], row))
            consumed = reader.line_num
    except csv.Error as exc:
        raise ImportFailed(f"{path.name}: line {starts[min(consumed, len(starts) - 1)]}: {exc}") from None
    return rows


def _columns(headers: dict[str, str], rows: list[tuple[int, list[str]]]) -> dict[int, str]:
    """Which column holds what: from `#columns:`/`#... column:` headers or a header row."""
    named: dict[int, str] = {}
    if "columns" in headers:
        for i, name in enumerate(headers["columns"].split(",")):
            named[i] = KNOWN_COLUMNS.get(name.strip().lower(), f"field{i}")
    elif rows and _is_header_row(rows[0][1]):
        for i, name in enumerate(rows.pop(0)[1]):
            named[i] = KNOWN_COLUMNS.get(name.strip().lower(), f"field{i}")
    for key, role in (
        ("tags column", "tags"),
        ("deck column", "deck"),
        ("guid column", "id"),
        ("notetype column", "notetype"),
    ):
        if headers.get(key, "").isdigit():
            named[int(headers[key]) - 1] = role
    if not named or "front" not in named.values():
        free = [i for i in range(max((len(r) for _, r in rows), default=0)) if i not in named]
        for i, role in zip(free, ("front", "back", "tags"), strict=False):
            named.setdefault(i, role)
    return named


def _is_header_row(row: list[str]) -> bool:
    cells = [c.strip().lower() for c in row if c.strip()]
    return (
        bool(cells)
        and all(c in KNOWN_COLUMNS for c in cells)
        and "front" in {KNOWN_COLUMNS[c] for c in cells}
    )
