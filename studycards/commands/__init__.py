"""The CLI's commands, one module per area.

Each module lists its click commands in `COMMANDS`; it imports only click at module level and
its engine inside the command, so building the CLI stays cheap.
"""

from __future__ import annotations

import importlib
import pkgutil

import click


def register_all(group: click.Group) -> None:
    """Add the commands of every module in this package to the top-level group."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            group.add_command(command)
