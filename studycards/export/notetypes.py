"""The Anki note types the export writes: fixed ids, fixed field and template names, shared CSS.

Anki matches an imported note type to the learner's copy by id and keeps updating it in place only
while the *names* of its fields and templates stay the same (its "schema"); a note whose type no
longer matches is skipped as a conflict. So ids, field names and template names below are part of
every learner's collection: never rename or reorder them. Template HTML and CSS may change freely
(a newer export replaces them).

No JavaScript: the cards render the same on Anki desktop, AnkiMobile and AnkiDroid without add-ons.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


def stable_int(key: str) -> int:
    """A deterministic id in [2**30, 2**31) for a stable key (the range genanki recommends)."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


@dataclass(frozen=True, slots=True)
class Template:
    """One card template: the question and answer HTML, Anki mustache syntax."""

    name: str
    qfmt: str
    afmt: str


@dataclass(frozen=True, slots=True)
class NoteType:
    """A note type: fixed id and name, field names, templates, and whether it is a cloze type."""

    key: str
    id: int
    name: str
    label: str  # what the CLI prints
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    is_cloze: bool = False


CSS = """\
.card {
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.45;
  text-align: left;
  max-width: 42em;
  margin: 0 auto;
  padding: 0 0.6em;
}
hr#answer { margin: 0.9em 0; border: 0; border-top: 1px solid rgba(127, 127, 127, 0.45); }
p { margin: 0 0 0.6em 0; }
ul, ol { margin: 0.3em 0 0.6em 0; padding-left: 1.4em; }
li { margin: 0.15em 0; }
code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.88em;
  padding: 0.05em 0.3em;
  border-radius: 4px;
  background: rgba(127, 127, 127, 0.16);
}
pre {
  white-space: pre-wrap;
  word-break: break-word;
  overflow-x: auto;
  padding: 0.6em 0.8em;
  border-radius: 6px;
  background: rgba(127, 127, 127, 0.13);
  font-size: 0.85em;
}
pre code { padding: 0; background: none; font-size: 1em; }
table { border-collapse: collapse; margin: 0.4em 0 0.8em 0; font-size: 0.9em; }
th, td {
  border: 1px solid rgba(127, 127, 127, 0.5);
  padding: 0.25em 0.55em;
  text-align: left;
  vertical-align: top;
}
th { background: rgba(127, 127, 127, 0.12); }
.cloze { font-weight: bold; color: #0969da; }
.nightMode .cloze, .night_mode .cloze { color: #58a6ff; }
.sc-extra { margin-top: 0.8em; font-size: 0.9em; }
.sc-meta { margin-top: 1em; font-size: 0.7em; opacity: 0.65; overflow-wrap: anywhere; }
.sc-meta a { color: inherit; }
.sc-options { list-style: none; padding-left: 0; }
.sc-options > li {
  margin: 0.4em 0;
  padding: 0.4em 0.6em;
  border: 1px solid rgba(127, 127, 127, 0.4);
  border-radius: 6px;
}
.sc-letter { font-weight: bold; margin-right: 0.35em; }
.sc-options > li.sc-right { border: 2px solid #1a7f37; background: rgba(26, 127, 55, 0.1); }
.sc-mark { font-weight: bold; font-size: 0.85em; margin-left: 0.3em; }
.sc-right .sc-mark { color: #1a7f37; }
.sc-wrong .sc-mark { color: #cf222e; }
.nightMode .sc-right .sc-mark, .night_mode .sc-right .sc-mark { color: #3fb950; }
.nightMode .sc-options > li.sc-right, .night_mode .sc-options > li.sc-right { border-color: #3fb950; }
.nightMode .sc-wrong .sc-mark, .night_mode .sc-wrong .sc-mark { color: #f85149; }
.sc-why { margin-top: 0.25em; font-size: 0.9em; }
.sc-correct { font-weight: bold; }
"""

_META = (
    '{{#Source}}<div class="sc-meta sc-source">{{Source}}</div>{{/Source}}'
    '<div class="sc-meta sc-id">{{Id}}</div>'
)
_EXTRA = '{{#Extra}}<div class="sc-extra">{{Extra}}</div>{{/Extra}}'

BASIC = NoteType(
    key="basic",
    id=1164211723,
    name="studycards Basic (optional reversed)",
    label="basic",
    fields=("Front", "Back", "Extra", "Source", "Id", "Reverse"),
    templates=(
        Template(
            "Forward",
            '<div class="sc-prompt">{{Front}}</div>',
            '{{FrontSide}}<hr id="answer"><div class="sc-answer">{{Back}}</div>' + _EXTRA + _META,
        ),
        Template(
            "Reverse",
            '{{#Reverse}}<div class="sc-prompt">{{Back}}</div>{{/Reverse}}',
            '{{FrontSide}}<hr id="answer"><div class="sc-answer">{{Front}}</div>' + _EXTRA + _META,
        ),
    ),
)

CLOZE = NoteType(
    key="cloze",
    id=2107554426,
    name="studycards Cloze",
    label="cloze",
    fields=("Text", "Extra", "Source", "Id"),
    templates=(
        Template(
            "Cloze",
            '<div class="sc-prompt">{{cloze:Text}}</div>',
            '<div class="sc-prompt">{{cloze:Text}}</div>' + _EXTRA + _META,
        ),
    ),
    is_cloze=True,
)

CHOICE = NoteType(
    key="choice",
    id=1219903456,
    name="studycards Multiple choice",
    label="multiple choice",
    fields=("Question", "Options", "Correct", "Explanations", "Source", "Id"),
    templates=(
        Template(
            "Question",
            '<div class="sc-prompt">{{Question}}</div>{{Options}}',
            '<div class="sc-prompt">{{Question}}</div><hr id="answer">'
            '<div class="sc-correct">Answer: {{Correct}}</div>{{Explanations}}' + _META,
        ),
    ),
)

NOTE_TYPES: dict[str, NoteType] = {nt.key: nt for nt in (BASIC, CLOZE, CHOICE)}
