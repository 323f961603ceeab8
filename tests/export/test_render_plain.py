"""Content Markdown as plain text, for `review --plain` and `quiz --plain`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from studycards.export.markdown import render_plain


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("Billed in **GB-seconds**.", "Billed in GB-seconds."),
        ("An *italic* and __bold__ and _em_ word.", "An italic and bold and em word."),
        ("Set `ReservedConcurrentExecutions` to 0.", "Set ReservedConcurrentExecutions to 0."),
        ("See [the guide](https://docs.aws.amazon.com/x).", "See the guide (https://docs.aws.amazon.com/x)."),
        ("Source: <https://aws.amazon.com/lambda/>", "Source: https://aws.amazon.com/lambda/"),
        ("Logs: /aws/lambda/<function-name>", "Logs: /aws/lambda/<function-name>"),
        ("Code keeps `[a](https://b.c)` as written.", "Code keeps [a](https://b.c) as written."),
        ("Literal \\*stars\\* and {{braces}} & <tags>", "Literal *stars* and {{braces}} & <tags>"),
        ("- one\n- two\n  - nested", "- one\n- two\n  - nested"),
        ("3. three\n4. four", "3. three\n4. four"),
        ("First.\n\nSecond.", "First.\n\nSecond."),
        ("```\nx = `y`\n```", "    x = `y`"),
        (
            "| Setting | Limit |\n|---|---|\n| Memory | **10,240 MB** |\n| Timeout | 900 s |",
            "Setting  Limit\n-------  ---------\nMemory   10,240 MB\nTimeout  900 s",
        ),
        ("Evil \x1b]52;c;aGk=\x07 and \x9b2J", "Evil \\x1b]52;c;aGk=\\x07 and \\x9b2J"),
    ],
)
def test_render_plain(markdown: str, plain: str) -> None:
    assert render_plain(markdown) == plain


DECK = {
    "md/deck.yaml": (
        "deck: md\ntitle: MD\ntopics:\n  - {slug: md, title: Markdown, domains: [cost], tasks: ['4.2']}\n"
    ),
    "md/t.yaml": (
        "topic: md\n"
        "cards:\n"
        "  - id: md.card\n"
        '    front: "How is Lambda compute billed, per `invocation`?"\n'
        '    back: "In **GB-seconds**; see [pricing](https://aws.amazon.com/lambda/pricing/)."\n'
        '    extra: "*Memory* times duration."\n'
        "questions:\n"
        "  - id: md.q\n"
        '    stem: "Which unit is **compute** billed in?"\n'
        "    domain: cost\n"
        "    difficulty: easy\n"
        "    tasks: [\"4.2\"]\n"
        "    sources: [https://aws.amazon.com/lambda/pricing/]\n"
        "    options:\n"
        '      - {text: "**GB-seconds**", correct: true, why: "Memory `x` duration."}\n'
        '      - {text: "_Requests_", why: "Requests are billed *separately*."}\n'
        "      - {text: Bytes, why: No.}\n"
        "      - {text: Hours, why: No.}\n"
    ),
}


def _deck(tmp_path: Path) -> Path:
    root = tmp_path / "decks"
    for name, text in DECK.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_review_plain_prints_markdown_as_plain_text(tmp_path: Path) -> None:
    args = ["--db", str(tmp_path / "s.db"), "--content", str(_deck(tmp_path)), "review", "--plain"]
    result = CliRunner().invoke(cli, [*args, "--topic", "md"], input="\nq\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "How is Lambda compute billed, per invocation?" in out
    assert "In GB-seconds; see pricing (https://aws.amazon.com/lambda/pricing/)." in out
    assert "Memory times duration." in out
    assert "**" not in out and "`" not in out


def test_quiz_plain_prints_markdown_as_plain_text(tmp_path: Path) -> None:
    args = ["--db", str(tmp_path / "s.db"), "--content", str(_deck(tmp_path)), "quiz", "--plain"]
    result = CliRunner().invoke(cli, [*args, "--topic", "md", "--count", "1", "--seed", "1"], input="a\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Which unit is compute billed in?" in out
    assert ") GB-seconds" in out and ") Requests" in out
    assert "Memory x duration." in out and "Requests are billed separately." in out
    assert "**" not in out and "`" not in out and "_Requests_" not in out
