"""The exam guide as data, and task statements on questions and topics."""

from __future__ import annotations

from studycards.content.loader import load_library
from studycards.locations import content_roots, shipped_content_dir
from tests.conftest import MINI_MANIFEST

QUESTION = (
    "topic: alpha\nquestions:\n  - id: q.a\n    stem: S?\n    domain: secure\n    difficulty: easy\n"
    "    tasks: [TASKS]\n    sources: [https://x.y]\n    options:\n"
    + "".join(f"      - {{text: o{i}, correct: {str(i == 0).lower()}, why: w}}\n" for i in range(4))
)


def test_the_shipped_guide_has_four_weighted_domains_and_fourteen_tasks() -> None:
    exam = load_library(content_roots()).library.exam
    assert exam is not None
    assert [(d.id, d.weight) for d in exam.domains] == [
        ("secure", 30), ("resilient", 26), ("performance", 24), ("cost", 20)
    ]
    assert list(exam.tasks) == [
        "1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4"
    ]
    fmt = exam.format
    assert (fmt.questions, fmt.scored, fmt.unscored, fmt.minutes, fmt.passing_score) == (65, 50, 15, 130, 720)
    assert all(t.domain == exam.domains[int(t.id[0]) - 1].id for t in exam.tasks.values())


def deck_with_tasks(write_deck, tasks: str):
    return write_deck({"mini/deck.yaml": MINI_MANIFEST, "mini/alpha.yaml": QUESTION.replace("TASKS", tasks)})


def test_a_deck_folder_without_a_guide_uses_the_shipped_one(write_deck) -> None:
    root = deck_with_tasks(write_deck, '"1.2"')
    result = load_library([root])
    assert result.problems == []
    assert result.library.exam is not None and result.library.questions[0].tasks == ("1.2",)
    assert (shipped_content_dir() / "exam").is_dir()


def test_an_unknown_task_is_named_with_file_and_line(write_deck) -> None:
    root = deck_with_tasks(write_deck, '"1.2", "5.1"')
    problems = [str(p) for p in load_library([root]).problems]
    assert len(problems) == 1
    assert problems[0].endswith(
        "alpha.yaml:7: questions[0].tasks[1]: unknown task '5.1' (the exam guide has: "
        "1.1, 1.2, 1.3, 2.1, 2.2, 3.1, 3.2, 3.3, 3.4, 3.5, 4.1, 4.2, 4.3, 4.4)"
    )


def test_every_shipped_question_and_topic_names_its_tasks() -> None:
    library = load_library(content_roots()).library
    assert library.questions and all(q.tasks for q in library.questions)
    assert all(t.tasks for t in library.topics.values())
