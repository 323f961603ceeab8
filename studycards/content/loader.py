"""Load deck folders into a Library, collecting every problem with file, line and field."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from studycards.content.exam import ExamDomain, ExamFormat, ExamGuide, TaskStatement
from studycards.content.folders import MANIFEST_NAME, find_deck_dirs
from studycards.content.model import (
    CHOOSE_WORDS,
    CLOZE_RE,
    Card,
    Deck,
    Library,
    Note,
    Option,
    Origin,
    Question,
    Table,
    Topic,
    cloze_numbers,
)
from studycards.content.problems import ContentError, LoadResult, Problem, field_name
from studycards.content.safe_text import control_problems
from studycards.content.schema import (
    EXAM_GUIDE,
    IMPORTED_TOPIC_FILE,
    TOPIC_FILE,
    manifest_schema,
    validate,
)
from studycards.content.yamlread import Document, YamlReadError, read_yaml_file

EXAM_DIR = "exam"  # <content root>/exam/*.yaml: the exam guide
MIN_CLOZE, MAX_CLOZE = 1, 500  # Anki cannot render c0 and refuses a package with a very high number
_TEMPLATE_FIELD_RE = re.compile(r"\{([^{}]+)\}")
_CHOOSE_IN_STEM_RE = re.compile(r"\(\s*choose\s+(\w+)\s*\.?\s*\)", re.IGNORECASE)
_WORD_NUMBERS = {word: n for n, word in CHOOSE_WORDS.items()}


def load_library(roots: Iterable[Path]) -> LoadResult:
    """Load every deck found under the roots; never raises for content problems."""
    roots = list(roots)
    loader = _Loader()
    loader.load_exam_guide(roots)
    for deck_dir in find_deck_dirs(roots):
        loader.load_deck(deck_dir)
    loader.expand_table_cards()
    loader.order_by_curriculum()
    problems = sorted(loader.problems, key=lambda p: (str(p.path), p.line))
    return LoadResult(loader.library, problems)


def load_or_raise(roots: Iterable[Path]) -> Library:
    """Load the decks, raising ContentError if anything is wrong."""
    result = load_library(roots)
    if result.problems:
        raise ContentError(result.problems)
    return result.library


class _Loader:
    def __init__(self) -> None:
        self.library = Library()
        self.problems: list[Problem] = []
        self._ids: dict[str, Origin] = {}
        self._tables: dict[str, Table] = {}
        self._pending_table_cards: list[
            tuple[dict[str, Any], str, str, Document, Path, tuple[str | int, ...]]
        ] = []
        self._fronts: dict[str, Origin] = {}
        self._imported: set[str] = set()

    # -- reporting -------------------------------------------------------------------------
    def report(self, file: Path, doc: Document | None, path: tuple[str | int, ...], message: str) -> None:
        line = doc.line_of(path) if doc else 1
        self.problems.append(Problem(file, line, field_name(path), message))

    def claim_id(
        self, ident: str, origin: Origin, file: Path, doc: Document, path: tuple[str | int, ...]
    ) -> bool:
        if ident in self._ids:
            self.report(file, doc, path, f"duplicate id '{ident}' (first used at {self._ids[ident]})")
            return False
        self._ids[ident] = origin
        return True

    def read(
        self, file: Path, schema: dict[str, Any] | Callable[[Any], dict[str, Any]]
    ) -> tuple[Document | None, set[tuple[str | int, ...]]]:
        """Parse and validate a file: the document (None if unusable) and the broken item paths.

        An item is one entry of a top-level list (`("cards", 3)`); items with problems are
        skipped while the rest of the file still loads, so one run reports everything.
        """
        try:
            doc = read_yaml_file(file)
        except YamlReadError as exc:
            self.problems.append(Problem(file, exc.line, "", exc.message, exc.column))
            return None, set()
        broken: set[tuple[str | int, ...]] = set()
        usable = True
        controls = control_problems(doc.data)
        flagged = {path for path, _ in controls}
        if callable(schema):
            schema = schema(doc.data)
        schema_problems = [(p, m) for p, m in validate(doc.data, schema) if p not in flagged]
        for path, message in controls + schema_problems:
            self.report(file, doc, path, message)
            if len(path) >= 2 and isinstance(path[1], int):
                broken.add(path[:2])
            else:
                usable = False
        return (doc if usable else None), broken

    # -- the exam guide ----------------------------------------------------------------------
    def load_exam_guide(self, roots: list[Path]) -> None:
        """The first exam guide found under the roots, else the shipped one."""
        from studycards.locations import shipped_content_dir

        for root in [*roots, shipped_content_dir()]:
            files = sorted((root / EXAM_DIR).glob("*.yaml")) if (root / EXAM_DIR).is_dir() else []
            if files:
                self.library.exam = self.read_exam_guide(files[0])
                return

    def read_exam_guide(self, file: Path) -> ExamGuide | None:
        doc, broken = self.read(file, EXAM_GUIDE)
        if doc is None or broken:
            return None
        data = doc.data
        fmt = data["format"]
        domains = tuple(
            ExamDomain(
                d["id"],
                d["number"],
                d["title"].strip(),
                d["weight"],
                tuple(
                    TaskStatement(t["id"], t["title"].strip(), t["summary"].strip(), d["id"],
                                  tuple(t.get("services", ())))
                    for t in d["tasks"]
                ),
            )
            for d in data["domains"]
        )
        ids = [t.id for d in domains for t in d.tasks]
        for i, d in enumerate(data["domains"]):
            for k, t in enumerate(d["tasks"]):
                if ids.count(t["id"]) > 1:
                    self.report(file, doc, ("domains", i, "tasks", k, "id"), f"duplicate task '{t['id']}'")
        if sum(d.weight for d in domains) != 100:
            self.report(file, doc, ("domains",), "domain weights must add up to 100")
        return ExamGuide(
            data["exam"],
            data["title"].strip(),
            data["source"],
            ExamFormat(*(fmt[k] for k in ("questions", "scored", "unscored", "minutes", "score_min",
                                          "score_max", "passing_score"))),
            domains,
        )

    def check_tasks(self, tasks: list[str], file: Path, doc: Document, path: tuple[str | int, ...]) -> bool:
        """True when every task id is one of the exam guide's (reported with file:line otherwise)."""
        exam = self.library.exam
        if exam is None:
            return True
        known = exam.tasks
        ok = True
        for k, task in enumerate(tasks):
            if task not in known:
                valid = ", ".join(known)
                self.report(file, doc, (*path, k), f"unknown task '{task}' (the exam guide has: {valid})")
                ok = False
        return ok

    # -- decks ------------------------------------------------------------------------------
    def load_deck(self, deck_dir: Path) -> None:
        manifest_path = deck_dir / MANIFEST_NAME
        doc, broken = self.read(manifest_path, manifest_schema)
        if doc is None or broken:
            return
        data = doc.data
        imported = str(data.get("imported", {}).get("format", ""))
        deck_id = data["deck"]
        if imported:
            self._imported.add(deck_id)
        if any(d.id == deck_id for d in self.library.decks):
            self.report(manifest_path, doc, ("deck",), f"duplicate deck id '{deck_id}'")
            return
        topics: list[Topic] = []
        for i, raw in enumerate(data["topics"]):
            slug = raw["slug"]
            if any(t.slug == slug for t in topics):  # two decks may share a slug, one deck may not
                self.report(manifest_path, doc, ("topics", i, "slug"), f"duplicate topic '{slug}'")
                continue
            tasks = raw.get("tasks", [])
            self.check_tasks(tasks, manifest_path, doc, ("topics", i, "tasks"))
            topic = Topic(
                slug,
                raw["title"].strip(),
                tuple(raw.get("domains", [])),
                deck_id,
                raw.get("summary", "").strip(),
                tuple(tasks),
            )
            self.library.topics[topic.qualified] = topic
            topics.append(topic)
        deck = Deck(deck_id, data["title"], data.get("description", ""), deck_dir, tuple(topics),
                    data.get("short", ""), imported)
        self.library.decks.append(deck)
        files = sorted(
            p for p in deck_dir.rglob("*.y*ml") if p.name != MANIFEST_NAME and p.suffix in (".yaml", ".yml")
        )
        for file in files:
            self.load_topic_file(deck, file)

    def load_topic_file(self, deck: Deck, file: Path) -> None:
        doc, broken = self.read(file, IMPORTED_TOPIC_FILE if deck.imported else TOPIC_FILE)
        if doc is None:
            return
        data = doc.data
        slug = data["topic"]
        topic = next((t for t in deck.topics if t.slug == slug), None)
        if topic is None:
            valid = ", ".join(t.slug for t in deck.topics)
            self.report(file, doc, ("topic",), f"unknown topic '{slug}' (deck '{deck.id}' has: {valid})")
            return
        for i, raw in enumerate(data.get("notes", [])):
            if ("notes", i) not in broken:
                self.add_note(raw, topic, file, doc, ("notes", i))
        for i, raw in enumerate(data.get("cards", [])):
            if ("cards", i) not in broken:
                self.add_card(raw, topic, file, doc, ("cards", i))
        for i, raw in enumerate(data.get("questions", [])):
            if ("questions", i) not in broken:
                self.add_question(raw, topic, file, doc, ("questions", i))

    # -- notes ------------------------------------------------------------------------------
    def add_note(
        self, raw: dict[str, Any], topic: Topic, file: Path, doc: Document, path: tuple[str | int, ...]
    ) -> None:
        origin = Origin(file, doc.line_of(path))
        if not self.claim_id(raw["id"], origin, file, doc, (*path, "id")):
            return
        tables: list[Table] = []
        for j, t in enumerate(raw.get("tables", [])):
            tpath = (*path, "tables", j)
            width = len(t["columns"])
            bad = [k for k, row in enumerate(t["rows"]) if len(row) != width]
            for k in bad:
                self.report(
                    file,
                    doc,
                    (*tpath, "rows", k),
                    f"row has {len(t['rows'][k])} cells, the table has {width} columns",
                )
            if bad or not self.claim_id(t["id"], Origin(file, doc.line_of(tpath)), file, doc, (*tpath, "id")):
                continue
            table = Table(
                t["id"],
                t["title"].strip(),
                tuple(c.strip() for c in t["columns"]),
                tuple(tuple(c.strip() for c in r) for r in t["rows"]),
            )
            self._tables[table.id] = table
            tables.append(table)
        self.library.notes.append(
            Note(
                id=raw["id"],
                topic=topic.slug,
                title=raw["title"].strip(),
                summary=raw["summary"].strip(),
                key_facts=tuple(f.strip() for f in raw.get("key_facts", [])),
                tables=tuple(tables),
                use_cases=tuple(u.strip() for u in raw.get("use_cases", [])),
                sources=tuple(raw["sources"]),
                origin=origin,
                deck=topic.deck,
            )
        )

    # -- cards ------------------------------------------------------------------------------
    def add_card(
        self, raw: dict[str, Any], topic: Topic, file: Path, doc: Document, path: tuple[str | int, ...]
    ) -> None:
        if "from_table" in raw:
            # tables may be defined later in the deck: expand once everything is read
            self._pending_table_cards.append((raw, topic.slug, topic.deck, doc, file, path))
            return
        origin = Origin(file, doc.line_of(path))
        if not self.claim_id(raw["id"], origin, file, doc, (*path, "id")):
            return
        common = {
            "note_id": raw["id"],
            "topic": topic.slug,
            "deck": topic.deck,
            "tags": tuple(raw.get("tags", [])),
            "source": raw.get("source", ""),
            "origin": origin,
            "extra": raw.get("extra", "").strip(),
        }
        if "cloze" in raw:
            text = raw["cloze"].strip()
            wild = next((d for d in CLOZE_RE.findall(text) if not _cloze_in_range(d[0])), None)
            if wild is not None:
                shown = wild[0] if len(wild[0]) <= 24 else wild[0][:20] + "…"
                self.report(
                    file,
                    doc,
                    (*path, "cloze"),
                    f"cloze number c{shown} is out of range: use c{MIN_CLOZE} to c{MAX_CLOZE}",
                )
                return
            numbers = cloze_numbers(text)
            if not numbers:
                self.report(
                    file, doc, (*path, "cloze"), "cloze text has no deletions; mark one like {{c1::answer}}"
                )
                return
            for n in numbers:
                self.add_built_card(
                    Card(id=f"{raw['id']}::c{n}", kind="cloze", front=text, back="", cloze_index=n, **common),
                    file,
                    doc,
                    path,
                )
            return
        front, back = raw["front"].strip(), raw["back"].strip()
        self.add_built_card(
            Card(id=raw["id"], kind="basic", front=front, back=back, **common), file, doc, path
        )
        if raw.get("reverse"):
            self.add_built_card(
                Card(
                    id=f"{raw['id']}::reverse", kind="basic", front=back, back=front, reverse=True, **common
                ),
                file,
                doc,
                path,
            )

    def add_built_card(self, card: Card, file: Path, doc: Document, path: tuple[str | int, ...]) -> None:
        key = (
            card.question_text().casefold()
            if card.kind != "cloze"
            else f"{card.front}::{card.cloze_index}".casefold()
        )
        if card.deck in self._imported:  # an imported deck may repeat another deck's questions
            key = f"{card.deck}\x1f{key}"
        if key in self._fronts:
            self.report(
                file, doc, path, f"another card already asks the same question (at {self._fronts[key]})"
            )
            return
        self._fronts[key] = card.origin
        self.library.cards.append(card)

    def expand_table_cards(self) -> None:
        """Turn each `from_table` template into one card per row (tables may be defined anywhere)."""
        for raw, topic_slug, deck_id, doc, file, path in self._pending_table_cards:
            table = self._tables.get(raw["from_table"])
            if table is None:
                self.report(file, doc, (*path, "from_table"), f"no table with id '{raw['from_table']}'")
                continue
            key_column = raw.get("key", table.columns[0])
            fields = set(_TEMPLATE_FIELD_RE.findall(raw["front"])) | set(
                _TEMPLATE_FIELD_RE.findall(raw["back"])
            )
            unknown = sorted(f for f in fields | {key_column} if f not in table.columns)
            if unknown:
                cols = ", ".join(table.columns)
                self.report(
                    file,
                    doc,
                    path,
                    f"template names unknown column(s) {', '.join(unknown)} (table has: {cols})",
                )
                continue
            origin = Origin(file, doc.line_of(path))
            if not self.claim_id(raw["id"], origin, file, doc, (*path, "id")):
                continue
            for row in table.row_dicts():
                card_id = f"{raw['id']}::{_slug(row[key_column])}"
                if card_id in self._ids:
                    self.report(file, doc, path, f"two rows give the same card id '{card_id}'")
                    continue
                self._ids[card_id] = origin
                card = Card(
                    id=card_id,
                    note_id=card_id,
                    kind="table",
                    topic=topic_slug,
                    deck=deck_id,
                    front=_fill(raw["front"], row),
                    back=_fill(raw["back"], row),
                    tags=tuple(raw.get("tags", [])),
                    source=raw.get("source", ""),
                    origin=origin,
                    extra=raw.get("extra", "").strip(),
                )
                self.add_built_card(card, file, doc, path)

    # -- questions --------------------------------------------------------------------------
    def add_question(
        self, raw: dict[str, Any], topic: Topic, file: Path, doc: Document, path: tuple[str | int, ...]
    ) -> None:
        origin = Origin(file, doc.line_of(path))
        if not self.claim_id(raw["id"], origin, file, doc, (*path, "id")):
            return
        choose = raw.get("choose", 1)
        options = tuple(
            Option(o["text"].strip(), bool(o.get("correct", False)), o.get("why", "").strip())
            for o in raw["options"]
        )
        correct = sum(o.correct for o in options)
        ok = True
        if correct == 0:
            self.report(file, doc, (*path, "options"), "no option is marked 'correct: true'")
            ok = False
        elif correct != choose:
            self.report(
                file,
                doc,
                (*path, "options"),
                f"{correct} options are correct but the question says choose {choose}",
            )
            ok = False
        if choose >= len(options):
            self.report(
                file, doc, (*path, "choose"), f"choose {choose} leaves no wrong option among {len(options)}"
            )
            ok = False
        seen: dict[str, int] = {}
        for k, o in enumerate(options):
            folded = o.text.casefold()
            if folded in seen:
                self.report(
                    file, doc, (*path, "options", k, "text"), f"same text as option {seen[folded] + 1}"
                )
                ok = False
            seen.setdefault(folded, k)
        stated = _CHOOSE_IN_STEM_RE.search(raw["stem"])
        if stated:
            word = stated.group(1).lower()
            n = _WORD_NUMBERS.get(word, int(word) if word.isdigit() else -1)
            if n != choose:
                self.report(
                    file,
                    doc,
                    (*path, "stem"),
                    f"stem says 'choose {word}' but 'choose' is {choose}; "
                    "set 'choose' and drop the hint (it is added for you)",
                )
                ok = False
        if not self.check_tasks(raw.get("tasks", []), file, doc, (*path, "tasks")):
            ok = False
        if not ok:
            return
        self.library.questions.append(
            Question(
                id=raw["id"],
                topic=topic.slug,
                deck=topic.deck,
                stem=raw["stem"].strip(),
                options=options,
                choose=choose,
                domain=raw.get("domain", ""),
                difficulty=raw.get("difficulty", ""),
                sources=tuple(raw.get("sources", [])),
                origin=origin,
                tags=tuple(raw.get("tags", [])),
                tasks=tuple(raw.get("tasks", [])),
            )
        )

    def order_by_curriculum(self) -> None:
        """Put notes, cards and questions in the manifest's topic order (new cards come in this order)."""
        rank = {name: i for i, name in enumerate(self.library.topics)}
        lib = self.library
        lib.notes.sort(key=lambda n: rank.get(n.qualified, len(rank)))
        lib.cards.sort(key=lambda c: rank.get(c.qualified, len(rank)))
        lib.questions.sort(key=lambda q: rank.get(q.qualified, len(rank)))


def _cloze_in_range(digits: str) -> bool:
    """True for a cloze number Anki accepts (checked on the digits: a huge one is not parsed)."""
    return len(digits) <= 4 and MIN_CLOZE <= int(digits) <= MAX_CLOZE


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "row"


def _fill(template: str, row: dict[str, str]) -> str:
    return _TEMPLATE_FIELD_RE.sub(lambda m: row.get(m.group(1), m.group(0)), template).strip()
