"""The one error the calculators raise for inputs outside Lambda's limits."""

from __future__ import annotations


class CalcInputError(ValueError):
    """An input Lambda would not accept; `field` names the input, the message names the limit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
