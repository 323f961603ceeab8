"""What every studycards screen shares: typed access to the app and its services, and the
worker error policy (`studycards.tui.messages`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, cast

from textual.screen import Screen

from studycards.tui.messages import WorkerPolicy
from studycards.tui.services import Services


class StudyAppApi(Protocol):
    """What screens ask of the app (the app module imports the screens, never the reverse)."""

    services: Services

    def action_open_review(
        self,
        topic: str | None = None,
        topics: Iterable[str] | None = None,
        limit: int | None = None,
        decks: Iterable[str] | None = None,
    ) -> None: ...

    def action_open_notes(self, topic: str | None = None) -> None: ...

    def open_quiz_with(
        self,
        questions: list[Any] | None = None,
        mode: str = "practice",
        seed: int | None = None,
        resume: tuple[str, Any] | None = None,
        *,
        replace: bool = False,
    ) -> None: ...


class StudyScreen(WorkerPolicy, Screen[None]):
    """A screen of the studycards app; its workers post `Loaded`/`Saved`, errors become `Failed`."""

    @property
    def study(self) -> StudyAppApi:
        return cast(StudyAppApi, self.app)

    @property
    def services(self) -> Services:
        return self.study.services
