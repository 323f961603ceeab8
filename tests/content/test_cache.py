"""The content cache: a warm load equals a cold one, and anything stale or broken is rebuilt."""

from __future__ import annotations

import marshal
import os
import shutil
import stat
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from studycards.content import cache
from studycards.content.loader import ContentError, load_library
from studycards.content.model import Library
from studycards.context import AppContext
from studycards.locations import shipped_content_dir

EXTRA_TOPIC = """
topic: beta
cards:
  - id: mini.beta.basic
    front: What is beta?
    back: The second letter.
"""


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """Every load from the files (a cache miss) is recorded; files count as settled at once."""
    calls: list[list[Path]] = []

    def spy(roots):  # type: ignore[no-untyped-def]
        calls.append(list(roots))
        return load_library(roots)

    monkeypatch.setattr(cache, "load_library", spy)
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)
    return calls


def cache_files(data_dir: Path) -> list[Path]:
    folder = data_dir / "cache"
    return sorted(p for p in folder.iterdir() if p.suffix == cache.CACHE_SUFFIX) if folder.is_dir() else []


def backdate(path: Path, seconds: int = 5) -> None:
    """Move a rewritten file's mtime back (a new mtime even within one timestamp tick)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def summary(library: Library) -> tuple[object, ...]:
    return (
        [c.id for c in library.cards],
        [q.id for q in library.questions],
        [n.id for n in library.notes],
        list(library.topics),
        [d.id for d in library.decks],
        library.exam,
    )


def test_warm_load_equals_cold_load_on_the_shipped_decks(loads, isolated_data_dir: Path) -> None:
    roots = [shipped_content_dir()]
    cold = cache.load_cached(roots)
    assert len(loads) == 1 and len(cache_files(isolated_data_dir)) == 1
    warm = cache.load_cached(roots)
    assert len(loads) == 1  # served from the cache
    assert warm is not cold
    assert summary(warm) == summary(cold)
    assert warm.exam is not None and warm.exam.tasks == cold.exam.tasks  # type: ignore[union-attr]
    assert warm.cards == cold.cards and warm.questions == cold.questions and warm.notes == cold.notes
    assert warm.decks == cold.decks and warm.topics == cold.topics and warm == cold
    assert warm.card(cold.cards[5].id) == cold.cards[5]


def test_warm_load_equals_cold_load_on_a_mini_deck(loads, write_deck) -> None:
    roots = [write_deck()]
    cold = cache.load_cached(roots)
    warm = cache.load_cached(roots)
    assert len(loads) == 1
    assert warm == cold == load_library(roots).library
    assert {c.kind for c in warm.cards} == {"basic", "cloze", "table"}
    assert isinstance(warm.cards[0].origin.path, Path) and isinstance(warm.decks[0].path, Path)


def test_a_changed_file_rebuilds(loads, write_deck) -> None:
    root = write_deck()
    cache.load_cached([root])
    topic = root / "mini" / "alpha.yaml"
    topic.write_text(topic.read_text().replace("What is alpha?", "What is alpha now?"))
    backdate(topic)
    library = cache.load_cached([root])
    assert len(loads) == 2
    assert any(c.front == "What is alpha now?" for c in library.cards)
    cache.load_cached([root])
    assert len(loads) == 2  # and cached again


def test_a_change_keeping_the_size_rebuilds_on_the_mtime(loads, write_deck) -> None:
    root = write_deck()
    cache.load_cached([root])
    topic = root / "mini" / "alpha.yaml"
    topic.write_text(topic.read_text().replace("What is alpha?", "What is ALPHA?"))
    backdate(topic)
    assert any(c.front == "What is ALPHA?" for c in cache.load_cached([root]).cards)
    assert len(loads) == 2


def test_an_added_file_rebuilds(loads, write_deck) -> None:
    root = write_deck()
    before = cache.load_cached([root])
    (root / "mini" / "beta.yaml").write_text(EXTRA_TOPIC.lstrip())
    after = cache.load_cached([root])
    assert len(loads) == 2
    assert "mini.beta.basic" in [c.id for c in after.cards]
    assert len(after.cards) == len(before.cards) + 1


def test_a_removed_file_rebuilds(loads, write_deck) -> None:
    root = write_deck()
    (root / "mini" / "beta.yaml").write_text(EXTRA_TOPIC.lstrip())
    assert "mini.beta.basic" in [c.id for c in cache.load_cached([root]).cards]
    (root / "mini" / "beta.yaml").unlink()
    after = cache.load_cached([root])
    assert len(loads) == 2
    assert "mini.beta.basic" not in [c.id for c in after.cards]


def test_a_new_deck_folder_rebuilds(loads, write_deck, tmp_path: Path) -> None:
    root = write_deck()
    cache.load_cached([root])
    shutil.copytree(root / "mini", tmp_path / "moved")
    shutil.rmtree(root / "mini")
    shutil.copytree(tmp_path / "moved", root / "nested" / "mini")
    library = cache.load_cached([root])
    assert len(loads) == 2
    assert library.decks[0].path == root / "nested" / "mini"


def test_a_changed_exam_guide_rebuilds(loads, write_deck) -> None:
    root = write_deck()
    guide = root / "exam" / "saa-c03.yaml"
    guide.parent.mkdir()
    shutil.copy(shipped_content_dir() / "exam" / "saa-c03.yaml", guide)
    first = cache.load_cached([root])
    assert first.exam is not None
    guide.write_text(guide.read_text().replace("passing_score: 720", "passing_score: 750"))
    backdate(guide)
    second = cache.load_cached([root])
    assert len(loads) == 2
    assert second.exam is not None and second.exam.format.passing_score == 750


def test_other_roots_get_their_own_cache_file(loads, write_deck, isolated_data_dir: Path) -> None:
    root = write_deck()
    cache.load_cached([root])
    cache.load_cached([shipped_content_dir(), root])
    cache.load_cached([root])
    cache.load_cached([shipped_content_dir(), root])
    assert len(loads) == 2
    assert len(cache_files(isolated_data_dir)) == 2


def _rewrite_body(path: Path, body: bytes) -> None:
    """Keep the header's key but put another body (with a matching length and CRC) behind it."""
    blob = path.read_bytes()
    key_end = len(cache.MAGIC) + cache.DIGEST_SIZE
    path.write_bytes(blob[:key_end] + cache._BODY.pack(len(body), zlib.crc32(body)) + body)


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "empty": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_bytes(os.urandom(4096)),
    "flipped byte": lambda p: p.write_bytes(p.read_bytes()[:-10] + b"\x00" + p.read_bytes()[-9:]),
    "not marshal": lambda p: _rewrite_body(p, b"\xff\x00 not marshal at all"),
    "wrong shape": lambda p: _rewrite_body(p, marshal.dumps((cache.FORMAT_VERSION, (), (1, 2)))),
    "old format": lambda p: _rewrite_body(p, marshal.dumps((0, (), ()))),
    "a directory": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.mark.parametrize("corrupt", list(CORRUPTIONS), ids=list(CORRUPTIONS))
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(
    corrupt: str, loads, write_deck, isolated_data_dir: Path
) -> None:
    roots = [write_deck()]
    cold = cache.load_cached(roots)
    [path] = cache_files(isolated_data_dir)
    CORRUPTIONS[corrupt](path)
    assert cache.load_cached(roots) == cold
    assert len(loads) == 2
    if corrupt != "a directory":
        assert cache.load_cached(roots) == cold
        assert len(loads) == 2  # the rebuilt file is good again


@pytest.mark.parametrize("what", ["__version__", "FORMAT_VERSION"])
def test_a_version_change_rebuilds(what: str, loads, write_deck, monkeypatch: pytest.MonkeyPatch) -> None:
    roots = [write_deck()]
    cache.load_cached(roots)
    cache.load_cached(roots)
    assert len(loads) == 1
    value = getattr(cache, what)
    monkeypatch.setattr(cache, what, value + ("9" if isinstance(value, str) else 1))
    cache.load_cached(roots)
    assert len(loads) == 2


def test_content_with_problems_is_never_cached(loads, write_deck, isolated_data_dir: Path) -> None:
    files = {"mini/deck.yaml": "deck: mini\ntitle: Mini\ntopics: []\n", "mini/a.yaml": "topic: nope\n"}
    root = write_deck(files)
    for _ in range(2):
        with pytest.raises(ContentError):
            cache.load_cached([root])
    assert len(loads) == 2
    assert cache_files(isolated_data_dir) == []


def test_a_just_written_file_is_not_cached_yet(write_deck, isolated_data_dir: Path) -> None:
    root = write_deck()  # mtime now: a rewrite within the same tick could keep it
    cache.load_cached([root])
    assert cache_files(isolated_data_dir) == []
    old = time.time_ns() - 60 * 1_000_000_000
    for file in root.rglob("*.yaml"):
        os.utime(file, ns=(old, old))
    cache.load_cached([root])
    assert len(cache_files(isolated_data_dir)) == 1


def test_no_cache_environment_turns_it_off(
    loads, write_deck, isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYCARDS_NO_CACHE", "1")
    roots = [write_deck()]
    cache.load_cached(roots)
    cache.load_cached(roots)
    assert len(loads) == 2
    assert not (isolated_data_dir / "cache").exists()


def test_the_app_context_loads_through_the_cache(loads, write_deck, isolated_data_dir: Path) -> None:
    root = write_deck()
    first = AppContext(content_option=root).library()
    second = AppContext(content_option=root).library()
    assert len(loads) == 1 and second == first
    assert len(cache_files(isolated_data_dir)) == 1


def test_content_check_never_reads_or_writes_the_cache(
    loads, write_deck, isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_deck()
    cache.load_cached([shipped_content_dir(), root])  # a good cache for exactly these roots

    def refuse(*_args: object) -> None:
        raise AssertionError("content check used the cache")

    monkeypatch.setattr(cache, "read_cache", refuse)
    monkeypatch.setattr(cache, "write_cache", refuse)
    result = CliRunner().invoke(cli, ["--content", str(root), "content", "check"])
    assert result.exit_code == 0, result.output
    # a broken file is reported even though a cache for these roots exists
    (root / "mini" / "alpha.yaml").write_text("topic: alpha\ncards:\n  - {id: a.one, front: Q?}\n")
    result = CliRunner().invoke(cli, ["content", "check", "--path", str(root)])
    assert result.exit_code == 1


def test_a_data_dir_that_cannot_hold_a_folder_runs_without_cache(
    loads, write_deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("STUDYCARDS_DATA_DIR", str(blocker / "data"))
    roots = [write_deck()]
    assert cache.load_cached(roots) == cache.load_cached(roots) == load_library(roots).library
    assert len(loads) == 2


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_data_dir_runs_without_cache(loads, write_deck, isolated_data_dir: Path) -> None:
    roots = [write_deck()]
    isolated_data_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert cache.load_cached(roots) == load_library(roots).library
        result = CliRunner().invoke(cli, ["--content", str(roots[0]), "topics"])
        assert result.exit_code == 0, result.output
    finally:
        isolated_data_dir.chmod(stat.S_IRWXU)
    assert not (isolated_data_dir / "cache").exists()


def test_a_read_only_cache_file_is_still_read(loads, write_deck, isolated_data_dir: Path) -> None:
    roots = [write_deck()]
    cache.load_cached(roots)
    (isolated_data_dir / "cache").chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        cache.load_cached(roots)
    finally:
        (isolated_data_dir / "cache").chmod(stat.S_IRWXU)
    assert len(loads) == 1
