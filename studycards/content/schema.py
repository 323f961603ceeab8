"""The content format as JSON Schema, and a small validator for the subset it uses.

The same schema serves two readers: `studycards content schema` prints it for editors
(yaml-language-server), and `validate` checks loaded files against it, reporting every
problem with its field path so the loader can attach the line.
"""

from __future__ import annotations

from typing import Any

from studycards.content.model import DIFFICULTIES, DOMAINS

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*[a-z0-9]$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
TASK_PATTERN = r"^[1-9]\.[1-9]$"

_text = {"type": "string", "minLength": 1, "x-nonblank": True}
_id = {
    "type": "string",
    "pattern": ID_PATTERN,
    "description": "stable id, e.g. lambda.concurrency.reserved-zero",
}
_url = {"type": "string", "pattern": r"^https?://\S+$", "description": "an http(s) link"}
_text_list = {"type": "array", "items": _text}
_url_list = {"type": "array", "items": _url, "minItems": 1}
_tags = {"type": "array", "items": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9:_-]*$"}}

TOPIC = {
    "type": "object",
    "additionalProperties": False,
    "required": ["slug", "title", "domains", "tasks"],
    "properties": {
        "slug": {"type": "string", "pattern": SLUG_PATTERN, "description": "used by --topic"},
        "title": _text,
        "summary": {"type": "string"},
        "domains": {
            "type": "array",
            "minItems": 1,
            "items": {"enum": list(DOMAINS)},
            "description": "SAA-C03 domains this topic serves",
        },
        "tasks": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": TASK_PATTERN},
            "description": "exam-guide task statements this topic serves, e.g. [\"3.2\", \"2.1\"]",
        },
    },
}

MANIFEST = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "studycards deck manifest (deck.yaml)",
    "type": "object",
    "additionalProperties": False,
    "required": ["deck", "title", "topics"],
    "properties": {
        "deck": {"type": "string", "pattern": SLUG_PATTERN, "description": "deck id"},
        "title": _text,
        "short": {**_text, "description": "short name in Anki deck names (default: the title)"},
        "description": {"type": "string"},
        "topics": {"type": "array", "minItems": 1, "items": TOPIC},
        "imported": {
            "type": "object",
            "additionalProperties": False,
            "required": ["format"],
            "properties": {"format": _text, "file": {"type": "string"}, "at": {"type": "string"}},
            "description": "set by `studycards import`: where the deck came from",
        },
    },
}

TABLE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "columns", "rows"],
    "properties": {
        "id": _id,
        "title": _text,
        "columns": {"type": "array", "minItems": 2, "items": _text},
        "rows": {"type": "array", "minItems": 1, "items": {"type": "array", "items": _text}},
    },
}

NOTE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "summary", "sources"],
    "properties": {
        "id": _id,
        "title": _text,
        "summary": {**_text, "description": "Markdown"},
        "key_facts": _text_list,
        "tables": {"type": "array", "items": TABLE},
        "use_cases": _text_list,
        "sources": _url_list,
    },
}

_card_common = {
    "id": _id,
    "tags": _tags,
    "source": _url,
    "extra": {**_text, "description": "explanation shown with the answer"},
}

BASIC_CARD = {
    "type": "object",
    "title": "basic card",
    "additionalProperties": False,
    "required": ["id", "front", "back"],
    "properties": {
        **_card_common,
        "front": _text,
        "back": _text,
        "reverse": {"type": "boolean", "description": "also ask back -> front"},
    },
}

CLOZE_CARD = {
    "type": "object",
    "title": "cloze card",
    "additionalProperties": False,
    "required": ["id", "cloze"],
    "properties": {**_card_common, "cloze": {**_text, "description": "text with {{c1::...}}"}},
}

TABLE_CARD = {
    "type": "object",
    "title": "table card (one card per row)",
    "additionalProperties": False,
    "required": ["id", "from_table", "front", "back"],
    "properties": {
        **_card_common,
        "from_table": {**_id, "description": "id of a table in this topic's notes"},
        "front": {**_text, "description": "template, e.g. 'What does {Term} do?'"},
        "back": {**_text, "description": "template, e.g. '{Meaning}'"},
        "key": {**_text, "description": "column whose cell names the row (default: first)"},
    },
}

CARD = {"oneOf": [TABLE_CARD, CLOZE_CARD, BASIC_CARD], "x-discriminators": ["from_table", "cloze", "front"]}

OPTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["text", "why"],
    "properties": {"text": _text, "correct": {"type": "boolean"}, "why": _text},
}

QUESTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "stem", "options", "domain", "difficulty", "tasks", "sources"],
    "properties": {
        "id": _id,
        "stem": _text,
        "choose": {"type": "integer", "minimum": 1, "maximum": 3},
        "options": {"type": "array", "minItems": 4, "maxItems": 6, "items": OPTION},
        "domain": {"enum": list(DOMAINS)},
        "difficulty": {"enum": list(DIFFICULTIES)},
        "tasks": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": TASK_PATTERN},
            "description": "exam-guide task statements it tests, best fit first",
        },
        "tags": _tags,
        "sources": _url_list,
    },
}

_count = {"type": "integer", "minimum": 0}
EXAM_TASK = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "summary"],
    "properties": {
        "id": {"type": "string", "pattern": TASK_PATTERN},
        "title": _text,
        "summary": _text,
        "services": {"type": "array", "items": _text},
    },
}
EXAM_DOMAIN = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "number", "title", "weight", "tasks"],
    "properties": {
        "id": {"enum": list(DOMAINS)},
        "number": {"type": "integer", "minimum": 1},
        "title": _text,
        "weight": {"type": "integer", "minimum": 1, "maximum": 100},
        "tasks": {"type": "array", "minItems": 1, "items": EXAM_TASK},
    },
}
EXAM_GUIDE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "studycards exam guide (content/exam/*.yaml)",
    "type": "object",
    "additionalProperties": False,
    "required": ["exam", "title", "source", "format", "domains"],
    "properties": {
        "exam": {"type": "string", "pattern": SLUG_PATTERN},
        "title": _text,
        "source": _url,
        "format": {
            "type": "object",
            "additionalProperties": False,
            "required": ["questions", "scored", "unscored", "minutes", "score_min", "score_max",
                         "passing_score"],
            "properties": {
                "questions": _count, "scored": _count, "unscored": _count, "minutes": _count,
                "score_min": _count, "score_max": _count, "passing_score": _count,
                "question_types": {"type": "array", "items": _text},
            },
        },
        "domains": {"type": "array", "minItems": 1, "items": EXAM_DOMAIN},
    },
}

TOPIC_FILE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "studycards topic file (notes, cards, questions of one topic)",
    "type": "object",
    "additionalProperties": False,
    "required": ["topic"],
    "properties": {
        "topic": {"type": "string", "pattern": SLUG_PATTERN},
        "notes": {"type": "array", "items": NOTE},
        "cards": {"type": "array", "items": CARD},
        "questions": {"type": "array", "items": QUESTION},
    },
}


def json_schema() -> dict[str, Any]:
    """One JSON Schema for both kinds of file (a manifest or a topic file)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://studycards.invalid/schema/content.json",
        "title": "studycards content file",
        "description": "A deck manifest (deck.yaml), a topic file, or the exam guide (exam/*.yaml).",
        "oneOf": [_strip(MANIFEST), _strip(TOPIC_FILE), _strip(EXAM_GUIDE)],
    }


def _strip(schema: Any) -> Any:
    """Drop our private x- keys and nested $schema for the published schema."""
    if isinstance(schema, dict):
        return {k: _strip(v) for k, v in schema.items() if not k.startswith("x-") and k != "$schema"}
    if isinstance(schema, list):
        return [_strip(v) for v in schema]
    return schema


Problem = tuple[tuple[str | int, ...], str]


def validate(value: Any, schema: dict[str, Any], path: tuple[str | int, ...] = ()) -> list[Problem]:
    """All problems of `value` against `schema`, as (field path, message) pairs."""
    import re

    problems: list[Problem] = []
    if "oneOf" in schema:
        variant = _pick_variant(value, schema)
        if variant is None:
            keys = " / ".join(schema["x-discriminators"])
            return [(path, f"expected a mapping with one of: {keys}")]
        return validate(value, variant, path)
    if "enum" in schema:
        if value not in schema["enum"]:
            allowed = ", ".join(str(v) for v in schema["enum"])
            problems.append((path, f"{value!r} is not one of: {allowed}"))
        return problems
    kind = schema.get("type")
    if kind == "object":
        if not isinstance(value, dict):
            return [(path, f"expected a mapping, got {_type_name(value)}")]
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                problems.append((path, f"missing required field '{key}'"))
        for key, item in value.items():
            if key not in props:
                if schema.get("additionalProperties") is False:
                    near = _closest(key, list(props))
                    hint = f" (did you mean '{near}'?)" if near else ""
                    problems.append(((*path, key), f"unknown field '{key}'{hint}"))
                continue
            problems.extend(validate(item, props[key], (*path, key)))
        return problems
    if kind == "array":
        if not isinstance(value, list):
            return [(path, f"expected a list, got {_type_name(value)}")]
        if "minItems" in schema and len(value) < schema["minItems"]:
            problems.append((path, f"needs at least {schema['minItems']} items, has {len(value)}"))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            problems.append((path, f"allows at most {schema['maxItems']} items, has {len(value)}"))
        for i, item in enumerate(value):
            problems.extend(validate(item, schema.get("items", {}), (*path, i)))
        return problems
    if kind == "string":
        if not isinstance(value, str):
            return [(path, f"expected text, got {_type_name(value)}")]
        if schema.get("x-nonblank") and not value.strip():
            return [(path, "must not be empty")]
        pattern = schema.get("pattern")
        if pattern and not re.match(pattern, value):
            what = schema.get("description", f"the pattern {pattern}")
            problems.append((path, f"{value!r} is not valid here (expected {what})"))
        return problems
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return [(path, f"expected a whole number, got {_type_name(value)}")]
        if "minimum" in schema and value < schema["minimum"]:
            problems.append((path, f"must be at least {schema['minimum']}"))
        if "maximum" in schema and value > schema["maximum"]:
            problems.append((path, f"must be at most {schema['maximum']}"))
        return problems
    if kind == "boolean" and not isinstance(value, bool):
        return [(path, f"expected true or false, got {_type_name(value)}")]
    return problems


def _pick_variant(value: Any, schema: dict[str, Any]) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    for key, variant in zip(schema["x-discriminators"], schema["oneOf"], strict=True):
        if key in value:
            return variant
    return None


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (empty value)"
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


def _closest(word: str, choices: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema["properties"]
    return properties


# Imported decks (`imported:` in the manifest) come from material written for other tools: their
# topics have no exam domains or tasks, their questions no domain, difficulty, tasks, sources or
# per-option `why`, and a question may have 2 to 10 options.
_IMPORTED_TOPIC: dict[str, Any] = {**TOPIC, "required": ["slug", "title"]}
IMPORTED_MANIFEST: dict[str, Any] = {
    **MANIFEST,
    "properties": {
        **_properties(MANIFEST),
        "topics": {"type": "array", "minItems": 1, "items": _IMPORTED_TOPIC},
    },
}
IMPORTED_QUESTION: dict[str, Any] = {
    **QUESTION,
    "required": ["id", "stem", "options"],
    "properties": {
        **_properties(QUESTION),
        "choose": {"type": "integer", "minimum": 1, "maximum": 9},
        "options": {"type": "array", "minItems": 2, "maxItems": 10,
                    "items": {**OPTION, "required": ["text"]}},
        "sources": {"type": "array", "items": _url},
    },
}
IMPORTED_TOPIC_FILE: dict[str, Any] = {
    **TOPIC_FILE,
    "properties": {**_properties(TOPIC_FILE), "questions": {"type": "array", "items": IMPORTED_QUESTION}},
}


def manifest_schema(data: Any) -> dict[str, Any]:
    """The schema for a manifest: the relaxed one for a deck written by `studycards import`."""
    imported = isinstance(data, dict) and isinstance(data.get("imported"), dict)
    return IMPORTED_MANIFEST if imported else MANIFEST
