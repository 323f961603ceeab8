"""A seeded fuzz of every numeric option of every command, through click's CliRunner.

Whatever is typed, a command either accepts the value (exit 0) or refuses it in one line on
stderr with exit 2: never a traceback, never a raw control character echoed, never a database
written (or even created) for a value it refused.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import string
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from tests.conftest import REPO

SEED = 20260302
FIXED_VALUES = [
    "9" * 400,
    "9" * 4400,
    "1" + "0" * 45,
    "-0",
    "+0",
    "0",
    "1",
    "-1",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "1e3",
    "0x10",
    "1_000",
    "",
    " ",
    "\t",
    " 5 ",
    "١٢٣",  # Arabic-Indic digits
    "１２",  # full-width digits
    "²",
    "½",
    "5\x00",
    "\x1b[31m5",
    "5\n6",
    "\x7f",
    "3M",
    "1.5",
    "-1.5k",
    "9" * 39 + "B",
]
ALPHABET = string.digits * 3 + "-+.,_ eEkKMBmsgGbhd" + "١２²\x00\x01\x1b\n\t\u200b"


def random_values(rng: random.Random, count: int) -> list[str]:
    """Short strings drawn from digits, signs, units, exotic digits and control characters."""
    values = []
    for _ in range(count):
        length = rng.choice([1, 2, 3, 5, 8, 20, 60])
        values.append("".join(rng.choice(ALPHABET) for _ in range(length)))
    return values


VALUES = FIXED_VALUES + random_values(random.Random(SEED), 8)

COST = ["calc", "cost", "--requests", "3M", "--duration-ms", "1s", "--memory-mb", "512"]
CONC = ["calc", "concurrency", "--rps", "100", "--duration-ms", "500ms"]


def with_value(base: list[str], option: str, value: str, extra: tuple[str, ...] = ()) -> list[str]:
    args = list(base)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    return args + list(extra)


CALC_CASES: list[tuple[str, list[str]]] = []
for option, extra in [
    ("--requests", ()),
    ("--duration-ms", ()),
    ("--memory-mb", ()),
    ("--ephemeral-mb", ()),
    ("--provisioned-concurrency", ("--provisioned-hours", "720")),
    ("--provisioned-hours", ("--provisioned-concurrency", "1")),
]:
    CALC_CASES += [(f"cost {option} {v!r}", with_value(COST, option, v, extra)) for v in VALUES]
CONC_OPTIONS = ["--rps", "--duration-ms", "--account-limit", "--reserved", "--other-reserved",
                "--provisioned"]
for option in CONC_OPTIONS:
    CALC_CASES += [(f"concurrency {option} {v!r}", with_value(CONC, option, v)) for v in VALUES]

STUDY_OPTIONS = [
    (["review", "--plain"], "--limit"),
    (["quiz", "--plain"], "--count"),
    (["quiz", "--plain"], "--generated"),
    (["quiz", "--plain"], "--seed"),
]
NUMERIC_SETTINGS = [
    "new_per_day",
    "reviews_per_day",
    "day_starts_at",
    "desired_retention",
    "maximum_interval",
    "leech_threshold",
]


def check(args: list[str], db: Path, stdin: str = "") -> int:
    """Run one command; assert the contract; return the exit code."""
    before = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None
    result = CliRunner().invoke(cli, [*args, "--db", str(db)], input=stdin)
    context = f"{args!r}: exit {result.exit_code}, stderr {result.stderr[:300]!r}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{context}: raised {result.exception!r}") from result.exception
    assert result.exit_code in (0, 2), context
    assert "Traceback" not in result.stderr, context
    assert not any(c in result.stderr for c in "\x00\x01\x1b\x7f"), context
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), context
        assert len(lines[0]) < 400, context
        after = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None
        assert after == before, f"{context}: the database was written"
    return result.exit_code


@pytest.fixture
def small_content(
    write_deck: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Only the two-topic test deck (and the shipped price table), so every command loads quickly."""
    shipped = tmp_path / "shipped"
    shutil.copytree(REPO / "content" / "pricing", shipped / "pricing")
    monkeypatch.setattr("studycards.locations.shipped_content_dir", lambda: shipped)
    return write_deck()


def test_calculators(tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    codes = [check(args, db) for _, args in CALC_CASES]
    assert not db.exists()  # the calculators never open the database
    assert 0 in codes and 2 in codes  # both the accepted and the refused values were exercised
    assert len(codes) >= 400


def test_study_commands(small_content: Path, tmp_path: Path) -> None:
    codes = []
    for i, (base, option) in enumerate(STUDY_OPTIONS):
        for j, value in enumerate(VALUES):
            db = tmp_path / f"study-{i}-{j}.db"
            code = check([*base, "--content", str(small_content), option, value], db, stdin="q\n")
            if code == 2:
                assert not db.exists(), f"{base} {option} {value!r} created the database"
            codes.append(code)
    assert 0 in codes and 2 in codes


def test_numeric_settings(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    existing = tmp_path / "existing.db"
    assert check(["config", "set", "new_per_day", "20"], existing) == 0
    codes = []
    for key in NUMERIC_SETTINGS:
        for value in VALUES:
            codes.append(check(["config", "set", key, value], existing))
            code = check(["config", "set", key, value], fresh)
            if code == 2:
                assert not fresh.exists(), f"config set {key} {value!r} created the database"
            fresh.unlink(missing_ok=True)
    assert 0 in codes and 2 in codes
