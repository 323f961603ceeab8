"""`studycards export anki` writing to awkward places: full disks, size limits, links, devices."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from tests.conftest import REPO
from tests.export.anki_decks import write_lambda_deck


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Our small deck as the only content, and a folder of its own to write into."""
    monkeypatch.setattr("studycards.locations.shipped_content_dir", lambda: tmp_path / "no-shipped-content")
    monkeypatch.chdir(tmp_path)
    return write_lambda_deck(tmp_path / "decks")


@pytest.fixture
def umask() -> Iterator[None]:
    """Run with umask 027, whatever the test runner's is."""
    old = os.umask(0o027)
    yield
    os.umask(old)


def export(content: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["export", "anki", "--content", str(content), *args])
    return result.exit_code, result.stdout, result.stderr


def one_line_error(code: int, err: str) -> None:
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("Error: ")
    assert "Traceback" not in err


def test_a_full_temporary_folder_is_one_clear_line(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import genanki

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(genanki.Package, "write_to_db", full)
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = export(content, "-o", str(out / "deck.apkg"))
    one_line_error(code, err)
    assert "disk is full" in err and stdout == ""
    assert list(out.iterdir()) == []


def test_a_full_output_folder_leaves_no_partial_file(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = export(content, "-o", str(out / "deck.apkg"))
    one_line_error(code, err)
    assert "No space left on device" in err
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_a_file_size_limit_is_one_clear_line(content: Path, tmp_path: Path) -> None:
    import resource

    out, tmp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    tmp.mkdir()
    limit = 8 * 1024  # smaller than the package's collection: like `ulimit -f 8`

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(REPO)}  # the shipped decks
    proc = subprocess.run(
        [sys.executable, "-c", "import studycards.cli as c; c.main()", "export", "anki", "-o",
         str(out / "deck.apkg")],
        capture_output=True, text=True, env=env, preexec_fn=limited, cwd=tmp_path, timeout=120,
    )
    one_line_error(proc.returncode, proc.stderr)
    assert list(out.iterdir()) == [] and list(tmp.iterdir()) == []


def test_force_through_a_symlink_replaces_the_file_and_keeps_the_link(
    content: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.apkg"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.apkg"
    link.symlink_to(real)
    code, _, err = export(content, "-o", str(link))
    one_line_error(code, err)
    assert "already exists" in err and real.read_bytes() == b"old"
    code, out, err = export(content, "-o", str(link), "--force")
    assert code == 0, err
    assert out.startswith(f"Wrote {link}")
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes()[:2] == b"PK"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the replaced file keeps its mode
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")) == []


@pytest.mark.parametrize("through_link", [False, True])
def test_a_pipe_is_never_replaced(content: Path, tmp_path: Path, through_link: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "to-pipe.apkg"
        target.symlink_to(fifo)
    code, out, err = export(content, "-o", str(target), "--force")
    one_line_error(code, err)
    assert "not a regular file" in err and out == ""
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert target.is_symlink() == through_link


def test_a_missing_folder_is_refused_not_created(content: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "deck.apkg"
    code, _, err = export(content, "-o", str(target))
    one_line_error(code, err)
    assert "does not exist" in err
    assert not (tmp_path / "no").exists()


def test_a_file_as_the_folder_is_refused(content: Path, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    code, _, err = export(content, "-o", str(tmp_path / "plain" / "deck.apkg"), "--force")
    one_line_error(code, err)
    assert (tmp_path / "plain").read_text() == "x"


@pytest.mark.usefixtures("umask")
def test_a_new_file_follows_the_umask(content: Path, tmp_path: Path) -> None:
    code, _, err = export(content, "-o", str(tmp_path / "deck.apkg"))
    assert code == 0, err
    assert stat.S_IMODE((tmp_path / "deck.apkg").stat().st_mode) == 0o640  # 0666 & ~027, not 0600
