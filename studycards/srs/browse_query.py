"""The card browser's search language, Anki-like: parse a query into terms, or say where it is wrong.

    lambda "reserved concurrency"     free words and phrases (in the id, front, back or extra)
    deck:lambda  topic:concurrency    a deck; a topic (deck/slug or slug); `*` is a wildcard
    tag:limits  id:lambda.*           a tag; a card id
    is:new is:learning is:review is:relearning is:due is:suspended is:buried is:leech
    prop:lapses>3  prop:ivl>=30       lapses, reps, ivl (days), due (days from today),
    prop:d>7  prop:s<10  prop:r<0.8   difficulty (d), stability (s, days), r (recall now, 0-1)
    -is:suspended                     a leading `-` negates a term

Terms are all required (AND). A bad query raises `QueryError`, a `StudycardsError` (exit 2)
naming the character where the problem is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studycards.content.safe_text import safe_line
from studycards.errors import StudycardsError

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64
FIELDS = ("deck", "topic", "tag", "id", "is", "prop")
IS_VALUES = ("new", "learning", "review", "relearning", "due", "suspended", "buried", "leech")
PROPS = {
    "lapses": "lapses", "reps": "reps", "ivl": "ivl", "due": "due",
    "d": "difficulty", "difficulty": "difficulty", "s": "stability", "stability": "stability",
    "r": "recall", "recall": "recall",
}
OPERATORS = ("<=", ">=", "!=", "=", "<", ">")
_PROP_RE = re.compile(r"([a-z]+)(<=|>=|!=|=|<|>)(-?[0-9]{1,9}(?:\.[0-9]{1,6})?)")
_FIELD_RE = re.compile(r"([A-Za-z]+):")


class QueryError(StudycardsError):
    """A query that cannot be read; `position` is the 0-based index of the offending character."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"bad query at character {position + 1}: {message}")
        self.position = position
        self.reason = message


@dataclass(frozen=True, slots=True)
class Term:
    """One search term. `field` is "text" for free words and phrases; `prop` terms carry
    `prop`, `op` and `number`; `pattern` is the value as a compiled, case-insensitive regex."""

    field: str
    value: str
    negated: bool = False
    prop: str = ""
    op: str = ""
    number: float = 0.0
    position: int = 0

    def pattern(self) -> re.Pattern[str]:
        """The value as a regex: `*` matches anything; a field value must match whole, text anywhere."""
        body = ".*".join(re.escape(part) for part in self.value.lower().split("*"))
        if self.field == "text":
            return re.compile(body, re.DOTALL)
        return re.compile(f"(?:{body})\\Z", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: its terms in the order written (none: every card)."""

    text: str
    terms: tuple[Term, ...] = ()


def _shown(text: str, limit: int = 40) -> str:
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return safe_line(cut)


def parse_query(text: str) -> Query:
    """Parse `text`; raises QueryError (with the position) when it cannot be read."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters", MAX_QUERY_CHARS)
    terms: list[Term] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        negated = text[i] == "-"
        if negated:
            i += 1
            if i >= n or text[i].isspace():
                raise QueryError("'-' must be followed by a term (as in -is:suspended)", start)
        if text[i] == '"':
            value, i = _quoted(text, i)
            if not value.strip():
                raise QueryError("an empty phrase", start)
            terms.append(Term("text", value, negated, position=start))
        else:
            word_start = i
            while i < n and not text[i].isspace() and text[i] != '"':
                i += 1
            word = text[word_start:i]
            field = _FIELD_RE.match(word)
            if field is not None:
                value = word[field.end():]
                if not value and i < n and text[i] == '"':
                    value, i = _quoted(text, i)
                terms.append(_field_term(field.group(1).lower(), value, negated, start, word_start))
            else:
                if i < n and text[i] == '"':
                    raise QueryError('a quote inside a word; put the whole phrase in quotes', i)
                terms.append(Term("text", word, negated, position=start))
        if len(terms) > MAX_TERMS:
            raise QueryError(f"more than {MAX_TERMS} terms", start)
    return Query(text, tuple(terms))


def _quoted(text: str, i: int) -> tuple[str, int]:
    """The phrase opened by the quote at `i`, and the index after its closing quote."""
    end = text.find('"', i + 1)
    if end < 0:
        raise QueryError('a quote is not closed (add the closing ")', i)
    return text[i + 1:end], end + 1


def _field_term(field: str, value: str, negated: bool, start: int, at: int) -> Term:
    """A `field:value` term, checked."""
    if field not in FIELDS:
        raise QueryError(
            f"unknown field '{_shown(field)}:' (known: {', '.join(f + ':' for f in FIELDS)}); "
            'to search for a word with a colon, put it in quotes', at)
    if not value.strip():
        raise QueryError(f"'{field}:' needs a value", at)
    if field == "is":
        if value.lower() not in IS_VALUES:
            raise QueryError(f"unknown is:{_shown(value)} (known: {', '.join(IS_VALUES)})", at)
        return Term("is", value.lower(), negated, position=start)
    if field == "prop":
        found = _PROP_RE.fullmatch(value.lower())
        if found is None:
            raise QueryError(
                f"prop:{_shown(value)} is not a property test like prop:lapses>3 or prop:r<0.8", at)
        name, op, number = found.groups()
        if name not in PROPS:
            raise QueryError(f"unknown property '{_shown(name)}' (known: {', '.join(PROPS)})", at)
        return Term("prop", value.lower(), negated, prop=PROPS[name], op=op, number=float(number),
                    position=start)
    return Term(field, value, negated, position=start)


def compare(left: float, op: str, right: float) -> bool:
    """`left op right` for one of OPERATORS."""
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    if op == "!=":
        return left != right
    return left == right
