"""The dashboard's "Exam readiness" panel: coverage, readiness per domain, the predicted score."""

from __future__ import annotations

from datetime import timedelta

from studycards.content.model import Library
from studycards.srs.model import Rating
from studycards.tui.app import make_app
from studycards.tui.services import Services
from tests.tui.conftest import settle


def answer_questions(services: Services, count: int) -> None:
    """`count` quiz answers to one shipped question, three in four right, the last an hour ago."""
    store = services.store()
    now = services.now()
    for i in range(count):
        store.record_quiz_answer(session_id="s", question_id="lambda.concurrency.q.noisy-neighbour",
                                 topic="concurrency", domain="resilient", chosen_letters=["a"],
                                 chosen_texts=["A"], correct=i % 4 != 0, now=now - timedelta(hours=count - i))


def panel(app) -> str:
    return str(app.screen.query_one("#dash-readiness-text").render())


async def test_the_panel_asks_for_more_answers_until_a_score_can_be_predicted(make_services) -> None:
    services = make_services()
    answer_questions(services, 5)
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = panel(app)
        assert "Exam readiness" in text and "coverage" in text and "95%" in text
        for name in ("Secure", "Resilient", "High-Performing", "Cost-Optimized"):
            assert name in text
        assert "answer 25 more exam-style questions" in text
        assert "score" not in text


async def test_the_panel_shows_the_predicted_range_and_fits_at_80x24(make_services) -> None:
    services = make_services()
    answer_questions(services, 40)
    store = services.store()
    store.review("lambda.concurrency.formula", Rating.Good, services.now(), scheduler=store.scheduler())
    expected = services.readiness()
    assert expected.predicted_score is not None
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = panel(app)
        score = expected.predicted_score
        lines = text.splitlines()
        assert lines[-2].split() == ["score", f"{score.low}–{score.high}"]
        assert lines[-1].split() == ["to", "pass", "720"]
        resilient = next(d for d in expected.domains if d.id == "resilient")
        assert f"{round(resilient.readiness * 100)}%" in text
        box = app.screen.query_one("#dash-readiness")
        assert box.region.right <= 80 and box.size.width >= 22  # each figure on its own line, uncut
        assert all(len(line) <= box.content_region.width for line in text.splitlines())


async def test_a_library_without_an_exam_guide_still_shows_the_dashboard(make_services, library) -> None:
    bare = Library(decks=library.decks, topics=library.topics, cards=library.cards,
                   questions=library.questions)
    services = make_services(lib=bare)
    answer_questions(services, 3)
    assert services.dashboard().readiness is None
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one("#dash-readiness").display
        assert panel(app).splitlines()[-1] == "–"
