"""Anki packages built with the official `anki` library, for the import tests."""

from __future__ import annotations

from pathlib import Path


def build_anki_package(path: Path, *, legacy: bool, reviews: bool = False, collection: bool = False) -> Path:
    """A package written by the official `anki` library: basic, reversed and cloze notes in two decks."""
    from anki.collection import Collection, DeckIdLimit
    from anki.import_export_pb2 import ExportAnkiPackageOptions

    folder = path.parent / f"anki-{path.stem}"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        root = col.decks.id("AWS")
        limits = col.decks.id("AWS::Lambda limits")
        basic = col.new_note(col.models.by_name("Basic"))
        basic["Front"] = "<b>Maximum</b> Lambda timeout?"
        basic["Back"] = '15 minutes <img src="timeout.png" onerror="alert(1)"><script>alert(2)</script>'
        basic.tags = ["aws", "Lambda_Limits"]
        col.add_note(basic, limits)
        both = col.new_note(col.models.by_name("Basic (and reversed card)"))
        both["Front"] = "SQS"
        both["Back"] = "Simple Queue Service"
        col.add_note(both, root)
        cloze = col.new_note(col.models.by_name("Cloze"))
        cloze["Text"] = "{{c1::S3}} stores {{c2::objects}}"
        cloze["Back Extra"] = "<i>object storage</i>"
        col.add_note(cloze, limits)
        if reviews:
            card_id = col.db.scalar("select id from cards where nid = ?", basic.id)
            start = 1_760_000_000_000
            for i, ease in enumerate((3, 3, 1, 3)):
                col.db.execute(
                    "insert into revlog values (?, ?, -1, ?, 1, 0, 2500, 8000, 1)",
                    start + i * 86_400_000 * (i + 1),
                    card_id,
                    ease,
                )
        if collection:
            col.export_collection_package(str(path), include_media=False, legacy=legacy)
        else:
            col.export_anki_package(
                out_path=str(path),
                limit=DeckIdLimit(root),
                options=ExportAnkiPackageOptions(
                    with_scheduling=reviews, with_deck_configs=False, with_media=True, legacy=legacy
                ),
            )
    finally:
        col.close()
    return path
