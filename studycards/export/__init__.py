"""Anki (.apkg) export.

`studycards.export.anki`: `plan_export` (content -> Anki notes, pure) and `write_apkg` / `export_anki`
(genanki, imported lazily). `studycards.export.markdown`: the safe Markdown subset -> HTML renderer.
`studycards.export.notetypes`: the fixed note types (ids, fields, templates, CSS).
"""
