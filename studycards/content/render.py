"""Notes, cards and questions as Markdown text, for any screen that shows them."""

from __future__ import annotations

from studycards.content.model import Note, Question, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_markdown(table: Table) -> str:
    """A note's table as a Markdown table with its title."""
    lines = [f"**{table.title}**", "", "| " + " | ".join(_cell(c) for c in table.columns) + " |"]
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)


def note_markdown(note: Note) -> str:
    """A whole note: title, summary, key facts, tables, use cases and sources."""
    parts = [f"# {note.title}", note.summary]
    if note.key_facts:
        parts.append("## Key facts\n\n" + "\n".join(f"- {fact}" for fact in note.key_facts))
    for table in note.tables:
        parts.append(table_markdown(table))
    if note.use_cases:
        parts.append("## Use cases\n\n" + "\n".join(f"- {use}" for use in note.use_cases))
    parts.append("## Sources\n\n" + "\n".join(f"- <{url}>" for url in note.sources))
    return "\n\n".join(parts)


def question_markdown(question: Question, *, with_answers: bool = False) -> str:
    """A question with lettered options (in authored order); optionally the key and every why."""
    lines = [question.prompt(), ""]
    for i, option in enumerate(question.options):
        letter = "abcdefgh"[i]
        mark = " ✔" if with_answers and option.correct else ""
        lines.append(f"- **{letter}.** {option.text}{mark}")
        if with_answers:
            lines.append(f"  - *{option.why}*")
    if with_answers:
        lines += ["", "Sources: " + ", ".join(f"<{url}>" for url in question.sources)]
    return "\n".join(lines)
