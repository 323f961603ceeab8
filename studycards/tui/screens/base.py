"""What every studycards screen shares: typed access to the app and its services."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from studycards.tui.services import Services

if TYPE_CHECKING:
    from studycards.tui.app import StudyApp


class StudyScreen(Screen[None]):
    """A screen of the studycards app."""

    @property
    def study(self) -> StudyApp:
        return cast("StudyApp", self.app)

    @property
    def services(self) -> Services:
        return self.study.services
