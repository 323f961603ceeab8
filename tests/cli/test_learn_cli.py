"""`studycards optimize`, `plan` and the exam settings through click."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner, Result

from studycards.cli import cli
from studycards.context import AppContext
from studycards.planning.synthetic import synthetic_history
from studycards.srs.store import Store

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

ContextAt = Callable[[datetime], AppContext]


def run(db: Path, context_at: ContextAt, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], obj=context_at(NOW))


def write_revlog(path: Path, reviews: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["card_id", "review_rating", "review_time", "review_duration"])
        for r in synthetic_history(reviews, seed=5):
            out.writerow([r.card, r.rating, datetime.fromtimestamp(r.at, UTC).isoformat(), r.duration_ms])
    return path


def test_optimize_json_applies_a_better_fit_and_keeps_history(tmp_path: Path, context_at: ContextAt) -> None:
    db, revlog = tmp_path / "s.db", write_revlog(tmp_path / "rev.csv", 3000)
    result = run(db, context_at, "optimize", "--revlog", str(revlog), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"reviews", "cards", "default", "fitted", "applied", "parameters"}
    assert set(doc["fitted"]) == {"log_loss", "rmse_bins"} and doc["reviews"] == 3000
    assert doc["applied"] is True and len(doc["parameters"]) == 21
    with Store.open(db) as store:
        assert store.settings().parameters == tuple(doc["parameters"])
        history = store.parameters.history()
    assert len(history) == 1 and history[0]["applied"] == 1
    assert history[0]["created_at"] == int(NOW.timestamp())


def test_optimize_dry_run_never_applies(tmp_path: Path, context_at: ContextAt) -> None:
    db, revlog = tmp_path / "s.db", write_revlog(tmp_path / "rev.csv", 3000)
    run(db, context_at, "config", "set", "new_per_day", "20")  # the database exists
    result = run(db, context_at, "optimize", "--revlog", str(revlog), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing applied" in result.stdout
    with Store.open(db) as store:
        assert store.settings().parameters is None and store.parameters.history() == []


def test_optimize_with_too_little_history_says_how_many_more(tmp_path: Path, context_at: ContextAt) -> None:
    revlog = write_revlog(tmp_path / "r.csv", 100)
    result = run(tmp_path / "s.db", context_at, "optimize", "--revlog", str(revlog))
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: not enough review history to fit parameters: 100 reviews, "
                                     "300 more needed (at least 400)")


def test_exam_date_setting_is_validated(tmp_path: Path, context_at: ContextAt) -> None:
    db = tmp_path / "s.db"
    set_date = run(db, context_at, "config", "set", "exam_date", "2027-02-15")
    assert set_date.stdout.strip() == "exam_date = 2027-02-15"
    bad = run(db, context_at, "config", "set", "exam_date", "15/02/2027")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.output


def test_plan_json_keys_and_figures(tmp_path: Path, context_at: ContextAt) -> None:
    db = tmp_path / "s.db"
    result = run(db, context_at, "plan", "--exam-date", "2027-01-20", "--deck", "lambda", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"exam_date", "days_left", "buffer_days", "new_remaining", "new_per_day_needed",
                        "forecast", "predicted_recall", "on_track", "advice"}
    assert doc["days_left"] == 54 and doc["buffer_days"] == 7
    assert doc["new_per_day_needed"] == -(-doc["new_remaining"] // (54 - 7))
    assert len(doc["forecast"]) == 54 and set(doc["forecast"][0]) == {"date", "reviews", "minutes"}
    assert doc["forecast"][0]["minutes"] == round(doc["forecast"][0]["reviews"] * 8 / 60, 1)
    assert set(doc["predicted_recall"]) == {"overall", "by_domain", "by_task"}
    assert 0 < doc["predicted_recall"]["overall"] <= 1
    # no new cards inside the buffer: the last days' answers are reviews only, fewer than at the peak
    assert doc["on_track"] is True


def test_plan_apply_sets_the_new_card_limit(tmp_path: Path, context_at: ContextAt) -> None:
    db = tmp_path / "s.db"
    run(db, context_at, "config", "set", "exam_date", "2027-01-20")
    result = run(db, context_at, "plan", "--apply")
    assert result.exit_code == 0, result.output
    needed = json.loads(run(db, context_at, "plan", "--json").stdout)["new_per_day_needed"]
    assert f"Applied: new_per_day = {needed}." in result.stdout
    assert run(db, context_at, "config", "get", "new_per_day").stdout.strip() == str(needed)


def test_plan_too_close_says_choose_decks(tmp_path: Path, context_at: ContextAt) -> None:
    result = run(tmp_path / "s.db", context_at, "plan", "--exam-date", "2026-12-20", "--json")
    doc = json.loads(result.stdout)
    assert doc["on_track"] is False
    assert any("too close to learn" in line and "choose decks" in line for line in doc["advice"])


def test_plan_without_exam_date_is_one_line_error(tmp_path: Path, context_at: ContextAt) -> None:
    result = run(tmp_path / "s.db", context_at, "plan")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("Error: no exam date") and len(result.stderr.splitlines()) == 1
