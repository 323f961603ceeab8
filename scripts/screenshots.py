#!/usr/bin/env python3
"""Regenerate the README screenshots (docs/images/*.svg) from a scripted study history."""

from __future__ import annotations

import asyncio
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studycards.content.loader import load_or_raise
from studycards.context import AppContext
from studycards.locations import shipped_content_dir
from studycards.quiz.service import QuizRequest
from studycards.quiz.session import QuizSession
from studycards.srs.session import ReviewSession
from studycards.tui.app import make_app
from studycards.tui.services import Services

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DAYS = 10


def build_history(services: Services, rng: random.Random) -> datetime:
    """Ten days of reviews and quizzes, answered mostly right, as a learner would."""
    store = services.store()
    store.set_setting("timezone", "UTC")
    now = START
    for day in range(DAYS):
        now = START + timedelta(days=day)
        session = ReviewSession.start(store, services.library, now, rng=rng, sync=False)
        while session.current is not None:
            rating = rng.choices([1, 2, 3, 4], weights=[1, 1, 6, 1])[0]
            session.answer(rating, now, duration_ms=rng.randint(3000, 12000))
            now += timedelta(seconds=rng.randint(5, 40))
        if day % 2 == 0:
            questions = services.plan_quiz(QuizRequest(count=8, seed=day))
            quiz = QuizSession.start(questions, mode="practice", now=now, seed=day)
            for index, slot in enumerate(quiz.slots):
                quiz.goto(index, now)
                right = rng.random() < 0.75
                p = slot.presented
                chosen = (
                    p.correct_letters if right else frozenset(sorted(set(p.letters) - p.correct_letters)[:1])
                )
                quiz.answer(frozenset(chosen), now)
                services.record_quiz_answer(f"shots-{day}", quiz, slot)
    return START + timedelta(days=DAYS, hours=1)


async def shoot() -> None:
    library = load_or_raise([shipped_content_dir()])
    with tempfile.TemporaryDirectory() as tmp:
        clock = {"now": START}
        context = AppContext.for_library(library, Path(tmp) / "shots.db", clock=lambda: clock["now"])
        services = Services(context)
        clock["now"] = build_history(services, random.Random(3))
        app = make_app(services)
        async with app.run_test(size=(110, 34)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            (OUT / "dashboard.svg").write_text(app.export_screenshot(title="studycards"))
            await pilot.press("r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("space")
            await pilot.pause()
            (OUT / "review.svg").write_text(app.export_screenshot(title="studycards"))
        services.close()


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot())
    print(f"wrote {OUT}/dashboard.svg and review.svg")
