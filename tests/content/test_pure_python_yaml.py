"""Every shipped content file must read the same with PyYAML's pure-Python SafeLoader.

The app reads YAML through libyaml's parser. Editors, linters and other tools often use the
pure-Python parser, which is stricter in places (for example an unquoted `?` inside a flow
list), so a file that only libyaml accepts is a file other tools cannot read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from studycards.content.yamlread import read_yaml_text
from studycards.locations import shipped_content_dir

CONTENT_FILES = sorted(
    p for p in shipped_content_dir().rglob("*") if p.is_file() and p.suffix in {".yaml", ".yml"}
)


def test_there_are_content_files() -> None:
    assert len(CONTENT_FILES) >= 10, CONTENT_FILES


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(shipped_content_dir())))
def test_file_loads_with_the_pure_python_safe_loader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        pure = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        pytest.fail(f"{path}: PyYAML's pure-Python SafeLoader cannot read it:\n{exc}")
    assert pure == read_yaml_text(text).data, f"{path}: the two loaders disagree on its content"
