"""The quiz report screen by task statement: every task with its title, and the weakest three."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from studycards.tui.app import make_app
from studycards.tui.screens.quiz import QuizReportScreen
from tests.tui.conftest import settle

SIZE = (100, 30)
NOISY = "lambda.concurrency.q.noisy-neighbour"  # 2.1
FLASH_SALE = "lambda.concurrency.q.flash-sale"  # 3.2
THROTTLES = "lambda.concurrency.q.unexpected-throttles"  # 2.2
EDGE = "lambda.compare.q.edge-fraud-check"  # 3.2


async def test_report_lists_task_statements_and_the_weakest_three(make_services, library) -> None:
    questions = [library.question(qid) for qid in (NOISY, FLASH_SALE, THROTTLES, EDGE)]
    options = {"questions": questions, "mode": "practice", "seed": 7}
    app = make_app(make_services(), start="quiz", start_options=options)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for qid in (NOISY, FLASH_SALE, THROTTLES, EDGE):
            presented = app.screen.quiz.current.presented
            assert presented.question.id == qid
            if qid in (NOISY, EDGE):
                letter = sorted(presented.correct_letters)[0]
            else:
                letter = next(x for x in presented.letters if x not in presented.correct_letters)
            await pilot.press(letter, "enter")
            await settle(app, pilot)
            await pilot.press("enter")
            await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QuizReportScreen)
        table = screen.query_one("#quiz-report-tasks", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        weakest = str(screen.query_one("#quiz-report-weakest", Static).render())
        assert screen.query_one("#quiz-report-topics", DataTable).row_count == 2  # still there
    tasks = library.exam.tasks
    assert rows == [
        ["2.1", tasks["2.1"].title, "1/1", "100%"],
        ["2.2", tasks["2.2"].title, "0/1", "0%"],
        ["3.2", tasks["3.2"].title, "1/2", "50%"],
    ]
    lines = weakest.splitlines()
    assert lines[0] == "Weakest task statements"
    assert [line.split()[0] for line in lines[1:]] == ["2.2", "3.2", "2.1"]
    assert tasks["2.2"].title in lines[1] and "0/1" in lines[1] and "1 missed" in lines[1]


async def test_an_exam_submitted_blank_lists_tasks_but_no_weakest(make_services, library) -> None:
    questions = [library.question(qid) for qid in (NOISY, FLASH_SALE)]
    options = {"questions": questions, "mode": "exam", "seed": 7}
    app = make_app(make_services(), start="quiz", start_options=options)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("S", "y")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QuizReportScreen)
        assert screen.query_one("#quiz-report-tasks", DataTable).row_count == 2
        weakest = str(screen.query_one("#quiz-report-weakest", Static).render())
    assert weakest == "Weakest task statements: none answered yet"
