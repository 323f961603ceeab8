"""What every studycards screen shares: typed access to the app and its services, and the
worker error policy (`studycards.tui.messages`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from studycards.tui.messages import WorkerPolicy
from studycards.tui.services import Services

if TYPE_CHECKING:
    from studycards.tui.app import StudyApp


class StudyScreen(WorkerPolicy, Screen[None]):
    """A screen of the studycards app; its workers post `Loaded`/`Saved`, errors become `Failed`."""

    @property
    def study(self) -> StudyApp:
        return cast("StudyApp", self.app)

    @property
    def services(self) -> Services:
        return self.study.services
