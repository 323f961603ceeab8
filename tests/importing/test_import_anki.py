"""`studycards import anki`: packages from genanki and from the official anki library."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from studycards.cli import cli
from studycards.content.loader import load_or_raise
from tests.importing.packages import build_anki_package

Run = Callable[..., tuple[int, Any, str]]


def _cards(decks_dir: Path, deck: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for file in sorted((decks_dir / deck).glob("*.yaml")):
        data = yaml.safe_load(file.read_text())
        for item in data.get("cards", []):
            out[item.get("front") or item["cloze"]] = {**item, "topic": data["topic"]}
    return out


@pytest.mark.parametrize("legacy", [True, False], ids=["legacy", "current"])
def test_both_package_generations_import_the_same_cards(
    tmp_path: Path, run_import: Run, decks_dir: Path, legacy: bool
) -> None:
    package = build_anki_package(tmp_path / "course.apkg", legacy=legacy)
    if not legacy:
        assert "collection.anki21b" in zipfile.ZipFile(package).namelist()
    code, report, err = run_import("anki", str(package), "--json")
    assert code == 0, err
    assert (report["deck"], report["cards"], report["added"], report["skipped"]) == ("course", 3, 3, [])
    assert report["media_referenced"] == 1
    cards = _cards(decks_dir, "course")
    basic = cards["**Maximum** Lambda timeout?"]
    assert basic["back"] == "15 minutes [image: timeout.png]"  # script and handler gone, image a placeholder
    assert basic["tags"] == ["aws", "lambda_limits"]
    assert basic["topic"] == "aws-lambda-limits"
    assert cards["SQS"]["reverse"] is True and cards["SQS"]["topic"] == "aws"
    cloze = cards["{{c1::S3}} stores {{c2::objects}}"]
    assert cloze["extra"] == "*object storage*"
    library = load_or_raise([decks_dir])
    ids = {c.id for c in library.cards}
    assert f"{cloze['id']}::c1" in ids and f"{cloze['id']}::c2" in ids
    assert f"{cards['SQS']['id']}::reverse" in ids
    assert [t.title for t in library.decks[0].topics] == ["AWS › Lambda limits", "AWS"]


def test_a_whole_collection_package_imports(tmp_path: Path, run_import: Run) -> None:
    package = build_anki_package(tmp_path / "everything.colpkg", legacy=False, collection=True)
    code, report, err = run_import("anki", str(package), "--json", "--deck", "mine")
    assert code == 0, err
    assert (report["deck"], report["cards"]) == ("mine", 3)


def test_reimport_adds_nothing_and_a_newer_file_updates_in_place(
    tmp_path: Path, run_import: Run, decks_dir: Path
) -> None:
    package = build_anki_package(tmp_path / "course.apkg", legacy=False)
    assert run_import("anki", str(package), "--json")[0] == 0
    code, again, _ = run_import("anki", str(package), "--json")
    assert code == 0 and (again["added"], again["updated"], again["unchanged"]) == (0, 0, 3)
    ids_before = {c["id"] for c in _cards(decks_dir, "course").values()}
    # the same notes (same guids) with an edited back: updated in place, same ids
    from anki.collection import Collection

    folder = tmp_path / "edit"
    folder.mkdir()
    col = Collection(str(folder / "c.anki2"))
    try:
        col.import_anki_package(_import_request(package))
        note_id = col.find_notes("SQS")[0]
        note = col.get_note(note_id)
        note["Back"] = "Amazon Simple Queue Service"
        col.update_note(note)
        newer = tmp_path / "course-v2.apkg"
        from anki.collection import DeckIdLimit
        from anki.import_export_pb2 import ExportAnkiPackageOptions

        col.export_anki_package(
            out_path=str(newer),
            limit=DeckIdLimit(col.decks.id("AWS")),
            options=ExportAnkiPackageOptions(legacy=False, with_media=True),
        )
    finally:
        col.close()
    code, third, err = run_import("anki", str(newer), "--json", "--deck", "course")
    assert code == 0, err
    assert (third["added"], third["updated"], third["unchanged"]) == (0, 1, 2)
    after = _cards(decks_dir, "course")
    assert {c["id"] for c in after.values()} == ids_before
    assert after["SQS"]["back"] == "Amazon Simple Queue Service"


def _import_request(package: Path) -> Any:
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    return ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions())


def test_genanki_package_with_a_custom_note_type_and_fields(
    tmp_path: Path, run_import: Run, decks_dir: Path
) -> None:
    import genanki

    model = genanki.Model(
        1607392319,
        "Vocab",
        fields=[{"name": "Word"}, {"name": "Meaning"}, {"name": "Notes"}],
        templates=[{"name": "c1", "qfmt": "{{Word}}", "afmt": "{{Meaning}}"}],
    )
    deck = genanki.Deck(2059400110, "Terms::Networking")
    deck.add_note(
        genanki.Note(model=model, fields=["VPC", "Virtual Private Cloud", "regional"], tags=["net"])
    )
    deck.add_note(genanki.Note(model=model, fields=["NAT", "", "gateway"]))
    path = tmp_path / "vocab.apkg"
    genanki.Package(deck).write_to_file(str(path))
    code, report, err = run_import("anki", str(path), "--json")
    assert code == 0, err
    assert report["cards"] == 2  # without --fields: front = first field, back = the others
    code, report, err = run_import("anki", str(path), "--json", "--fields", "Word,Meaning", "--deck", "v2")
    assert code == 0, err
    assert report["cards"] == 1
    assert report["skipped"] == [
        {"where": report["skipped"][0]["where"], "reason": "the front or the back is empty"}
    ]
    assert _cards(decks_dir, "v2")["VPC"]["back"] == "Virtual Private Cloud"
    code, _, err = run_import("anki", str(path), "--fields", "Word,Nope", "--deck", "v3")
    assert code == 2 and "no field 'Nope'" in err and "Traceback" not in err


def test_with_history_continues_the_schedule(tmp_path: Path, run_import: Run, decks_dir: Path) -> None:
    package = build_anki_package(tmp_path / "course.apkg", legacy=False, reviews=True)
    code, report, err = run_import("anki", str(package), "--json", "--with-history")
    assert code == 0, err
    assert report["history"] == 4
    from studycards.context import AppContext

    app = AppContext()
    with app.open_store(read_only=True) as store:
        card = next(c for c in app.library().cards if c.front == "**Maximum** Lambda timeout?")
        history = store.review_history(card.id)
        state = store.card_state(card.id)
    assert [h["rating"] for h in history] == [3, 3, 1, 3]
    assert state is not None and state.reps == 4 and state.lapses >= 1
    code, again, _ = run_import("anki", str(package), "--json", "--with-history")
    assert code == 0 and again["history"] == 0  # cards with reviews here keep them: nothing twice


def test_round_trip_of_our_own_export_gives_the_same_cards(
    tmp_path: Path, run_import: Run, decks_dir: Path
) -> None:
    out = tmp_path / "lambda.apkg"
    result = CliRunner().invoke(cli, ["export", "anki", "--deck", "lambda", "--no-questions", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    code, _, err = run_import("anki", str(out), "--json", "--deck", "lambda-copy")
    assert code == 0, err
    from studycards.locations import shipped_content_dir

    shipped = load_or_raise([shipped_content_dir()])
    imported = load_or_raise([decks_dir])
    original = {(c.kind, c.question_text(), c.answer_text()) for c in shipped.cards if c.deck == "lambda"}
    copied = {
        (c.kind if c.kind != "table" else "basic", c.question_text(), c.answer_text()) for c in imported.cards
    }
    original = {(k if k != "table" else "basic", q, a) for k, q, a in original}
    assert len(imported.cards) == len([c for c in shipped.cards if c.deck == "lambda"])
    assert copied == original
