"""Finding a question by id: authored ones in the library, generated ones rebuilt from their id."""

from __future__ import annotations

from studycards.content.model import Library, Question


def find_question(library: Library, question_id: str) -> Question | None:
    """An authored question, or a generated one rebuilt from its id."""
    found = library.question(question_id)
    if found is None and question_id.startswith("gen."):
        from studycards.calc.prices import load_price_table
        from studycards.calc.questions import generated_question

        found = generated_question(load_price_table(), question_id)
    return found
