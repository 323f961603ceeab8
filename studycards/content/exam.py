"""The exam guide as data: format, content domains with their weights, and task statements."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TaskStatement:
    """One task statement of the exam guide ("1.1 Design secure access to AWS resources")."""

    id: str
    title: str
    summary: str
    domain: str
    services: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExamDomain:
    """A content domain: its weight in percent of the scored questions, and its task statements."""

    id: str
    number: int
    title: str
    weight: int
    tasks: tuple[TaskStatement, ...]


@dataclass(frozen=True, slots=True)
class ExamFormat:
    """How the exam is run and scored."""

    questions: int
    scored: int
    unscored: int
    minutes: int
    score_min: int
    score_max: int
    passing_score: int


@dataclass(frozen=True, slots=True)
class ExamGuide:
    """The whole guide: `tasks` maps a task id ("3.2") to its statement, in guide order."""

    id: str
    title: str
    source: str
    format: ExamFormat
    domains: tuple[ExamDomain, ...]

    @property
    def tasks(self) -> dict[str, TaskStatement]:
        """Every task statement by id, in the guide's order."""
        return {t.id: t for d in self.domains for t in d.tasks}

    def domain(self, domain_id: str) -> ExamDomain | None:
        """The domain with this id, if the guide has it."""
        return next((d for d in self.domains if d.id == domain_id), None)
