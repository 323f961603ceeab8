"""Errors the CLI turns into one clear line and an exit code (no traceback)."""

from __future__ import annotations


class StudycardsError(Exception):
    """A problem the learner can act on; `exit_code` 2 means bad input or usage."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
