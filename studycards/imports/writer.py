"""Write an imported deck as a YAML deck folder, atomically, merged with an earlier import.

Items are matched by id: an id the folder already has is `updated` (or `unchanged` when equal),
a new id is `added`, and items of an earlier import that the new source no longer has are kept
(an import never deletes). The folder is built beside the target, loaded with the content loader
as a check, then swapped in with renames: a failure leaves the old folder as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from studycards.imports.model import ImportedDeck, ImportFailed

MANIFEST = "deck.yaml"
ITEMS_PER_FILE = 400


@dataclass(slots=True)
class ImportReport:
    """What an import did (or would do, on a dry run); `as_json` is the documented shape."""

    deck: str
    path: Path
    cards: int
    questions: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    media_referenced: int = 0
    history: int = 0
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "path": str(self.path),
            "cards": self.cards,
            "questions": self.questions,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "media_referenced": self.media_referenced,
            "history": self.history,
            "dry_run": self.dry_run,
        }


def write_deck(
    deck: ImportedDeck, decks_dir: Path, *, dry_run: bool = False, now: datetime | None = None
) -> ImportReport:
    """Write (or, on a dry run, only compare) `deck` into `decks_dir/<slug>`."""
    target = decks_dir / deck.slug
    existing = read_existing(target)
    report = ImportReport(
        deck.slug,
        target,
        deck.card_count,
        deck.question_count,
        skipped=[{"where": s.where, "reason": s.reason} for s in deck.skipped],
        media_referenced=deck.media_referenced,
        history=len(deck.history),
        dry_run=dry_run,
    )
    topics: dict[str, dict[str, Any]] = {}
    for slug, (title, items) in existing.items():
        topics[slug] = {
            "title": title,
            "cards": [i for k, i in items if k == "cards"],
            "questions": [i for k, i in items if k == "questions"],
        }
    old_by_id = {item["id"]: item for _, (_, items) in existing.items() for _, item in items}
    new_ids: set[str] = set()
    for topic in deck.topics.values():
        slot = topics.setdefault(topic.slug, {"title": topic.title, "cards": [], "questions": []})
        slot["title"] = topic.title
        for kind in ("cards", "questions"):
            for item in getattr(topic, kind):
                new_ids.add(item["id"])
                old = old_by_id.get(item["id"])
                if old is None:
                    report.added += 1
                elif old == item:
                    report.unchanged += 1
                else:
                    report.updated += 1
    for slug in topics:  # drop the earlier copy of every item the new import brings
        for kind in ("cards", "questions"):
            topics[slug][kind] = [i for i in topics[slug][kind] if i["id"] not in new_ids]
    for topic in deck.topics.values():
        topics[topic.slug]["cards"].extend(topic.cards)
        topics[topic.slug]["questions"].extend(topic.questions)
    if dry_run:
        return report
    manifest = {
        "deck": deck.slug,
        "title": deck.title,
        "imported": {
            "format": deck.source_format,
            "file": deck.source_name,
            "at": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
        "topics": [
            {"slug": s, "title": t["title"]} for s, t in topics.items() if t["cards"] or t["questions"]
        ],
    }
    _swap_in(target, manifest, topics)
    return report


def read_existing(target: Path) -> dict[str, tuple[str, list[tuple[str, dict[str, Any]]]]]:
    """An earlier import in `target`: topic slug → (title, [(kind, item)]), in file order."""
    manifest_path = target / MANIFEST
    if not manifest_path.is_file():
        if target.exists() and any(target.iterdir()):
            raise ImportFailed(f"{target} exists and is not a deck folder; choose another --deck")
        return {}
    manifest = _load(manifest_path)
    if not isinstance(manifest, dict) or "imported" not in manifest:
        raise ImportFailed(f"{target} holds a deck that was not imported; choose another --deck")
    titles = {t["slug"]: t["title"] for t in manifest.get("topics", []) if isinstance(t, dict)}
    found: dict[str, tuple[str, list[tuple[str, dict[str, Any]]]]] = {
        slug: (title, []) for slug, title in titles.items()
    }
    for file in sorted(target.glob("*.yaml")):
        if file.name == MANIFEST:
            continue
        data = _load(file)
        if not isinstance(data, dict) or data.get("topic") not in found:
            continue
        items = found[data["topic"]][1]
        for kind in ("cards", "questions"):
            items.extend(
                (kind, item) for item in data.get(kind) or [] if isinstance(item, dict) and "id" in item
            )
    return found


def _load(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ImportFailed(
            f"{path}: the earlier import cannot be read ({str(exc).splitlines()[0]})"
        ) from None


def _dump(data: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def _swap_in(target: Path, manifest: dict[str, Any], topics: dict[str, dict[str, Any]]) -> None:
    """Build the folder beside `target`, check it loads, then replace `target` with it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.importing-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    building.chmod(0o777 & ~umask)  # a deck folder like any other, not mkdtemp's private one
    try:
        (building / MANIFEST).write_text(_dump(manifest), encoding="utf-8")
        for slug, topic in topics.items():
            items = [("cards", c) for c in topic["cards"]] + [("questions", q) for q in topic["questions"]]
            for part, start in enumerate(range(0, len(items), ITEMS_PER_FILE), start=1):
                chunk = items[start : start + ITEMS_PER_FILE]
                doc: dict[str, Any] = {"topic": slug}
                for kind in ("cards", "questions"):
                    picked = [i for k, i in chunk if k == kind]
                    if picked:
                        doc[kind] = picked
                name = f"{slug}.yaml" if part == 1 else f"{slug}-{part}.yaml"
                (building / name).write_text(_dump(doc), encoding="utf-8")
        _check_loads(building)
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.replaced-{os.getpid()}"
            os.replace(target, old)
        os.replace(building, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)


def _check_loads(folder: Path) -> None:
    """The written deck must pass the content loader; otherwise nothing is swapped in."""
    from studycards.content.loader import load_library

    result = load_library([folder])
    if result.problems:
        first = result.problems[0]
        raise ImportFailed(
            f"the imported deck does not pass the content check ({len(result.problems)} "
            f"problem(s); first: line {first.line}: {first.message})"
        )
