"""Card HTML to Markdown with markdownify; scripts, styles and event handlers never survive."""

from __future__ import annotations

import functools
import html
import re
from pathlib import PurePosixPath
from typing import Any

_SOUND_RE = re.compile(r"\[sound:([^\]]+)\]")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_SPACES_RE = re.compile(r"(?<=\S) {2,}(?=\S)")
_DROPPED_TAGS = ("script", "style", "iframe", "object", "embed", "link", "meta", "form", "button", "input")


def html_to_markdown(text: str) -> tuple[str, int]:
    """Markdown for an Anki field, and how many media files it referenced (images, sounds)."""
    media = 0

    def sound(match: re.Match[str]) -> str:
        nonlocal media
        media += 1
        return f"[audio: {_file_name(match.group(1))}]"

    text = _SOUND_RE.sub(sound, text)
    if "<" not in text:
        return html.unescape(text).strip(), media
    from bs4 import BeautifulSoup

    convert = _converter()  # set up once per process
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        if tag.name in _DROPPED_TAGS:
            tag.decompose()
        elif tag.name == "img":
            media += 1
            tag.replace_with(f" [image: {_file_name(str(tag.get('src') or 'image'))}] ")
        elif tag.get("href") is not None and not str(tag["href"]).lower().startswith(("http://", "https://")):
            del tag["href"]  # javascript:, data: and file links are not kept
    markdown = _SPACES_RE.sub(" ", convert.convert_soup(soup))  # placeholders bring their own spaces
    return _BLANK_LINES_RE.sub("\n\n", markdown).strip(), media


@functools.cache
def _converter() -> Any:
    """markdownify's converter; also silences bs4's warning that a field looks like a URL (some are)."""
    import warnings

    from bs4 import MarkupResemblesLocatorWarning
    from markdownify import MarkdownConverter

    warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)

    return MarkdownConverter(heading_style="ATX", bullets="-", escape_asterisks=False,
                             escape_underscores=False, escape_misc=False)


def _file_name(src: str) -> str:
    """The bare file name of a media reference (never a path)."""
    return PurePosixPath(src.replace("\\", "/")).name or "file"
