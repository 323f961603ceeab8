#!/usr/bin/env python3
"""Ten copies of a shipped deck in a folder: `python scripts/ten_decks.py DIR [--copies N] [--all]`.

By default ten copies of the Lambda deck, which beside the five shipped decks is the scale the
whole exam is planned at (about 6,000 cards and 2,000 questions); `--all` copies every deck.

Each copy gets its own deck slug (`lambda1` ...), topic slugs (`core-1` ...) and ids
(`lambda1.core.…`, table and table-card ids included), and each card prompt is marked
`(lambda 1) …` (the loader refuses two cards asking the same question), so the copies load
beside the shipped deck without a clash. Look at the app with them: `STUDYCARDS_CONTENT=DIR studycards`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's studycards, before any installed one

from studycards.content.loader import MANIFEST_NAME, find_deck_dirs, load_library  # noqa: E402
from studycards.locations import shipped_content_dir  # noqa: E402

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _rename_id(ident: str, deck: str, n: int) -> str:
    return f"{deck}{n}.{ident[len(deck) + 1:]}" if ident.startswith(f"{deck}.") else ident


def _rewrite_items(data: dict[str, Any], deck: str, n: int) -> None:
    """Ids, table ids, `from_table` references and card prompts of one topic file, in place."""
    for note in data.get("notes", []):
        note["id"] = _rename_id(note["id"], deck, n)
        for table in note.get("tables", []):
            table["id"] = _rename_id(table["id"], deck, n)
    for card in data.get("cards", []):
        card["id"] = _rename_id(card["id"], deck, n)
        if "from_table" in card:
            card["from_table"] = _rename_id(card["from_table"], deck, n)
        # the loader refuses two cards that ask the same question: mark each copy's prompts
        for key in ("front", "cloze") + (("back",) if card.get("reverse") else ()):
            if key in card:
                card[key] = f"({deck} {n}) {card[key]}"
    for question in data.get("questions", []):
        question["id"] = _rename_id(question["id"], deck, n)


def _dump(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def copy_deck(source: Path, target: Path, n: int) -> None:
    """Copy one deck folder to `target` as copy number `n` (slugs, ids and prompts rewritten)."""
    manifest = yaml.load((source / MANIFEST_NAME).read_text(encoding="utf-8"), Loader=_YamlLoader)
    deck = manifest["deck"]
    manifest["deck"] = f"{deck}{n}"
    manifest["title"] = f"{manifest['title']} (copy {n})"
    manifest["short"] = f"{manifest.get('short', deck)} {n}"
    for topic in manifest["topics"]:
        topic["slug"] = f"{topic['slug']}-{n}"
    _dump(manifest, target / MANIFEST_NAME)
    for file in sorted(source.rglob("*.y*ml")):
        if file.name == MANIFEST_NAME or file.suffix not in (".yaml", ".yml"):
            continue
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_YamlLoader)
        data["topic"] = f"{data['topic']}-{n}"
        _rewrite_items(data, deck, n)
        _dump(data, target / file.relative_to(source))


SCALE_DECKS = ("lambda",)  # ten copies of it beside the shipped decks: about 6,000 cards and 2,000 questions


def build(root: Path, copies: int = 10, decks: tuple[str, ...] | None = SCALE_DECKS) -> Path:
    """Write `copies` copies of the shipped decks named in `decks` (None: every shipped deck)
    under `root`; check they load cleanly beside the shipped ones."""
    decks_found = find_deck_dirs([shipped_content_dir()])
    decks = [d for d in decks_found if decks is None or d.name in decks]
    for n in range(1, copies + 1):
        for deck_dir in decks:
            copy_deck(deck_dir, root / f"{deck_dir.name}{n}", n)
    result = load_library([shipped_content_dir(), root])
    if result.problems:
        shown = "\n".join(str(p) for p in result.problems[:5])
        raise SystemExit(f"the copies do not load cleanly ({len(result.problems)} problems):\n{shown}")
    return root


def build_settled(root: Path, copies: int = 10) -> Path:
    """`build`, then date the files a minute back so the content cache takes them at once."""
    build(root, copies)
    old = time.time_ns() - 60 * 1_000_000_000
    for file in root.rglob("*"):
        if file.is_file():
            os.utime(file, ns=(old, old))
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="folder to write the copies into (created if missing)")
    parser.add_argument("--copies", type=int, default=10, help="how many copies (default 10)")
    parser.add_argument("--all", action="store_true", help="copy every shipped deck, not only Lambda")
    args = parser.parse_args()
    build(args.dir, args.copies, None if args.all else SCALE_DECKS)
    result = load_library([shipped_content_dir(), args.dir])
    lib = result.library
    print(f"{len(lib.decks)} decks, {len(lib.cards)} cards, {len(lib.questions)} questions in {args.dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
