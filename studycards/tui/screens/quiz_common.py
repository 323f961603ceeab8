"""What the quiz screens share: short domain names, clocks, plurals, source links."""

from __future__ import annotations

from datetime import timedelta

from textual.content import Content
from textual.style import Style

from studycards.content.model import DOMAINS, Question, Topic
from studycards.content.safe_text import safe_line

SHORT_DOMAINS = {
    slug: title.removeprefix("Design ").removesuffix(" Architectures") for slug, title in DOMAINS.items()
}
MAX_OPTIONS = 6  # the content format allows 4 to 6 options: a-f, or 1-6


def clock_text(delta: timedelta) -> str:
    """A duration as m:ss (h:mm:ss from an hour)."""
    seconds = max(int(delta.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def topic_and_domain(question: Question, topic: Topic | None) -> str:
    """'Concurrency and throttling · Resilient'."""
    domain = SHORT_DOMAINS.get(question.domain, question.domain)
    return safe_line(f"{topic.title if topic else question.topic} · {domain}")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def sources_content(sources: tuple[str, ...]) -> Content:
    """'Source: <links>' with each address clickable."""
    parts: list[str | tuple[str, str | Style]] = [("Source: " if len(sources) == 1 else "Sources:", "bold")]
    for url in sources:
        parts += ["\n  " if len(sources) > 1 else "", (safe_line(url), Style(link=url, underline=True))]
    return Content.assemble(*parts)
