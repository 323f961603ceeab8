"""Spaced-repetition benchmarks on a synthetic database of 100,000 cards and 1,000,000 review-log rows.

Keys (milliseconds): `open_100k_ms` (open the database for writing, checks included),
`open_ro_100k_ms` (open it read-only, as `stats` and `config get` do), `queue_100k_ms` (build
today's queue), `answer_ms` (schedule and commit one answer and pick the next card; median),
`stats_100k_ms` (`study_stats`), `sync_100k_ms` (sync the 100,000 loaded cards when nothing
changed). The synthetic database is built once and cached under
/tmp, keyed by schema version; `python scripts/bench_srs.py` runs this part alone.
"""

from __future__ import annotations

import inspect
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from benchutil import median_ms  # noqa: E402

from studycards.content.model import Card, Library, Origin, Topic  # noqa: E402
from studycards.srs.migrations import LATEST_VERSION  # noqa: E402

N_CARDS = 100_000
N_LOG = 1_000_000
N_TOPICS = 100
GENERATOR = 4  # bump when the synthetic data changes
NOW = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
CACHE = Path(tempfile.gettempdir()) / f"studycards-bench-srs-v{LATEST_VERSION}-g{GENERATOR}.db"


def synthetic_library() -> Library:
    """100,000 basic cards over 100 topics; every fifth note has two sibling cards."""
    lib = Library()
    lib.topics = {f"t{i:03d}": Topic(slug=f"t{i:03d}", title=f"Topic {i}", domains=("cost",), deck="bench")
                  for i in range(N_TOPICS)}
    origin = Origin(Path("bench.yaml"), 1)
    cards = []
    for i in range(N_CARDS):
        note = i - 1 if i % 10 == 1 else i  # pairs (0,1), (10,11), ... are siblings
        cards.append(Card(id=f"bench.c{i:06d}", note_id=f"bench.n{note:06d}", kind="basic",
                          topic=f"t{i % N_TOPICS:03d}", deck="bench", front=f"Question number {i}?",
                          back=f"Answer {i}.", tags=(), source="", origin=origin))
    lib.cards = cards
    return lib


def build_database(path: Path, lib: Library) -> None:
    """Cards in every state and a year of review history, inserted in bulk."""
    from studycards.srs.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(2025)
    now_s = int(NOW.timestamp())
    day = 86400
    with Store.open(path) as store:
        store.set_setting("timezone", "UTC")
        store.sync_cards(lib.cards, NOW - timedelta(days=400))
        rows = []
        for i in range(N_CARDS):
            roll = rng.random()
            if roll < 0.40:
                continue  # New
            if roll < 0.45:
                state, step, due = rng.choice((1, 3)), 0, now_s + rng.randint(-3600, 3600)
            else:
                state, step, due = 2, None, now_s + rng.randint(-30 * day, 365 * day)
            stability = rng.uniform(0.5, 300)
            last = min(due, now_s) - rng.randint(1, 60) * day
            rows.append((state, step, stability, rng.uniform(1, 10), due, last, rng.randint(1, 30),
                         rng.randint(0, 4), f"bench.c{i:06d}"))
        ids_studied = [r[-1] for r in rows]
        today = NOW.date().toordinal()
        with store.transaction() as conn:
            conn.executemany("UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                             "last_review = ?, reps = ?, lapses = ? WHERE id = ?", rows)
            batch = []
            for n in range(N_LOG):
                age = rng.randint(0, 365) if n >= 500 else 0
                when = now_s - age * day - rng.randint(0, day - 1)
                before = rng.choice((0, 1, 2, 2, 2, 3))
                batch.append((rng.choice(ids_studied), rng.choice((1, 2, 3, 3, 3, 4)), when, today - age,
                              rng.randint(800, 20000), before, rng.uniform(0.5, 100), rng.uniform(1, 10),
                              when, 2, rng.uniform(0.5, 100), rng.uniform(1, 10), when + day))
                if len(batch) == 50_000:
                    _insert_log(conn, batch)
                    batch = []
            _insert_log(conn, batch)
        store.conn.execute("ANALYZE")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _insert_log(conn: object, batch: list[tuple[object, ...]]) -> None:
    conn.executemany(  # type: ignore[attr-defined]
        "INSERT INTO review_log(card_id, rating, reviewed_at, day, duration_ms, state_before, "
        "stability_before, difficulty_before, due_before, state_after, stability_after, difficulty_after, "
        "due_after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)


def measure() -> dict[str, float]:
    from studycards.srs.queue import build_queue
    from studycards.srs.session import ReviewSession
    from studycards.srs.stats import study_stats
    from studycards.srs.store import Store

    lib = synthetic_library()
    if not CACHE.exists():
        started = time.perf_counter()
        build_database(CACHE.with_suffix(".building"), lib)
        CACHE.with_suffix(".building").rename(CACHE)
        print(f"[srs] built {CACHE} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        shutil.copyfile(CACHE, path)
        results = {"open_100k_ms": median_ms(lambda: Store.open(path).close(), repeat=7, warmup=1)}
        if "read_only" in inspect.signature(Store.open).parameters:
            results["open_ro_100k_ms"] = median_ms(lambda: Store.open(path, read_only=True).close(),
                                                   repeat=7, warmup=1)
        with Store.open(path) as store:
            assert store.scalar("SELECT COUNT(*) FROM cards") == N_CARDS
            assert store.scalar("SELECT COUNT(*) FROM review_log") >= N_LOG
            store.rng = random.Random(1)
            store.sync_cards(lib.cards, NOW)
            results |= {
                "queue_100k_ms": median_ms(lambda: build_queue(store, NOW), repeat=15, warmup=2),
                "stats_100k_ms": median_ms(lambda: study_stats(store, lib, NOW), repeat=5, warmup=1),
                "sync_100k_ms": median_ms(lambda: store.sync_cards(lib.cards, NOW), repeat=5, warmup=1),
            }
            session = ReviewSession.start(store, lib, NOW, rng=random.Random(7), sync=False)
            samples = []
            now = NOW
            for i in range(60):
                if session.current is None:
                    break
                now += timedelta(seconds=5)
                started = time.perf_counter()
                session.answer((1, 3, 3, 4)[i % 4], now, duration_ms=4000)
                samples.append((time.perf_counter() - started) * 1000)
            results["answer_ms"] = round(statistics.median(samples[5:]), 2)
    return results


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key:16} {value:10.2f}")
