"""The dashboard's topic list: names take the width the terminal has."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from studycards.tui.app import make_app
from tests.tui.conftest import settle

LONGEST = "Lambda vs Fargate, EC2, Step Functions and edge functions"


def shown_name(app, slug: str) -> str:
    prompt = str(app.screen.query_one("#dash-topics", OptionList).get_option(slug).prompt)
    return prompt.split("  ")[0]


@pytest.mark.parametrize(("size", "whole"), [((80, 24), False), ((130, 40), True)])
async def test_topic_names_use_the_free_width(make_services, size, whole) -> None:
    app = make_app(make_services())
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        name = shown_name(app, "lambda/compare")
        assert (name == LONGEST) is whole
        assert whole or name.endswith("…")


async def test_topic_names_follow_a_resize(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert shown_name(app, "lambda/compare") != LONGEST
        await pilot.resize_terminal(130, 40)
        await settle(app, pilot)
        assert shown_name(app, "lambda/compare") == LONGEST
        head = str(app.screen.query_one("#dash-topics-head").render())
        row = str(app.screen.query_one("#dash-topics", OptionList).get_option("lambda/compare").prompt)
        assert head.index("Cards") + len("Cards") == row.index(" 23") + len(" 23")  # columns line up


async def test_topic_head_stays_one_line_when_the_terminal_narrows(make_services) -> None:
    app = make_app(make_services())
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert app.screen.query_one("#dash-topics-head").size.height == 1
        assert shown_name(app, "lambda/compare").endswith("…")
