"""Hostile input to the card browser: queries a learner (or a script) could type."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.srs.browse import BrowseIndex
from studycards.srs.browse_query import MAX_QUERY_CHARS, MAX_TERMS, QueryError, parse_query
from tests.store.srsutil import T0, make_card, make_library, open_store

LIBRARY = make_library([make_card("mini.alpha.a(b)", front="x [y] (z) \\d+ .* $"),
                        make_card("mini.alpha.two")])


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> BrowseIndex:
    store = open_store(Path(tmp_path_factory.mktemp("browse")) / "h.db")
    store.sync_cards(LIBRARY.cards, T0)
    return BrowseIndex.build(store, LIBRARY, T0)


@pytest.mark.parametrize("query", [
    "(", "[", "\\", ".*", "$", "a(b)", "deck:(", "id:*(b)", "tag:[", "topic:\\",
    '"\\d+"', "*", "**", "-*", "id:*", "deck:*",
])
def test_regex_characters_are_plain_text(index: BrowseIndex, query: str) -> None:
    index.search(query)  # never a regex error


def test_regex_characters_match_literally(index: BrowseIndex) -> None:
    assert [r.id for r in index.search('"\\d+ .*"')] == ["mini.alpha.a(b)"]
    assert [r.id for r in index.search("id:*(b)")] == ["mini.alpha.a(b)"]
    assert index.search("id:*(c)") == []


@pytest.mark.parametrize("query", [
    "deck:\x1b[31mred", "\x00", "foo\u202e:bar", "is:\x07", "prop:lapses>99999999999999999999",
    "prop:r<1e9", "prop:lapses>nan", "prop:lapses>inf", 'deck:"', "-" * 5, "---x",
])
def test_odd_queries_are_one_clear_error_or_a_search(index: BrowseIndex, query: str) -> None:
    try:
        index.search(query)
    except QueryError as exc:
        assert "\x1b" not in exc.message and "\x07" not in exc.message and "\u202e" not in exc.message
        assert "\n" not in exc.message


def test_a_huge_query_is_refused_before_any_work() -> None:
    with pytest.raises(QueryError, match="longer than"):
        parse_query("a" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(QueryError, match=f"more than {MAX_TERMS} terms"):
        parse_query("a " * (MAX_TERMS + 1))


def test_an_error_names_a_long_field_cut_short() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query("x" * 300 + ":y")
    assert len(caught.value.message) < 250


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_parses_or_is_a_query_error(index: BrowseIndex, text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)
        return
    index.search(query)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["deck:", "topic:", "tag:", "id:", "is:", "prop:", "-", '"', "*", " ",
                                 "new", "lapses>", "3", "r<", "0.5", "x", ":"]), max_size=12))
def test_query_shaped_noise_parses_or_is_a_query_error(index: BrowseIndex, parts: list[str]) -> None:
    text = "".join(parts)
    try:
        index.search(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)
