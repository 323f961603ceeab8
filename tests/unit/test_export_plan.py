"""Planning an Anki export: which notes, with which identity, deck, tags and fields (no Anki needed)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import genanki
import pytest

from studycards.content.loader import load_or_raise
from studycards.content.model import Library
from studycards.export.anki import (
    EXAM_DECK,
    deck_label,
    default_filename,
    note_guid,
    plan_export,
    write_apkg,
)
from studycards.export.notetypes import BASIC, CHOICE, CLOZE, NOTE_TYPES, stable_int
from tests.export.anki_decks import write_lambda_deck


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return load_or_raise([write_lambda_deck(tmp_path / "decks")])


def by_source(library: Library, **kwargs: object) -> dict:
    return {n.source_id: n for n in plan_export(library, **kwargs).notes}  # type: ignore[arg-type]


def test_one_note_per_authored_card_and_question(library: Library) -> None:
    notes = by_source(library)
    assert set(notes) == {
        "lambda.concurrency.reserved-zero",
        "lambda.concurrency.default-quota",
        "lambda.concurrency.control-by-effect::reserved-concurrency",
        "lambda.concurrency.control-by-effect::provisioned-concurrency",
        "lambda.concurrency.q.noisy",
        "lambda.security.iam-json",
        "lambda.security.hostile",
        "lambda.security.hostile-cloze",
        "lambda.security.q.two",
    }
    # the reverse card is the second card of its note; the two deletions are two cards of one cloze note
    assert notes["lambda.concurrency.reserved-zero"].card_ords == (0, 1)
    assert notes["lambda.concurrency.reserved-zero"].fields[BASIC.fields.index("Reverse")] == "y"
    assert notes["lambda.concurrency.default-quota"].note_type == CLOZE.key
    assert notes["lambda.concurrency.default-quota"].card_ords == (0, 1)
    assert notes["lambda.security.iam-json"].card_ords == (0,)
    assert notes["lambda.security.iam-json"].fields[BASIC.fields.index("Reverse")] == ""
    assert notes["lambda.concurrency.q.noisy"].note_type == CHOICE.key
    plan = plan_export(library)
    # every card and question of the app becomes exactly one Anki card
    assert plan.card_count == len(library.cards) + len(library.questions)
    assert plan.counts() == {
        "basic": {"notes": 5, "cards": 6},
        "cloze": {"notes": 2, "cards": 3},
        "choice": {"notes": 2, "cards": 2},
    }


def test_guids_derive_from_stable_ids_only(library: Library, tmp_path: Path) -> None:
    first = by_source(library)
    assert first["lambda.concurrency.q.noisy"].guid == note_guid("lambda.concurrency.q.noisy")
    assert note_guid("lambda.x") == genanki.guid_for("studycards", "lambda.x")  # genanki's own scheme
    assert len({n.guid for n in first.values()}) == len(first)
    # edit every text: identities do not move
    edited = dataclasses.replace(
        library,
        cards=[dataclasses.replace(c, front=c.front + " (edited)", back=c.back + "!") for c in library.cards],
    )
    second = by_source(edited)
    assert {k: n.guid for k, n in second.items()} == {k: n.guid for k, n in first.items()}
    assert {k: n.deck_id for k, n in second.items()} == {k: n.deck_id for k, n in first.items()}
    assert second["lambda.security.iam-json"].fields != first["lambda.security.iam-json"].fields


def test_note_types_have_fixed_ids_and_distinct_names() -> None:
    assert {nt.key: nt.id for nt in NOTE_TYPES.values()} == {
        "basic": 1164211723,
        "cloze": 2107554426,
        "choice": 1219903456,
    }
    assert len({nt.name for nt in NOTE_TYPES.values()}) == 3
    assert CLOZE.is_cloze and "{{cloze:Text}}" in CLOZE.templates[0].qfmt
    assert stable_int("x") == stable_int("x") != stable_int("y")
    assert (1 << 30) <= stable_int("anything") < (1 << 31)


def test_decks_and_tags(library: Library) -> None:
    plan = plan_export(library)
    names = [d.name for d in plan.decks]
    assert names == [
        EXAM_DECK,
        "SAA-C03::Lambda",
        "SAA-C03::Lambda::Concurrency and throttling",
        "SAA-C03::Lambda::IAM and security",
    ]
    assert plan.decks[1].description == "Lambda for <strong>SAA-C03</strong>."
    notes = {n.source_id: n for n in plan.notes}
    deck_of = {d.id: d.name for d in plan.decks}
    assert deck_of[notes["lambda.security.hostile"].deck_id] == "SAA-C03::Lambda::IAM and security"
    # cards take their topic's domains; questions their own domain
    assert notes["lambda.concurrency.reserved-zero"].tags == (
        "saa-c03", "lambda", "topic::concurrency", "domain::resilient", "domain::performance", "exam-trap",
    )
    assert notes["lambda.concurrency.q.noisy"].tags == (
        "saa-c03", "lambda", "topic::concurrency", "domain::resilient", "difficulty::easy",
    )
    assert notes["lambda.security.q.two"].tags == (
        "saa-c03", "lambda", "topic::security", "domain::secure", "difficulty::medium",
    )


def test_topic_filter_and_no_questions(library: Library) -> None:
    plan = plan_export(library, ["security"], include_questions=False)
    assert {n.source_id for n in plan.notes} == {
        "lambda.security.iam-json", "lambda.security.hostile", "lambda.security.hostile-cloze",
    }
    assert [d.name for d in plan.decks] == [EXAM_DECK, "SAA-C03::Lambda", "SAA-C03::Lambda::IAM and security"]


def test_choice_fields_list_options_then_mark_answers_with_every_why(library: Library) -> None:
    note = by_source(library)["lambda.security.q.two"]
    fields = dict(zip(CHOICE.fields, note.fields, strict=True))
    assert fields["Question"] == "Which two give a function permission to call S3? (Choose two.)"
    assert fields["Options"].count("<li>") == 4
    assert "✓" not in fields["Options"] and "why" not in fields["Options"]
    assert fields["Correct"] == "A, B"
    assert fields["Explanations"].count('class="sc-right"') == 2
    assert fields["Explanations"].count('class="sc-wrong"') == 2
    assert "Security groups are network controls, not permissions." in fields["Explanations"]
    assert fields["Source"] == (
        '<a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html">'
        "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html</a>"
    )


def test_deck_labels_and_default_filenames(library: Library) -> None:
    assert deck_label(library.decks[0]) == "Lambda"
    assert default_filename(library) == "studycards-lambda.apkg"
    assert default_filename(library, ["security"]) == "studycards-lambda-security.apkg"
    both = default_filename(library, ["security", "concurrency"])
    assert both == "studycards-lambda-concurrency-security.apkg"
    odd = dataclasses.replace(library.decks[0], title="Amazon S3::Glacier")
    assert deck_label(odd) == "S3:Glacier"  # '::' would add a deck level
    for title in ("Amazon S3:::Glacier", "S3::::Glacier", "S3\x01::\x02:::Glacier"):
        label = deck_label(dataclasses.replace(library.decks[0], title=title))
        assert "::" not in label and "\x01" not in label, label  # a run of colons adds no level either


def test_write_refuses_to_overwrite_and_leaves_no_partial_file(library: Library, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    out = tmp_path / "out" / "deck.apkg"
    plan = plan_export(library)
    now = datetime(2025, 3, 1, tzinfo=UTC)
    out.parent.mkdir()  # the folder must exist: none is created
    write_apkg(plan, out, now=now)
    first = out.read_bytes()
    with pytest.raises(FileExistsError):
        write_apkg(plan, out, now=now)
    assert out.read_bytes() == first
    write_apkg(plan, out, now=now, overwrite=True)
    assert sorted(p.name for p in out.parent.iterdir()) == ["deck.apkg"]
    with pytest.raises(ValueError, match="timezone"):
        write_apkg(plan, tmp_path / "naive.apkg", now=datetime(2025, 3, 1))
