"""Time zones the system cannot read: a folder of zones, a name too long for a file, a bad TZ."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from studycards.srs import day


@pytest.fixture(autouse=True)
def unreadable_zones(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """ZoneInfo as it behaves with the `tzdata` package installed: opening a folder or a name too
    long for the file system raises OSError, not ZoneInfoNotFoundError."""

    def zone(key: str) -> ZoneInfo:
        if key == "Europe":
            raise IsADirectoryError(errno.EISDIR, "Is a directory", key)
        if len(key) > 255:
            raise OSError(errno.ENAMETOOLONG, "File name too long", key)
        return ZoneInfo(key)

    monkeypatch.setattr(day, "ZoneInfo", zone)
    day._system_timezone.cache_clear()
    yield
    day._system_timezone.cache_clear()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["Europe", "a" * 300, "Europe/" + "x" * 300])
def test_config_set_refuses_an_unreadable_zone(name: str, tmp_path: Path) -> None:
    db = tmp_path / "study.db"
    code, out, err = run("config", "set", "timezone", name, "--db", str(db))
    assert code == 2, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "unknown time zone" in err and "Europe/Berlin" in err
    assert name[:45] not in err or len(name) <= 40  # at most ~40 characters echoed
    assert not db.exists()


def test_a_good_zone_is_still_accepted(tmp_path: Path) -> None:
    code, out, err = run("config", "set", "timezone", "Europe/Berlin", "--db", str(tmp_path / "s.db"))
    assert code == 0, err
    assert out.strip() == "timezone = Europe/Berlin"


@pytest.mark.parametrize("tz", ["Europe", "a" * 300, "Not/AZone", "Bad\x01Zone"])
def test_a_bad_tz_variable_falls_back_to_utc_with_one_warning(
    tz: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", tz)
    code, out, err = run("stats", "--db", str(tmp_path / "s.db"))
    assert code == 0, err
    assert "Cards:" in out or out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Warning: TZ=") and lines[0].endswith("using UTC")
    assert "\x01" not in err and len(lines[0]) < 120
    assert day.resolve_timezone("") is day.UTC
