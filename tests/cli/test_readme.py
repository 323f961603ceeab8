"""The README's examples run: every `$ studycards ...` line in a console block."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK_RE = re.compile(r"```console\n(.*?)```", re.DOTALL)


def readme_commands() -> list[str]:
    commands = []
    for block in BLOCK_RE.findall(README.read_text(encoding="utf-8")):
        commands += [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    return commands


def test_readme_has_examples() -> None:
    assert len(readme_commands()) >= 8


@pytest.mark.parametrize("command", readme_commands())
def test_readme_example_runs(command: str, tmp_path: Path) -> None:
    env_db = tmp_path / "readme.db"
    shell = command.replace("studycards", f"{shlex.quote(sys.executable)} -m studycards --db {env_db}", 1)
    if "|" in command:
        left, right = command.split("|", 1)
        right = right.replace("studycards", f"{shlex.quote(sys.executable)} -m studycards --db {env_db}", 1)
        shell = f"{left}|{right}"
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    expected = 2 if "concurency" in command else 0
    assert result.returncode == expected, result.stderr
    if expected == 0:
        assert result.stdout.strip(), "an example should print something"
    else:
        assert "Did you mean 'concurrency'?" in result.stderr
