"""Anki export benchmarks, in the same run:

* `export_10k_ms`: our whole export (plan: Markdown -> HTML, GUIDs, tags; then the .apkg) of a
  synthetic deck of 10,000 Anki cards (9,000 flashcards of every kind, 1,000 questions);
* `genanki_10k_ms`: plain genanki writing the same notes (fields already rendered) to an .apkg.

Goal: export under 2x genanki.
"""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

from benchutil import median_ms

from studycards.content.model import Card, Deck, Library, Option, Origin, Question, Topic

NOW = datetime(2025, 1, 1, tzinfo=UTC)
CARDS = 9_000
QUESTIONS = 1_000
TOPICS = 16


def synthetic_library(cards: int = CARDS, questions: int = QUESTIONS, seed: int = 7) -> Library:
    """A deck shaped like the shipped one (basic, reversed, cloze, table cards, questions) at scale."""
    rng = random.Random(seed)
    origin = Origin(Path("bench.yaml"), 1)
    topics = [Topic(f"topic-{i}", f"Topic {i}", ("resilient", "performance"), "bench") for i in range(TOPICS)]
    lib = Library(decks=[Deck("bench", "AWS Bench", "A **synthetic** deck.", Path("."), tuple(topics))],
                  topics={t.qualified: t for t in topics})
    words = ["lambda", "concurrency", "reserved", "provisioned", "throttle", "region", "quota", "memory",
             "timeout", "layer", "alias"]

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    made = 0
    i = 0
    while made < cards:
        topic = topics[i % TOPICS].slug
        common = {"topic": topic, "deck": "bench", "tags": ("exam-trap",) if i % 7 == 0 else (),
                  "source": "https://docs.aws.amazon.com/lambda/latest/dg/welcome.html", "origin": origin}
        kind = i % 10
        nid = f"bench.{topic}.card-{i}"
        if kind < 5:
            # mostly plain sentences like the shipped deck, with some Markdown, lists and IAM JSON
            front = f"What does {text(6)} do when {text(4)}?"
            back = f"{text(8)} & {text(3)}'s <{text(1)}>."
            if i % 5 == 0:
                front = f"What does **{text(2)}** do with `{text(1)}`?"
            if i % 20 == 0:
                back = f"- {text(6)}\n- `{text(2)}` {text(4)}\n- *{text(3)}*"
            if i % 50 == 0:
                back = f'```json\n{{"Effect": "Allow", "Action": "lambda:{text(1)}", "Resource": "*"}}\n```'
            lib.cards.append(Card(id=nid, note_id=nid, kind="basic", front=front, back=back,
                                  extra=text(10) if i % 3 == 0 else "", **common))
            made += 1
            if kind == 0 and made < cards:
                lib.cards.append(Card(id=f"{nid}::reverse", note_id=nid, kind="basic", front=back, back=front,
                                      reverse=True, **common))
                made += 1
        elif kind < 8:
            cloze = f"The {text(4)} is {{{{c1::{text(2)}}}}} per {{{{c2::{text(1)}::hint}}}} for {text(3)}."
            for n in (1, 2):
                if made < cards:
                    lib.cards.append(Card(id=f"{nid}::c{n}", note_id=nid, kind="cloze", front=cloze, back="",
                                          cloze_index=n, **common))
                    made += 1
        else:
            cid = f"{nid}::row"
            lib.cards.append(Card(id=cid, note_id=cid, kind="table", front=f"Which control: {text(8)}?",
                                  back=text(2), **common))
            made += 1
        i += 1
    for k in range(questions):
        topic = topics[k % TOPICS].slug
        options = tuple(Option(f"{text(8)}.", j == 0, f"{text(12)}.") for j in range(4))
        lib.questions.append(Question(id=f"bench.{topic}.q-{k}", topic=topic, deck="bench",
                                      stem=f"A company {text(20)}. Which solution meets these requirements?",
                                      options=options, choose=1, domain="resilient", difficulty="medium",
                                      sources=("https://aws.amazon.com/lambda/pricing/",), origin=origin))
    return lib


def measure() -> dict[str, float]:
    import genanki

    from studycards.export.anki import export_anki, genanki_models, plan_export

    lib = synthetic_library()
    plan = plan_export(lib)  # the same notes, rendered once, for plain genanki
    with tempfile.TemporaryDirectory() as tmp:
        ours = Path(tmp) / "ours.apkg"
        plain = Path(tmp) / "plain.apkg"

        def run_ours() -> None:
            export_anki(lib, ours, now=NOW, overwrite=True)

        def run_genanki() -> None:
            models = genanki_models()
            decks = {d.id: genanki.Deck(d.id, d.name, d.description) for d in plan.decks}
            for note in plan.notes:
                decks[note.deck_id].add_note(genanki.Note(models[note.note_type], list(note.fields),
                                                          tags=list(note.tags), guid=note.guid))
            genanki.Package(list(decks.values())).write_to_file(str(plain), timestamp=NOW.timestamp())

        export_ms = median_ms(run_ours, repeat=5)
        # genanki.Package.write_to_file leaves its temporary database behind: keep it in tmp
        with mock.patch.object(tempfile, "tempdir", tmp):
            genanki_ms = median_ms(run_genanki, repeat=5)
    return {
        "export_10k_ms": export_ms,
        "genanki_10k_ms": genanki_ms,
        "export_vs_genanki_x": round(export_ms / genanki_ms, 2),
    }


if __name__ == "__main__":
    print(measure())
