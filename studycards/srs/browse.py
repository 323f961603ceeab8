"""The card browser's engine: every card of the library joined with its stored state, searched
with the query language of `browse_query`, sorted and cut to a limit.

`BrowseIndex.build(store, library, now)` reads the cards once (one query); `search` then works
in memory, so a search as the learner types costs no database read. The figures are those of
`now`: recall is FSRS retrievability, due is the study day's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from studycards.srs.browse_query import Query, QueryError, Term, compare, parse_query
from studycards.srs.day import day_start, next_day_start, study_day
from studycards.srs.model import State, ensure_utc, to_epoch

if TYPE_CHECKING:
    from studycards.content.model import Card, Library
    from studycards.srs.store import Store

DAY = 86_400
FRONT_CHARS = 160
SORTS = ("due", "lapses", "difficulty", "stability", "retrievability", "added",
         "id", "topic", "front", "state", "interval", "reps")
# the natural direction of each sort: the cards a learner looks for first come first
DESCENDING = frozenset({"lapses", "difficulty", "added", "reps"})
STATES = tuple(state.label for state in State)


@dataclass(slots=True)
class BrowseRow:
    """One card as the browser lists it (not frozen: ten thousand are built at a time, and a
    frozen dataclass is several times slower to build; nothing changes one once built)."""

    id: str
    deck: str
    topic: str  # qualified, deck/slug
    front: str  # the question on one line, cut to FRONT_CHARS
    state: State
    due: datetime | None
    interval_days: int | None  # last review to due, whole days (None while New)
    lapses: int
    reps: int
    difficulty: float | None
    stability: float | None
    recall: float | None  # predicted recall now (None while New)
    suspended: bool
    buried: bool
    leech: bool
    added: datetime  # first seen by this database

    @property
    def flags(self) -> str:
        """`suspended`, `buried`, `leech`, comma-separated (empty when none)."""
        return ",".join(name for name, on in (("suspended", self.suspended), ("buried", self.buried),
                                              ("leech", self.leech)) if on)

    def to_json(self) -> dict[str, Any]:
        """The row for `--json` (times as ISO 8601 UTC)."""
        return {
            "id": self.id, "deck": self.deck, "topic": self.topic, "front": self.front,
            "state": self.state.label, "due": self.due.isoformat() if self.due else None,
            "interval_days": self.interval_days, "lapses": self.lapses, "reps": self.reps,
            "difficulty": _round(self.difficulty), "stability": _round(self.stability),
            "recall": _round(self.recall), "suspended": self.suspended, "buried": self.buried,
            "leech": self.leech, "added": self.added.isoformat(),
        }

    def json_line(self) -> str:
        """`json.dumps(self.to_json(), ensure_ascii=False)`, written out directly: `cards --json`
        prints ten thousand of these, and building a dict for each doubles the time."""
        text = encode_basestring  # the C string encoder json.dumps(ensure_ascii=False) uses
        return (
            f'{{"id": {text(self.id)}, "deck": {text(self.deck)}, "topic": {text(self.topic)}, '
            f'"front": {text(self.front)}, "state": "{self.state.label}", '
            f'"due": {"null" if self.due is None else text(self.due.isoformat())}, '
            f'"interval_days": {_json_value(self.interval_days)}, "lapses": {self.lapses}, '
            f'"reps": {self.reps}, "difficulty": {_json_value(_round(self.difficulty))}, '
            f'"stability": {_json_value(_round(self.stability))}, '
            f'"recall": {_json_value(_round(self.recall))}, '
            f'"suspended": {_JSON_BOOL[self.suspended]}, "buried": {_JSON_BOOL[self.buried]}, '
            f'"leech": {_JSON_BOOL[self.leech]}, "added": {text(self.added.isoformat())}}}'
        )


_JSON_BOOL = {False: "false", True: "true"}


def _json_value(value: float | None) -> str:
    return "null" if value is None else repr(value)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def one_line(text: str, limit: int = FRONT_CHARS) -> str:
    """Text on one line, whitespace collapsed, cut to `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Filters:
    """What the CLI's options add to a query (all required together with the query's terms)."""

    topics: frozenset[str] | None = None  # qualified topic names (a bare slug: in any deck)
    states: frozenset[State] | None = None
    suspended: bool = False
    buried: bool = False
    leech: bool = False
    due_before: datetime | None = None


Predicate = Callable[[int], bool]


class BrowseIndex:
    """Every library card with its stored state at one moment; search it with `search`."""

    def __init__(self, rows: list[BrowseRow], cards: Sequence[Card], now: datetime, today_start: int,
                 today_end: int) -> None:
        self.rows = rows
        self.cards = cards  # the library's card of each row, same order
        self._texts: list[str] | None = None
        self._tags: list[tuple[str, ...]] | None = None
        self.now = now
        self.today_start = today_start  # epoch seconds of the study day's bounds
        self.today_end = today_end
        self.by_id = {row.id: i for i, row in enumerate(rows)}

    @property
    def texts(self) -> list[str]:
        """Lower-case id, front, back and extra of each card, for free words (made on first use)."""
        if self._texts is None:
            self._texts = ["\x1f".join((c.id, c.front, c.back, c.extra)).lower() for c in self.cards]
        return self._texts

    @property
    def tags(self) -> list[tuple[str, ...]]:
        """Lower-case tags of each card (made on first use)."""
        if self._tags is None:
            self._tags = [tuple(tag.lower() for tag in c.tags) for c in self.cards]
        return self._tags

    @classmethod
    def build(cls, store: Store, library: Library, now: datetime) -> BrowseIndex:
        """Read every card's stored row once and join it with the library (content order)."""
        now = ensure_utc(now)
        settings = store.settings()
        tz, starts = settings.tz(), settings.day_starts_at
        today_start = to_epoch(day_start(study_day(now, tz, starts), tz, starts)) or 0
        today_end = to_epoch(next_day_start(now, tz, starts)) or 0
        decay, factor = store.scheduler().curve
        stored: dict[str, tuple[Any, ...]] = {row[0]: row for row in store.tuples(
            "SELECT id, state, stability, difficulty, due, last_review, reps, lapses, suspended, "
            "buried_until, leech, first_seen FROM cards")}
        stamp = now.timestamp()
        rows: list[BrowseRow] = []
        states = tuple(State)
        when = datetime.fromtimestamp
        for card in library.cards:
            got = stored.get(card.id)
            if got is None:  # not synced yet: new
                got = (card.id, 0, None, None, None, None, 0, 0, 0, 0, 0, to_epoch(now))
            _, state, stability, difficulty, due, last, reps, lapses, suspended, buried, leech, first = got
            recall = interval = None
            if last is not None and stability:
                elapsed = max(0, int((stamp - last) // DAY))
                recall = float((1 + factor * elapsed / stability) ** decay)
                if due is not None:
                    interval = max(0, round((due - last) / DAY))
            rows.append(BrowseRow(
                id=card.id, deck=card.deck, topic=card.qualified,
                front=one_line(card.question_text()), state=states[state],
                due=None if due is None else when(due, UTC),
                interval_days=interval, lapses=lapses, reps=reps, difficulty=difficulty,
                stability=stability, recall=recall, suspended=bool(suspended),
                buried=(buried or 0) > stamp, leech=bool(leech), added=when(first, UTC) if first else now,
            ))
        return cls(rows, library.cards, now, today_start, today_end)

    # ---- searching ------------------------------------------------------------------------------

    def search(self, query: Query | str = "", *, filters: Filters | None = None, sort: str = "due",
               reverse: bool = False, limit: int | None = None) -> list[BrowseRow]:
        """The rows matching the query and the filters, sorted (see SORTS), at most `limit`."""
        parsed = parse_query(query) if isinstance(query, str) else query
        tests = [self._predicate(term) for term in parsed.terms]
        tests.extend(self._filter_predicates(filters))
        indexes: Iterable[int] = range(len(self.rows))
        for test in tests:
            indexes = [i for i in indexes if test(i)]
        found = [self.rows[i] for i in indexes]
        ordered = sort_rows(found, sort, reverse)
        return ordered[:limit] if limit is not None else ordered

    def row(self, card_id: str) -> BrowseRow | None:
        """The row of one card, or None."""
        index = self.by_id.get(card_id)
        return None if index is None else self.rows[index]

    def _predicate(self, term: Term) -> Predicate:
        test = self._positive(term)
        if term.negated:
            return lambda i: not test(i)
        return test

    def _positive(self, term: Term) -> Predicate:
        rows = self.rows
        if term.field == "text":
            texts = self.texts
            pattern = term.pattern()
            if "*" not in term.value:
                needle = term.value.lower()
                return lambda i: needle in texts[i]
            return lambda i: pattern.search(texts[i]) is not None
        if term.field == "deck":
            pattern = term.pattern()
            return lambda i: pattern.match(rows[i].deck.lower()) is not None
        if term.field == "topic":
            pattern = term.pattern()
            return lambda i: (pattern.match(rows[i].topic.lower()) is not None
                              or pattern.match(rows[i].topic.rpartition("/")[2].lower()) is not None)
        if term.field == "tag":
            pattern, tags = term.pattern(), self.tags
            return lambda i: any(pattern.match(tag) for tag in tags[i])
        if term.field == "id":
            pattern = term.pattern()
            return lambda i: pattern.match(rows[i].id.lower()) is not None
        if term.field == "is":
            return self._is(term.value)
        if term.field == "prop":
            return self._prop(term)
        raise QueryError(f"unknown field '{term.field}'", term.position)  # parse_query never makes one

    def _is(self, value: str) -> Predicate:
        rows = self.rows
        if value in STATES:
            state = State[value.capitalize()]
            return lambda i: rows[i].state == state
        if value == "due":
            end = self.today_end
            return lambda i: (rows[i].state != State.New and rows[i].due is not None
                              and (to_epoch(rows[i].due) or 0) < end
                              and not rows[i].suspended and not rows[i].buried)
        return lambda i: bool(getattr(rows[i], value))

    def _prop(self, term: Term) -> Predicate:
        rows, op, number = self.rows, term.op, term.number
        value_of: Callable[[BrowseRow], float | None]
        if term.prop == "due":
            start = self.today_start
            value_of = lambda row: None if row.due is None else (row.due.timestamp() - start) // DAY  # noqa: E731
        elif term.prop == "ivl":
            value_of = lambda row: row.interval_days  # noqa: E731
        else:
            name = term.prop
            value_of = lambda row: getattr(row, name)  # noqa: E731

        def test(i: int) -> bool:
            value = value_of(rows[i])
            return value is not None and compare(value, op, number)

        return test

    def _filter_predicates(self, filters: Filters | None) -> list[Predicate]:
        if filters is None:
            return []
        rows = self.rows
        out: list[Predicate] = []
        if filters.topics is not None:
            chosen = filters.topics
            out.append(lambda i: rows[i].topic in chosen or rows[i].topic.rpartition("/")[2] in chosen)
        if filters.states is not None:
            states = filters.states
            out.append(lambda i: rows[i].state in states)
        for flag in ("suspended", "buried", "leech"):
            if getattr(filters, flag):
                out.append(self._is(flag))
        if filters.due_before is not None:
            before = filters.due_before.timestamp()

            def due_before(i: int) -> bool:
                due = rows[i].due
                return due is not None and due.timestamp() < before

            out.append(due_before)
        return out


def _sort_value(row: BrowseRow, sort: str) -> Any:
    if sort == "retrievability":
        return row.recall
    if sort == "interval":
        return row.interval_days
    if sort == "state":
        return int(row.state)
    if sort == "front":
        return row.front.casefold()
    return getattr(row, sort)


def sort_rows(rows: Sequence[BrowseRow], sort: str = "due", reverse: bool = False) -> list[BrowseRow]:
    """Rows sorted by one of SORTS in its natural direction (flipped by `reverse`); cards without
    a value (a New card's due) come last either way; ties go by id."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    descending = (sort in DESCENDING) != reverse
    by_id = sorted(rows, key=lambda row: row.id)
    known = [row for row in by_id if _sort_value(row, sort) is not None]
    missing = [row for row in by_id if _sort_value(row, sort) is None]
    known.sort(key=lambda row: _sort_value(row, sort), reverse=descending)
    return known + missing
