"""Pilot tests and snapshots of the statistics screen, on reviews made through ReviewSession."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Static, TabbedContent
from textual_plotext import PlotextPlot

from studycards.content.model import Card, Library, Origin, Topic
from studycards.srs.session import ReviewSession
from studycards.tui.app import make_app
from studycards.tui.screens.dashboard import DashboardScreen
from studycards.tui.screens.stats import StatsScreen, mastery_ranking
from studycards.tui.services import Services
from tests.tui.conftest import FIXED_NOW

SIZE = (100, 30)
TOPICS = {
    "concurrency": "Concurrency and throttling",
    "pricing": "Pricing",
    "events": "Event sources and mappings",
    "vpc": "VPC networking",
}
# answers to give (days ago -> how many), with ratings drawn from a seeded generator
PLAN = {12: 14, 11: 6, 9: 10, 8: 7, 6: 9, 5: 4, 4: 11, 2: 8, 1: 6, 0: 5}
STUDIED = ("concurrency", "pricing", "events")  # VPC networking stays untouched
QUIZ = [("secure", True), ("secure", False), ("cost", True), ("cost", True), ("resilient", False)]


def mini_library() -> Library:
    """Four topics of eight basic cards each."""
    lib = Library()
    lib.topics = {slug: Topic(slug=slug, title=title, domains=("secure",), deck="mini")
                  for slug, title in TOPICS.items()}
    lib.cards = [
        Card(id=f"{slug}.c{i}", note_id=f"{slug}.c{i}", kind="basic", topic=slug, deck="mini",
             front=f"Question {i} about [{slug}]", back="answer", tags=(), source="",
             origin=Origin(Path("mini.yaml"), i))
        for slug in ("concurrency", "pricing", "events", "vpc") for i in range(8)
    ]
    return lib


def seed_history(services: Services, plan: dict[int, int] = PLAN) -> dict[int, Counter[int]]:
    """Answer cards on the planned days (a fixed clock, seeded ratings); returns ratings given per day."""
    store = services.store()
    store.set_setting("new_per_day", "8")
    rng = random.Random(2024)
    given: dict[int, Counter[int]] = {}
    for days_ago, count in sorted(plan.items(), reverse=True):
        when = services.now() - timedelta(days=days_ago, hours=3)
        session = ReviewSession.start(store, services.library, when, rng=random.Random(days_ago), sync=False,
                                      topics=STUDIED)
        given[days_ago] = Counter()
        while session.current is not None and sum(given[days_ago].values()) < count:
            rating = rng.choices([1, 2, 3, 4], weights=[2, 1, 6, 2])[0]
            session.answer(rating, when)
            given[days_ago][rating] += 1
            when += timedelta(seconds=40)
    return given


def seed_quiz(services: Services) -> None:
    for i, (domain, correct) in enumerate(QUIZ):
        services.store().record_quiz_answer(
            session_id="s1", question_id=f"q{i}", topic="concurrency", domain=domain, chosen_letters=["a"],
            chosen_texts=["Alpha"], correct=correct, now=FIXED_NOW - timedelta(hours=i + 1))


def text_of(screen: StatsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def plot_text(screen: StatsScreen, name: str) -> str:
    plot = screen.query_one(f"#stats-{name}-plot", PlotextPlot)
    return plot.plt.uncolorize(plot.plt.build())


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_stats(pilot) -> StatsScreen:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StatsScreen)
    return screen


@pytest.fixture
def services(make_services) -> Services:
    return make_services(lib=mini_library())


async def test_one_review_on_one_day_is_written_in_the_singular(services: Services) -> None:
    seed_history(services, {0: 1})
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        await pilot.press("2")
        await pilot.pause()
        caption = text_of(screen, "#stats-reviews-caption")
        assert caption.startswith("1 review in 30 days · 1 study day · 1 per study day")


async def test_stats_show_the_figures_of_the_reviews_given(services: Services) -> None:
    given = seed_history(services)
    seed_quiz(services)
    total = sum(sum(c.values()) for c in given.values())
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        assert screen.sub_title == "Statistics"
        assert screen.query_one("#stats-tabs").display and not screen.query_one("#stats-empty").display
        data = screen.data
        assert data is not None and data.total_reviews == total
        # every planned day, split by rating, exactly as answered; the last entry is today
        assert data.days[-1].day.isoformat() == "2026-03-10"
        by_day = {(data.days[-1].day - d.day).days: d for d in data.days}
        for days_ago in range(30):
            entry, expected = by_day[days_ago], given.get(days_ago, Counter())
            assert [entry.again, entry.hard, entry.good, entry.easy] == [expected[r] for r in range(1, 5)]

        progress = " ".join(text_of(screen, "#stats-progress").split())
        assert f"today {sum(given[0].values())}" in progress
        assert f"30 days {total}" in progress and f"all time {total}" in progress
        assert "streak 3 days" in progress  # today, yesterday and the day before
        quiz = " ".join(text_of(screen, "#stats-quiz").split())
        assert "answered 5" in quiz and "right 60%" in quiz
        assert "Secure 50%" in quiz and "Cost-Optimized 100%" in quiz and "Resilient 0%" in quiz
        assert "High-Performing –" in quiz
        cards = " ".join(text_of(screen, "#stats-cards").split())
        assert "total 32" in cards

        # reviews tab: the totals, and the chart drawn
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one("#stats-tabs", TabbedContent).active == "stats-reviews"
        caption = text_of(screen, "#stats-reviews-caption")
        assert caption.startswith(f"{total} reviews in 30 days · 10 study days")
        assert screen.query_one("#stats-reviews-plot").display
        assert "Reviews per day" in plot_text(screen, "reviews") and "today" in plot_text(screen, "reviews")

        # forecast tab: the engine's due counts
        await pilot.press("3")
        await pilot.pause()
        stats = services.stats()
        due = stats.due
        forecast = text_of(screen, "#stats-forecast-caption")
        due_in_14 = sum(f.due for f in stats.forecast)
        assert forecast.startswith(f"{due_in_14} reviews due in the next 14 days")
        assert f"now {due.now} · today {due.today} · tomorrow {due.tomorrow}" in forecast

        # mastery tab: studied topics weakest first (top of the chart), the untouched one listed apart
        await pilot.press("4")
        await pilot.pause()
        ranked = mastery_ranking(stats.topics)
        assert [t.topic for t in ranked] and "vpc" not in [t.topic for t in ranked]
        assert [t.mastery for t in ranked] == sorted(t.mastery or 0.0 for t in ranked)
        chart = plot_text(screen, "mastery")
        rows = [chart.index(t.title[:20]) for t in ranked]
        assert rows == sorted(rows)
        assert "Not started: VPC networking." in text_of(screen, "#stats-mastery-rest")
        caption = text_of(screen, "#stats-mastery-caption")
        assert caption.startswith(f"{len(ranked)} of 4 topics started")
        assert "90%" in caption and "30 days" in caption and "unseen" in caption

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_refresh_picks_up_new_answers(services: Services, clock) -> None:
    seed_history(services, {1: 5})
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        assert "today 0" in " ".join(text_of(screen, "#stats-progress").split())
        session = services.start_review()
        session.answer(3, services.now())
        session.answer(4, services.now())
        await pilot.press("f5")
        await settle(pilot)
        assert screen.data is not None and screen.data.days[-1].total == 2
        assert screen.data.days[-1].good == 1 and screen.data.days[-1].easy == 1
        assert "today 2" in " ".join(text_of(screen, "#stats-progress").split())


async def test_nothing_studied_shows_the_empty_state(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        assert screen.query_one("#stats-empty").display
        assert not screen.query_one("#stats-tabs").display
        empty = " ".join(text_of(screen, "#stats-empty-text").split())
        assert empty.startswith("No reviews yet: press r on the dashboard")
        assert "32 cards are waiting" in empty
        await pilot.press("3")  # no tabs to switch to: nothing happens
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_quiz_answers_alone_show_the_tabs_without_empty_charts(services: Services) -> None:
    seed_quiz(services)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        assert screen.query_one("#stats-tabs").display
        await pilot.press("2")
        await pilot.pause()
        assert not screen.query_one("#stats-reviews-plot").display
        assert "No reviews in the last 30 days" in text_of(screen, "#stats-reviews-none")
        assert not screen.query_one("#stats-forecast-plot").display
        assert not screen.query_one("#stats-mastery-plot").display
        assert "No topic started yet" in text_of(screen, "#stats-mastery-none")


async def test_charts_follow_the_theme(services: Services) -> None:
    seed_history(services, {2: 6, 0: 4})
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        plot = screen.query_one("#stats-forecast-plot", PlotextPlot)

        def primary_in_chart() -> bool:
            r, g, b = Color.parse(app.theme_variables["primary"]).rgb
            return f"{r};{g};{b}" in plot.plt.build()

        assert primary_in_chart()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        await pilot.pause()
        assert primary_in_chart()


def test_snapshot_summary(snap_compare, make_services) -> None:
    services = make_services(lib=mini_library())
    seed_history(services)
    seed_quiz(services)
    assert snap_compare(make_app(services), terminal_size=SIZE, run_before=open_stats)


def test_snapshot_reviews_chart(snap_compare, make_services) -> None:
    services = make_services(lib=mini_library())
    seed_history(services)

    async def reviews_tab(pilot) -> None:
        await open_stats(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(make_app(services), terminal_size=SIZE, run_before=reviews_tab)
