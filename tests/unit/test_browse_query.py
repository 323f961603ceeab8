"""The card browser's query language: what each query parses to, and where a bad one is wrong."""

from __future__ import annotations

import pytest

from studycards.errors import StudycardsError
from studycards.srs.browse_query import QueryError, Term, compare, parse_query


@pytest.mark.parametrize(("text", "terms"), [
    ("", ()),
    ("   ", ()),
    ("lambda", (Term("text", "lambda", position=0),)),
    ('"reserved concurrency"', (Term("text", "reserved concurrency", position=0),)),
    ("deck:lambda", (Term("deck", "lambda", position=0),)),
    ('topic:"cold starts"', (Term("topic", "cold starts", position=0),)),
    ("-is:suspended", (Term("is", "suspended", negated=True, position=0),)),
    ("IS:Leech", (Term("is", "leech", position=0),)),
    ("prop:lapses>3", (Term("prop", "lapses>3", prop="lapses", op=">", number=3.0, position=0),)),
    ("prop:ivl>=30", (Term("prop", "ivl>=30", prop="ivl", op=">=", number=30.0, position=0),)),
    ("prop:r<0.8", (Term("prop", "r<0.8", prop="recall", op="<", number=0.8, position=0),)),
    ("prop:d!=5", (Term("prop", "d!=5", prop="difficulty", op="!=", number=5.0, position=0),)),
    ("prop:due<=-1", (Term("prop", "due<=-1", prop="due", op="<=", number=-1.0, position=0),)),
    ("a -b", (Term("text", "a", position=0), Term("text", "b", negated=True, position=2))),
])
def test_a_query_parses_to_its_terms(text: str, terms: tuple[Term, ...]) -> None:
    assert parse_query(text).terms == terms


@pytest.mark.parametrize(("text", "position", "words"), [
    ("foo:bar", 0, "unknown field 'foo:'"),
    ("lambda nope:x", 7, "unknown field 'nope:'"),
    ('ok "unclosed', 3, "quote is not closed"),
    ("a -", 2, "'-' must be followed"),
    ("is:sleeping", 0, "unknown is:sleeping"),
    ("prop:lapses>>3", 0, "not a property test"),
    ("prop:height>3", 0, "unknown property 'height'"),
    ("deck:", 0, "'deck:' needs a value"),
    ('""', 0, "an empty phrase"),
    ('ab"c d"', 2, "a quote inside a word"),
])
def test_a_bad_query_names_the_character_where_it_goes_wrong(text: str, position: int, words: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert caught.value.position == position
    assert words in caught.value.message
    assert caught.value.message.startswith(f"bad query at character {position + 1}:")
    assert isinstance(caught.value, StudycardsError) and caught.value.exit_code == 2


@pytest.mark.parametrize(("value", "text", "matches"), [
    ("lambda", "lambda", True),
    ("lam*", "lambda", True),
    ("lam", "lambda", False),  # a field value matches whole
    ("*zero", "lambda.concurrency.reserved-zero", True),
])
def test_a_field_value_is_a_whole_match_with_wildcards(value: str, text: str, matches: bool) -> None:
    assert (Term("deck", value).pattern().match(text) is not None) is matches


@pytest.mark.parametrize(("op", "expected"), [("<", False), ("<=", True), (">", False), (">=", True),
                                              ("=", True), ("!=", False)])
def test_compare(op: str, expected: bool) -> None:
    assert compare(3, op, 3) is expected
