"""`studycards calc` given values no learner means: huge, endless, or impossible quotas."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from studycards.cli import cli

HUGE = "9" * 4400  # past Python's 4,300-digit int/str conversion limit
COST = ["calc", "cost", "--requests", "3M", "--duration-ms", "1s", "--memory-mb", "512"]
CONC = ["calc", "concurrency", "--rps", "100", "--duration-ms", "500ms"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _with(base: list[str], option: str, value: str) -> list[str]:
    args = list(base)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    if option == "--provisioned-concurrency" and base is COST:
        args += ["--provisioned-hours", "720"]
    return args


@pytest.mark.parametrize(
    ("base", "option", "shown_range"),
    [
        (COST, "--requests", "0-1,000,000,000,000"),
        (COST, "--provisioned-concurrency", "0-10,000,000"),
        (CONC, "--rps", "0-10,000,000"),
        (CONC, "--account-limit", "1-10,000,000"),
        (CONC, "--reserved", "0-10,000,000"),
        (CONC, "--other-reserved", "0-10,000,000"),
        (CONC, "--provisioned", "0-10,000,000"),
    ],
)
@pytest.mark.parametrize("value", [HUGE, "9" * 400, "1" + "0" * 30])
def test_a_huge_number_is_refused_with_the_range(
    base: list[str], option: str, shown_range: str, value: str
) -> None:
    code, out, err = run(*_with(base, option, value))
    assert code == 2, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert shown_range in err
    assert len(value) <= 40 or value[:41] not in err  # at most ~40 characters of it are echoed
    assert len(err) < 300


@pytest.mark.parametrize(("base", "option"), [(COST, "--duration-ms"), (COST, "--memory-mb"),
                                               (COST, "--ephemeral-mb"), (COST, "--provisioned-hours"),
                                               (CONC, "--duration-ms")])
def test_a_huge_number_in_a_limited_option_is_refused(base: list[str], option: str) -> None:
    args = _with(base, option, HUGE)
    if option == "--provisioned-hours":
        args += ["--provisioned-concurrency", "1"]
    code, _, err = run(*args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert HUGE[:50] not in err


def test_every_range_is_stated_in_the_help() -> None:
    _, cost_help, _ = run("calc", "cost", "--help")
    assert "0-1,000,000,000,000" in cost_help and "0-744" in cost_help
    _, conc_help, _ = run("calc", "concurrency", "--help")
    assert conc_help.count("0-10,000,000") >= 4 and "1-10,000,000" in conc_help


def test_seconds_to_scale_have_thousands_separators() -> None:
    code, out, err = run("calc", "concurrency", "--rps", "10M", "--duration-ms", "900s",
                         "--account-limit", "10M")
    assert code == 0, err
    line = next(x for x in out.splitlines() if "Seconds to scale" in x)
    assert "99,990 s" in line
    assert "1,199,640 s (retired" in out


def test_a_quota_below_the_unreserved_part_says_nothing_is_left() -> None:
    code, _, err = run(*CONC, "--account-limit", "50", "--other-reserved", "100")
    assert code == 2
    assert "= 0" not in err
    assert "other functions reserve 100" in err and "nothing left to reserve" in err
    code, out, _ = run(*CONC, "--account-limit", "50")
    assert code == 0
    assert "50 - 100 = 0" not in out and "nothing left to reserve" in out
