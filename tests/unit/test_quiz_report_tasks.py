"""The score report by task statement (a question counts for its first task) and the weakest three."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from studycards.content.loader import load_or_raise
from studycards.content.model import Option, Origin, Question
from studycards.locations import shipped_content_dir
from studycards.quiz.plain import report_text
from studycards.quiz.session import QuizSession, Tally

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def q(qid: str, tasks: tuple[str, ...], domain: str = "secure") -> Question:
    options = tuple(Option(f"{qid} {i}", i == 0, "why") for i in range(4))
    return Question(qid, "topic", "lambda", f"{qid}?", options, 1, domain, "easy", ("https://x",),
                    Origin(Path("x.yaml"), 1), tasks=tasks)


# (question, how it is answered): True right, False wrong, None left open
PLAN: list[tuple[Question, bool | None]] = [
    (q("a", ("1.1",)), True),
    (q("b", ("1.1", "3.2")), False),
    (q("c", ("3.2",)), True),
    (q("d", ("3.2",)), True),
    (q("e", ("3.2",)), False),
    (q("f", ("3.2", "1.1")), False),
    (q("g", ("2.1",)), False),
    (q("h", ("4.2",)), True),
    (q("i", ("1.2",)), None),
    (q("j", ("2.2", "1.1")), True),
    (q("k", ()), False),
]


def taken(mode: str) -> QuizSession:
    quiz = QuizSession.start([question for question, _ in PLAN], mode=mode, now=NOW, seed=3)
    for index, (_, how) in enumerate(PLAN):
        if how is None:
            continue
        quiz.goto(index, NOW)
        presented = quiz.current.presented
        wrong = sorted(set(presented.letters) - presented.correct_letters)[:1]
        quiz.answer(presented.correct_letters if how else frozenset(wrong), NOW)
    quiz.submit(NOW + timedelta(minutes=5))
    return quiz


def test_each_question_counts_for_its_first_task() -> None:
    report = taken("exam").report()
    assert report.by_task == {
        "1.1": Tally(1, 2),
        "1.2": Tally(0, 1),
        "2.1": Tally(0, 1),
        "2.2": Tally(1, 1),
        "3.2": Tally(2, 4),
        "4.2": Tally(1, 1),
    }
    assert report.by_domain == {"secure": Tally(5, 11)}  # the other breakdowns are kept


def test_the_weakest_three_lowest_accuracy_then_most_missed() -> None:
    # 2.1 at 0%; 3.2 and 1.1 both at 50%, 3.2 missed two; 1.2 (0%) was never answered
    assert taken("exam").report().weakest_tasks == ("2.1", "3.2", "1.1")
    assert taken("practice").report().weakest_tasks == ("2.1", "3.2", "1.1")


def test_fewer_than_three_tasks_answered() -> None:
    quiz = QuizSession.start([q("a", ("4.4",)), q("b", ())], mode="exam", now=NOW, seed=1)
    quiz.answer(quiz.current.presented.correct_letters, NOW)
    report = quiz.submit(NOW)
    assert report.by_task == {"4.4": Tally(1, 1)} and report.weakest_tasks == ("4.4",)
    empty = QuizSession.start([q("b", ())], mode="exam", now=NOW).submit(NOW)
    assert empty.by_task == {} and empty.weakest_tasks == ()


def test_plain_report_lists_tasks_with_titles_and_the_weakest_three() -> None:
    guide = load_or_raise([shipped_content_dir()]).exam
    assert guide is not None
    text = report_text(taken("exam").report(), guide.tasks)
    lines = text.splitlines()
    assert "By domain:" in lines and "By topic:" in lines
    start = lines.index("By task statement:")
    rows = lines[start + 1 : start + 7]
    assert [row.split()[0] for row in rows] == ["1.1", "1.2", "2.1", "2.2", "3.2", "4.2"]
    assert rows[0].startswith("  1.1  Design secure access to AWS resources") and rows[0].endswith("1/2  50%")
    weakest = lines.index("Weakest task statements:")
    assert [row.split()[0] for row in lines[weakest + 1 : weakest + 4]] == ["2.1", "3.2", "1.1"]
    assert lines[weakest + 2].endswith("2/4  50%  (2 missed)")
    assert "Design high-performing and elastic compute solutions" in lines[weakest + 2]


def test_plain_report_without_titles_or_tasks() -> None:
    assert "  3.2  " in report_text(taken("exam").report())  # ids alone when no guide is loaded
    quiz = QuizSession.start([q("b", ())], mode="exam", now=NOW)
    assert "task statement" not in report_text(quiz.submit(NOW))
