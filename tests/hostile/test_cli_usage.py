"""Usage mistakes: a group without its command, missing files and folders given as options."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli

COST = ["calc", "cost", "--requests", "1M", "--duration-ms", "1s", "--memory-mb", "512"]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("group", "commands"),
    [("calc", "concurrency, cost"), ("config", "get, reset, set"), ("export", "anki")],
)
def test_a_group_without_its_command_is_one_line(group: str, commands: str) -> None:
    code, out, err = run(group)
    assert code == 2
    assert out == ""
    assert err == (
        f"Error: missing command: choose one of {commands} (see 'cli {group} --help')\n"
    )


def test_a_missing_price_table_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run(*COST, "--prices", str(tmp_path / "nope.yaml"))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "does not exist" in err and "--prices" in err


@pytest.mark.parametrize("kind", ["missing", "file"])
@pytest.mark.parametrize("where", ["before", "after", "env"])
def test_a_content_folder_that_is_not_one_is_refused(tmp_path: Path, kind: str, where: str) -> None:
    folder = tmp_path / "nope"
    if kind == "file":
        folder.write_text("not a folder")
    db = tmp_path / "study.db"
    if where == "before":
        code, out, err = run("--content", str(folder), "topics", "--db", str(db))
    elif where == "after":
        code, out, err = run("topics", "--content", str(folder), "--db", str(db))
    else:
        code, out, err = run("topics", "--db", str(db), env={"STUDYCARDS_CONTENT": str(folder)})
    assert code == 2, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "'--content'" in err
    assert not db.exists()
