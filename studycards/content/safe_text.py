"""Content text is untrusted: find the characters a terminal would act on, and neutralise them.

`CONTROL_RE` matches C0 controls (except tab and newline), DEL, C1 controls and the bidi
overrides and isolates that can reorder what a reader sees. Validation rejects them in every
text and field name (`control_problems`); everything printed from content goes through
`safe_text` as well, which shows each one as a visible escape (`\\x1b`, `\\u202e`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Newlines and tabs too: for text that must stay on one line (a field name, a title in a table).
LINE_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

Path_ = tuple[str | int, ...]


def escape_char(char: str) -> str:
    """A visible stand-in for one character: `\\x1b` below U+0100, `\\u202e` above."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def describe_char(char: str) -> str:
    """A character for an error message: `U+001B` and its name when it has one."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def safe_text(text: str) -> str:
    """`text` with every control and bidi override shown as a visible escape (tab, newline kept)."""
    return CONTROL_RE.sub(lambda m: escape_char(m.group()), text)


def safe_line(text: str) -> str:
    """`text` for a single line: as `safe_text`, and newlines and tabs escaped too."""
    return LINE_CONTROL_RE.sub(lambda m: escape_char(m.group()), text)


def find_control(text: str) -> int:
    """The index of the first forbidden character in `text`, or -1."""
    found = CONTROL_RE.search(text)
    return found.start() if found else -1


def control_problems(value: Any, path: Path_ = ()) -> list[tuple[Path_, str]]:
    """Every text and mapping key under `value` holding a forbidden character, with its path."""
    problems: list[tuple[Path_, str]] = []
    if isinstance(value, str):
        at = find_control(value)
        if at >= 0:
            problems.append((path, f"text contains the control character {describe_char(value[at])}"))
    elif isinstance(value, dict):
        for key, item in value.items():
            key_text = str(key)
            bad = LINE_CONTROL_RE.search(key_text)
            if bad:
                where = describe_char(bad.group())
                problems.append(((*path, key), f"field name contains the control character {where}"))
                continue
            problems.extend(control_problems(item, (*path, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            problems.extend(control_problems(item, (*path, i)))
    return problems
