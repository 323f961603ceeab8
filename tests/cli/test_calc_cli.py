"""`studycards calc cost|concurrency` through click, as a learner runs them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.calc.prices import default_price_file
from studycards.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def cost_json(*args: str) -> dict:
    code, out, err = run("calc", "cost", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_cost_shows_the_working_and_the_bill() -> None:
    code, out, _ = run("calc", "cost", "--requests", "3M", "--duration-ms", "1s", "--memory-mb", "512")
    assert code == 0
    assert "1,100,000 GB-s x $0.0000166667 = $18.33337" in out
    assert "2,000,000 x $0.20 / 1M = $0.40" in out
    assert "Total" in out and "$18.73" in out
    assert "rounded to the cent" in out


def test_cost_json_reproduces_aws_example_2() -> None:
    doc = cost_json("--requests", "30M", "--duration-ms", "200ms", "--memory-mb", "128")
    assert doc["gb_seconds"] == 750_000
    assert doc["billable_gb_seconds"] == 350_000
    assert Decimal(doc["request_cost"]) == Decimal("5.80")
    assert Decimal(doc["duration_cost"]) == Decimal("5.833345")
    assert doc["total_rounded"] == "11.63"
    for key in ("provisioned_cost", "ephemeral_cost", "total"):
        assert key in doc


@pytest.mark.parametrize(
    ("args", "memory", "duration"),
    [
        (["--memory-mb", "1GB", "--duration-ms", "1.5s"], 1024, 1500),
        (["--memory-mb", "1536", "--duration-ms", "200"], 1536, 200),
        (["--memory-mb", "512MB", "--duration-ms", "99.5ms"], 512, 99.5),
    ],
)
def test_cost_accepts_units(args: list[str], memory: int, duration: float) -> None:
    doc = cost_json("--requests", "1.5k", *args)
    assert doc["inputs"]["requests"] == 1500
    assert doc["inputs"]["memory_mb"] == memory
    assert doc["inputs"]["duration_ms"] == duration


def test_cost_arm64_is_cheaper_than_x86() -> None:
    common = ["--requests", "20M", "--duration-ms", "250ms", "--memory-mb", "1GB"]
    x86 = cost_json(*common)
    arm = cost_json(*common, "--arch", "arm64")
    assert Decimal(arm["duration_cost"]) < Decimal(x86["duration_cost"])
    assert arm["request_cost"] == x86["request_cost"]


def test_cost_with_provisioned_concurrency_has_no_free_tier() -> None:
    doc = cost_json(
        "--requests",
        "3M",
        "--duration-ms",
        "100ms",
        "--memory-mb",
        "1GB",
        "--provisioned-concurrency",
        "10",
        "--provisioned-hours",
        "720",
    )
    assert doc["free_tier_applied"] is False
    assert Decimal(doc["provisioned_cost"]) == Decimal("108.000864")
    assert Decimal(doc["request_cost"]) == Decimal("0.6")
    assert Decimal(doc["duration_cost"]) == Decimal("2.91666")


def test_cost_no_free_tier_and_ephemeral() -> None:
    doc = cost_json(
        "--requests",
        "1M",
        "--duration-ms",
        "1s",
        "--memory-mb",
        "1GB",
        "--ephemeral-mb",
        "10GB",
        "--no-free-tier",
    )
    assert Decimal(doc["request_cost"]) == Decimal("0.2")
    assert Decimal(doc["ephemeral_cost"]) == Decimal("9500000") * Decimal("0.0000000309")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--memory-mb", "100"], "128-10,240 MB"),
        (["--memory-mb", "20GB"], "128-10,240 MB"),
        (["--duration-ms", "16min"], "900 s (15 minutes)"),
        (["--duration-ms", "960000"], "900 s (15 minutes)"),
        (["--ephemeral-mb", "100MB"], "512-10,240 MB"),
        (["--memory-mb", "lots"], "not a number"),
        (["--requests", "many"], "not a number"),
        (["--memory-mb", "512.5"], "1 MB steps"),
        (["--arch", "sparc"], "sparc"),
        (["--provisioned-concurrency", "5"], "--provisioned-hours"),
    ],
)
def test_cost_bad_input_exits_2_with_one_clear_line(args: list[str], needle: str) -> None:
    base = {"--requests": "3M", "--duration-ms": "1s", "--memory-mb": "512"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = [item for pair in base.items() for item in pair]
    code, out, err = run("calc", "cost", *argv)
    assert code == 2
    assert out == ""
    assert needle in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_concurrency_json_keys() -> None:
    code, out, _ = run(
        "calc", "concurrency", "--rps", "2k", "--duration-ms", "500ms", "--other-reserved", "300", "--json"
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["required_concurrency"] == 1000
    assert doc["available_concurrency"] == 700
    assert doc["throttled"] is True
    assert doc["seconds_to_scale"] == 0
    assert doc["scaling_model"] == "current"


def test_concurrency_scaling_with_a_raised_quota() -> None:
    code, out, _ = run(
        "calc", "concurrency", "--rps", "20k", "--duration-ms", "500", "--account-limit", "20k", "--json"
    )
    doc = json.loads(out)
    assert code == 0
    assert doc["required_concurrency"] == 10_000
    assert doc["throttled"] is False
    assert doc["seconds_to_scale"] == 90
    assert doc["legacy_scaling"]["seconds_to_scale"] == 840


def test_concurrency_text_names_the_current_scaling_model() -> None:
    code, out, _ = run(
        "calc",
        "concurrency",
        "--rps",
        "400",
        "--duration-ms",
        "1s",
        "--reserved",
        "300",
        "--provisioned",
        "100",
    )
    assert code == 0
    assert "scaling model: current, since November 2023" in out
    assert "1,000 more every 10 s" in out
    assert "pre-November 2023 (retired)" in out
    assert "Raise reserved concurrency to 400" in out
    assert "100 rps get HTTP 429" in out


def test_concurrency_what_ifs_one_line_each_and_the_cost_option_name_works() -> None:
    args = ["calc", "concurrency", "--rps", "400", "--duration-ms", "1s", "--reserved", "300"]
    code, out, _ = run(*args, "--provisioned-concurrency", "100")  # the name `calc cost` uses
    assert code == 0
    assert (
        "  - Raise reserved concurrency to 400: needs 400 of 400 -> not throttled, 0 s to scale "
        "(reserved concurrency is both this function's guaranteed share and its cap; it is free)"
    ) in out.splitlines()
    assert run(*args, "--provisioned", "100") == (code, out, "")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--rps", "-5", "--duration-ms", "100"], "negative"),
        (["--rps", "10", "--duration-ms", "16min"], "15 minutes"),
        (["--rps", "ten", "--duration-ms", "100"], "not a number"),
        (["--rps", "10", "--duration-ms", "100", "--other-reserved", "950"], "1,000 - 100 = 900"),
        (["--rps", "10", "--duration-ms", "100", "--reserved", "10", "--provisioned", "20"], "reserved"),
    ],
)
def test_concurrency_bad_input_exits_2(args: list[str], needle: str) -> None:
    code, _, err = run("calc", "concurrency", *args)
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1


def test_broken_price_table_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "lambda.yaml"
    path.write_text(default_price_file().read_text().replace('"0.20"', "0.20"), encoding="utf-8")
    code, _, err = run(
        "calc", "cost", "--requests", "1M", "--duration-ms", "1s", "--memory-mb", "512", "--prices", str(path)
    )
    assert code == 1
    assert f"{path}:" in err and "requests.price_per_million" in err


@pytest.mark.parametrize("command", [["calc"], ["calc", "cost"], ["calc", "concurrency"]])
def test_help_has_examples(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert "Example" in out
    assert "studycards calc" in out


def test_largest_inputs_are_priced_not_crashed() -> None:
    # the top of every range: the total has more digits than Decimal's default 28, yet rounds to the cent
    doc = cost_json("--requests", "1000B", "--duration-ms", "900s", "--memory-mb", "10GB",
                    "--provisioned-concurrency", "10000000", "--provisioned-hours", "744")
    assert Decimal(doc["total"]) > 0 and doc["total_rounded"].count(".") == 1
    code, out, err = run("calc", "concurrency", "--rps", "10M", "--duration-ms", "900s",
                         "--account-limit", "10M", "--json")
    assert code == 0, err
    scaling = json.loads(out)["scaling"]
    # whole-number steps, computed exactly: (target - first burst) / 1,000 per 10 s, rounded up
    assert scaling["seconds_to_scale"] == -(-(scaling["target"] - 1000) // 1000) * 10


def test_every_calculator_input_has_an_option_of_its_name() -> None:
    # a CalcInputError names its field; the error message then names the option of that name
    from dataclasses import fields

    from studycards.calc import ConcurrencyInputs, CostInputs
    from studycards.commands.calc import concurrency, cost

    assert {f.name for f in fields(CostInputs)} - {"free_tier"} <= {p.name for p in cost.params}
    assert {f.name for f in fields(ConcurrencyInputs)} <= {p.name for p in concurrency.params}
