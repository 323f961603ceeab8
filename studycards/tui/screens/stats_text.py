"""The statistics screen's text panels: cards, progress, quiz, weakest topics, the empty state."""

from __future__ import annotations

from rich.text import Text

from studycards.content.model import DOMAINS
from studycards.srs.stats import QuizStats, StudyStats, TopicStats
from studycards.tui.screen_data import StatsHistory
from studycards.tui.widgets.bars import bar, percent


def short_domain(title: str) -> str:
    """`Design Secure Architectures` -> `Secure`."""
    return title.replace("Design ", "").replace(" Architectures", "")


def clip(text: str, width: int) -> str:
    """`text` cut to `width` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def mastery_ranking(topics: list[TopicStats]) -> list[TopicStats]:
    """Studied topics, weakest mastery first (ties by title)."""
    studied = [t for t in topics if t.studied and t.mastery is not None]
    return sorted(studied, key=lambda t: (t.mastery, t.title))


def cards_text(stats: StudyStats) -> Text:
    """Cards by state, and what is due."""
    cards, due = stats.cards, stats.due
    text = Text()
    text.append("Cards\n", style="bold")
    for key, label in (
        ("new", "new"),
        ("learning", "learning"),
        ("relearning", "relearning"),
        ("review", "review"),
        ("suspended", "suspended"),
        ("buried", "buried"),
        ("leech", "leeches"),
    ):
        text.append(f"  {label:<12}{getattr(cards, key):>6}\n")
    text.append(f"  {'total':<12}{cards.total:>6}\n", style="bold")
    text.append("Due, not new\n", style="bold")
    text.append(
        f"  {'now':<12}{due.now:>6}\n  {'today':<12}{due.today:>6}\n"
        f"  {'tomorrow':<12}{due.tomorrow:>6}"
    )
    return text


def progress_text(data: StatsHistory) -> Text:
    """Reviews, streak, retention and how much has been studied (fits 21 columns)."""
    stats = data.stats
    last = sum(d.total for d in data.days)
    studied = sum(t.studied for t in stats.topics)
    total_cards = sum(t.cards for t in stats.topics)
    streak = stats.streak_days
    text = Text()
    text.append("Reviews\n", style="bold")
    for label, value in (
        ("today", str(stats.reviews_today)),
        (f"{len(data.days)} days", str(last)),
        ("all time", str(data.total_reviews)),
        ("streak", f"{streak} day{'' if streak == 1 else 's'}"),
    ):
        text.append(f"  {label:<10}{value:>9}\n")
    text.append("Retention, 30 days\n", style="bold")
    retention = stats.retention_30d
    if retention is None:
        text.append("  no due reviews yet\n", style="italic")
    else:
        text.append(f"  {percent(retention)}", style="bold")
        text.append(" of due cards\n  recalled\n")
    text.append("Studied\n", style="bold")
    fraction = studied / total_cards if total_cards else 0.0
    text.append(f"  {studied}/{total_cards} cards\n")
    text.append(f"  {bar(fraction, 12)} {percent(fraction if total_cards else None):>4}")
    return text


def quiz_text(quiz: QuizStats) -> Text:
    """Quiz answers and accuracy, overall and by exam domain."""
    text = Text()
    text.append("Quiz\n", style="bold")
    if not quiz.answered:
        text.append("  no questions answered yet\n  press t on the dashboard", style="italic")
        return text
    text.append(f"  {'answered':<10}{quiz.answered:>9}\n")
    text.append(f"  {'right':<10}{percent(quiz.accuracy):>9}\n")
    text.append("By domain\n", style="bold")
    for slug, title in DOMAINS.items():
        figures = quiz.by_domain.get(slug)
        text.append(f"  {short_domain(title):<15}")
        if figures and figures.answered:
            text.append(f"{percent(figures.accuracy):>4}\n")
        else:
            text.append("   –\n", style="dim")
    text.rstrip()
    return text


def weakest_text(topics: list[TopicStats], count: int = 4) -> Text:
    """The studied topics with the lowest mastery, as short bars."""
    ranked = mastery_ranking(topics)[:count]
    text = Text()
    text.append("Weakest topics\n", style="bold")
    if not ranked:
        text.append("  none studied yet\n", style="italic")
    for topic in ranked:
        mastery = topic.mastery or 0.0  # ranked topics have a mastery
        text.append(f"  {clip(topic.title, 22):<22} {bar(mastery, 8)} {percent(mastery):>4}\n")
    text.append("press 4 for every topic", style="dim")
    return text


def empty_text(data: StatsHistory) -> Text:
    """What to do when there is nothing to chart yet."""
    cards = data.stats.cards.total
    return Text.assemble(
        ("No reviews yet", "bold"),
        ": press ",
        ("r", "bold"),
        " on the dashboard to learn today's new cards, or ",
        ("t", "bold"),
        " to try a quiz.\n\n",
        f"Once you have studied, this screen charts your reviews per day over {len(data.days)} days, "
        "what comes due in the next two weeks, how well you retain what you learn, and your mastery "
        f"of each topic ({cards} cards are waiting).\n\n",
        ("escape", "bold"),
        " back to the dashboard",
    )
