"""The exam guide as data, and task statements on questions and topics."""

from __future__ import annotations

from pathlib import Path

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


def test_a_question_may_serve_tasks_of_another_domain(write_deck) -> None:
    """Real questions cross domains: a 'secure' question may test 3.2 first."""
    root = deck_with_tasks(write_deck, '"3.2", "4.2"')
    result = load_library([root])
    assert result.problems == []
    assert result.library.questions[0].domain == "secure"
    assert result.library.questions[0].tasks == ("3.2", "4.2")


def test_a_question_without_tasks_is_named_with_file_and_line(write_deck) -> None:
    root = write_deck({"mini/deck.yaml": MINI_MANIFEST,
                       "mini/alpha.yaml": QUESTION.replace("    tasks: [TASKS]\n", "")})
    result = load_library([root])
    assert [str(p).split("mini/", 1)[1] for p in result.problems] == [
        "alpha.yaml:3: questions[0]: missing required field 'tasks'"
    ]
    assert result.library.questions == []


def test_an_empty_task_list_is_refused(write_deck) -> None:
    problems = [str(p) for p in load_library([deck_with_tasks(write_deck, "")]).problems]
    assert len(problems) == 1
    assert problems[0].endswith("alpha.yaml:7: questions[0].tasks: needs at least 1 items, has 0")


def test_a_topic_without_tasks_is_named_with_file_and_line(write_deck) -> None:
    manifest = MINI_MANIFEST.replace('    tasks: ["4.1", "2.1"]\n', "")
    root = write_deck({"mini/deck.yaml": manifest, "mini/alpha.yaml": QUESTION.replace("TASKS", '"1.1"')})
    problems = [str(p) for p in load_library([root]).problems]
    assert len(problems) == 1
    assert problems[0].endswith("deck.yaml:8: topics[1]: missing required field 'tasks'")


def test_an_unknown_task_on_a_topic_is_named_with_file_and_line(write_deck) -> None:
    manifest = MINI_MANIFEST.replace('tasks: ["4.1", "2.1"]', 'tasks: ["4.1", "4.9"]')
    root = write_deck({"mini/deck.yaml": manifest, "mini/alpha.yaml": QUESTION.replace("TASKS", '"1.1"')})
    problems = [str(p) for p in load_library([root]).problems]
    assert len(problems) == 1
    assert "deck.yaml:11: topics[1].tasks[1]: unknown task '4.9'" in problems[0]


def guide_root(write_deck, edit) -> Path:
    """A content root with its own exam/ folder (an edited copy of the shipped guide) and the mini deck."""
    guide = (shipped_content_dir() / "exam" / "saa-c03.yaml").read_text(encoding="utf-8")
    return write_deck({"exam/saa-c03.yaml": edit(guide), "mini/deck.yaml": MINI_MANIFEST,
                       "mini/alpha.yaml": QUESTION.replace("TASKS", '"1.1"')})


def test_a_content_root_with_its_own_guide_uses_it(write_deck) -> None:
    root = guide_root(write_deck, lambda g: g.replace("title: Design secure access to AWS resources",
                                                      "title: Own guide task"))
    result = load_library([root])
    assert result.problems == []
    assert result.library.exam is not None
    assert result.library.exam.tasks["1.1"].title == "Own guide task"


def test_guide_weights_that_do_not_add_up_to_100_are_reported(write_deck) -> None:
    root = guide_root(write_deck, lambda g: g.replace("weight: 30", "weight: 31", 1))
    problems = [str(p) for p in load_library([root]).problems]
    assert problems == [f"{root / 'exam' / 'saa-c03.yaml'}:17: domains: domain weights must add up to 100"]


def test_a_duplicate_task_id_in_the_guide_is_reported_where_it_is(write_deck) -> None:
    root = guide_root(write_deck, lambda g: g.replace('- id: "1.2"', '- id: "1.1"', 1))
    problems = [str(p) for p in load_library([root]).problems]
    guide = root / "exam" / "saa-c03.yaml"
    assert problems == [
        f"{guide}:22: domains[0].tasks[0].id: duplicate task '1.1'",
        f"{guide}:31: domains[0].tasks[1].id: duplicate task '1.1'",
    ]
