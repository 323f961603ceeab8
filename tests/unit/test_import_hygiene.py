"""The CLI starts fast and the engine stays free of UI toolkits (checked in fresh interpreters)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("textual", "genanki", "fsrs", "fsrs_rs_python", "markdownify", "bs4", "zstandard", "numpy", "yaml")


def modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_help_imports_no_heavy_package() -> None:
    loaded = modules_after(
        "from studycards.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    assert "studycards.cli" in loaded
    assert not [m for m in HEAVY if m in loaded]


@pytest.mark.parametrize(
    "module",
    [
        "studycards.content.loader",
        "studycards.srs",
        "studycards.quiz",
        "studycards.calc",
        "studycards.export",
        "studycards.imports",
        "studycards.planning",
    ],
)
def test_engine_packages_do_not_import_textual(module: str) -> None:
    loaded = modules_after(
        f"import importlib, pkgutil\nm = importlib.import_module('{module}')\n"
        "for info in pkgutil.walk_packages(getattr(m, '__path__', []), m.__name__ + '.'):\n"
        "    importlib.import_module(info.name)"
    )
    assert module in loaded
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_no_module_is_over_500_lines() -> None:
    """A module does one thing: past 500 lines it is split by concern."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "studycards"
    long = {
        str(path.relative_to(package)): n
        for path in package.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
