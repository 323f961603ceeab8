"""A tampered content cache is read as data or not at all: never run, never a hang, never a crash."""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path

import pytest

from studycards.content import cache
from studycards.content.loader import load_library


@pytest.fixture
def cached(write_deck, monkeypatch: pytest.MonkeyPatch, isolated_data_dir: Path) -> tuple[list[Path], Path]:
    """Roots with a good cache file written for them, and that file."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)
    roots = [write_deck()]
    cache.load_cached(roots)
    [path] = (isolated_data_dir / "cache").glob(f"*{cache.CACHE_SUFFIX}")
    return roots, path


def _forge(path: Path, body: bytes) -> None:
    """The right key, length and CRC in front of a body of our choosing."""
    key_end = len(cache.MAGIC) + cache.DIGEST_SIZE
    head = path.read_bytes()[:key_end]
    path.write_bytes(head + cache._BODY.pack(len(body), zlib.crc32(body)) + body)


def _code_body() -> bytes:
    code = compile("open(__import__('os').environ['MARK'], 'w').write('ran')", "<x>", "exec")
    return marshal.dumps((cache.FORMAT_VERSION, (), code))


BODIES = {
    "a code object": _code_body(),
    "deep nesting": b"(\x01\x00\x00\x00" * 100_000 + b"N",
    "huge length": b"(\xff\xff\xff\x7f",
    "a library of wrong types": marshal.dumps(
        (cache.FORMAT_VERSION, ("/x",), ([1], {"t": (1,)}, [], [(None,) * 14], [], None))
    ),
    "path index out of range": marshal.dumps(
        (cache.FORMAT_VERSION, (), ([("d", "D", "", 7, ())], {}, [], [], [], None))
    ),
}


@pytest.mark.parametrize("name", list(BODIES), ids=list(BODIES))
def test_a_forged_body_is_rebuilt_from_the_files(
    name: str, cached: tuple[list[Path], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    roots, path = cached
    mark = tmp_path / "mark"
    monkeypatch.setenv("MARK", str(mark))
    _forge(path, BODIES[name])
    assert cache.load_cached(roots) == load_library(roots).library
    assert not mark.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_place_of_the_cache_file_does_not_block(cached: tuple[list[Path], Path]) -> None:
    roots, path = cached
    path.unlink()
    os.mkfifo(path)
    assert cache.load_cached(roots) == load_library(roots).library  # rebuilt beside it (replaced)


def test_a_symlink_to_an_endless_device_is_not_read(cached: tuple[list[Path], Path]) -> None:
    roots, path = cached
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    path.unlink()
    path.symlink_to("/dev/zero")
    assert cache.load_cached(roots) == load_library(roots).library
