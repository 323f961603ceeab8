"""The quiz setup form's exam defaults come from the exam guide's format."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Input

from studycards.tui.app import make_app
from studycards.tui.screens.quiz import QuizSetupScreen
from tests.tui.conftest import settle

SIZE = (100, 30)


async def test_exam_mode_takes_its_length_from_the_exam_format(make_services, library) -> None:
    short_exam = replace(library.exam, format=replace(library.exam.format, questions=30, minutes=60))
    app = make_app(make_services(lib=replace(library, exam=short_exam)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        setup = app.screen
        assert isinstance(setup, QuizSetupScreen)
        count = setup.query_one("#quiz-setup-count", Input)
        assert count.value == "10"
        await pilot.click("#quiz-setup-exam")
        await pilot.pause()
        assert count.value == "30"
        await pilot.click("#quiz-setup-practice")
        await pilot.pause()
        assert count.value == "10"
        count.value = ""
        await pilot.click("#quiz-setup-exam")
        await pilot.pause()
        assert count.value == "30"
        count.value = ""
        assert setup.request().count == 30  # a blank count is the exam's length


async def test_an_exam_the_decks_cannot_fill_by_domain_says_so(make_services, library) -> None:
    no_cost = replace(library, questions=[q for q in library.questions if q.domain != "cost"])
    app = make_app(make_services(lib=no_cost))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.click("#quiz-setup-exam")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        said = [n.message for n in app._notifications if n.title == "Exam blueprint"]
        assert len(said) == 1 and said[0].startswith("Cost-Optimized: only 0 questions for 13 places")
