"""Anki deck names and ids with several decks: `SAA-C03::<deck short name>::<topic title>`, the
Lambda deck unchanged, and a second deck sharing a topic slug kept apart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageRequest

from studycards.content.loader import load_or_raise
from studycards.content.model import Library
from studycards.export.anki import default_filename, export_anki, note_guid, plan_export
from studycards.export.notetypes import stable_int
from studycards.locations import shipped_content_dir
from tests.cli.decks import write_two_decks

T1 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def library(write_deck: Callable[..., Path]) -> Library:
    """The shipped Lambda deck beside the `mini` and `vault` test decks (vault/core, lambda/core)."""
    return load_or_raise([shipped_content_dir(), write_two_decks(write_deck)])


def test_lambda_deck_names_and_ids_stay_as_they_were(library: Library) -> None:
    decks = {d.name: d.id for d in plan_export(library, ["lambda/core", "lambda/concurrency"]).decks}
    # the ids existing learners' collections hold: a newer export must keep updating them in place
    assert decks == {
        "SAA-C03": 1465497960,
        "SAA-C03::Lambda": 1182883167,
        "SAA-C03::Lambda::Core concepts": 1672318533,
        "SAA-C03::Lambda::Concurrency and throttling": 1584612674,
    }


def test_second_deck_uses_its_short_name_and_its_own_deck_ids(library: Library) -> None:
    plan = plan_export(library, ["lambda/core", "vault/core"])
    decks = {d.name: d.id for d in plan.decks}
    assert decks["SAA-C03::Vault"] == stable_int("studycards/deck/vault")
    assert decks["SAA-C03::Vault::Vault basics"] == stable_int("studycards/deck/vault/core")
    assert decks["SAA-C03::Vault::Vault basics"] != decks["SAA-C03::Lambda::Core concepts"]
    by_id = {n.source_id: n for n in plan.notes}
    assert by_id["vault.core.bucket"].deck_id == decks["SAA-C03::Vault::Vault basics"]
    tags = by_id["vault.core.bucket"].tags
    assert "topic::core" in tags and "vault" in tags
    lambda_core = [n for n in plan.notes if n.source_id.startswith("lambda.")]
    assert lambda_core and {n.deck_id for n in lambda_core} == {decks["SAA-C03::Lambda::Core concepts"]}


def test_default_filenames_name_the_deck_and_the_bare_slugs(library: Library) -> None:
    assert default_filename(library, ["vault/alpha"]) == "studycards-vault-alpha.apkg"
    both = default_filename(library, ["mini/beta", "vault/alpha"])
    assert both == "studycards-mini-vault-beta-alpha.apkg"
    assert default_filename(library, None, ["vault"]) == "studycards-vault.apkg"


def test_anki_imports_both_decks_under_their_names(library: Library, tmp_path: Path, col: Collection) -> None:
    apkg = tmp_path / "two.apkg"
    export_anki(library, apkg, now=T1, topics=["lambda/core", "vault/core", "vault/alpha"])
    options = col._backend.get_import_anki_package_presets()
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options))
    names = {d.name for d in col.decks.all_names_and_ids()}
    assert {"SAA-C03::Lambda::Core concepts", "SAA-C03::Vault::Vault basics",
            "SAA-C03::Vault::Vault alpha"} <= names
    nid = col.db.scalar("select id from notes where guid = ?", note_guid("vault.alpha.first"))
    card = col.get_note(nid).cards()[0]
    assert col.decks.name(card.did) == "SAA-C03::Vault::Vault alpha"
