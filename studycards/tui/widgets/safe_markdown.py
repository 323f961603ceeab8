"""Markdown for content text: the deck's Markdown subset, with raw HTML shown as the text it is.

Textual's default parser drops inline HTML, so `https://<url-id>.lambda-url.<region>.on.aws` or
`/aws/lambda/<function-name>` would lose their placeholders. Content is data, never HTML: this
parser turns HTML off (autolinks such as `<https://...>` still work), as the Anki export does.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from textual.await_complete import AwaitComplete
from textual.widgets import Markdown

from studycards.content.safe_text import safe_text
from studycards.tui.widgets.note_table import NoteTable

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#|~!&+\-.(){}=])")


def content_parser() -> MarkdownIt:
    """GitHub-flavoured Markdown without raw HTML."""
    return MarkdownIt("gfm-like", {"html": False})


def escape_markdown(text: str) -> str:
    """`text` with every character Markdown could act on escaped, so it renders literally."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


class SafeMarkdown(Markdown):
    """A Markdown widget for content text: HTML is shown, not interpreted; controls are escaped."""

    BLOCKS = {**Markdown.BLOCKS, "table_open": NoteTable}

    def __init__(self, markdown: str | None = None, *, id: str | None = None) -> None:
        text = safe_text(markdown) if markdown is not None else None
        super().__init__(text, id=id, parser_factory=content_parser)

    def update(self, markdown: str) -> AwaitComplete:
        """Show new content text, its control characters as visible escapes."""
        return super().update(safe_text(markdown))
