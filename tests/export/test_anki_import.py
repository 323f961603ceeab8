"""Our .apkg imported by the official `anki` package into a fresh collection, the way Anki does it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from studycards.content.loader import load_or_raise
from studycards.content.model import Library
from studycards.export.anki import export_anki, note_guid, plan_export, write_apkg
from studycards.export.notetypes import BASIC, CHOICE, CLOZE
from studycards.locations import shipped_content_dir
from tests.export.anki_decks import CONCURRENCY, IAM_JSON, write_lambda_deck

T1 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
T2 = T1 + timedelta(days=3)


def desktop_defaults(col: Collection) -> ImportAnkiPackageOptions:
    """The options Anki's import screen starts with (update notes and note types if newer)."""
    return col._backend.get_import_anki_package_presets()


def legacy_importer_options(col: Collection) -> ImportAnkiPackageOptions:
    """What `anki.importing.AnkiPackageImporter` passes: merge note types, with scheduling."""
    return ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=True, with_deck_configs=True)


def import_apkg(col: Collection, path: Path, options: ImportAnkiPackageOptions | None = None):
    request = ImportAnkiPackageRequest(package_path=str(path), options=options or desktop_defaults(col))
    return col.import_anki_package(request).log


def lambda_library(root: Path, concurrency: str = CONCURRENCY) -> Library:
    return load_or_raise([write_lambda_deck(root, concurrency=concurrency)])


def note_by_guid(col: Collection, stable_id: str):
    nid = col.db.scalar("select id from notes where guid = ?", note_guid(stable_id))
    assert nid, stable_id
    return col.get_note(nid)


def rendered(col: Collection, stable_id: str) -> list[tuple[str, str]]:
    """(question HTML, answer HTML) of each card of the note, by card ordinal."""
    note = note_by_guid(col, stable_id)
    cards = sorted(note.cards(), key=lambda c: c.ord)
    out = []
    for card in cards:
        output = card.render_output()
        out.append((output.question_text, output.answer_text))
    return out


def test_first_import_counts_decks_tags_and_note_types(tmp_path: Path, col: Collection) -> None:
    library = lambda_library(tmp_path / "decks")
    apkg = tmp_path / "lambda.apkg"
    plan = export_anki(library, apkg, now=T1)
    log = import_apkg(col, apkg)
    assert len(log.new) == 9 and not log.updated and not log.duplicate and not log.conflicting
    assert col.note_count() == 9
    assert col.card_count() == 11 == len(library.cards) + len(library.questions) == plan.card_count
    names = {d.name for d in col.decks.all_names_and_ids()}
    assert {
        "SAA-C03",
        "SAA-C03::Lambda",
        "SAA-C03::Lambda::Concurrency and throttling",
        "SAA-C03::Lambda::IAM and security",
    } <= names
    assert len(col.find_cards('"deck:SAA-C03::Lambda::Concurrency and throttling"')) == 7
    assert len(col.find_cards('"deck:SAA-C03::Lambda::IAM and security"')) == 4
    assert set(col.tags.all()) == {
        "saa-c03", "lambda", "topic::concurrency", "topic::security", "domain::resilient",
        "domain::performance", "domain::secure", "difficulty::easy", "difficulty::medium", "exam-trap",
    }
    assert len(col.find_notes("tag:exam-trap")) == 1
    assert len(col.find_notes("tag:domain::secure")) == 4
    # the note types keep their fixed ids, so a later import finds them again
    for note_type in (BASIC, CLOZE, CHOICE):
        model = col.models.get(note_type.id)  # type: ignore[arg-type]
        assert model is not None and model["name"] == note_type.name
        assert [f["name"] for f in model["flds"]] == list(note_type.fields)
    assert col.models.get(CLOZE.id)["type"] == 1  # type: ignore[arg-type,index]


def test_rendered_question_and_answer_of_each_note_type(tmp_path: Path, col: Collection) -> None:
    apkg = tmp_path / "lambda.apkg"
    export_anki(lambda_library(tmp_path / "decks"), apkg, now=T1)
    import_apkg(col, apkg)

    (fq, fa), (rq, ra) = rendered(col, "lambda.concurrency.reserved-zero")
    assert fq == '<div class="sc-prompt">What happens when reserved concurrency is <strong>0</strong>?</div>'
    assert fa.startswith(fq + '<hr id="answer"><div class="sc-answer">Every invocation is throttled.</div>')
    extra = "Use it as an off switch: <code>PutFunctionConcurrency</code> with 0."
    assert f'<div class="sc-extra">{extra}</div>' in fa
    assert (
        '<a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html">' in fa
        and '<div class="sc-meta sc-id">lambda.concurrency.reserved-zero</div>' in fa
    )
    assert rq == '<div class="sc-prompt">Every invocation is throttled.</div>'  # the reverse card
    assert '<div class="sc-answer">What happens when reserved concurrency is <strong>0</strong>?</div>' in ra

    (c1q, c1a), (c2q, c2a) = rendered(col, "lambda.concurrency.default-quota")
    assert '<span class="cloze" data-cloze="1&#x2C;000" data-ordinal="1">[...]</span>' in c1q
    assert '<span class="cloze-inactive" data-ordinal="2">Region</span>' in c1q
    assert '<span class="cloze" data-ordinal="1">1,000</span>' in c1a and "It can be raised." in c1a
    assert '<span class="cloze" data-cloze="Region" data-ordinal="2">[where?]</span>' in c2q
    assert '<span class="cloze" data-ordinal="2">Region</span>' in c2a

    [(qq, qa)] = rendered(col, "lambda.security.q.two")
    stem = "Which two give a function permission to call S3? (Choose two.)"
    assert qq.startswith(f'<div class="sc-prompt">{stem}</div>')
    assert re.findall(r'<span class="sc-letter">([A-D])\.</span>', qq) == ["A", "B", "C", "D"]
    assert "✓" not in qq and "Buckets can grant access too." not in qq
    assert '<div class="sc-correct">Answer: A, B</div>' in qa
    assert qa.count("✓ correct") == 2 and qa.count("✗ wrong") == 2
    for why in (
        "The function assumes it.",
        "Buckets can grant access too.",
        "Long-lived keys are an anti-pattern.",
        "Security groups are network controls, not permissions.",
    ):
        assert why in qa

    [(_, iam_answer)] = rendered(col, "lambda.security.iam-json")
    code = re.search(r"<pre><code>(.*?)</code></pre>", iam_answer, re.DOTALL)
    assert code and html.unescape(code.group(1)) == IAM_JSON


def test_hostile_cards_are_escaped(tmp_path: Path, col: Collection) -> None:
    apkg = tmp_path / "lambda.apkg"
    export_anki(lambda_library(tmp_path / "decks"), apkg, now=T1)
    import_apkg(col, apkg)

    [(question, answer)] = rendered(col, "lambda.security.hostile")
    for side in (question, answer):
        assert "<script" not in side and "<img" not in side and "<b>" not in side
        assert 'class="cloze' not in side
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in question
    assert "<code>&#123;&#123;c1::not a cloze&#125;&#125;</code>" in answer
    assert "<strong>never</strong> &lt;img src=x onerror=alert(1)&gt;." in answer

    # a cloze note keeps its real deletion and nothing else: `{{c9::` inside code is text
    cards = rendered(col, "lambda.security.hostile-cloze")
    assert len(cards) == 1
    question, answer = cards[0]
    assert "<script" not in question and "&lt;script&gt;x&lt;/script&gt;" in question
    assert '<span class="cloze" data-cloze="execution&#x20;role" data-ordinal="1">[...]</span>' in question
    assert "<code>&#123;&#123;c9::</code>" in question


@pytest.mark.parametrize("options", [desktop_defaults, legacy_importer_options], ids=["desktop", "legacy"])
def test_newer_export_updates_in_place_and_keeps_review_progress(
    tmp_path: Path, col: Collection, options: Callable[[Collection], ImportAnkiPackageOptions]
) -> None:
    first = tmp_path / "v1.apkg"
    export_anki(lambda_library(tmp_path / "v1"), first, now=T1)
    import_apkg(col, first, options(col))
    notes_before, cards_before = col.note_count(), col.card_count()

    # the learner reviews the forward card for a while
    forward = next(c for c in note_by_guid(col, "lambda.concurrency.reserved-zero").cards() if c.ord == 0)
    forward.type, forward.queue = 2, 2  # review card, in the review queue
    forward.ivl, forward.due, forward.factor = 21, col.sched.today + 9, 2350
    forward.reps, forward.lapses = 6, 1
    col.update_card(forward)

    # the author fixes a card's text and adds one card
    changed = CONCURRENCY.replace("back: Every invocation is throttled.",
                                  "back: Every invocation is throttled (HTTP 429).")
    new_card = "  - {id: lambda.concurrency.new-card, front: New?, back: Yes.}\n"
    changed = changed.replace("cards:\n", "cards:\n" + new_card, 1)
    second = tmp_path / "v2.apkg"
    export_anki(lambda_library(tmp_path / "v2", concurrency=changed), second, now=T2)
    log = import_apkg(col, second, options(col))

    assert not log.conflicting and not log.missing_notetype
    assert len(log.new) == 1
    assert col.note_count() == notes_before + 1 and col.card_count() == cards_before + 1
    guids = col.db.list("select guid from notes")
    assert len(guids) == len(set(guids))
    note = note_by_guid(col, "lambda.concurrency.reserved-zero")
    assert note["Back"] == "Every invocation is throttled (HTTP 429)."
    kept = col.get_card(forward.id)
    assert (kept.type, kept.queue, kept.ivl, kept.due, kept.factor, kept.reps, kept.lapses) == (
        2, 2, 21, col.sched.today + 9, 2350, 6, 1,
    )
    assert len(col.find_cards('"deck:SAA-C03::Lambda::Concurrency and throttling"')) == 8


def test_reimporting_the_same_content_changes_nothing(tmp_path: Path, col: Collection) -> None:
    library = lambda_library(tmp_path / "decks")
    plan = plan_export(library)
    write_apkg(plan, tmp_path / "a.apkg", now=T1)
    write_apkg(plan, tmp_path / "b.apkg", now=T2)
    import_apkg(col, tmp_path / "a.apkg")
    snapshot = col.db.all("select guid, flds, tags from notes order by guid")
    log = import_apkg(col, tmp_path / "b.apkg")
    assert not log.new and not log.conflicting
    assert col.db.all("select guid, flds, tags from notes order by guid") == snapshot
    assert col.card_count() == plan.card_count
    # importing the older package again does not roll anything back either
    log = import_apkg(col, tmp_path / "a.apkg")
    assert not log.new and not log.updated


def test_shipped_content_exports_and_imports_cleanly(tmp_path: Path, col: Collection) -> None:
    library = load_or_raise([shipped_content_dir()])
    apkg = tmp_path / "shipped.apkg"
    plan = export_anki(library, apkg, now=T1)
    log = import_apkg(col, apkg)
    assert len(log.new) == len(plan.notes)
    assert not (log.duplicate or log.conflicting or log.missing_notetype or log.missing_deck)
    assert not log.empty_first_field
    assert col.note_count() == len(plan.notes)
    assert col.card_count() == plan.card_count == len(library.cards) + len(library.questions)
    topics_with_items = {c.qualified for c in library.cards} | {q.qualified for q in library.questions}
    topic_decks = [d.name for d in col.decks.all_names_and_ids() if d.name.count("::") == 2]
    assert len(topic_decks) == len(topics_with_items)
    assert sum(name.startswith("SAA-C03::Lambda::") for name in topic_decks) == len(
        {t for t in topics_with_items if t.startswith("lambda/")}
    )
    # every card renders through our templates (no template error), every cloze card Anki made asks
    # for a real deletion, and no author text turned into markup
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        output = card.render_output()
        assert output.question_text.startswith('<div class="sc-prompt">'), output.question_text
        assert "<script" not in output.answer_text and "<img" not in output.answer_text
        if card.note_type()["id"] == CLOZE.id:
            assert 'class="cloze"' in output.question_text
