"""Reliability with real processes: SIGKILL mid-session loses nothing committed; two reviewers at once."""

from __future__ import annotations

import os
import queue
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
PROMPT = "(Enter: show answer)"


class Reviewer:
    """`studycards review --plain` in a subprocess, read line by line with timeouts."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "studycards", "review", "--plain", "--topic", "concurrency",
             "--db", str(db)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        while True:
            line = self.lines.get(timeout=timeout)
            if line is None:
                raise AssertionError(f"reviewer ended before printing {text!r}")
            if text in line:
                return

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text)
        self.proc.stdin.flush()


def count_reviews(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0])
    finally:
        conn.close()


def test_sigkill_mid_session_loses_no_committed_answer(tmp_path: Path) -> None:
    db = tmp_path / "study.db"
    reviewer = Reviewer(db)
    try:
        reviewer.wait_for(PROMPT)
        for _ in range(5):
            reviewer.send("\n3\n")
            reviewer.wait_for(PROMPT)  # the next card shows only after the answer was committed
        reviewer.send("\n1\n")  # one more in flight when the process dies
        reviewer.proc.send_signal(signal.SIGKILL)
        reviewer.proc.wait(timeout=30)
    finally:
        if reviewer.proc.poll() is None:
            reviewer.proc.kill()
    assert reviewer.proc.returncode == -signal.SIGKILL
    assert count_reviews(db) in (5, 6)


def test_end_of_input_keeps_every_answer(tmp_path: Path) -> None:
    db = tmp_path / "study.db"
    out = subprocess.run(
        [sys.executable, "-m", "studycards", "review", "--plain", "--db", str(db)],
        input="\n3\n\n4\n\n1\n", capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "Input ended: 3 answers saved." in out.stdout
    assert count_reviews(db) == 3


def test_two_reviewers_on_the_same_database_at_once(tmp_path: Path) -> None:
    db = tmp_path / "study.db"
    script = "\n3\n" * 12 + "q\n"
    procs = [
        subprocess.Popen([sys.executable, "-m", "studycards", "review", "--plain", "--db", str(db)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [p.communicate(script, timeout=120) for p in procs]
    saved = 0
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and "busy" not in err
        found = re.search(r"Stopped: (\d+) answers? saved\.", out)
        assert found is not None, out
        skipped = out.count("answered in another session")
        assert int(found[1]) + skipped == 12  # every answer was saved, or skipped as already answered
        saved += int(found[1])
    assert count_reviews(db) == saved
    conn = sqlite3.connect(db)
    twice = conn.execute("SELECT card_id, state_before, due_before, COUNT(*) FROM review_log "
                         "GROUP BY card_id, state_before, due_before HAVING COUNT(*) > 1").fetchall()
    conn.close()
    assert twice == []  # no card answered twice from the same state


def test_two_processes_hammering_answers_concurrently(tmp_path: Path) -> None:
    db = tmp_path / "study.db"
    code = """
import random, sys
from datetime import UTC, datetime, timedelta
from studycards.srs.store import Store
from studycards.srs.scheduler import SrsScheduler
from studycards.content.model import Card, Origin
from pathlib import Path
cards = [Card(id=f"c{i}", note_id=f"c{i}", kind="basic", topic="t", deck="d", front="f", back="b", tags=(),
              source="", origin=Origin(Path("x"), 1)) for i in range(50)]
store = Store.open(sys.argv[1])
now = datetime(2025, 3, 3, 9, tzinfo=UTC)
store.sync_cards(cards, now)
sched = SrsScheduler(store.settings(), random.Random(int(sys.argv[2])))
rng = random.Random(int(sys.argv[2]))
for i in range(150):
    store.review(f"c{rng.randrange(50)}", rng.randint(1, 4), now + timedelta(seconds=i), scheduler=sched)
    if i % 10 == 0:
        store.rows("SELECT COUNT(*) FROM review_log")
store.close()
print("ok")
"""
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), str(seed)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for seed in (1, 2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert count_reviews(db) == 300
