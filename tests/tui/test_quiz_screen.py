"""Pilot tests of the quiz screens: setup, practice, exam (flag, grid, clock), report, and a snapshot."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

from textual.widgets import Checkbox, DataTable, Input, Static

from studycards.content.model import Option, Origin, Question
from studycards.tui.app import make_app
from studycards.tui.screens.dashboard import DashboardScreen
from studycards.tui.screens.quiz import (
    QuizConfirmScreen,
    QuizGridScreen,
    QuizReportScreen,
    QuizScreen,
    QuizSetupScreen,
)
from studycards.tui.widgets.quiz_chart import ScoreBars
from studycards.tui.widgets.quiz_option import QuizOption
from tests.tui.conftest import settle

SIZE = (100, 30)
NOISY = "lambda.concurrency.q.noisy-neighbour"
FLASH_SALE = "lambda.concurrency.q.flash-sale"
THROTTLES = "lambda.concurrency.q.unexpected-throttles"
STALE_ALERTS = "lambda.async.q.stale-alerts"  # choose two
SEED = 7


def pick(library, *ids: str) -> list[Question]:
    return [library.question(qid) for qid in ids]


def quiz_app(services, questions, mode: str = "practice"):
    options = {"questions": questions, "mode": mode, "seed": SEED}
    return make_app(services, start="quiz", start_options=options)


def screen_text(app) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(" ".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " ")


def text_of(widget: Static) -> str:
    return str(widget.render())


def right(screen: QuizScreen) -> list[str]:
    return sorted(screen.quiz.current.presented.correct_letters)


def wrong(screen: QuizScreen) -> str:
    presented = screen.quiz.current.presented
    return next(letter for letter in presented.letters if letter not in presented.correct_letters)


def shown_in(app, widget) -> str:
    """The text a widget's part of the terminal shows (what is cut off is not there)."""
    strips = app.screen._compositor.render_strips(app.screen.size)
    r = widget.region
    return "\n".join(strips[y].crop(r.x, r.right).text for y in range(r.y, r.bottom))


def option_row(screen: QuizScreen, letter: str) -> QuizOption:
    return screen.query_one(f"#quiz-options .quiz-option-{letter}", QuizOption)


# -- practice -------------------------------------------------------------------------------------


async def test_practice_quiz_through_to_report_stores_every_answer(make_services, library) -> None:
    services = make_services()
    app = quiz_app(services, pick(library, NOISY, FLASH_SALE, THROTTLES))
    store = services.store()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.mode == "practice"
        where = text_of(screen.query_one("#quiz-where"))
        assert "Question 1/3 · " in where
        assert text_of(screen.query_one("#quiz-topic")) == "Concurrency and throttling · Resilient"
        assert not screen.query_one("#quiz-sources").display

        # 1: right, picked by letter; feedback marks it and shows every why and the source
        (key,) = right(screen)
        await pilot.press(key, "enter")
        await settle(app, pilot)
        assert screen.revealed and screen.quiz.current.correct
        assert option_row(screen, key).has_class("-correct")
        assert all(row.query_one(".quiz-option-why").display for row in screen.query(QuizOption))
        assert screen.query_one("#quiz-sources").display
        assert "Correct!" in text_of(screen.query_one("#quiz-hint"))
        assert "Score 1/1" in text_of(screen.query_one("#quiz-score"))
        assert len(store.quiz_answers()) == 1  # stored before moving on
        await pilot.press("a")  # letters do nothing once answered
        assert screen.quiz.current.chosen == frozenset({key})

        # 2: wrong; the pick is marked wrong and the key right
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.quiz.position == 1 and not screen.revealed
        miss = wrong(screen)
        (key2,) = right(screen)
        await pilot.press(miss, "enter")
        await settle(app, pilot)
        assert option_row(screen, miss).has_class("-wrong") and option_row(screen, key2).has_class("-correct")
        assert f"the answer is {key2}" in text_of(screen.query_one("#quiz-hint"))
        assert len(store.quiz_answers()) == 2

        # 3: right, then "n" (like enter) goes on to the report
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press(*right(screen), "enter")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        report_screen = app.screen
        assert isinstance(report_screen, QuizReportScreen)
        report = report_screen.report
        assert (report.score.correct, report.score.total) == (2, 3)
        assert [s.presented.question.id for s in report.missed] == [FLASH_SALE]
        summary = text_of(report_screen.query_one("#quiz-report-score"))
        assert "2/3" in summary and "67%" in summary and "approximation" not in summary
        bars = report_screen.query_one("#quiz-report-domains", ScoreBars)
        assert {label for label, _, _ in bars.rows} == {"Resilient", "High-Performing"}
        assert report_screen.query_one("#quiz-report-topics", DataTable).row_count == 1
        missed_rows = report_screen.query(".quiz-missed QuizOption")
        assert len(missed_rows) == 4 and all(row.query_one(".quiz-option-why").display for row in missed_rows)

    answers = store.quiz_answers()
    assert [a["question_id"] for a in answers] == [NOISY, FLASH_SALE, THROTTLES]
    assert [a["correct"] for a in answers] == [True, False, True]
    assert {a["mode"] for a in answers} == {"practice"}
    assert len({a["session_id"] for a in answers}) == 1
    assert answers[1]["chosen_letters"] == [miss]
    assert answers[1]["chosen_texts"] == [library.question(FLASH_SALE).options[
        screen.quiz.slots[1].presented.order["abcdef".index(miss)]].text]


async def test_choose_two_needs_two_selections(make_services, library) -> None:
    services = make_services()
    app = quiz_app(services, pick(library, STALE_ALERTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert "(Choose two.)" in text_of(screen.query_one("#quiz-stem"))
        first, second = right(screen)
        hint = screen.query_one("#quiz-hint", Static)
        assert "Select 2" in text_of(hint) and "0 selected" in text_of(hint)

        await pilot.press(first, "enter")  # one is not enough
        await settle(app, pilot)
        assert not screen.revealed and not screen.quiz.current.answered
        assert "Select 2" in text_of(hint) and "1 selected" in text_of(hint)
        assert services.store().quiz_answers() == []

        await pilot.press(first)  # a second press clears it
        assert screen.pending == set()
        await pilot.press(first)
        await pilot.click(f"#quiz-options .quiz-option-{second}")  # the mouse selects too
        await pilot.pause()
        assert screen.pending == {first, second}
        assert option_row(screen, second).has_class("-selected")
        await pilot.press(wrong(screen))  # a third is refused
        assert screen.pending == {first, second}
        assert "Already 2 selected" in text_of(hint)

        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.revealed and screen.quiz.current.correct
        assert all(option_row(screen, x).has_class("-correct") for x in (first, second))
    (answer,) = services.store().quiz_answers()
    assert answer["chosen_letters"] == [first, second] and answer["correct"]


async def test_retry_after_report_asks_the_missed_questions(make_services, library) -> None:
    app = quiz_app(make_services(), pick(library, NOISY, FLASH_SALE))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press(*right(screen), "enter")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press(wrong(screen), "enter")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, QuizReportScreen)
        await pilot.press("w")
        await settle(app, pilot)
        retry = app.screen
        assert isinstance(retry, QuizScreen) and retry.mode == "practice"
        assert [s.presented.question.id for s in retry.quiz.slots] == [FLASH_SALE]
        await pilot.press("escape")  # nothing answered: straight back to the dashboard
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_practice_escape_leaves_with_answers_already_saved(make_services, library) -> None:
    services = make_services()
    app = quiz_app(services, pick(library, NOISY, FLASH_SALE))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(wrong(app.screen), "enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert [a["question_id"] for a in services.store().quiz_answers()] == [NOISY]


async def test_content_brackets_are_shown_literally(make_services, library) -> None:
    arn = '"Resource": ["arn:aws:s3:::my-bucket/*"]'
    question = Question(
        id="b.q", topic="security", deck="lambda", stem=f"Which statement grants [bold]read[/bold]? {arn}",
        options=(Option(f"Allow {arn}", True, "It names [the] bucket."),
                 Option("[red]Deny[/red]", False, "No."),
                 Option("[b]None", False, "No."), Option("Both [x]", False, "No.")),
        choose=1, domain="secure", difficulty="easy", sources=("https://example.com/[docs]",),
        origin=Origin(Path("t.yaml"), 1),
    )
    app = quiz_app(make_services(), [question])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*right(app.screen), "enter")
        await settle(app, pilot)
        shown = screen_text(app)
        assert "[bold]read[/bold]" in shown and '["arn:aws:s3:::my-bucket/*"]' in shown
        assert "[red]Deny[/red]" in shown and "It names [the] bucket." in shown


# -- exam -------------------------------------------------------------------------------------------


async def test_exam_flag_review_grid_jump_and_submit(make_services, library) -> None:
    services = make_services()
    app = quiz_app(services, pick(library, NOISY, FLASH_SALE, THROTTLES, STALE_ALERTS), mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.timer is not None
        assert "8:00 left" in text_of(screen.query_one("#quiz-score"))  # 4 questions x 2 minutes

        # a letter answers at once in an exam, and the answer can be changed; nothing is explained
        await pilot.press(wrong(screen))
        assert screen.quiz.current.answered and not screen.revealed
        (key,) = right(screen)
        await pilot.press(key)
        assert screen.quiz.current.chosen == frozenset({key})
        assert not screen.query_one("#quiz-sources").display

        await pilot.press("n", "f")
        assert screen.quiz.position == 1 and screen.quiz.current.flagged
        assert "flagged" in text_of(screen.query_one("#quiz-where"))

        await pilot.press("g")
        await pilot.pause()
        grid = app.screen
        assert isinstance(grid, QuizGridScreen)
        assert grid.query_one("#quiz-grid-1").has_class("-answered")
        assert grid.query_one("#quiz-grid-2").has_class("-flagged", "-current")
        assert not grid.query_one("#quiz-grid-3").has_class("-answered")
        await pilot.press("9", "enter")  # no question 9: the grid stays open
        assert app.screen is grid
        await pilot.press("4", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.quiz.position == 3

        await pilot.press("g")
        await pilot.pause()
        await pilot.click("#quiz-grid-3")
        await pilot.pause()
        assert app.screen is screen and screen.quiz.position == 2

        # choose-two in an exam: what is ticked is stored, one (partial) then both
        await pilot.press("p")
        assert screen.quiz.position == 1
        await pilot.press("n", "n")
        first, second = right(screen)
        await pilot.press(first)
        assert screen.quiz.current.chosen == frozenset({first}) and not screen.quiz.current.complete
        await pilot.press(second)
        assert screen.quiz.current.chosen == frozenset({first, second})

        await pilot.press("S")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, QuizConfirmScreen) and "2 questions of 4 are unanswered" in confirm.message
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert services.store().quiz_answers() == []  # an exam grades its answers at the end
        await pilot.press("S", "y")
        await settle(app, pilot)
        report_screen = app.screen
        assert isinstance(report_screen, QuizReportScreen)
        report = report_screen.report
        assert (report.score.correct, report.score.total, report.unanswered) == (2, 4, 2)
        summary = text_of(report_screen.query_one("#quiz-report-score"))
        assert "≈ 550/1000" in summary and "approximation" in summary and "below the 720 pass mark" in summary
        assert len(report.missed) == 2
    answers = services.store().quiz_answers()
    assert [(a["question_id"], a["correct"], a["mode"]) for a in answers] == [
        (NOISY, True, "exam"), (STALE_ALERTS, True, "exam")]


def ticked(screen: QuizScreen) -> set[str]:
    return {row.letter for row in screen.query(QuizOption) if row.has_class("-selected")}


async def test_exam_choose_two_partial_pick_is_stored_and_graded_wrong(make_services, library) -> None:
    services = make_services()
    app = quiz_app(services, pick(library, STALE_ALERTS, NOISY), mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        first, _ = right(screen)
        await pilot.press(first, "n")  # one of two, then on: the pick is kept
        assert screen.quiz.slots[0].chosen == frozenset({first})
        assert services.store().pending_exam().slots[0].chosen == (first,)
        await pilot.press("p")
        assert ticked(screen) == {first}  # shown as it was left
        await pilot.press("S")
        await pilot.pause()
        assert "1 question has fewer options ticked" in app.screen.message
        await pilot.press("y")
        await settle(app, pilot)
        report = app.screen.report
        assert report.unanswered == 1 and [s.presented.question.id for s in report.missed] == [
            STALE_ALERTS, NOISY]
    (answer,) = services.store().quiz_answers()
    assert answer["question_id"] == STALE_ALERTS and answer["chosen_letters"] == [first]
    assert not answer["correct"]


async def test_exam_unticking_updates_the_stored_answer(make_services, library) -> None:
    services = make_services()
    app = quiz_app(services, pick(library, STALE_ALERTS, NOISY), mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        first, second = right(screen)
        await pilot.press(first, second, first)  # both ticked, then one unticked
        assert ticked(screen) == {second}
        assert screen.quiz.current.chosen == frozenset({second})
        assert services.store().pending_exam().slots[0].chosen == (second,)
        await pilot.press(second)  # nothing ticked: unanswered again
        assert screen.quiz.current.chosen is None and services.store().pending_answer_count() == 0
        await pilot.press(first, "S", "y")
        await settle(app, pilot)
    (answer,) = services.store().quiz_answers()
    assert answer["chosen_letters"] == [first] and not answer["correct"]


async def test_report_topics_are_sorted_by_the_title_shown(make_services, library) -> None:
    compare = "lambda.compare.q.edge-fraud-check"  # slug "compare" sorts before "concurrency"...
    app = quiz_app(make_services(), pick(library, compare, NOISY))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for _ in range(2):
            await pilot.press(*right(app.screen), "enter")
            await settle(app, pilot)
            await pilot.press("enter")
            await settle(app, pilot)
        table = app.screen.query_one("#quiz-report-topics", DataTable)
        titles = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
    # ...but its title, "Lambda vs Fargate...", sorts after "Concurrency and throttling"
    assert titles == ["Concurrency and throttling", library.topics["compare"].title]


async def test_exam_time_running_out_submits_and_stores(make_services, library, clock) -> None:
    services = make_services()
    app = quiz_app(services, pick(library, NOISY, FLASH_SALE), mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press(*right(screen))
        clock.advance(seconds=200)
        screen.tick()
        assert "0:40 left" in text_of(screen.query_one("#quiz-score"))
        await pilot.press("g")  # the grid is open when time runs out
        await pilot.pause()
        assert isinstance(app.screen, QuizGridScreen)
        clock.advance(seconds=45)
        screen.tick()
        await settle(app, pilot)
        report_screen = app.screen
        assert isinstance(report_screen, QuizReportScreen)
        report = report_screen.report
        assert report.time_used == timedelta(minutes=4)  # capped at the limit
        assert (report.score.correct, report.score.total, report.unanswered) == (1, 2, 1)
        assert "4:00 of 4:00" in text_of(report_screen.query_one("#quiz-report-score"))
    assert [a["question_id"] for a in services.store().quiz_answers()] == [NOISY]


async def test_exam_escape_asks_then_stores_the_answered_questions(make_services, library) -> None:
    services = make_services()
    app = quiz_app(services, pick(library, NOISY, FLASH_SALE, THROTTLES), mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press(wrong(screen), "escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizConfirmScreen)
        await pilot.press("escape")  # escape in the dialog means keep going
        await pilot.pause()
        assert app.screen is screen and screen.quiz.current.answered
        await pilot.press("escape", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
    answers = services.store().quiz_answers()
    assert [(a["question_id"], a["correct"], a["mode"]) for a in answers] == [(NOISY, False, "exam")]


async def test_exam_header_fits_80_columns(make_services, library) -> None:
    longest = "lambda.compare.q.edge-fraud-check"  # the longest topic title, the longest domain
    app = quiz_app(make_services(), pick(library, longest, NOISY), mode="exam")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        question = screen.quiz.current.presented.question
        await pilot.press("f", "a")
        await pilot.pause()
        header = shown_in(app, screen.query_one("#quiz-status"))
        title = library.topics[question.topic].title
        assert "Question 1/2" in header and f"· {question.difficulty}" in header and "⚑ flagged" in header
        assert f"{title} · High-Performing" in header
        assert "answered 1/2 · ⚑ 1" in header and "4:00 left" in header


# -- setup ------------------------------------------------------------------------------------------


async def test_setup_defaults_start_a_ten_question_practice_quiz(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, QuizSetupScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert screen.mode == "practice" and len(screen.quiz.slots) == 10
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_setup_topic_and_exam_mode(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_open_quiz("concurrency")
        await settle(app, pilot)
        setup = app.screen
        assert setup.query_one("#quiz-setup-topics").selected == ["lambda/concurrency"]
        await pilot.click("#quiz-setup-exam")
        await pilot.pause()
        count = setup.query_one("#quiz-setup-count", Input)
        assert count.value == "65"  # the exam's default length
        count.value = "5"
        setup.query_one("#quiz-setup-generated", Input).value = "0"
        await pilot.click("#quiz-setup-start")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.mode == "exam"
        assert len(screen.quiz.slots) == 5
        assert {s.presented.question.topic for s in screen.quiz.slots} == {"concurrency"}


async def test_setup_explains_an_empty_or_invalid_selection(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        setup = app.screen
        error = setup.query_one("#quiz-setup-error", Static)
        assert not error.display

        setup.query_one("#quiz-setup-count", Input).value = "0"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert error.display and "1 to 500" in text_of(error)

        setup.query_one("#quiz-setup-count", Input).value = "10"
        setup.query_one("#quiz-setup-wrong", Checkbox).value = True  # no quiz yet: nothing to retry
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is setup
        assert error.display and "no missed questions to retry" in text_of(error)


async def test_setup_mode_choices_fit_80x24(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        mode_row = app.screen.query_one("#quiz-setup-mode").parent
        shown = shown_in(app, mode_row)
        assert "Mode" in shown and "Practice" in shown and "Exam" in shown


# -- snapshot ---------------------------------------------------------------------------------------


def test_snapshot_practice_feedback(snap_compare, make_services, library) -> None:
    app = quiz_app(make_services(), pick(library, NOISY, STALE_ALERTS))

    async def answer_wrongly(pilot) -> None:
        await settle(pilot.app, pilot)
        await pilot.press(wrong(pilot.app.screen), "enter")
        await settle(pilot.app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=answer_wrongly)
