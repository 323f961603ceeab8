"""The calculator screen's text fields: what each one reads, with the CLI's unit parsers.

No pricing math here: a field turns what the learner typed into the value the engine takes
(`3M` -> 3000000, `1s` -> 1000 ms, `1GB` -> 1024 MB) using `studycards.calc.units`, exactly as
`studycards calc` does, and says what is wrong when it cannot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from studycards.calc import units


@dataclass(frozen=True, slots=True)
class CalcField:
    """One labelled input; `name` is the engine's field name (as in CalcInputError.field)."""

    name: str
    label: str
    kind: str  # "count" | "rate" | "duration" | "size" | "hours"
    what: str
    default: str
    placeholder: str
    blank: Any = ...  # the value of an empty field; Ellipsis means a value is required


COST_FIELDS: tuple[CalcField, ...] = (
    CalcField("requests", "Requests/month", "count", "requests", "3M", "3M, 1.5k, 30000000"),
    CalcField("duration_ms", "Avg duration", "duration", "duration", "1s", "200ms, 1s, 1.5s"),
    CalcField("memory_mb", "Memory", "size", "memory", "512MB", "128MB-10GB"),
    CalcField(
        "ephemeral_mb", "Ephemeral /tmp", "size", "ephemeral storage", "512MB", "512MB-10GB", blank=512
    ),
    CalcField(
        "provisioned_concurrency", "Provisioned", "count", "provisioned concurrency", "0", "0 = none", blank=0
    ),
    CalcField(
        "provisioned_hours", "Prov. hours", "hours", "provisioned hours", "720", "720, 720h, 30d", blank=0
    ),
)

CONCURRENCY_FIELDS: tuple[CalcField, ...] = (
    CalcField("rps", "Requests/sec", "rate", "rps", "5k", "250, 1.5k"),
    CalcField("duration_ms", "Avg duration", "duration", "duration", "1s", "200ms, 1s"),
    # Blank: the price table's default quota (the screen shows it as the placeholder once read).
    CalcField("account_limit", "Account quota", "count", "account limit", "", "blank = default", blank=None),
    CalcField("reserved", "Reserved", "count", "reserved concurrency", "", "blank = none", blank=None),
    CalcField("other_reserved", "Others reserve", "count", "other reserved", "0", "0", blank=0),
    CalcField("provisioned", "Provisioned", "count", "provisioned", "0", "0 = none", blank=0),
)


def parse_field(field: CalcField, text: str) -> Any:
    """The engine value for what was typed; raises units.UnitError saying what was expected."""
    text = text.strip()
    if not text:
        if field.blank is ...:
            raise units.UnitError(f"{field.what}: enter a value, e.g. {field.default}")
        return field.blank
    return units.parse_value(field.kind, text, field.what, field.name)


def read_fields(
    fields: tuple[CalcField, ...], texts: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse every field: (values by name, error message by name for the fields that failed)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in fields:
        try:
            values[field.name] = parse_field(field, texts.get(field.name, ""))
        except units.UnitError as exc:
            errors[field.name] = str(exc)
    return values, errors
