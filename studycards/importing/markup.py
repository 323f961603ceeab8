"""Card HTML to Markdown with markdownify; scripts, styles and event handlers never survive."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_SOUND_RE = re.compile(r"\[sound:([^\]]+)\]")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_DROPPED_TAGS = ("script", "style", "iframe", "object", "embed", "link", "meta", "form", "button", "input")


def html_to_markdown(text: str) -> tuple[str, int]:
    """Markdown for an Anki field, and how many media files it referenced (images, sounds)."""
    media = 0

    def sound(match: re.Match[str]) -> str:
        nonlocal media
        media += 1
        return f"[audio: {_file_name(match.group(1))}]"

    text = _SOUND_RE.sub(sound, text)
    if "<" not in text and "&" not in text:
        return text.strip(), media
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(list(_DROPPED_TAGS)):
        tag.decompose()
    for img in soup.find_all("img"):
        media += 1
        img.replace_with(f"[image: {_file_name(str(img.get('src') or 'image'))}]")
    for tag in soup.find_all(True):
        href = tag.get("href")
        if href is not None and not str(href).lower().startswith(("http://", "https://")):
            del tag["href"]  # javascript:, data: and file links are not kept
    markdown = markdownify(str(soup), heading_style="ATX", bullets="-", escape_asterisks=False,
                           escape_underscores=False, escape_misc=False)
    return _BLANK_LINES_RE.sub("\n\n", markdown).strip(), media


def _file_name(src: str) -> str:
    """The bare file name of a media reference (never a path)."""
    return PurePosixPath(src.replace("\\", "/")).name or "file"
