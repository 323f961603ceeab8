"""`studycards quiz --exam` by the blueprint, and `--list [--json]`: what a quiz would ask."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from studycards.cli import cli
from studycards.srs.store import Store


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_an_exam_list_has_65_questions_by_the_domain_weights(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    args = ["--db", db, "quiz", "--exam", "--deck", "lambda", "--list", "--json", "--seed", "5"]
    code, out, err = run(args)
    assert code == 0, err
    listed = json.loads(out)
    assert len(listed) == 65 and len({q["id"] for q in listed}) == 65
    assert all(set(q) == {"id", "deck", "topic", "domain", "tasks"} for q in listed)
    assert all(q["deck"] == "lambda" and q["tasks"] and q["id"].startswith("lambda.") for q in listed)
    by_domain = Counter(q["domain"] for q in listed)
    assert by_domain == {"secure": 19, "resilient": 17, "performance": 16, "cost": 13}
    assert err == ""  # the Lambda deck fills every domain


def test_list_prints_one_line_a_question_and_records_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, before, err = run(["--db", str(db), "stats", "--json"])
    assert code == 0, err
    args = ["--db", str(db), "quiz", "--exam", "--deck", "lambda", "--list", "-n", "10", "--seed", "1"]
    code, out, err = run(args, "a\nb\n")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 10
    first = lines[0].split()
    assert len(first) == 4 and first[0].startswith("lambda.") and first[1].startswith("lambda/")
    assert first[2] in {"secure", "resilient", "performance", "cost"}
    assert "Question" not in out and "Score" not in out  # nothing was asked
    code, out, err = run(["--db", str(db), "quiz", "--list", "--json", "-t", "pricing", "--seed", "1"])
    assert code == 0, err
    assert len(json.loads(out)) == 10
    code, after, err = run(["--db", str(db), "stats", "--json"])
    assert json.loads(after)["quiz"] == json.loads(before)["quiz"]
    with Store.open(db) as store:
        assert store.quiz_answers() == []
    code, out, err = run(["--db", str(db), "quiz", "--resume", "--plain"])
    assert code == 2 and "no unfinished exam" in err  # --list began no exam


def test_list_follows_the_filters_and_the_seed(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    args = ["--db", db, "quiz", "--exam", "--list", "--json", "--domain", "cost", "-n", "5"]
    code, out, err = run([*args, "--seed", "3"])
    assert code == 0, err
    listed = json.loads(out)
    assert len(listed) == 5 and {q["domain"] for q in listed} == {"cost"}
    assert err == ""  # a one-domain exam has no other domains to be short of
    assert run([*args, "--seed", "3"])[1] == out


def test_a_short_domain_is_said_before_the_exam_and_filled_from_the_rest(write_deck, tmp_path: Path) -> None:
    deck = write_deck()  # mini: one secure and one cost question on topic alpha
    code, out, err = run(
        ["--db", str(tmp_path / "s.db"), "--content", str(deck), "quiz", "--exam", "--list", "--json",
         "-t", "alpha", "-n", "2"]
    )
    assert code == 0, err
    assert len(json.loads(out)) == 2
    assert err.splitlines() == [
        "Resilient: only 0 questions for 1 place; filled from other domains",
    ]


def test_a_short_exam_says_how_many_it_has(write_deck, tmp_path: Path) -> None:
    deck = write_deck()
    code, out, err = run(
        ["--db", str(tmp_path / "s.db"), "--content", str(deck), "quiz", "--exam", "--list", "-t", "alpha"]
    )
    assert code == 0, err
    assert len(out.splitlines()) == 2
    assert "Secure: only 1 question for 19 places; the other domains cannot make up the difference" in err
    assert err.splitlines()[-1] == "Only 2 questions match: the exam has 2, not 65."


def test_an_exam_without_count_runs_65_questions_in_130_minutes(context_at, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", str(tmp_path / "s.db"), "quiz", "--exam", "--plain", "--seed", "2"],
        input="s\n",
        obj=context_at(datetime(2026, 3, 10, 12, 0, tzinfo=UTC)),
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Question 1/65" in out and "(2:10:00 left)" in out
    assert "Score: 0/65" in out and "Time used: 0:00 of 2:10:00" in out
    # nothing answered: every task statement is listed, none is among the weakest
    assert "By task statement:" in out
    assert "  3.2  Design high-performing and elastic compute solutions" in out
    assert "Weakest task statements:" not in out


def test_the_exam_report_names_the_weakest_task_statements(context_at, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    args = ["--db", db, "quiz", "--exam", "-t", "concurrency", "-n", "4", "--generated", "0", "--seed", "9"]
    args.append("--plain")
    listed = run([*args[:-1], "--list", "--json"])[1]
    tasks = [q["tasks"][0] for q in json.loads(listed)]
    result = CliRunner().invoke(cli, args, input="a\nn\nb\nn\nc\ns\n",
                                obj=context_at(datetime(2026, 3, 10, 12, 0, tzinfo=UTC)))
    assert result.exit_code == 0, result.stderr
    out = result.stdout.splitlines()
    weakest = out.index("Weakest task statements:")
    named = [line.split()[0] for line in out[weakest + 1 :] if line.startswith("  ") and "missed)" in line]
    assert named and set(named) <= set(tasks) and len(named) <= 3
