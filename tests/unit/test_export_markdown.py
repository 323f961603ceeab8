"""The Markdown subset the export renders into Anki fields: what renders, and what never gets through."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.content.model import CLOZE_RE, cloze_numbers
from studycards.export.markdown import escape_text, render_cloze_markdown, render_inline, render_markdown


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("plain text", "plain text"),
        ("**bold** and *italic*", "<strong>bold</strong> and <em>italic</em>"),
        ("__bold__ and _italic_", "<strong>bold</strong> and <em>italic</em>"),
        ("***both***", "<strong><em>both</em></strong>"),
        ("*a **b** c*", "<em>a <strong>b</strong> c</em>"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("2*3*4 and 3 * 4 * 5", "2*3*4 and 3 * 4 * 5"),
        ("use `x < y && z`", "use <code>x &lt; y &amp;&amp; z</code>"),
        ("``a ` b``", "<code>a ` b</code>"),
        ("`**not bold**`", "<code>**not bold**</code>"),
        (r"\*not italic\* and \`x\`", "*not italic* and `x`"),
        ("unclosed **bold", "unclosed **bold"),
        ("AT&T's \"quote\"", "AT&amp;T&#x27;s &quot;quote&quot;"),
        ("line one  \nline two", "line one<br>line two"),
    ],
)
def test_inline_markdown_without_paragraph_wrapper(source: str, expected: str) -> None:
    assert render_markdown(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("First para\nwraps.\n\nSecond.", "<p>First para wraps.</p><p>Second.</p>"),
        ("- one\n- two", "<ul><li>one</li><li>two</li></ul>"),
        ("1. one\n2. two", "<ol><li>one</li><li>two</li></ol>"),
        ("3. three\n4. four", '<ol start="3"><li>three</li><li>four</li></ol>'),
        ("- a\n  - nested\n- b", "<ul><li>a<ul><li>nested</li></ul></li><li>b</li></ul>"),
        ("- a long item\ncontinued lazily", "<ul><li>a long item continued lazily</li></ul>"),
        ("Intro:\n- x\n\nAfter.", "<p>Intro:</p><ul><li>x</li></ul><p>After.</p>"),
        ("```\nline 1\n  line 2\n```", "<pre><code>line 1\n  line 2</code></pre>"),
        ("~~~json\n{}\n~~~", "<pre><code>&#123;&#125;</code></pre>"),
        (
            "| Control | Cost |\n|---|:-:|\n| **Reserved** | `0` |\n| a \\| b | c |",
            "<table><thead><tr><th>Control</th><th>Cost</th></tr></thead><tbody>"
            "<tr><td><strong>Reserved</strong></td><td><code>0</code></td></tr>"
            "<tr><td>a | b</td><td>c</td></tr></tbody></table>",
        ),
        ("| `a|b` | c |\n|---|---|\n| 1 | 2 |", "<table><thead><tr><th><code>a|b</code></th><th>c</th></tr>"
         "</thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"),
        ("a | b\n---", "a | b ---"),
        ("", ""),
    ],
)
def test_block_markdown(source: str, expected: str) -> None:
    assert render_markdown(source) == expected


def test_iam_policy_json_renders_literally() -> None:
    policy = '{\n  "Effect": "Allow",\n  "Action": "s3:GetObject",\n  "Resource": "arn:aws:s3:::bucket/*"\n}'
    rendered = render_markdown(f"```json\n{policy}\n```")
    assert rendered.startswith("<pre><code>") and rendered.endswith("</code></pre>")
    inner = rendered.removeprefix("<pre><code>").removesuffix("</code></pre>")
    assert html.unescape(inner) == policy
    assert "{" not in inner and '"' not in inner


class _TagChecker(HTMLParser):
    ALLOWED: ClassVar[set[str]] = {"p", "strong", "em", "code", "pre", "ul", "ol", "li", "br"} | {
        "table", "thead", "tbody", "tr", "th", "td",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.ALLOWED or any(name != "start" for name, _ in attrs):
            self.problems.append(f"unexpected <{tag} {attrs}>")
        if tag != "br":
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"misnested </{tag}>")


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "`<script>alert(1)</script>`",
        "```\n</code></pre><script>alert(1)</script>\n```",
        "- <b onclick=x>item</b>",
        "| <script> | x |\n|---|---|\n| y | z |",
        "**<iframe src=evil>**",
    ],
)
def test_no_author_html_gets_through(hostile: str) -> None:
    rendered = render_markdown(hostile)
    checker = _TagChecker()
    checker.feed(rendered)
    assert not checker.problems
    assert not re.search(r"<(script|img|iframe|a )", rendered)
    assert "&lt;" in rendered


def test_cloze_markers_in_basic_text_are_not_live() -> None:
    rendered = render_markdown("Type `{{c1::secret}}` or {{c2::this}} [sound:evil.mp3]")
    assert "{{" not in rendered and "}}" not in rendered and "[sound:" not in rendered
    assert html.unescape(rendered) == "Type <code>{{c1::secret}}</code> or {{c2::this}} [sound:evil.mp3]"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("The quota is {{c1::1,000}} per {{c2::Region}}.", "The quota is {{c1::1,000}} per {{c2::Region}}."),
        ("Hint: {{c1::Region::where?}}", "Hint: {{c1::Region::where?}}"),
        ("{{c1::**bold** & <b>}}", "{{c1::<strong>bold</strong> &amp; &lt;b&gt;}}"),
        ("{{c1::arn:aws}} {{c2::a::b::c}}", "{{c1::arn&#58;aws}} {{c2::a::b&#58;&#58;c}}"),
        ("Code `{{c1::**x**}}` stays code", "Code <code>{{c1::**x**}}</code> stays code"),
        ("<script>{{c1::x}}</script>", "&lt;script&gt;{{c1::x}}&lt;/script&gt;"),
        ("Broken {{c1:: marker", "Broken &#123;&#123;c1:: marker"),
        ("- {{c1::one}}\n- {{c2::two}}", "<ul><li>{{c1::one}}</li><li>{{c2::two}}</li></ul>"),
    ],
)
def test_cloze_markers_stay_live_and_text_is_escaped(source: str, expected: str) -> None:
    assert render_cloze_markdown(source) == expected


def test_inline_and_escape_helpers() -> None:
    assert render_inline("- not a list **b**") == "- not a list <strong>b</strong>"
    assert escape_text("a<b>&{c}[d]\"'") == "a&lt;b&gt;&amp;&#123;c&#125;&#91;d]&quot;&#x27;"
    assert escape_text("private\ue000use") == "privateuse"


# snippets rather than characters, so lists, fences, tables and cloze markers actually occur
markdownish = st.lists(
    st.sampled_from(
        [*"ab <>&\"'{}[]|*_`\\-1.:\n c", "{{c1::", "{{c2::", "}}", "```", "**", "- ", "1. ", "\n  ", "|---|"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_any_input_gives_well_formed_html_with_only_our_tags(source: str) -> None:
    rendered = render_markdown(source)
    checker = _TagChecker()
    checker.feed(rendered)
    checker.close()
    assert not checker.problems, (source, rendered)
    assert not checker.stack, (source, rendered)
    assert "{" not in rendered and "}" not in rendered


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_cloze_rendering_keeps_exactly_the_authored_deletions(source: str) -> None:
    rendered = render_cloze_markdown(source)
    assert cloze_numbers(rendered) == cloze_numbers(source)
    # outside the live markers, no brace survives to confuse Anki's cloze parser
    assert "{" not in CLOZE_RE.sub("", rendered) and "}" not in CLOZE_RE.sub("", rendered)
    checker = _TagChecker()
    checker.feed(rendered)
    assert not checker.problems and not checker.stack
