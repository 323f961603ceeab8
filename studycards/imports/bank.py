"""Question banks (Markdown or JSON) into an imported deck.

Markdown, as community SAA-C03 banks write it: a heading (`### ...`) or a numbered line
(`12. ...`) starts a question; its options are task-list items, `- [ ] wrong` and `- [x] right`
(several `[x]`: choose that many); text or a `<details>` block after the options is the
explanation. Images stay Markdown links; nothing is fetched.

JSON: a list of objects (or `{"questions": [...]}`), each with
- the stem under `question`, `stem`, `prompt` or `text`;
- the options under `options`, `choices` or `answers`: strings, or objects with `text` (or
  `option`, `answer`) and optionally `correct`/`isCorrect`/`is_correct`;
- the correct ones under `correct`, `answer`, `answers`, `correct_answer` or `correctAnswer`
  (when the options do not say): a letter (`"B"`), letters (`"AC"`, `["A", "C"]`), 0-based
  positions (`1`, `[0, 2]`), or the text of the option;
- optionally `explanation` (or `why`), and `topic` or `category` for the topic.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from studycards.imports.model import ImportedDeck, ImportFailed, Skipped, clean_text, stable_id
from studycards.imports.sources import read_source_bytes

MIN_OPTIONS, MAX_OPTIONS = 2, 10
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_NUMBERED_RE = re.compile(r"^\s{0,3}(?:\*\*)?(?:Q(?:uestion)?\s*)?\d+[.):]\s+(.+)$", re.IGNORECASE)
_OPTION_RE = re.compile(r"^\s*[-*+]\s+\[( |x|X)\]\s+(.*)$")
_TAG_RE = re.compile(r"<summary[^>]*>.*?</summary>|</?(details|summary)[^>]*>", re.IGNORECASE)
_NOISE_RE = re.compile(r"^\s*(\*\*)?\[.*(back to top|table of contents).*\]\(.*\)(\*\*)?\s*$", re.IGNORECASE)
STEM_KEYS = ("question", "stem", "prompt", "text")
OPTION_KEYS = ("options", "choices", "answers")
CORRECT_KEYS = ("correct", "answer", "answers", "correct_answer", "correctAnswer", "correct_answers")
FLAG_KEYS = ("correct", "isCorrect", "is_correct")
NO_EXPLANATION = ""


def read_bank(path: Path, deck: ImportedDeck) -> None:
    """Fill `deck` from a Markdown (.md) or JSON (.json) question bank."""
    raw = read_source_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed(f"{path.name}: line {line}: not valid UTF-8 text") from None
    if path.suffix.lower() == ".json":
        _read_json(text, path, deck)
    else:
        _read_markdown(text, deck)
    if not deck.question_count:
        raise ImportFailed(
            f"{path.name}: no questions found "
            f"({len(deck.skipped)} candidate{'s' if len(deck.skipped) != 1 else ''} skipped)"
            + (f"; first: {deck.skipped[0].where}: {deck.skipped[0].reason}" if deck.skipped else "")
        )


def _add_question(
    deck: ImportedDeck, topic: str, stem: str, options: list[tuple[str, bool]], explanation: str, where: str
) -> None:
    stem = clean_text(stem)
    options = [(clean_text(t), c) for t, c in options if clean_text(t)]
    correct = sum(c for _, c in options)
    reason = None
    if not stem:
        reason = "the question has no text"
    elif len(options) < MIN_OPTIONS:
        reason = f"needs at least {MIN_OPTIONS} options, has {len(options)}"
    elif len(options) > MAX_OPTIONS:
        reason = f"has {len(options)} options; at most {MAX_OPTIONS} are imported"
    elif correct == 0:
        reason = "no option is marked correct"
    elif correct >= len(options):
        reason = "every option is marked correct"
    elif len({t.casefold() for t, _ in options}) != len(options):
        reason = "two options have the same text"
    if reason:
        deck.skipped.append(Skipped(where, reason))
        return
    why = clean_text(explanation)
    item: dict[str, Any] = {
        "id": stable_id(deck.slug, stem, prefix="q"),
        "stem": stem,
        "options": [
            {"text": t, "correct": True, "why": why}
            if c and why
            else ({"text": t, "correct": True} if c else {"text": t})
            for t, c in options
        ],
    }
    if correct > 1:
        item["choose"] = correct
    if item["id"] in deck.seen_questions:
        deck.skipped.append(Skipped(where, f"the same question as {deck.seen_questions[item['id']]}"))
        return
    deck.seen_questions[item["id"]] = where
    deck.topic(topic).questions.append(item)


# -- Markdown ----------------------------------------------------------------------------------
def _read_markdown(text: str, deck: ImportedDeck) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current: dict[str, Any] | None = None

    def finish() -> None:
        if current is None:
            return
        if not current["options"]:
            heading = " ".join(current["stem_lines"]).strip()
            if heading.endswith("?") or len(heading.split()) >= 8:  # it reads like a question
                deck.skipped.append(Skipped(f"line {current['line']}", "a heading without options"))
            return
        _add_question(
            deck,
            deck.title,
            "\n".join(current["stem_lines"]).strip(),
            current["options"],
            "\n".join(current["after"]).strip(),
            f"line {current['line']}",
        )

    for number, line in enumerate(lines, start=1):
        option = _OPTION_RE.match(line)
        start = None if option else (_HEADING_RE.match(line) or _NUMBERED_RE.match(line))
        if start and (
            current is None or current["options"] or not current["stem_lines"] or _HEADING_RE.match(line)
        ):
            finish()
            current = {
                "line": number,
                "heading": True,
                "stem_lines": [start.group(1)],
                "options": [],
                "after": [],
            }
            continue
        if current is None:
            continue
        if option:
            if current["after"]:  # options after explanation text: a new, untitled question
                deck.skipped.append(Skipped(f"line {number}", "options after the explanation"))
                continue
            current["options"].append((option.group(2), option.group(1).lower() == "x"))
        elif current["options"]:
            if not _NOISE_RE.match(line):
                cleaned = _TAG_RE.sub("", line).rstrip()
                if cleaned.strip() or current["after"]:
                    current["after"].append(cleaned)
        else:
            current["stem_lines"].append(line)
    finish()


# -- JSON --------------------------------------------------------------------------------------
def _read_json(text: str, path: Path, deck: ImportedDeck) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{path.name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if isinstance(data, dict):
        data = next((data[k] for k in ("questions", "items", "data") if isinstance(data.get(k), list)), None)
    if not isinstance(data, list):
        raise ImportFailed(
            f'{path.name}: expected a list of questions (or an object with a "questions" list)'
        )
    for i, entry in enumerate(data):
        where = f"item {i + 1}"
        if not isinstance(entry, dict):
            deck.skipped.append(Skipped(where, "not an object"))
            continue
        stem = _first(entry, STEM_KEYS)
        raw_options = _first(entry, OPTION_KEYS)
        if not isinstance(stem, str) or not isinstance(raw_options, list):
            deck.skipped.append(Skipped(where, "needs a question text and a list of options"))
            continue
        options = _json_options(raw_options, _first(entry, CORRECT_KEYS, skip=raw_options))
        if options is None:
            deck.skipped.append(
                Skipped(where, "the options or the correct answer are in a form not understood")
            )
            continue
        explanation = _first(entry, ("explanation", "why", "rationale"))
        topic = _first(entry, ("topic", "category"))
        _add_question(
            deck,
            topic if isinstance(topic, str) and topic.strip() else deck.title,
            stem,
            options,
            explanation if isinstance(explanation, str) else "",
            where,
        )


def _first(entry: dict[str, Any], keys: tuple[str, ...], skip: Any = None) -> Any:
    for key in keys:
        if key in entry and entry[key] is not skip:
            return entry[key]
    return None


def _json_options(raw: list[Any], correct: Any) -> list[tuple[str, bool]] | None:
    texts: list[str] = []
    flags: list[bool] = []
    for item in raw:
        if isinstance(item, str):
            texts.append(item)
            flags.append(False)
        elif isinstance(item, dict):
            body = _first(item, ("text", "option", "answer", "label"))
            if not isinstance(body, str):
                return None
            texts.append(body)
            flags.append(bool(_first(item, FLAG_KEYS)))
        else:
            return None
    if not any(flags):
        picked = _positions(correct, texts)
        if picked is None:
            return None
        flags = [i in picked for i in range(len(texts))]
    return list(zip(texts, flags, strict=True))


def _positions(correct: Any, texts: list[str]) -> set[int] | None:
    """0-based positions named by letters, numbers or option texts."""
    values = correct if isinstance(correct, list) else [correct]
    out: set[int] = set()
    for value in values:
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, int):
            out.add(value)
        elif isinstance(value, str):
            stripped = value.strip()
            if stripped in texts:
                out.add(texts.index(stripped))
            elif re.fullmatch(r"[A-Ja-j](\s*[,&]?\s*[A-Ja-j])*", stripped):
                out.update(ord(ch) - ord("a") for ch in stripped.lower() if ch.isalpha())
            elif stripped.isdigit():
                out.add(int(stripped))
            else:
                return None
        else:
            return None
    return out if out and all(0 <= i < len(texts) for i in out) else None
