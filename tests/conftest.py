"""Shared fixtures: every test runs with its own data folder and no leaked environment."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings

from studycards.context import AppContext

# Property tests explore the same examples on every run: a red build always reproduces.
settings.register_profile("studycards", derandomize=True, deadline=None)
settings.load_profile("studycards")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data folder at a temporary one so tests never touch the learner's."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("STUDYCARDS_DATA_DIR", str(data))
    monkeypatch.delenv("STUDYCARDS_DB", raising=False)
    monkeypatch.delenv("STUDYCARDS_CONTENT", raising=False)
    return data


@pytest.fixture
def context_at() -> Callable[[datetime], AppContext]:
    """A fresh AppContext whose clock stands still at `now`: pass it to CliRunner as `obj=`
    (global options still fill in its database and content)."""

    def make(now: datetime) -> AppContext:
        return AppContext(clock=lambda: now)

    return make


MINI_MANIFEST = """
deck: mini
title: Mini deck
topics:
  - slug: alpha
    title: Alpha things
    domains: [secure]
    tasks: ["1.1"]
  - slug: beta
    title: Beta things
    domains: [cost, resilient]
    tasks: ["4.1", "2.1"]
"""

MINI_TOPIC = """
topic: alpha
notes:
  - id: mini.alpha.note
    title: Alpha
    summary: Alpha **matters**.
    key_facts: [One fact.]
    tables:
      - id: mini.alpha.table
        title: Pairs
        columns: [Name, Meaning]
        rows:
          - [First, The first one]
          - [Second, The second one]
    sources: [https://example.com/alpha]
cards:
  - id: mini.alpha.basic
    front: What is alpha?
    back: The first letter.
    reverse: true
  - id: mini.alpha.cloze
    cloze: "{{c1::Alpha}} comes before {{c2::beta}}."
  - id: mini.alpha.rows
    from_table: mini.alpha.table
    front: "Which name means: {Meaning}?"
    back: "{Name}"
questions:
  - id: mini.alpha.q.one
    stem: Which letter is first?
    domain: secure
    difficulty: easy
    tasks: ["1.1"]
    options:
      - {text: Alpha, correct: true, why: It is first.}
      - {text: Beta, why: Second.}
      - {text: Gamma, why: Third.}
      - {text: Delta, why: Fourth.}
    sources: [https://example.com/q]
  - id: mini.alpha.q.two
    stem: Which two are vowels at the start?
    choose: 2
    domain: cost
    difficulty: hard
    tasks: ["4.1", "4.4"]
    options:
      - {text: Alpha, correct: true, why: Starts with A.}
      - {text: Echo, correct: true, why: Starts with E.}
      - {text: Bravo, why: Starts with B.}
      - {text: Delta, why: Starts with D.}
    sources: [https://example.com/q]
"""


@pytest.fixture
def write_deck(tmp_path: Path) -> Callable[..., Path]:
    """Write a deck folder from {relative name: YAML text}; returns the content root."""

    def write(files: dict[str, str] | None = None, root_name: str = "decks") -> Path:
        root = tmp_path / root_name
        files = (
            files if files is not None else {"mini/deck.yaml": MINI_MANIFEST, "mini/alpha.yaml": MINI_TOPIC}
        )
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return write


@pytest.fixture
def run_import(isolated_data_dir: Path) -> Callable[..., tuple[int, Any, str]]:
    """Run `studycards import ...`; the JSON report (with --json) or the text, and stderr."""

    from studycards.cli import cli

    def run(*args: str) -> tuple[int, Any, str]:
        result = CliRunner().invoke(cli, ["import", *args])
        out: Any = result.stdout
        if "--json" in args and result.exit_code == 0:
            out = json.loads(result.stdout)
        return result.exit_code, out, result.stderr

    return run


@pytest.fixture
def decks_dir(isolated_data_dir: Path) -> Path:
    return isolated_data_dir / "decks"
