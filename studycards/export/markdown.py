"""A small, safe Markdown subset to HTML, for Anki fields.

Supported: paragraphs, **bold** / __bold__, *italic* / _italic_, `inline code`, fenced code
blocks, bullet and numbered lists (nested by indentation), pipe tables and backslash escapes.
Everything else is text. Raw HTML is never passed through: every character an author writes is
escaped, and the only tags in the output are the fixed ones this module emits (no attributes an
author controls), so nothing in a deck can inject script.

Beyond plain HTML escaping, `{`, `}` and `[` become character references: they render the same,
but Anki no longer sees `{{c1::...}}` cloze markers or `[sound:...]` tags in them. The only raw
cloze markers in the output are those `render_cloze_markdown` writes on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from studycards.content.model import CLOZE_RE

# Private-use characters mark placeholders while rendering; authors' own are removed first.
_PRIVATE_RE = re.compile("[\ue000-\ue1ff]")
_CLOZE_OPEN, _CLOZE_CLOSE = "\ue000", "\ue001"
_CODE_OPEN, _CODE_CLOSE = "\ue002", "\ue003"
_ESCAPED_BASE = 0xE100  # a backslash-escaped ASCII character c is held as chr(_ESCAPED_BASE + ord(c))

_ESCAPE_MAP: dict[str, str] = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#x27;",
    "{": "&#123;",
    "}": "&#125;",
    "[": "&#91;",
}
_ESCAPE_PAIRS = tuple(_ESCAPE_MAP.items())  # "&" first
_ASCII_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_UNHOLD_TABLE = str.maketrans(
    {chr(_ESCAPED_BASE + ord(c)): _ESCAPE_MAP.get(c, c) for c in _ASCII_PUNCT}
)

_HELD_BACKTICK = chr(_ESCAPED_BASE + ord("`"))
_BACKSLASH_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# An emphasis body may hold text and whole elements made by an earlier pass, never half of one,
# so the output is always well-formed (`**a *b** c*` keeps its stray asterisk rather than misnest).
_BODY = r"(?P<body>(?:<(?P<tag>strong|em)>[^<]*</(?P=tag)>|[^<])+?)"
_STRONG_EM_RE = re.compile(r"\*\*\*(?=\S)(?P<body>[^<*]+?)(?<=\S)\*\*\*")
_BOLD_STAR_RE = re.compile(r"\*\*(?=\S)" + _BODY + r"(?<=\S)\*\*", re.DOTALL)
_BOLD_UNDER_RE = re.compile(r"(?<![\w])__(?=\S)" + _BODY + r"(?<=\S)__(?![\w])", re.DOTALL)
_ITALIC_STAR_RE = re.compile(r"(?<![*\w])\*(?=[^\s*])" + _BODY + r"(?<=[^\s*])\*(?![*\w])", re.DOTALL)
_ITALIC_UNDER_RE = re.compile(r"(?<![\w])_(?=[^\s_])" + _BODY + r"(?<=[^\s_])_(?![\w])", re.DOTALL)
_PLACEHOLDER_RE = re.compile(f"{_CODE_OPEN}(\\d+){_CODE_CLOSE}")
_CLOZE_PLACEHOLDER_RE = re.compile(f"{_CLOZE_OPEN}(\\d+){_CLOZE_CLOSE}")
_HARD_BREAK_RE = re.compile(r"(?: {2,}|\\)\n")

_FENCE_RE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_ITEM_RE = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])(?: +|$)(.*)$")
_TABLE_DELIMITER_RE = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
_INLINE_ONLY = ("<p>", "</p>")


def escape_text(text: str) -> str:
    """Escape text for an HTML field: `<`, `&`, quotes, and the braces Anki would parse."""
    return _escape(_clean(text))


def render_inline(text: str) -> str:
    """Render one line of inline Markdown (code, bold, italic, escapes) as escaped HTML."""
    return _render_inline(_clean(text))


def render_markdown(text: str) -> str:
    """Render the Markdown subset as HTML; a single paragraph comes back without `<p>`."""
    return _render_document(_clean(text))


def _clean(text: str) -> str:
    return text if text.isascii() else _PRIVATE_RE.sub("", text)


def _escape(text: str) -> str:
    for char, entity in _ESCAPE_PAIRS:
        if char in text:
            text = text.replace(char, entity)
    return text


def render_cloze_markdown(text: str) -> str:
    """Render cloze text as HTML, keeping each `{{cN::answer::hint}}` a live Anki cloze.

    The markers are those `studycards.content.model.CLOZE_RE` finds (the same deletions the app
    reviews). Answers and hints are rendered inline, or literally inside code; the colons in them
    become character references so Anki cannot split them on a stray `::`.
    """
    clean = _clean(text)
    deletions: list[tuple[str, str, str | None]] = []

    def hold(m: re.Match[str]) -> str:
        deletions.append((m.group(1), m.group(2), m.group(3)))
        return f"{_CLOZE_OPEN}{len(deletions) - 1}{_CLOZE_CLOSE}"

    html = _render_document(CLOZE_RE.sub(hold, clean))

    def restore(m: re.Match[str]) -> str:
        number, answer, hint = deletions[int(m.group(1))]
        before = html[: m.start()]
        in_code = before.count("<code>") > before.count("</code>")
        render: Callable[[str], str] = _escape if in_code else _render_inline
        body = render(answer).replace(":", "&#58;")
        if hint is not None:
            body += "::" + render(hint).replace(":", "&#58;")
        return f"{{{{c{number}::{body}}}}}"

    return _CLOZE_PLACEHOLDER_RE.sub(restore, html)


def _strong(m: re.Match[str]) -> str:
    return "<strong>" + m.group("body") + "</strong>"


def _em(m: re.Match[str]) -> str:
    return "<em>" + m.group("body") + "</em>"


def _strong_em(m: re.Match[str]) -> str:
    return "<strong><em>" + m.group("body") + "</em></strong>"


# -- inline -----------------------------------------------------------------------------------
def _render_inline(text: str) -> str:
    spans: list[str] = []

    def hold_code(m: re.Match[str]) -> str:
        body = m.group(2).replace("\n", " ").replace(_HELD_BACKTICK, "\\`")  # no escapes in code
        if len(body) > 2 and body[0] == " " and body[-1] == " " and body.strip():
            body = body[1:-1]
        spans.append(f"<code>{_escape(body)}</code>")
        return f"{_CODE_OPEN}{len(spans) - 1}{_CODE_CLOSE}"

    held = "\\" in text
    if held and "\\`" in text:
        text = text.replace("\\`", _HELD_BACKTICK)  # an escaped backtick opens no code span
    text = _CODE_SPAN_RE.sub(hold_code, text) if "`" in text else text
    if held:
        text = _BACKSLASH_RE.sub(lambda m: chr(_ESCAPED_BASE + ord(m.group(1))), text)
    text = _escape(text)
    if "*" in text:
        if "**" in text:
            if "***" in text:
                text = _STRONG_EM_RE.sub(_strong_em, text)
            text = _BOLD_STAR_RE.sub(_strong, text)
        if "*" in text:
            text = _ITALIC_STAR_RE.sub(_em, text)
    if "_" in text:
        if "__" in text:
            text = _BOLD_UNDER_RE.sub(_strong, text)
        if "_" in text:
            text = _ITALIC_UNDER_RE.sub(_em, text)
    if "\n" in text:
        text = _HARD_BREAK_RE.sub("<br>", text).replace("\n", " ")
    if spans:
        text = _PLACEHOLDER_RE.sub(lambda m: spans[int(m.group(1))], text)
    return text.translate(_UNHOLD_TABLE) if held else text


# -- blocks -----------------------------------------------------------------------------------
def _render_document(text: str) -> str:
    if "\n" not in text and not _ITEM_RE.match(text) and not _FENCE_RE.match(text):
        return _render_inline(text.strip())  # one line: one paragraph, no <p>
    blocks = _render_blocks(text.replace("\r\n", "\n").replace("\t", "    ").split("\n"))
    if len(blocks) == 1 and blocks[0].startswith(_INLINE_ONLY[0]) and blocks[0].endswith(_INLINE_ONLY[1]):
        return blocks[0][3:-4]
    return "".join(blocks)


def _render_blocks(lines: list[str]) -> list[str]:
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        fence = _FENCE_RE.match(line)
        if fence and not (fence.group(2)[0] == "`" and "`" in fence.group(3)):
            i = _fenced_code(lines, i, fence, out)
            continue
        if _ITEM_RE.match(line):
            i = _list(lines, i, out)
            continue
        if _table_starts(lines, i):
            i = _table(lines, i, out)
            continue
        i = _paragraph(lines, i, out)
    return out


def _starts_block(line: str) -> bool:
    return bool(_FENCE_RE.match(line) or _ITEM_RE.match(line))


def _paragraph(lines: list[str], i: int, out: list[str]) -> int:
    start = i
    i += 1
    while i < len(lines) and lines[i].strip() and not _starts_block(lines[i]):
        if _table_starts(lines, i):
            break
        i += 1
    body = "\n".join(line.lstrip() for line in lines[start:i]).rstrip()
    out.append(f"<p>{_render_inline(body)}</p>")
    return i


def _fenced_code(lines: list[str], i: int, fence: re.Match[str], out: list[str]) -> int:
    indent, marker = len(fence.group(1)), fence.group(2)
    body: list[str] = []
    i += 1
    while i < len(lines):
        close = _FENCE_RE.match(lines[i])
        if close and close.group(2).startswith(marker) and not close.group(3).strip():
            i += 1
            break
        line = lines[i]
        strip = min(indent, len(line) - len(line.lstrip(" ")))
        body.append(line[strip:])
        i += 1
    code = _escape("\n".join(body))
    out.append(f"<pre><code>{code}</code></pre>")
    return i


def _list(lines: list[str], i: int, out: list[str]) -> int:
    first = _ITEM_RE.match(lines[i])
    assert first is not None
    ordered = first.group(2)[-1] in ".)"
    items: list[list[str]] = []
    n = len(lines)
    while i < n:
        m = _ITEM_RE.match(lines[i])
        if m is None or (m.group(2)[-1] in ".)") != ordered:
            break
        content_indent = m.start(3) if m.group(3) else m.end(2) + 1
        item = [m.group(3)]
        i += 1
        while i < n:
            line = lines[i]
            if not line.strip():
                following = _next_nonblank(lines, i)
                if following < n and _indent(lines[following]) >= content_indent:
                    item.extend([""] * (following - i))
                    i = following
                    continue
                break
            if _indent(line) >= content_indent:
                item.append(line[content_indent:])
            elif _starts_block(line) or not item[-1].strip():
                break
            else:
                item.append(line.strip())  # a lazy continuation of the item's paragraph
            i += 1
        items.append(item)
        following = _next_nonblank(lines, i)
        if following < n and _ITEM_RE.match(lines[following]):
            i = following  # a blank line between items keeps the list going
        else:
            break
    tag = "ol" if ordered else "ul"
    number = int(first.group(2)[:-1]) if ordered else 1
    start = f' start="{number}"' if number != 1 else ""
    rendered = "".join(f"<li>{_render_item(item)}</li>" for item in items)
    out.append(f"<{tag}{start}>{rendered}</{tag}>")
    return i


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _render_item(item: list[str]) -> str:
    blocks = _render_blocks(item)
    if blocks and blocks[0].startswith("<p>") and blocks[0].endswith("</p>"):
        blocks[0] = blocks[0][3:-4]
    return "".join(blocks)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _table_starts(lines: list[str], i: int) -> bool:
    """A header row with a pipe, then a delimiter row (`|---|:-:|`) with as many cells."""
    delimiter = lines[i + 1] if "|" in lines[i] and i + 1 < len(lines) else ""
    return (
        "-" in delimiter
        and _TABLE_DELIMITER_RE.match(delimiter) is not None
        and len(_cells(delimiter)) == len(_cells(lines[i]))
    )


def _table(lines: list[str], i: int, out: list[str]) -> int:
    header = _cells(lines[i])
    i += 2
    rows: list[list[str]] = []
    while i < len(lines) and lines[i].strip() and "|" in lines[i] and not _starts_block(lines[i]):
        rows.append(_cells(lines[i]))
        i += 1
    width = max(len(header), *(len(row) for row in rows)) if rows else len(header)
    header += [""] * (width - len(header))
    head = "".join(f"<th>{_render_inline(c)}</th>" for c in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_render_inline(c)}</td>" for c in (row + [""] * width)[:width]) + "</tr>"
        for row in rows
    )
    out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return i


def _cells(line: str) -> list[str]:
    """Split a table row on `|`, except escaped ones and those inside code spans."""
    text = line.strip()
    code = [m.span() for m in _CODE_SPAN_RE.finditer(text)] if "`" in text else []
    cuts = [
        m.start()
        for m in _CELL_SPLIT_RE.finditer(text)
        if not any(a <= m.start() < b for a, b in code)
    ]
    cells, prev = [], 0
    for cut in cuts:
        cells.append(text[prev:cut])
        prev = cut + 1
    cells.append(text[prev:])
    if cells and not cells[0].strip() and cuts and cuts[0] == 0:
        cells = cells[1:]
    if len(cells) > 1 and not cells[-1].strip():
        cells = cells[:-1]
    return [cell.strip().replace("\\|", "|") for cell in cells]


# -- plain text -------------------------------------------------------------------------------
_LINK_RE = re.compile(r"(`+[^`]*?`+)|\[([^\]\n]+)\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")


def render_plain(text: str) -> str:
    """Render the Markdown subset as plain text for a terminal line mode.

    Emphasis markers go, code keeps its text without backticks, links read `text (url)`, lists
    keep their bullets or numbers and tables line up in columns. Control characters come out as
    visible escapes (`\\x1b`), so nothing in a deck can drive the terminal.
    """
    from studycards.content.safe_text import safe_text

    def link(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1)
        if m.group(4):
            return m.group(4)
        return f"{m.group(2)} ({m.group(3)})"

    writer = _PlainWriter()
    writer.feed(render_markdown(_LINK_RE.sub(link, text) if "(" in text or "<" in text else text))
    writer.close()
    return safe_text(writer.text())


class _PlainWriter(HTMLParser):
    """Turn the fixed tags `render_markdown` emits back into readable text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.inline: list[str] = []
        self.lists: list[list[Any]] = []  # [tag, next number]
        self.list_lines: list[str] = []
        self.marker = ""
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.inline.append("\n")
        elif tag in ("ul", "ol"):
            self._flush_item()
            start = int(dict(attrs).get("start") or 1)
            self.lists.append([tag, start])
        elif tag == "li":
            self._flush_item()
            kind: list[Any] = self.lists[-1] if self.lists else ["ul", 1]
            indent = "  " * (len(self.lists) - 1)
            if kind[0] == "ol":
                self.marker = f"{indent}{kind[1]}. "
                kind[1] += 1
            else:
                self.marker = f"{indent}- "
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "tr":
            self.rows.append([])
        elif tag == "pre":
            self._flush_paragraph()
            self.in_pre = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            if self.lists:
                self._flush_item()
            else:
                self._flush_paragraph()
        elif tag == "li":
            self._flush_item()
        elif tag in ("ul", "ol"):
            self._flush_item()
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self.blocks.append("\n".join(self.list_lines))
                self.list_lines = []
        elif tag in ("td", "th") and self.cell is not None:
            if self.rows:
                self.rows[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.blocks.append(_plain_table(self.rows))
            self.rows = []
        elif tag == "pre":
            code = "".join(self.inline)
            self.inline = []
            self.in_pre = False
            self.blocks.append("\n".join("    " + line for line in code.split("\n")))

    def handle_data(self, data: str) -> None:
        (self.cell if self.cell is not None else self.inline).append(data)

    def _flush_paragraph(self) -> None:
        body = "".join(self.inline).strip()
        self.inline = []
        if body:
            self.blocks.append(body)

    def _flush_item(self) -> None:
        body = "".join(self.inline).strip()
        self.inline = []
        if not body:
            return
        pad = " " * (len(self.marker) or 2 * len(self.lists))
        lines = body.split("\n")
        self.list_lines.append((self.marker or pad) + lines[0])
        self.list_lines += [pad + line for line in lines[1:]]
        self.marker = ""

    def text(self) -> str:
        """Everything written so far, blocks separated by a blank line."""
        self._flush_paragraph()
        if self.list_lines:
            self.blocks.append("\n".join(self.list_lines))
            self.list_lines = []
        return "\n\n".join(self.blocks)


def _plain_table(rows: list[list[str]]) -> str:
    """Rows as aligned columns, the header underlined."""
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    sizes = [max(len(row[k]) for row in rows) for k in range(width)]
    lines = ["  ".join(c.ljust(n) for c, n in zip(row, sizes, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * size for size in sizes))
    return "\n".join(lines)
