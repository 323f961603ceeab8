"""Decks from strangers: hostile YAML, terminal escapes, special files, cloze bounds.

Each attack must end in a clean one-line `file:line` content error, never a hang, a crash or a
raw control character on the learner's terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from string import Template

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from studycards.content.loader import load_library
from studycards.content.safe_text import safe_line, safe_text
from tests.conftest import MINI_MANIFEST, REPO

ESC_PAYLOADS = {
    "osc52-clipboard": r"\e]52;c;aGVsbG8=\a",
    "osc0-title": r"\e]0;pwned\a",
    "clear-screen": r"\x1b[2J",
    "c1-csi": r"\x9b2J",
    "del": r"\x7f",
    "bidi-override": r"\u202e",
    "bidi-isolate": r"\u2066",
    "anki-separator": r"\x1f",
    "nul": r"\0",
    "carriage-return": r"\r",
    "backspace": r"\b",
}
RAW = ("\x1b", "\x9b", "\x07", "\x1f", "\x7f", "\u202e")

TOPIC = Template(
    """\
topic: alpha
notes:
  - id: mini.alpha.note
    title: $note_title
    summary: $summary
    key_facts: [$key_fact]
    tables:
      - id: mini.alpha.table
        title: $table_title
        columns: [Name, $column]
        rows:
          - [First, $cell]
    use_cases: [$use_case]
    sources: [https://example.com/alpha]
cards:
  - id: mini.alpha.basic
    front: $front
    back: $back
    extra: $extra
  - id: mini.alpha.cloze
    cloze: $cloze
questions:
  - id: mini.alpha.q.one
    stem: $stem
    domain: secure
    difficulty: easy
    tasks: ["1.1"]
    options:
      - {text: $option, correct: true, why: $why}
      - {text: Beta, why: Second.}
      - {text: Gamma, why: Third.}
      - {text: Delta, why: Fourth.}
    sources: [https://example.com/q]
"""
)
FIELDS = {
    "note_title": "notes[0].title",
    "summary": "notes[0].summary",
    "key_fact": "notes[0].key_facts[0]",
    "table_title": "notes[0].tables[0].title",
    "column": "notes[0].tables[0].columns[1]",
    "cell": "notes[0].tables[0].rows[0][1]",
    "use_case": "notes[0].use_cases[0]",
    "front": "cards[0].front",
    "back": "cards[0].back",
    "extra": "cards[0].extra",
    "cloze": "cards[1].cloze",
    "stem": "questions[0].stem",
    "option": "questions[0].options[0].text",
    "why": "questions[0].options[0].why",
}
MANIFEST = Template(
    """\
deck: mini
title: $deck_title
description: $description
topics:
  - slug: alpha
    title: $topic_title
    summary: $topic_summary
    domains: [secure]
    tasks: ["1.1"]
"""
)
MANIFEST_FIELDS = {
    "deck_title": "title",
    "description": "description",
    "topic_title": "topics[0].title",
    "topic_summary": "topics[0].summary",
}


def topic_yaml(**hostile: str) -> str:
    values = {name: f'"Plain {name}."' for name in FIELDS}
    values["cloze"] = '"{{c1::Alpha}} comes first."'
    values.update(hostile)
    return TOPIC.substitute(values)


def manifest_yaml(**hostile: str) -> str:
    values = {name: f'"Plain {name}."' for name in MANIFEST_FIELDS}
    values.update(hostile)
    return MANIFEST.substitute(values)


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_library([root]).problems]


def assert_clean_one_liners(lines: list[str]) -> None:
    for line in lines:
        assert "\n" not in line and "\r" not in line, line
        assert not any(raw in line for raw in RAW), line
        assert re.match(r"^\S+\.ya?ml:\d+:", line), line


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


# -- 1. escapes in every text and key are rejected at validation --------------------------------


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_escape_in_each_topic_field_is_rejected_with_line_and_field(tmp_path: Path, name: str) -> None:
    value = f'"Evil {ESC_PAYLOADS["osc52-clipboard"]} text"'
    if name == "cloze":
        value = f'"{{{{c1::Alpha}}}} {ESC_PAYLOADS["osc52-clipboard"]}"'
    text = topic_yaml(**{name: value})
    root = write(tmp_path / "decks", {"mini/deck.yaml": manifest_yaml(), "mini/alpha.yaml": text})
    found = problems(root)
    assert len(found) == 1, found
    line = line_of(text, "Evil" if name != "cloze" else "cloze:")
    assert f"alpha.yaml:{line}: {FIELDS[name]}: text contains the control character U+001B" in found[0]
    assert_clean_one_liners(found)


@pytest.mark.parametrize("name", sorted(MANIFEST_FIELDS))
def test_escape_in_each_manifest_field_is_rejected(tmp_path: Path, name: str) -> None:
    text = manifest_yaml(**{name: f'"Evil {ESC_PAYLOADS["osc0-title"]}"'})
    root = write(tmp_path / "decks", {"mini/deck.yaml": text, "mini/alpha.yaml": topic_yaml()})
    found = problems(root)
    assert len(found) == 1, found
    assert f"deck.yaml:{line_of(text, 'Evil')}: {MANIFEST_FIELDS[name]}: text contains" in found[0]
    assert_clean_one_liners(found)


@pytest.mark.parametrize("payload", sorted(ESC_PAYLOADS))
def test_each_control_kind_is_rejected(tmp_path: Path, payload: str) -> None:
    text = topic_yaml(front=f'"Evil {ESC_PAYLOADS[payload]} text"')
    root = write(tmp_path / "decks", {"mini/deck.yaml": manifest_yaml(), "mini/alpha.yaml": text})
    found = problems(root)
    assert len(found) == 1, found
    assert (
        f"alpha.yaml:{line_of(text, 'Evil')}: cards[0].front: text contains the control character" in found[0]
    )
    assert_clean_one_liners(found)


def test_tab_and_newline_stay_allowed(tmp_path: Path) -> None:
    text = topic_yaml(front='"Tab\\there"', back="|\n      Two\n      lines.")
    root = write(tmp_path / "decks", {"mini/deck.yaml": manifest_yaml(), "mini/alpha.yaml": text})
    assert problems(root) == []


@pytest.mark.parametrize(
    ("file", "text", "line", "field"),
    [
        ("alpha.yaml", 'topic: alpha\n"\\e]52;c;aGk=\\a": x\n', 2, r"\x1b]52;c;aGk=\x07"),
        (
            "alpha.yaml",
            'topic: alpha\ncards:\n  - id: a.b\n    front: Q?\n    back: A.\n    "fr\\e[2Jont": x\n',
            6,
            r"cards[0].fr\x1b[2Jont",
        ),
        (
            "alpha.yaml",
            (
                "topic: alpha\nquestions:\n  - id: a.q\n    stem: S?\n    domain: secure\n"
                "    difficulty: easy\n    tasks: [\"1.1\"]\n    sources: [https://example.com]\n"
                "    options:\n"
                '      - {text: A, correct: true, why: W, "\\x9bwhy": X}\n'
                "      - {text: B, why: W}\n      - {text: C, why: W}\n      - {text: D, why: W}\n"
            ),
            10,
            r"questions[0].options[0].\x9bwhy",
        ),
        (
            "deck.yaml",
            manifest_yaml().replace("description:", '"\\u202edescription":'),
            3,
            r"\u202edescription",
        ),
    ],
    ids=["top-level", "card", "option", "manifest"],
)
def test_escape_in_a_field_name_is_rejected_and_shown_escaped(
    tmp_path: Path, file: str, text: str, line: int, field: str
) -> None:
    files = {"mini/deck.yaml": manifest_yaml(), "mini/alpha.yaml": topic_yaml(), f"mini/{file}": text}
    root = write(tmp_path / "decks", files)
    found = problems(root)
    assert found, found
    hit = [p for p in found if "field name contains the control character" in p]
    assert len(hit) == 1, found
    assert f"{file}:{line}: " in hit[0]
    assert f" {field}: " in hit[0]
    assert_clean_one_liners(found)


HOSTILE_DECKS = {
    "card-front": lambda: {
        "mini/deck.yaml": manifest_yaml(),
        "mini/alpha.yaml": topic_yaml(front=f'"Evil {ESC_PAYLOADS["osc52-clipboard"]}"'),
    },
    "option-and-why": lambda: {
        "mini/deck.yaml": manifest_yaml(),
        "mini/alpha.yaml": topic_yaml(
            option=f'"Evil {ESC_PAYLOADS["clear-screen"]}"', why=f'"Why {ESC_PAYLOADS["c1-csi"]}"'
        ),
    },
    "topic-title": lambda: {
        "mini/deck.yaml": manifest_yaml(topic_title=f'"Evil {ESC_PAYLOADS["osc0-title"]}"'),
        "mini/alpha.yaml": topic_yaml(),
    },
    "field-name": lambda: {
        "mini/deck.yaml": manifest_yaml(),
        "mini/alpha.yaml": topic_yaml() + '"\\e]0;pwned\\a": x\n',
    },
}
COMMANDS = {
    "topics": (["topics"], ""),
    "content-check": (["content", "check"], ""),
    "review-plain": (["review", "--plain", "--topic", "alpha"], "\n3\n\n3\n\n3\nq\n"),
    "quiz-plain": (["quiz", "--plain", "--topic", "alpha", "--count", "1"], "a\n"),
}


def _invoke(tmp_path: Path, deck: str, command: str) -> tuple[int, str, str]:
    root = write(tmp_path / "decks", HOSTILE_DECKS[deck]())
    args, stdin = COMMANDS[command]
    if command == "content-check":
        args = [*args, "--path", str(root)]
    return run(["--db", str(tmp_path / "s.db"), "--content", str(root), *args], stdin)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("deck", sorted(HOSTILE_DECKS))
def test_hostile_deck_is_refused_and_nothing_raw_reaches_the_terminal(
    tmp_path: Path, deck: str, command: str
) -> None:
    code, out, err = _invoke(tmp_path, deck, command)
    assert code != 0, out
    assert "Traceback" not in out + err
    for raw in RAW:
        assert raw not in out and raw not in err
    if command == "content-check":
        assert "OK" not in out
        assert_clean_one_liners(out.splitlines())
    else:
        assert len(err.strip().splitlines()) == 1, err
        assert "control character" in err


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("deck", sorted(HOSTILE_DECKS))
def test_output_is_sanitised_even_when_validation_lets_text_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deck: str, command: str
) -> None:
    """Defence in depth: with the control check switched off, printing still escapes."""
    monkeypatch.setattr("studycards.content.loader.control_problems", lambda *_: [])
    _, out, err = _invoke(tmp_path, deck, command)
    assert "Traceback" not in out + err
    for raw in RAW:
        assert raw not in out and raw not in err
    shown = {
        "card-front": ("review-plain", r"\x1b]52"),
        "option-and-why": ("quiz-plain", r"\x1b[2J"),
        "topic-title": ("topics", r"\x1b]0;pwned"),
        "field-name": ("content-check", r"\x1b]0;pwned"),
    }[deck]
    if command == shown[0]:
        assert shown[1] in out + err


def test_safe_text_makes_every_control_visible() -> None:
    assert safe_text("a\x1b]52;c;x\x07b") == r"a\x1b]52;c;x\x07b"
    assert safe_text("\x9b2J \x7f \u202e \u2069 \x1f") == r"\x9b2J \x7f \u202e \u2069 \x1f"
    assert safe_text("tab\tand\nnewline") == "tab\tand\nnewline"
    assert safe_line("two\nlines") == r"two\x0alines"


# -- 2. special files: FIFO, /dev/zero, size cap ---------------------------------------------------

SUBPROCESS_ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _cli_subprocess(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**SUBPROCESS_ENV, "STUDYCARDS_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-m", "studycards", "--db", str(tmp_path / "s.db"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", [["topics"], ["content", "check"]])
def test_fifo_named_yaml_is_a_content_error_not_a_hang(tmp_path: Path, command: list[str]) -> None:
    root = write(tmp_path / "decks", {"mini/deck.yaml": MINI_MANIFEST})
    os.mkfifo(root / "mini" / "evil.yaml")
    if command == ["content", "check"]:
        command = [*command, "--path", str(root)]
    done = _cli_subprocess(tmp_path, "--content", str(root), *command)
    assert done.returncode != 0
    assert "evil.yaml:1: not a regular file" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_topic_file_linked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    root = write(tmp_path / "decks", {"mini/deck.yaml": MINI_MANIFEST})
    (root / "mini" / "zero.yaml").symlink_to("/dev/zero")
    done = _cli_subprocess(tmp_path, "content", "check", "--path", str(root))
    assert done.returncode == 1
    assert "zero.yaml:1: not a regular file" in done.stdout
    assert "Traceback" not in done.stderr


def test_size_cap_is_enforced_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from studycards.content import yamlread

    monkeypatch.setattr(yamlread, "MAX_BYTES", 64)
    path = tmp_path / "big.yaml"
    path.write_text("topic: alpha\n" + "# padding\n" * 20)
    read_sizes: list[int] = []
    real_read = os.read
    monkeypatch.setattr(yamlread.os, "read", lambda fd, n: read_sizes.append(n) or real_read(fd, n))
    with pytest.raises(yamlread.YamlReadError, match="larger than"):
        yamlread.read_yaml_file(path)
    assert read_sizes and sum(read_sizes) <= 65 + 64


# -- 3. cloze numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["0", "00", "501", "70000", "99999999999999999999", "9" * 5000], ids=lambda n: n[:24]
)
def test_cloze_number_out_of_range_is_rejected(tmp_path: Path, number: str) -> None:
    text = topic_yaml(cloze=f'"{{{{c{number}::Alpha}}}} comes first."')
    root = write(tmp_path / "decks", {"mini/deck.yaml": manifest_yaml(), "mini/alpha.yaml": text})
    found = problems(root)
    assert len(found) == 1, found
    shown = number if len(number) < 24 else number[:20] + "…"
    assert f"alpha.yaml:{line_of(text, 'cloze:')}: cards[1].cloze: cloze number c{shown} " in found[0]
    assert "c1 to c500" in found[0]


def test_cloze_number_500_is_fine(tmp_path: Path) -> None:
    text = topic_yaml(cloze='"{{c500::Alpha}} comes first."')
    root = write(tmp_path / "decks", {"mini/deck.yaml": manifest_yaml(), "mini/alpha.yaml": text})
    assert problems(root) == []


@pytest.mark.parametrize(
    "hostile",
    [
        {"front": r'"Front \x1f with the Anki field separator"'},
        {"cloze": '"{{c1::Alpha}} \\x1f separator"'},
        {"cloze": '"{{c70000::Alpha}} too many"'},
        {"cloze": '"{{c99999999999999999999::Alpha}} huge"'},
    ],
    ids=["separator-front", "separator-cloze", "cloze-70000", "cloze-huge"],
)
def test_export_refuses_a_deck_anki_could_not_import(tmp_path: Path, hostile: dict[str, str]) -> None:
    root = write(
        tmp_path / "decks", {"mini/deck.yaml": manifest_yaml(), "mini/alpha.yaml": topic_yaml(**hostile)}
    )
    out_file = tmp_path / "out.apkg"
    code, out, err = run(
        ["--db", str(tmp_path / "s.db"), "--content", str(root), "export", "anki", "--output", str(out_file)]
    )
    assert code != 0
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1, err
    assert re.search(r"alpha\.yaml:\d+: cards\[\d\]\.(front|cloze): ", err), err
    assert not out_file.exists()


# -- 4. raw control bytes in the file ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "column", "name"),
    [
        (b"\x07", 13, "U+0007"),
        (b"\x1b[2J", 13, "U+001B"),
        (b"\x7f", 13, "U+007F"),
        ("\x9b".encode(), 13, "U+009B"),
        ("\u202e".encode(), 13, "U+202E"),
    ],
)
def test_raw_control_byte_gives_its_line_and_column(
    tmp_path: Path, raw: bytes, column: int, name: str
) -> None:
    body = b"topic: alpha\ncards:\n  - id: a.b\n    front: Q" + raw + b"?\n    back: A.\n"
    root = write(tmp_path / "decks", {"mini/deck.yaml": MINI_MANIFEST, "mini/alpha.yaml": body})
    found = problems(root)
    assert len(found) == 1, found
    assert f"alpha.yaml:4:{column}: control character {name}" in found[0], found
    assert_clean_one_liners(found)


def test_character_yaml_refuses_gives_its_line_and_column(tmp_path: Path) -> None:
    body = "topic: alpha\ncards:\n  - id: a.b\n    front: Q\ufffe?\n    back: A.\n".encode()
    root = write(tmp_path / "decks", {"mini/deck.yaml": MINI_MANIFEST, "mini/alpha.yaml": body})
    found = problems(root)
    assert len(found) == 1, found
    assert "alpha.yaml:4:13: character U+FFFE is not allowed in YAML" in found[0], found
    assert_clean_one_liners(found)


# -- the YAML attacks: every one an error, never a crash or a hang ---------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"topic: alpha\ncards: [\n", "YAML syntax error"),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xff\xfe\xfa not utf8", "not valid UTF-8"),
        (b"topic: !!python/object/apply:os.system ['echo hacked']\n", "tag"),
        (b"a: &x [1]\nb: *x\n", "anchors"),
        (b"topic: alpha\nx: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nesting"),
        (b"topic: alpha\nx: " + b"[" * 50 + b"]" * 50 + b"\n", "nesting deeper than 40 levels"),
        (b"topic: alpha\ntopic: beta\n", "duplicate key 'topic'"),
        (b"topic: alpha\n---\ntopic: beta\n", "only one YAML document"),
    ],
    ids=[
        "syntax",
        "binary",
        "not-utf8",
        "python-tag",
        "anchor",
        "deep-nesting",
        "nesting-41",
        "dup-key",
        "two-docs",
    ],
)
def test_hostile_files_give_an_error_not_a_crash(
    write_deck, tmp_path: Path, raw: bytes, expected: str
) -> None:
    root = write_deck({"mini/deck.yaml": MINI_MANIFEST})
    (root / "mini" / "evil.yaml").write_bytes(raw)
    found = problems(root)
    assert len(found) == 1 and expected in found[0], found
    assert_clean_one_liners(found)
    assert not (tmp_path / "hacked").exists()


def test_alias_bomb_is_refused_quickly(write_deck) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    root = write_deck({"mini/deck.yaml": MINI_MANIFEST, "mini/alpha.yaml": "\n".join(lines) + "\n"})
    found = problems(root)
    assert len(found) == 1 and "anchors" in found[0], found


def test_the_template_deck_is_clean_and_exports(tmp_path: Path) -> None:
    root = write(tmp_path / "decks", {"mini/deck.yaml": manifest_yaml(), "mini/alpha.yaml": topic_yaml()})
    assert problems(root) == []
    out_file = tmp_path / "out.apkg"
    code, _, err = run(
        ["--db", str(tmp_path / "s.db"), "--content", str(root), "export", "anki", "--output", str(out_file)]
    )
    assert code == 0, err
    assert out_file.exists()


# -- the TUI shows content text escaped too ----------------------------------------------------------

TUI_RAW = ("\x1b", "\x9b", "\x07", "\u202e")


@pytest.fixture
def hostile_services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Services over a deck whose control characters got past validation (defence in depth)."""
    from studycards.content.loader import load_or_raise
    from studycards.context import AppContext
    from studycards.tui.services import Services

    monkeypatch.setattr("studycards.content.loader.control_problems", lambda *_: [])
    evil = r'"Evil \e]0;pwned\a \x9b2J \u202e"'
    files = {
        "mini/deck.yaml": manifest_yaml(topic_title=evil),
        "mini/alpha.yaml": topic_yaml(
            front=evil, back=evil, extra=evil, stem=evil, option=evil, why=evil, note_title=evil, summary=evil
        ),
    }
    library = load_or_raise([write(tmp_path / "decks", files)])
    services = Services(AppContext.for_library(library, tmp_path / "tui.db"))
    services.store().set_setting("timezone", "UTC")
    yield services
    services.close()


def _screen_text(app) -> str:
    return app.export_screenshot()


async def test_tui_shows_hostile_content_escaped(hostile_services) -> None:
    from studycards.tui.app import make_app

    library = hostile_services.library
    app = make_app(hostile_services, start="quiz", start_options={"questions": list(library.questions)})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        shots = [_screen_text(app)]
        await pilot.press("a")
        await pilot.press("enter")
        await pilot.pause()
        shots.append(_screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        shots.append(_screen_text(app))
    for shot in shots:
        assert not any(raw in shot for raw in TUI_RAW)
    assert any("Evil" in shot for shot in shots)


async def test_tui_review_notes_and_dashboard_show_hostile_content_escaped(hostile_services) -> None:
    from studycards.tui.app import make_app

    app = make_app(hostile_services, start="review")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        shots = [_screen_text(app)]
        for key in ("space", "e", "escape", "escape"):
            await pilot.press(key)
            await pilot.pause()
            shots.append(_screen_text(app))
    for i, shot in enumerate(shots):
        for raw in TUI_RAW:
            at = shot.find(raw)
            assert at < 0, (i, shot[max(at - 300, 0) : at + 50])
    assert sum("Evil" in shot for shot in shots) >= 3
