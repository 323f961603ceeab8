"""The key map: no key that changes study data on one screen moves between screens on another."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from textual.binding import Binding
from textual.screen import Screen

import studycards.tui.screens as screens_package
from studycards.tui.app import StudyApp
from studycards.tui.keymap import action_name, is_destructive, is_navigation


def all_screens() -> list[type[Screen]]:
    for info in pkgutil.iter_modules(screens_package.__path__):
        importlib.import_module(f"{screens_package.__name__}.{info.name}")
    found: list[type[Screen]] = []
    todo = list(Screen.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("studycards."):
            found.append(cls)
    return sorted(set(found), key=lambda c: c.__qualname__)


def bindings(owner: type) -> list[tuple[str, str, str]]:
    """(owner name, key, action) for each key of each binding declared on the class."""
    out = []
    for item in owner.__dict__.get("BINDINGS", []):
        binding = item if isinstance(item, Binding) else Binding(*item)
        out += [(owner.__qualname__, key.strip(), binding.action) for key in binding.key.split(",")]
    return out


EVERY = [b for cls in [StudyApp, *all_screens()] for b in bindings(cls)]


def test_the_walk_finds_the_screens_and_their_keys() -> None:
    names = {owner for owner, _, _ in EVERY}
    assert {"StudyApp", "DashboardScreen", "ReviewScreen", "BrowseScreen", "ExamScreen", "NotesScreen",
            "StatsScreen"} <= names
    assert any(is_destructive(action) for _, _, action in EVERY)
    assert any(is_navigation(action) for _, _, action in EVERY)


@pytest.mark.parametrize(("owner", "key", "action"), [b for b in EVERY if is_destructive(b[2])],
                         ids=lambda v: str(v))
def test_a_destructive_key_is_never_a_navigation_key_elsewhere(owner: str, key: str, action: str) -> None:
    clashes = [(other, other_action) for other, other_key, other_action in EVERY
               if other_key == key and is_navigation(other_action)]
    assert clashes == [], f"{owner}: {key} = {action} but {clashes} navigate with it"


def test_a_navigation_key_means_one_place_wherever_it_is_bound() -> None:
    places: dict[str, set[str]] = {}
    for _, key, action in EVERY:
        if is_navigation(action) and action_name(action).startswith("open_"):
            places.setdefault(key, set()).add(action_name(action))
    assert {key: names for key, names in places.items() if len(names) > 1} == {}


@pytest.mark.parametrize(("action", "destructive", "navigation"), [
    ("suspend", True, False), ("toggle_flag('bury')", True, False), ("screen.submit", True, False),
    ("app.open_stats", False, True), ("back", False, True), ("rate(3)", False, False),
])
def test_actions_are_classified(action: str, destructive: bool, navigation: bool) -> None:
    assert (is_destructive(action), is_navigation(action)) == (destructive, navigation)
