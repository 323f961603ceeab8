"""The exam blueprint: domain quotas by largest remainder, shortfalls filled honestly, the spread
over task statements, and the Lambda deck's 65-question draw."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studycards.content.loader import load_or_raise
from studycards.content.model import Option, Origin, Question
from studycards.locations import shipped_content_dir
from studycards.quiz.blueprint import (
    ExamDraw,
    Shortfall,
    allocate,
    domain_quota,
    domain_weights,
    draw_exam,
    exam_question_count,
    exam_seconds_per_question,
    spread_by_task,
)
from studycards.quiz.request import QuizMode
from studycards.quiz.select import rank_questions
from studycards.quiz.session import QuizSession

SAA = {"secure": 30, "resilient": 26, "performance": 24, "cost": 20}
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def q(qid: str, domain: str = "secure", tasks: tuple[str, ...] = ()) -> Question:
    options = (Option("right", True, "why"), Option("wrong", False, "why not"))
    return Question(qid, "topic", "deck", "Stem?", options, 1, domain, "medium", ("https://x",),
                    Origin(Path("x.yaml"), 1), tasks=tasks)


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (65, SAA, {"secure": 19, "resilient": 17, "performance": 16, "cost": 13}),
        (10, SAA, {"secure": 3, "resilient": 3, "performance": 2, "cost": 2}),
        (3, SAA, {"secure": 1, "resilient": 1, "performance": 1, "cost": 0}),
        (1, SAA, {"secure": 1, "resilient": 0, "performance": 0, "cost": 0}),
        (0, SAA, {"secure": 0, "resilient": 0, "performance": 0, "cost": 0}),
        (100, SAA, SAA),
        (7, {"a": 1, "b": 1}, {"a": 4, "b": 3}),  # a tie goes to the one named first
        (5, {"cost": 20}, {"cost": 5}),
        (4, {"a": 0, "b": 0}, {"a": 0, "b": 0}),
        (9, {"a": 0, "b": 3}, {"a": 0, "b": 9}),
    ],
)
def test_domain_quota_largest_remainder(
    total: int, weights: dict[str, int], expected: dict[str, int]
) -> None:
    quota = domain_quota(total, weights)
    assert quota == expected
    assert list(quota) == list(weights)
    if any(weights.values()):
        assert sum(quota.values()) == total


@pytest.mark.parametrize(("total", "weights"), [(-1, SAA), (5, {"a": -1, "b": 3})])
def test_domain_quota_rejects_negative_input(total: int, weights: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        domain_quota(total, weights)


@pytest.mark.parametrize(
    ("total", "available", "expected", "short"),
    [
        # enough everywhere: the plain quota
        (65, {"secure": 40, "resilient": 40, "performance": 40, "cost": 40},
         {"secure": 19, "resilient": 17, "performance": 16, "cost": 13}, ()),
        # cost has 9 for 13 places: the 4 go to the others by weight (30/26/24 -> 2/1/1)
        (65, {"secure": 40, "resilient": 40, "performance": 40, "cost": 9},
         {"secure": 21, "resilient": 18, "performance": 17, "cost": 9}, (Shortfall("cost", 9, 13),)),
        # domains with nothing at all, and one short by one
        (10, {"secure": 2, "resilient": 20},
         {"secure": 2, "resilient": 8, "performance": 0, "cost": 0},
         (Shortfall("secure", 2, 3), Shortfall("performance", 0, 2), Shortfall("cost", 0, 2))),
        # not enough anywhere: every question there is
        (65, {"secure": 5, "resilient": 6, "performance": 7, "cost": 8},
         {"secure": 5, "resilient": 6, "performance": 7, "cost": 8},
         (Shortfall("secure", 5, 19), Shortfall("resilient", 6, 17), Shortfall("performance", 7, 16),
          Shortfall("cost", 8, 13))),
        (1, {"cost": 1}, {"secure": 0, "resilient": 0, "performance": 0, "cost": 1},
         (Shortfall("secure", 0, 1),)),
        (3, {}, {"secure": 0, "resilient": 0, "performance": 0, "cost": 0},
         (Shortfall("secure", 0, 1), Shortfall("resilient", 0, 1), Shortfall("performance", 0, 1))),
    ],
)
def test_allocate_fills_short_domains_from_the_rest(
    total: int, available: dict[str, int], expected: dict[str, int], short: tuple[Shortfall, ...]
) -> None:
    alloc, shortfalls = allocate(total, SAA, available)
    assert alloc == expected
    assert shortfalls == short
    assert sum(alloc.values()) == min(total, sum(available.values()))
    assert all(alloc[d] <= available.get(d, 0) for d in alloc)


def test_a_domain_outside_the_weights_only_fills_gaps() -> None:
    alloc, _ = allocate(4, {"cost": 1}, {"cost": 1, "other": 10})
    assert alloc == {"cost": 1, "other": 3}


def test_spread_by_task_gives_every_task_a_place_before_a_second() -> None:
    ranked = [q("a1", tasks=("1.1",)), q("a2", tasks=("1.1", "1.2")), q("a3", tasks=("1.1",)),
              q("b1", tasks=("1.2",)), q("c1", tasks=("1.3", "1.1")), q("n1")]
    assert [x.id for x in spread_by_task(ranked, 4)] == ["a1", "b1", "c1", "n1"]
    assert [x.id for x in spread_by_task(ranked, 5)] == ["a1", "b1", "c1", "n1", "a2"]
    assert [x.id for x in spread_by_task(ranked, 99)] == ["a1", "b1", "c1", "n1", "a2", "a3"]
    assert spread_by_task(ranked, 0) == []


def test_draw_exam_notes_name_each_short_domain() -> None:
    ranked = [q(f"s{i}", "secure", ("1.1",)) for i in range(20)]
    ranked += [q(f"c{i}", "cost", ("4.1",)) for i in range(2)]
    draw = draw_exam(ranked, 10, SAA, random.Random(1))
    assert len(draw.questions) == 10 and len(set(draw.questions)) == 10
    assert Counter(x.domain for x in draw.questions) == {"secure": 8, "cost": 2}
    assert draw.notes() == [
        "Resilient: only 0 questions for 3 places; filled from other domains",
        "High-Performing: only 0 questions for 2 places; filled from other domains",
    ]
    short = draw_exam(ranked[:3], 10, SAA, random.Random(1))
    assert len(short.questions) == 3
    cannot = "the other domains cannot make up the difference"
    assert short.notes() == [
        f"Resilient: only 0 questions for 3 places; {cannot}",
        f"High-Performing: only 0 questions for 2 places; {cannot}",
        f"Cost-Optimized: only 0 questions for 2 places; {cannot}",
    ]
    one = draw_exam([], 1, SAA, random.Random(1))
    assert one.notes() == [f"Secure: only 0 questions for 1 place; {cannot}"]


def test_draw_exam_without_shortfalls_has_no_notes() -> None:
    draw = ExamDraw([], 0, {}, ())
    assert draw.notes() == []


def lambda_library():
    return load_or_raise([shipped_content_dir()])


def test_lambda_deck_has_enough_for_a_full_exam_in_every_domain() -> None:
    counts = Counter(x.domain for x in lambda_library().questions)
    assert counts["secure"] >= 19 and counts["resilient"] >= 17
    assert counts["performance"] >= 16 and counts["cost"] >= 13


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_65_question_exam_over_the_lambda_deck_draws_19_17_16_13(seed: int) -> None:
    library = lambda_library()
    assert library.exam is not None
    total = exam_question_count(library.exam)
    rng = random.Random(seed)
    ranked = rank_questions(library.questions, {}, {}, NOW, rng)
    draw = draw_exam(ranked, total, domain_weights(library.exam), rng)
    assert total == 65 and len(draw.questions) == 65 and draw.shortfalls == ()
    by_domain = Counter(x.domain for x in draw.questions)
    assert by_domain == {"secure": 19, "resilient": 17, "performance": 16, "cost": 13}
    # every task statement with Lambda material gets at least one place
    with_material = {x.tasks[0] for x in library.questions}
    assert {x.tasks[0] for x in draw.questions} == with_material


def test_the_exam_clock_comes_from_the_format() -> None:
    library = lambda_library()
    assert library.exam is not None
    seconds = exam_seconds_per_question(library.exam.format)
    assert seconds == 120
    session = QuizSession.start([q("a")] * 65, mode=QuizMode.EXAM, now=NOW, seconds_per_question=seconds)
    assert session.time_limit is not None and session.time_limit.total_seconds() == 130 * 60
    assert domain_weights(library.exam, "cost") == {"cost": 20}
