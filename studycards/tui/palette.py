"""The command palette's commands: every screen and action, found by its title or by what it does.

Textual's own provider matches titles only; here a query also finds a command whose description
holds every word typed ("exam" finds "Start a quiz"), ranked below title matches. The current
screen's keys are commands too ("Review: Suspend"), so the palette is a searchable key map.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

DESCRIPTION_SCORE = 0.5  # a description match ranks below any decent title match


def screen_commands(screen: Screen[Any]) -> Iterable[SystemCommand]:
    """The keys of `screen` itself (not the app's), as commands titled `Screen: what it does`."""
    title = (screen.sub_title or type(screen).__name__.removesuffix("Screen")).split(" · ")[0].strip()
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if (binding.id is None or binding.id.startswith("app.") or not binding.description
                or binding.description in seen or not active.enabled):
            continue
        seen.add(binding.description)
        key = screen.app.get_key_display(binding)
        yield SystemCommand(f"{title}: {binding.description}", f"Key {key} on this screen",
                            partial(screen.app.run_action, binding.action, active.node), discover=False)


def _words_in(query: str, text: str) -> bool:
    words = query.lower().split()
    lowered = text.lower()
    return bool(words) and all(word in lowered for word in words)


class StudyCommands(Provider):
    """Screens and actions of the app, searched by title and by description."""

    def _commands(self) -> list[SystemCommand]:
        return list(self.app.get_system_commands(self.screen))

    async def discover(self) -> Hits:
        for command in sorted(self._commands(), key=lambda c: c.title):
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.callback, help=command.help)
            elif _words_in(query, command.help):
                yield Hit(DESCRIPTION_SCORE, command.title, command.callback, help=command.help)
