"""Safe, line-aware YAML reading.

The document is built from libyaml's event stream (CSafeLoader's parser) instead of its
recursive composer, so hostile input cannot crash or hang the reader: nesting depth, node
count and file size are bounded, anchors/aliases (the root of "billion laughs" bombs) are
refused, and only the plain YAML tags are accepted. Every value's line is recorded by its
path, so validation can name the exact line of a bad field.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from studycards.content.safe_text import describe_char

try:  # libyaml's parser; pure-Python fallback keeps the app working without it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is present on supported platforms
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 500_000

Path_ = tuple[str | int, ...]

_STD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
# Raw in the file: tab and line breaks are YAML; any other control character is refused.
_RAW_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_resolver = yaml.resolver.Resolver()


class YamlReadError(Exception):
    """The file is not YAML we accept; `line` is 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(slots=True)
class Document:
    """A parsed YAML document and the line of every value in it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of `path`, or of its nearest recorded ancestor."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def read_yaml_file(path: Path) -> Document:
    """Read one YAML file safely; raises YamlReadError with a line number."""
    raw = _read_capped(path)
    if b"\x00" in raw:
        raise YamlReadError("file is binary (contains NUL bytes), not YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlReadError("file is not valid UTF-8 text", line) from None
    return read_yaml_text(text)


def _read_capped(path: Path) -> bytes:
    """The bytes of a regular file (after links) of at most MAX_BYTES; never blocks on a FIFO."""
    too_big = f"file is larger than {MAX_BYTES // (1024 * 1024)} MB"
    not_regular = "not a regular file (a pipe, device or folder); content files must be plain files"
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise YamlReadError(not_regular)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped after the first look
                raise YamlReadError(not_regular)
            chunks: list[bytes] = []
            left = MAX_BYTES + 1
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise YamlReadError(f"cannot read file: {exc.strerror or exc}") from None
    if left <= 0:
        raise YamlReadError(too_big)
    return b"".join(chunks)


def read_yaml_text(text: str) -> Document:
    """Parse one YAML document from text into plain Python values with line numbers."""
    _refuse_raw_controls(text)
    doc = Document(data=None)
    lines = doc.lines
    # Stack entries: [container, path, pending_key]; a pending key of None means "expect a key".
    stack: list[list[Any]] = []
    nodes = 0
    documents = 0
    try:
        events: Any = yaml.parse(text, Loader=_Loader)
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                line = _line(event)
                nodes += 1
                if nodes > MAX_NODES:
                    raise YamlReadError(f"file has more than {MAX_NODES} values", line)
                if event.anchor:
                    raise YamlReadError(f"YAML anchors (&{event.anchor}) are not allowed", line)
                tag = event.tag
                if tag and tag not in _STD_TAGS and tag != "!":
                    raise YamlReadError(f"YAML tag {tag!r} is not allowed", line)
                # where this value goes
                if stack:
                    top = stack[-1]
                    container, cpath, pending_key = top
                    if type(container) is list:
                        path: Path_ = (*cpath, len(container))
                    elif pending_key is None:
                        path = cpath
                    else:
                        path = (*cpath, pending_key)
                else:
                    top = None
                    path = ()
                if kind is yaml.ScalarEvent:
                    _attach(doc, top, _scalar(event, line), path, line)
                    continue
                if len(stack) >= MAX_DEPTH:
                    raise YamlReadError(f"nesting deeper than {MAX_DEPTH} levels", line)
                lines[path] = line
                stack.append([[] if kind is yaml.SequenceStartEvent else {}, path, None])
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                finished, cpath, _ = stack.pop()
                line = _line(event)
                _attach(doc, stack[-1] if stack else None, finished, cpath, line)
            elif kind is yaml.AliasEvent:
                line = _line(event)
                raise YamlReadError("YAML aliases (*name) are not allowed in content files", line)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line = _line(event)
                    raise YamlReadError("only one YAML document per file (remove the second '---')", line)
    except YamlReadError:
        raise
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: name its line and column
        at = min(max(exc.position, 0), len(text))
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else "?"
        raise YamlReadError(f"character {describe_char(char)} is not allowed in YAML", line, column) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlReadError(f"YAML syntax error: {problem}", mark.line + 1 if mark else 1) from None
    return doc


def _refuse_raw_controls(text: str) -> None:
    """Name the line and column of the first control character written raw in the file."""
    found = _RAW_CONTROL_RE.search(text)
    if found is None:
        return
    start = text.rfind("\n", 0, found.start()) + 1
    line = text.count("\n", 0, found.start()) + 1
    raise YamlReadError(
        f"control character {describe_char(found.group())} is not allowed in content files",
        line,
        found.start() - start + 1,
    )


def _attach(doc: Document, top: list[Any] | None, value: Any, path: Path_, line: int) -> None:
    """Put a finished value into its parent (or make it the document)."""
    if top is None:
        doc.data = value
        doc.lines.setdefault((), line)
        return
    container, cpath, pending_key = top
    if type(container) is list:
        doc.lines.setdefault(path, line)
        container.append(value)
        return
    if pending_key is None:
        if isinstance(value, (dict, list)) or value is None:
            raise YamlReadError("mapping keys must be plain words", line)
        key = str(value)
        if key in container:
            raise YamlReadError(f"duplicate key {key!r}", line)
        top[2] = key
        doc.lines[(*cpath, key)] = line
        return
    container[pending_key] = value
    top[2] = None


def _line(event: Any) -> int:
    """The 1-based line an event starts on."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


_IMPLICIT_FIRST_CHARS = frozenset(c for c in _resolver.yaml_implicit_resolvers if c is not None)


def _scalar(event: Any, line: int) -> Any:
    value: str = event.value
    tag = event.tag
    if tag is None and event.implicit[0] and value and value[0] not in _IMPLICIT_FIRST_CHARS:
        return value
    if tag in (None, "!") and event.implicit[0]:
        tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))
    elif tag in (None, "!"):
        tag = "tag:yaml.org,2002:str"
    try:
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("yes", "true", "on", "y")
        if tag == "tag:yaml.org,2002:int":
            cleaned = value.replace("_", "")
            if _INT_RE.match(value):
                return int(cleaned)
            return int(cleaned, 0)
        if tag == "tag:yaml.org,2002:float":
            return float(value.replace("_", ""))
    except ValueError:
        raise YamlReadError(f"{value!r} is not a valid {tag.rsplit(':', 1)[-1]}", line) from None
    # timestamps and other implicit types stay text: content is words, not dates
    return value
