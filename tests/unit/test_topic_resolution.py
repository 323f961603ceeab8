"""Topics as deck/slug: loading two decks that share a slug, resolving bare, qualified and
ambiguous names, --deck, and the library's lookups."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from studycards.content.loader import load_library, load_or_raise
from studycards.content.model import Library
from studycards.content.topics import resolve_decks, resolve_topics, select_topics
from studycards.errors import StudycardsError
from tests.cli.decks import STORAGE_MANIFEST, TWO_DECKS, write_two_decks
from tests.conftest import MINI_MANIFEST


@pytest.fixture
def library(write_deck: Callable[..., Path]) -> Library:
    return load_or_raise([write_two_decks(write_deck)])


def test_two_decks_may_share_a_slug_and_keep_their_items_apart(library: Library) -> None:
    assert list(library.topics) == ["mini/alpha", "mini/beta", "vault/core", "vault/alpha"]
    assert library.topics["vault/alpha"].qualified == "vault/alpha"
    assert {c.id for c in library.cards_for({"vault/alpha"})} == {"vault.alpha.first"}
    assert "vault.alpha.first" not in {c.id for c in library.cards_for({"mini/alpha"})}
    assert [q.id for q in library.questions_for({"vault/alpha"})] == ["vault.alpha.q.first"]
    assert [n.id for n in library.notes_for("mini/alpha")] == ["mini.alpha.note"]
    assert library.notes_for("vault/alpha") == []
    card = library.card("vault.alpha.first")
    assert card is not None and library.topic_of(card) == library.topics["vault/alpha"]


def test_bare_slug_lookups_work_only_while_one_deck_has_the_slug(library: Library) -> None:
    assert library.topic("beta") == library.topics["mini/beta"]
    assert library.topics.get("beta") == library.topics["mini/beta"] and "beta" in library.topics
    assert library.topic("alpha") is None and "alpha" not in library.topics
    assert library.topic("mini/gamma") is None


def test_a_slug_twice_in_one_deck_is_still_an_error(write_deck: Callable[..., Path]) -> None:
    twice = STORAGE_MANIFEST + "  - slug: core\n    title: Again\n    domains: [cost]\n    tasks: [\"4.1\"]\n"
    result = load_library([write_deck({**TWO_DECKS, "vault/deck.yaml": twice})])
    assert [p.message for p in result.problems] == ["duplicate topic 'core'"]


def test_the_same_deck_id_twice_is_still_an_error(write_deck: Callable[..., Path]) -> None:
    result = load_library([write_deck({**TWO_DECKS, "copy/deck.yaml": MINI_MANIFEST})])
    assert [p.message for p in result.problems] == ["duplicate deck id 'mini'"]


def test_bare_qualified_and_ambiguous_names(library: Library) -> None:
    names = library.topic_names()
    assert resolve_topics(["beta"], names) == ("mini/beta",)
    assert resolve_topics(["vault/alpha,beta", "mini/beta"], names) == ("vault/alpha", "mini/beta")
    with pytest.raises(StudycardsError) as err:
        resolve_topics(["alpha"], names)
    assert err.value.message == "topic 'alpha' is in several decks: mini/alpha, vault/alpha; say which"


@pytest.mark.parametrize(("typed", "hint"), [("bta", "beta"), ("vault/alpa", "vault/alpha"),
                                             ("vualt/core", "vault/core")])
def test_unknown_topic_suggests_the_nearest(library: Library, typed: str, hint: str) -> None:
    with pytest.raises(StudycardsError) as err:
        resolve_topics([typed], library.topic_names())
    assert f"unknown topic '{typed}'. Did you mean '{hint}'?" in err.value.message
    assert "Valid topics: mini/alpha, mini/beta, vault/core, vault/alpha" in err.value.message


def test_decks_and_topics_intersect(library: Library) -> None:
    assert select_topics(library) is None
    assert select_topics(library, decks=["vault"]) == ("vault/core", "vault/alpha")
    assert select_topics(library, ["alpha"], ["vault"]) == ("vault/alpha",)  # bare, within the deck
    assert select_topics(library, ["beta"], ["mini", "vault"]) == ("mini/beta",)
    with pytest.raises(StudycardsError, match="'mini/beta' is not in the chosen deck"):
        select_topics(library, ["beta"], ["vault"])
    with pytest.raises(StudycardsError, match="several decks: mini/alpha, vault/alpha"):
        select_topics(library, ["alpha"], ["mini", "vault"])


def test_unknown_deck_names_the_valid_ones() -> None:
    assert resolve_decks(["vault,mini", "vault"], ["mini", "vault"]) == ("vault", "mini")
    with pytest.raises(StudycardsError) as err:
        resolve_decks(["minni"], ["mini", "vault"])
    assert err.value.message == "unknown deck 'minni'. Did you mean 'mini'? Valid decks: mini, vault"


def test_deck_short_name_defaults_to_the_title_without_the_vendor(library: Library) -> None:
    mini, vault = library.decks
    assert vault.short_name == "Vault"
    assert mini.short_name == "Mini deck"
