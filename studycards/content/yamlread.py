"""Safe, line-aware YAML reading.

The document is built from libyaml's event stream (CSafeLoader's parser) instead of its
recursive composer, so hostile input cannot crash or hang the reader: nesting depth, node
count and file size are bounded, anchors/aliases (the root of "billion laughs" bombs) are
refused, and only the plain YAML tags are accepted. Every value's line is recorded by its
path, so validation can name the exact line of a bad field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_resolver = yaml.resolver.Resolver()


class YamlReadError(Exception):
    """The file is not YAML we accept; `line` is 1-based."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


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
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlReadError(f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise YamlReadError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if b"\x00" in raw:
        raise YamlReadError("file is binary (contains NUL bytes), not YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlReadError("file is not valid UTF-8 text", line) from None
    return read_yaml_text(text)


def read_yaml_text(text: str) -> Document:
    """Parse one YAML document from text into plain Python values with line numbers."""
    doc = Document(data=None)
    # Stack entries: [container, path, pending_key]
    stack: list[list[Any]] = []
    nodes = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlReadError(
                        "only one YAML document per file (remove the second '---')",
                        event.start_mark.line + 1,
                    )
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent)):
                continue
            if isinstance(event, yaml.DocumentEndEvent):
                continue
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.AliasEvent):
                raise YamlReadError("YAML aliases (*name) are not allowed in content files", line)
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                container, cpath, _ = stack.pop()
                _attach(doc, stack, container, cpath, line)
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise YamlReadError(f"file has more than {MAX_NODES} values", line)
            anchor = getattr(event, "anchor", None)
            if anchor:
                raise YamlReadError(f"YAML anchors (&{anchor}) are not allowed", line)
            tag = getattr(event, "tag", None)
            if tag and tag not in _STD_TAGS and tag not in ("!", "?"):
                raise YamlReadError(f"YAML tag {tag!r} is not allowed", line)
            path = _child_path(stack)
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise YamlReadError(f"nesting deeper than {MAX_DEPTH} levels", line)
                container: Any = [] if isinstance(event, yaml.SequenceStartEvent) else {}
                doc.lines[path] = line
                stack.append([container, path, None])
                continue
            assert isinstance(event, yaml.ScalarEvent)
            value = _scalar(event, line)
            _attach(doc, stack, value, path, line)
    except YamlReadError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlReadError(f"YAML syntax error: {problem}", mark.line + 1 if mark else 1) from None
    return doc


def _child_path(stack: list[list[Any]]) -> Path_:
    """The path of the value about to be attached to the innermost container."""
    if not stack:
        return ()
    container, cpath, pending_key = stack[-1]
    if isinstance(container, list):
        return (*cpath, len(container))
    if pending_key is None:
        return cpath  # this value is a key; keys share their mapping's path for lines
    return (*cpath, pending_key)


def _attach(doc: Document, stack: list[list[Any]], value: Any, path: Path_, line: int) -> None:
    if not stack:
        doc.data = value
        doc.lines.setdefault((), line)
        return
    top = stack[-1]
    container, cpath, pending_key = top
    if isinstance(container, list):
        doc.lines.setdefault(path, line)
        container.append(value)
        return
    if pending_key is None:
        if not isinstance(value, (str, int, float, bool)) or value is None:
            raise YamlReadError("mapping keys must be plain words", line)
        key = str(value)
        if key in container:
            raise YamlReadError(f"duplicate key {key!r}", line)
        top[2] = key
        doc.lines[(*cpath, key)] = line
        return
    container[pending_key] = value
    top[2] = None


def _scalar(event: Any, line: int) -> Any:
    value: str = event.value
    tag = event.tag
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
