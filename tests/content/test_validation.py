"""Validation an author can act on: every problem, with file, line and field."""

from __future__ import annotations

import pytest

from studycards.content.loader import load_library
from tests.conftest import MINI_MANIFEST

TOPIC_HEAD = "topic: alpha\n"


def problems_for(write_deck, topic_yaml: str) -> list[str]:
    root = write_deck({"mini/deck.yaml": MINI_MANIFEST, "mini/alpha.yaml": topic_yaml})
    return [str(p) for p in load_library([root]).problems]


def one_problem(write_deck, topic_yaml: str) -> str:
    found = problems_for(write_deck, topic_yaml)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        # missing field
        ("cards:\n  - id: a.b\n    front: Q?\n", 3, "cards[0]: missing required field 'back'"),
        # unknown field with a suggestion
        (
            "cards:\n  - id: a.b\n    front: Q?\n    back: A.\n    sorce: https://x.y\n",
            6,
            "cards[0].sorce: unknown field 'sorce' (did you mean 'source'?)",
        ),
        # wrong type
        (
            "cards:\n  - id: a.b\n    front: [1, 2]\n    back: A.\n",
            4,
            "cards[0].front: expected text, got a list",
        ),
        # empty text
        ("cards:\n  - id: a.b\n    front: '  '\n    back: A.\n", 4, "cards[0].front: must not be empty"),
        # cloze without deletions
        (
            "cards:\n  - id: a.b\n    cloze: No deletion here.\n",
            4,
            "cards[0].cloze: cloze text has no deletions",
        ),
        # bad id
        (
            "cards:\n  - id: Bad Id\n    front: Q?\n    back: A.\n",
            3,
            "cards[0].id: 'Bad Id' is not valid here",
        ),
        # bad enum
        (
            "questions:\n  - id: q.a\n    stem: S?\n    domain: speed\n    difficulty: easy\n"
            "    tasks: ['1.1']\n    sources: [https://x.y]\n"
            "    options:\n"
            + "".join(f"      - {{text: o{i}, correct: {str(i == 0).lower()}, why: w}}\n" for i in range(4)),
            5,
            "questions[0].domain: 'speed' is not one of: secure, resilient, performance, cost",
        ),
    ],
)
def test_each_problem_names_file_line_and_field(write_deck, body: str, line: int, expected: str) -> None:
    problem = one_problem(write_deck, TOPIC_HEAD + body)
    assert f"alpha.yaml:{line}:" in problem
    assert expected in problem


def _question(correct: list[int], choose: int | None = None, stem: str = "Which?", n: int = 4) -> str:
    lines = [
        "questions:",
        "  - id: q.x",
        f"    stem: {stem}",
        "    domain: cost",
        "    difficulty: easy",
        "    tasks: [\"4.1\"]",
        "    sources: [https://x.y]",
    ]
    if choose is not None:
        lines.append(f"    choose: {choose}")
    lines.append("    options:")
    for i in range(n):
        lines.append(f"      - {{text: option {i}, correct: {str(i in correct).lower()}, why: because {i}}}")
    return TOPIC_HEAD + "\n".join(lines) + "\n"


def test_question_without_correct_option(write_deck) -> None:
    assert "no option is marked 'correct: true'" in one_problem(write_deck, _question([]))


def test_question_with_wrong_number_of_correct_options(write_deck) -> None:
    assert "2 options are correct but the question says choose 1" in one_problem(
        write_deck, _question([0, 1])
    )


def test_stem_that_contradicts_choose(write_deck) -> None:
    problem = one_problem(write_deck, _question([0, 1], choose=2, stem="'Which? (Choose three.)'"))
    assert "stem says 'choose three'" in problem


def test_too_few_options(write_deck) -> None:
    assert "needs at least 4 items, has 3" in one_problem(write_deck, _question([0], n=3))


def test_duplicate_option_text(write_deck) -> None:
    text = _question([0]).replace("option 3", "option 2")
    assert "same text as option 3" in one_problem(write_deck, text)


def test_unknown_topic_lists_valid_ones(write_deck) -> None:
    problem = one_problem(write_deck, "topic: gamma\n")
    assert "unknown topic 'gamma'" in problem and "alpha, beta" in problem


def test_duplicate_ids_across_files_name_the_first(write_deck) -> None:
    card = "cards:\n  - {id: dup.id, front: 'Q{n}?', back: A.}\n"
    root = write_deck(
        {
            "mini/deck.yaml": MINI_MANIFEST,
            "mini/a.yaml": "topic: alpha\n" + card.replace("{n}", "1"),
            "mini/b.yaml": "topic: beta\n" + card.replace("{n}", "2"),
        }
    )
    problems = [str(p) for p in load_library([root]).problems]
    assert len(problems) == 1
    assert "b.yaml:3: cards[0].id: duplicate id 'dup.id' (first used at" in problems[0]
    assert "a.yaml:3" in problems[0]


def test_duplicate_id_inside_one_topic_file(write_deck) -> None:
    body = (
        TOPIC_HEAD
        + "cards:\n"
        + "  - {id: a.same, front: First?, back: A.}\n"
        + "  - {id: a.other, front: Second?, back: B.}\n"
        + "  - {id: a.same, front: Third?, back: C.}\n"
    )
    root = write_deck({"mini/deck.yaml": MINI_MANIFEST, "mini/alpha.yaml": body})
    result = load_library([root])
    problems = [str(p) for p in result.problems]
    assert len(problems) == 1, problems
    assert "alpha.yaml:5: cards[2].id: duplicate id 'a.same' (first used at" in problems[0]
    assert problems[0].endswith("alpha.yaml:3)")
    assert [c.id for c in result.library.cards] == ["a.same", "a.other"]  # the first one is kept
    assert result.library.card("a.same").front == "First?"  # type: ignore[union-attr]


def test_a_question_cannot_reuse_a_card_id_in_the_same_file(write_deck) -> None:
    card = "cards:\n  - {id: a.shared, front: Q?, back: A.}\n"
    body = _question([0]).replace("id: q.x", "id: a.shared") + card
    problem = one_problem(write_deck, body)
    # cards are read before questions, so the question is the second user of the id
    assert "alpha.yaml:3: questions[0].id: duplicate id 'a.shared' (first used at" in problem
    assert problem.endswith("alpha.yaml:15)")


def test_duplicate_id_across_two_decks(write_deck) -> None:
    other_manifest = MINI_MANIFEST.replace("deck: mini", "deck: other").replace("alpha", "gamma").replace(
        "beta", "delta"
    )
    card = "cards:\n  - {id: shared.id, front: 'Q{n}?', back: A.}\n"
    root = write_deck(
        {
            "mini/deck.yaml": MINI_MANIFEST,
            "mini/alpha.yaml": "topic: alpha\n" + card.replace("{n}", "1"),
            "other/deck.yaml": other_manifest,
            "other/gamma.yaml": "topic: gamma\n" + card.replace("{n}", "2"),
        }
    )
    result = load_library([root])
    problems = [str(p) for p in result.problems]
    assert len(problems) == 1, problems
    assert "gamma.yaml:3: cards[0].id: duplicate id 'shared.id' (first used at" in problems[0]
    assert "mini/alpha.yaml:3" in problems[0]
    assert [(c.id, c.deck) for c in result.library.cards] == [("shared.id", "mini")]


def test_duplicate_front_is_reported(write_deck) -> None:
    body = (
        TOPIC_HEAD
        + "cards:\n  - {id: a.one, front: Same?, back: A.}\n  - {id: a.two, front: same?, back: B.}\n"
    )
    assert "another card already asks the same question" in one_problem(write_deck, body)


def test_table_card_with_unknown_column_and_table(write_deck) -> None:
    body = TOPIC_HEAD + (
        "notes:\n  - id: n.one\n    title: T\n    summary: S\n    sources: [https://x.y]\n"
        "    tables:\n      - {id: t.one, title: T, columns: [A, B], rows: [[a, b]]}\n"
        "cards:\n  - {id: c.one, from_table: t.one, front: '{A}?', back: '{C}'}\n"
        "  - {id: c.two, from_table: t.nope, front: '{A}?', back: '{B}'}\n"
    )
    found = problems_for(write_deck, body)
    assert any("unknown column(s) C" in p for p in found)
    assert any("no table with id 't.nope'" in p for p in found)


def test_one_run_reports_every_problem(write_deck) -> None:
    body = TOPIC_HEAD + (
        "cards:\n"
        "  - {id: a.one, front: Q?}\n"  # missing back
        "  - {id: a.two, cloze: nothing}\n"  # no deletions
        "  - {id: a.three, front: '', back: A}\n"  # empty
    )
    found = problems_for(write_deck, body)
    assert len(found) == 3
    assert [p.split(":")[1] for p in found] == ["3", "4", "5"]


def test_manifest_problems_are_reported(write_deck) -> None:
    root = write_deck(
        {"bad/deck.yaml": "deck: bad\ntitle: Bad\ntopics:\n"
                          "  - {slug: x, title: X, domains: [fast], tasks: ['1.1']}\n"}
    )
    problems = [str(p) for p in load_library([root]).problems]
    assert len(problems) == 1 and "deck.yaml:4: topics[0].domains[0]: 'fast' is not one of" in problems[0]
