"""The keymap setting: remap any binding by its id, e.g. `review.good=g;review.again=a`."""

from __future__ import annotations


def parse_keymap(text: str) -> dict[str, str]:
    """`id=key[,key]` pairs separated by `;` (or newlines) into Textual's keymap dict."""
    keymap: dict[str, str] = {}
    for part in text.replace("\n", ";").split(";"):
        ident, sep, keys = part.partition("=")
        if sep and ident.strip() and keys.strip():
            keymap[ident.strip()] = keys.strip()
    return keymap
