"""The content commands through click, as a learner or an author runs them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from studycards.cli import cli
from studycards.content.loader import find_deck_dirs
from studycards.locations import shipped_content_dir
from tests.conftest import MINI_MANIFEST, MINI_TOPIC


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_clean_deck_exits_zero(write_deck) -> None:
    code, out, _ = run("content", "check", "--path", str(write_deck()))
    assert code == 0
    assert "OK: 1 deck(s), 2 topics, 1 notes, 6 cards, 2 questions." in out


def test_check_broken_deck_lists_every_problem_and_exits_one(write_deck) -> None:
    root = write_deck(
        {
            "mini/deck.yaml": MINI_MANIFEST,
            "mini/a.yaml": "topic: alpha\ncards:\n  - {id: a.one, front: Q?}\n  - {id: a.two, cloze: none}\n",
        }
    )
    code, out, err = run("content", "check", "--path", str(root))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert all(":3:" in line or ":4:" in line for line in lines)
    assert "2 problems" in err
    assert "Traceback" not in out + err


def test_stats_json_has_the_documented_shape(write_deck) -> None:
    code, out, _ = run("--content", str(write_deck()), "content", "stats", "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) >= {"decks", "topics", "notes", "cards", "questions"}
    mini = {t["slug"]: t for t in doc["topics"]}
    assert mini["alpha"] == {
        "slug": "alpha",
        "title": "Alpha things",
        "deck": "mini",
        "qualified": "mini/alpha",
        "cards": 6,
        "questions": 2,
    }
    cards = doc["cards"]
    assert cards["basic"] + cards["cloze"] + cards["table"] == cards["total"] >= 6
    assert doc["questions"]["total"] == sum(doc["questions"]["by_topic"].values())
    assert doc["questions"]["by_topic"]["mini/beta"] == 0


TASK_IDS = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4"]
BETA_TOPIC = "topic: beta\ncards:\n  - {id: mini.beta.one, front: Beta?, back: Second.}\n"


def stats_json(*args: str) -> dict:
    code, out, err = run(*args, "content", "stats", "--json")
    assert code == 0, err
    return json.loads(out)


def test_stats_json_keys_by_deck_and_by_task(write_deck) -> None:
    doc = stats_json("--content", str(write_deck()))
    assert set(doc) == {"decks", "topics", "notes", "cards", "questions", "by_deck", "by_task"}
    shipped = len(find_deck_dirs([shipped_content_dir()]))
    assert doc["decks"] == len(doc["by_deck"]) == shipped + 1
    assert doc["by_deck"]["mini"] == {"title": "Mini deck", "cards": 6, "questions": 2, "topics": 2}
    assert all(set(d) == {"title", "cards", "questions", "topics"} for d in doc["by_deck"].values())
    assert sum(d["questions"] for d in doc["by_deck"].values()) == doc["questions"]["total"]
    assert sum(d["cards"] for d in doc["by_deck"].values()) == doc["cards"]["total"]
    assert sum(d["topics"] for d in doc["by_deck"].values()) == len(doc["topics"])
    assert list(doc["by_task"]) == TASK_IDS
    assert all(v.keys() == {"cards", "questions"} for v in doc["by_task"].values())


def test_by_task_counts_cards_through_their_topic_and_questions_through_their_own_tasks(
    write_deck,
) -> None:
    shipped = stats_json()["by_task"]
    assert list(shipped) == TASK_IDS  # zeros included
    root = write_deck({"mini/deck.yaml": MINI_MANIFEST, "mini/alpha.yaml": MINI_TOPIC,
                       "mini/beta.yaml": BETA_TOPIC})
    doc = stats_json("--content", str(root))
    added = {
        t: (doc["by_task"][t]["cards"] - shipped[t]["cards"],
            doc["by_task"][t]["questions"] - shipped[t]["questions"])
        for t in TASK_IDS
    }
    # alpha (tasks 1.1) has 6 cards; beta (tasks 4.1, 2.1) has 1 card;
    # question one tests 1.1, question two tests 4.1 and 4.4
    assert {t: n for t, n in added.items() if n != (0, 0)} == {
        "1.1": (6, 1), "2.1": (1, 0), "4.1": (1, 1), "4.4": (0, 1)
    }


def test_stats_text_lists_every_task_statement_within_80_columns(write_deck) -> None:
    code, out, _ = run("--content", str(write_deck()), "content", "stats")
    assert code == 0
    assert "By task statement" in out
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if "By task statement" in line)
    section = lines[start:]
    rows = [line for line in section if line[:4].strip() in TASK_IDS]
    assert [r.split()[0] for r in rows] == TASK_IDS
    by_task = stats_json("--content", str(write_deck()))["by_task"]
    expected = [[str(n["cards"]), str(n["questions"])] for n in by_task.values()]
    assert [r.split()[-2:] for r in rows] == expected
    assert all(len(line) <= 80 for line in lines)
    assert "…" in out  # the longest titles are shortened


def test_user_decks_in_data_dir_load_beside_shipped(isolated_data_dir: Path, write_deck) -> None:
    src = write_deck()
    target = isolated_data_dir / "decks"
    target.mkdir()
    for f in (src / "mini").iterdir():
        (target / "mini").mkdir(exist_ok=True)
        (target / "mini" / f.name).write_text(f.read_text())
    code, out, _ = run("topics", "--json")
    assert code == 0
    slugs = [t["slug"] for t in json.loads(out)]
    assert "alpha" in slugs and "concurrency" in slugs


def test_content_option_also_works_after_the_command(write_deck) -> None:
    code, out, _ = run("topics", "--content", str(write_deck()))
    assert code == 0 and "alpha" in out


def test_env_var_content(write_deck, monkeypatch) -> None:
    monkeypatch.setenv("STUDYCARDS_CONTENT", str(write_deck()))
    code, out, _ = run("topics")
    assert code == 0 and "Beta things" in out


def test_broken_user_deck_makes_commands_fail_with_one_line(write_deck) -> None:
    root = write_deck({"mini/deck.yaml": MINI_MANIFEST, "mini/a.yaml": "topic: nope\n"})
    code, _out, err = run("--content", str(root), "topics")
    assert code == 1
    assert err.count("\n") == 1 and "unknown topic 'nope'" in err


def test_schema_is_json_and_committed_copy_is_current() -> None:
    code, out, _ = run("content", "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["oneOf"][1]["properties"]["topic"]
    committed = Path(__file__).resolve().parents[2] / "content" / "content.schema.json"
    assert json.loads(committed.read_text()) == schema, (
        "run: studycards content schema > content/content.schema.json"
    )


def test_bad_usage_is_one_line_exit_two() -> None:
    code, _out, err = run("content", "check", "--path", "/definitely/missing")
    assert code == 2
    assert err.strip().count("\n") == 0 and "does not exist" in err


def test_unknown_command_exits_two() -> None:
    code, _, err = run("frobnicate")
    assert code == 2 and "No such command" in err


def test_every_command_has_help_with_an_example() -> None:
    from studycards.cli import cli as group

    def walk(cmd, path):
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])

    for path, cmd in walk(group, []):
        code, out, _ = run(*path, "--help")
        assert code == 0, path
        assert cmd.help, f"{path} has no help"
        assert "Example" in out, f"{' '.join(path)} --help has no example"


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and "studycards" in out


def test_python_dash_m_runs(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "studycards", "--help"], capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0 and "Usage:" in out.stdout
