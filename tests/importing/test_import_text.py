"""`studycards import csv` and `import questions`: files as spreadsheets and community banks write them."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from studycards.cli import cli
from studycards.content.loader import load_or_raise

Run = Callable[..., tuple[int, Any, str]]


def _items(decks_dir: Path, deck: str, kind: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for file in sorted((decks_dir / deck).glob("*.yaml")):
        data = yaml.safe_load(file.read_text())
        out += [{**i, "topic": data["topic"]} for i in data.get(kind, [])]
    return out


def test_spreadsheet_csv_with_a_header_row(tmp_path: Path, run_import: Run, decks_dir: Path) -> None:
    path = tmp_path / "aws terms.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:  # as a spreadsheet writes it
        writer = csv.writer(handle)
        writer.writerow(["Front", "Back", "Tags"])
        writer.writerow(["What does SQS stand for?", "Simple Queue Service", "aws sqs"])
        writer.writerow(["A front\nover two lines, with a comma", "its back", ""])
        writer.writerow(["{{c1::Amazon S3}} stores objects.", "", "storage"])
        writer.writerow(["only one column"])
        writer.writerow(["What does SQS stand for?", "a duplicate", ""])
    code, report, err = run_import("csv", str(path), "--json")
    assert code == 0, err
    assert (report["deck"], report["cards"], report["added"]) == ("aws-terms", 3, 3)
    assert report["skipped"] == [
        {"where": "line 6", "reason": "a row needs at least two columns (front and back)"},
        {"where": "line 7", "reason": "asks the same question as line 2"},
    ]
    cards = _items(decks_dir, "aws-terms", "cards")
    assert cards[0]["tags"] == ["aws", "sqs"]
    assert cards[1]["front"] == "A front\nover two lines, with a comma"
    assert cards[2]["cloze"] == "{{c1::Amazon S3}} stores objects."
    library = load_or_raise([decks_dir])
    assert library.decks[0].title == "aws terms" and len(library.cards) == 3


def test_anki_text_headers_and_ragged_rows(tmp_path: Path, run_import: Run, decks_dir: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(
        "#separator:Tab\n#html:true\n#guid column:1\n#tags column:4\n#deck column:5\n"
        "g1\t<b>VPC</b>\tVirtual Private Cloud\tnet\tAWS::Networking\n"
        "g2\tNAT\tgateway\n"
        "g3\tIGW\tInternet gateway\tnet\tAWS::Networking\n",
        encoding="utf-8",
    )
    code, report, err = run_import("csv", str(path), "--json", "--title", "My notes")
    assert code == 0, err
    assert report["cards"] == 2
    assert report["skipped"] == [{"where": "line 7", "reason": "the row has 3 columns, the file has 5"}]
    cards = _items(decks_dir, "notes", "cards")
    assert cards[0]["front"] == "**VPC**" and cards[0]["topic"] == "aws-networking"
    # ids come from the guid column: an edited front keeps its id
    first_id = cards[0]["id"]
    path.write_text(path.read_text().replace("<b>VPC</b>", "VPC (Virtual Private Cloud)"), encoding="utf-8")
    code, report, _ = run_import("csv", str(path), "--json")
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 1, 1)
    assert _items(decks_dir, "notes", "cards")[0]["id"] == first_id


def test_bad_bytes_are_reported_by_line_and_good_rows_still_import(tmp_path: Path, run_import: Run) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"front one;back one\n\xff\xfe bad;row\nfront three;back three\n")
    code, report, err = run_import("csv", str(path), "--json")
    assert code == 0, err
    assert report["cards"] == 2
    assert report["skipped"] == [
        {"where": "line 2", "reason": "not valid UTF-8 text (save the file as UTF-8)"}
    ]


BANK = """# SAA-C03 practice questions

## Table of Contents

- [Questions](#questions)

### A company must decouple an order service from a slow billing service. Which solution fits?

- [ ] Call billing synchronously with retries.
- [x] Put an Amazon SQS queue between the services.
- [ ] Use a larger instance for billing.
- [ ] Add Amazon Route 53 health checks.

**[⬆ Back to Top](#table-of-contents)**

### Which services run code without servers to manage? ![diagram](images/q2.png)

- [x] AWS Lambda
- [x] AWS Fargate
- [ ] Amazon EC2

<details><summary>Answer</summary>
Lambda and Fargate are serverless.
</details>

### Which service stores objects and what is its durability design target for objects?

Some text without options.

### Which database is serverless and key-value?
- [ ] Amazon RDS
- [ ] Amazon Redshift
"""

NUMBERED = """1. Which service sends email notifications to subscribers?
- [x] Amazon SNS
- [ ] Amazon SQS
2. A company needs two things:
1. durable storage
2. low cost
Which storage class fits?
- [ ] S3 Express One Zone
- [x] S3 Glacier Instant Retrieval
"""


def test_numbered_questions_keep_numbered_lines_inside_a_stem(
    tmp_path: Path, run_import: Run, decks_dir: Path
) -> None:
    path = tmp_path / "numbered.md"
    path.write_text(NUMBERED, encoding="utf-8")
    code, report, err = run_import("questions", str(path), "--json")
    assert code == 0, err
    assert report["questions"] == 2 and report["skipped"] == []
    stems = [q["stem"] for q in _items(decks_dir, "numbered", "questions")]
    assert (
        stems[1] == "A company needs two things:\n1. durable storage\n2. low cost\nWhich storage class fits?"
    )


def test_markdown_bank(tmp_path: Path, run_import: Run, decks_dir: Path) -> None:
    path = tmp_path / "bank.md"
    path.write_text(BANK, encoding="utf-8")
    code, report, err = run_import("questions", str(path), "--json")
    assert code == 0, err
    assert report["questions"] == 2
    assert [s["reason"] for s in report["skipped"]] == [
        "a heading without options",
        "no option is marked correct",
    ]
    questions = _items(decks_dir, "bank", "questions")
    assert questions[0]["options"][1] == {
        "text": "Put an Amazon SQS queue between the services.",
        "correct": True,
    }
    two = questions[1]
    assert two["choose"] == 2 and "![diagram](images/q2.png)" in two["stem"]
    assert two["options"][0]["why"] == "Lambda and Fargate are serverless."
    library = load_or_raise([decks_dir])
    assert [q.domain for q in library.questions] == ["", ""]
    assert library.questions[0].options[0].explanation == "No explanation in the source."


def test_json_bank_with_common_key_names(tmp_path: Path, run_import: Run, decks_dir: Path) -> None:
    path = tmp_path / "bank.json"
    path.write_text(
        json.dumps(
            [
                {
                    "question": "Q one?",
                    "options": ["A1", "B1", "C1", "D1"],
                    "answer": "B",
                    "explanation": "because",
                },
                {"stem": "Q two?", "choices": ["x", "y", "z"], "correct": [0, 2], "topic": "Storage"},
                {"prompt": "Q three?", "answers": [{"text": "p", "isCorrect": True}, {"text": "q"}]},
                {"question": "Q four?", "options": ["a", "b"], "answer": "Z"},
                "not an object",
            ]
        ),
        encoding="utf-8",
    )
    code, report, err = run_import("questions", str(path), "--json")
    assert code == 0, err
    assert report["questions"] == 3
    assert [s["where"] for s in report["skipped"]] == ["item 4", "item 5"]
    by_stem = {q["stem"]: q for q in _items(decks_dir, "bank", "questions")}
    assert [o.get("correct", False) for o in by_stem["Q one?"]["options"]] == [False, True, False, False]
    assert by_stem["Q two?"]["choose"] == 2 and by_stem["Q two?"]["topic"] == "storage"
    assert by_stem["Q three?"]["options"][0]["correct"] is True


def test_imported_deck_works_everywhere(tmp_path: Path, run_import: Run) -> None:
    bank = tmp_path / "community.md"
    bank.write_text(BANK, encoding="utf-8")
    cards = tmp_path / "cards.csv"
    cards.write_text("front a,back a\nfront b,back b\n", encoding="utf-8")
    assert run_import("questions", str(bank), "--deck", "mine")[0] == 0
    assert run_import("csv", str(cards), "--deck", "mycards")[0] == 0
    runner = CliRunner()
    check = runner.invoke(cli, ["content", "check"])
    assert check.exit_code == 0 and check.stdout.startswith("OK"), check.output
    topics = runner.invoke(cli, ["topics", "--json"])
    assert "mine/community" in topics.stdout and "mycards/cards" in topics.stdout
    quiz = runner.invoke(cli, ["quiz", "--deck", "mine", "--plain", "--count", "2"], input="b\n\nab\n")
    assert quiz.exit_code == 0, quiz.output
    assert "No explanation in the source." in quiz.stdout and "imported" in quiz.stdout
    review = runner.invoke(cli, ["review", "--deck", "mycards", "--plain"], input="\n3\n\n3\n")
    assert review.exit_code == 0, review.output
    readiness = runner.invoke(cli, ["readiness", "--json"])
    assert json.loads(readiness.stdout)["imported"]["questions"] == 2
    out = tmp_path / "mine.apkg"
    export = runner.invoke(cli, ["export", "anki", "--deck", "mine", "--deck", "mycards", "-o", str(out)])
    assert export.exit_code == 0 and out.is_file(), export.output


def test_the_dashboard_readiness_panel_lists_imported_questions_apart(tmp_path: Path,
                                                                    run_import: Run) -> None:
    from types import SimpleNamespace

    from studycards.context import AppContext
    from studycards.quiz.readiness import exam_readiness
    from studycards.tui.screens.dashboard import readiness_text

    bank = tmp_path / "community.md"
    bank.write_text(BANK, encoding="utf-8")
    assert run_import("questions", str(bank))[0] == 0
    app = AppContext()
    with app.open_store(read_only=True) as store:
        found = exam_readiness(store, app.library(), app.clock())
    assert found.imported is not None and found.imported.questions == 2
    shown = readiness_text(SimpleNamespace(readiness=found)).plain
    assert "imported" in shown and shown.index("imported") > shown.index("Cost-Optimized")
