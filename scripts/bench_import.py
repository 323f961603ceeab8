"""Import benchmarks:

* `import_apkg_10k_ms`: `import anki` of a package of 10,000 notes (our own export of a synthetic
  deck: HTML fields, basic, reversed, cloze and multiple-choice notes), read, converted to
  Markdown, written as a deck folder and checked by the content loader;
* `import_md_1k_ms`: `import questions` of a Markdown bank of 1,000 questions.

Goals: 5,000 ms and 1,000 ms.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench_export import NOW, synthetic_library
from benchutil import median_ms

GOALS = {"import_apkg_10k_ms": 5000, "import_md_1k_ms": 1000}


def markdown_bank(count: int = 1000) -> str:
    """A community-style bank: a heading, four task-list options and an explanation per question."""
    parts = []
    for i in range(count):
        parts.append(
            f"### Question {i}: a company must process {i} orders a minute with the least overhead. "
            "Which solution meets these requirements?\n\n"
            + "".join(f"- [{'x' if k == i % 4 else ' '}] Option {k} for question {i}\n" for k in range(4))
            + f"\n<details><summary>Answer</summary>Because option {i % 4} is managed.</details>\n\n"
        )
    return "".join(parts)


def measure() -> dict[str, float]:
    from studycards.export.anki import export_anki
    from studycards.imports.anki import read_package
    from studycards.imports.bank import read_bank
    from studycards.imports.model import ImportedDeck
    from studycards.imports.writer import write_deck

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        package = root / "bench.apkg"
        export_anki(synthetic_library(), package, now=NOW, overwrite=True)
        bank = root / "bank.md"
        bank.write_text(markdown_bank(), encoding="utf-8")

        def run(source: Path, fmt: str) -> None:
            decks = root / "decks"
            shutil.rmtree(decks, ignore_errors=True)
            deck = ImportedDeck("bench", "Bench", fmt, source.name)
            if fmt == "anki":
                read_package(source, deck)
            else:
                read_bank(source, deck)
            write_deck(deck, decks, now=NOW)

        return {
            "import_apkg_10k_ms": median_ms(lambda: run(package, "anki"), repeat=3),
            "import_md_1k_ms": median_ms(lambda: run(bank, "questions"), repeat=5),
        }
