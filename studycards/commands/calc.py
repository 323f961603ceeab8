"""`studycards calc cost|concurrency`: the Lambda calculators, with the working shown.

All pricing and concurrency math lives in `studycards.calc`; this module parses options and
formats results.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from studycards.calc.limits import range_text
from studycards.commands._common import AppContext, pass_app
from studycards.commands.output import emit_json
from studycards.errors import StudycardsError

if TYPE_CHECKING:
    from studycards.calc.concurrency import ConcurrencyResult
    from studycards.calc.cost import CostResult
    from studycards.calc.prices import PriceTable

Result = TypeVar("Result", "CostResult", "ConcurrencyResult")
F = TypeVar("F", bound=Callable[..., Any])


def _show(compute: Callable[[], Result], as_json: bool, render: Callable[[Result], str]) -> None:
    """Run a calculator and print its result (text or one JSON document); an input Lambda refuses
    becomes a usage error naming the option it came from (options are named after the fields)."""
    from studycards.calc.errors import CalcInputError

    try:
        result = compute()
    except CalcInputError as exc:
        ctx = click.get_current_context()
        param = next((p for p in ctx.command.params if p.name == exc.field), None)
        raise click.BadParameter(exc.message, ctx=ctx, param=param) from None
    if as_json:
        emit_json(result.to_json())
    else:
        click.echo(render(result))


_METAVARS = {"count": "N", "rate": "RATE", "duration": "DURATION", "size": "SIZE", "hours": "HOURS"}


def _value_option(*decls: str, kind: str, what: str, **kwargs: Any) -> Callable[[F], F]:
    """An option read with the calculators' unit parsers (`3M`, `200ms`, `1GB`; `kind` as in
    `units.parse_value`); a value that cannot be read, or is outside the option's range
    (`limits.RANGES`, by parameter name), exits 2 saying what was expected."""

    def parse(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        from studycards.calc.units import UnitError, parse_value

        try:
            return parse_value(kind, value, what, param.name)
        except UnitError as exc:
            raise click.BadParameter(str(exc)) from None

    return click.option(*decls, metavar=_METAVARS[kind], callback=parse, **kwargs)


def _prices(path: Path | None) -> PriceTable:
    from studycards.calc.prices import PriceTableError, load_price_table

    try:
        return load_price_table(path)
    except PriceTableError as exc:
        raise StudycardsError(f"price table: {exc}", exit_code=1) from None


_prices_option = click.option(
    "--prices",
    "prices_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Price table YAML (default: the shipped us-east-1 table).",
)
_json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")


@click.group()
def calc() -> None:
    """Lambda cost and concurrency calculators that show their working.

    Values accept units: 3M, 1.5k (counts); 200ms, 1s, 1.5s (durations; a bare number is ms);
    512MB, 1GB (sizes; a bare number is MB; 1 GB = 1,024 MB).

    \b
    Examples:
      studycards calc cost --requests 3M --duration-ms 1s --memory-mb 512
      studycards calc concurrency --rps 2000 --duration-ms 500ms --other-reserved 300
    """


@calc.command()
@_value_option(
    "--requests",
    kind="count",
    what="requests",
    required=True,
    help=f"Requests per month, {range_text('requests')} (3M, 1.5k, 30000000).",
)
@_value_option(
    "--duration-ms",
    kind="duration",
    what="duration",
    required=True,
    help="Average duration, more than 0 up to the 15-minute timeout (200ms, 1s, 1.5s; a bare number is ms). "
    "Billed rounded up to 1 ms.",
)
@_value_option(
    "--memory-mb",
    kind="size",
    what="memory",
    required=True,
    help="Memory, 128-10,240 MB (512MB, 1GB).",
)
@click.option(
    "--arch",
    "architecture",
    type=click.Choice(["x86_64", "arm64"], case_sensitive=False),
    default="x86_64",
    show_default=True,
    help="Instruction set architecture.",
)
@_value_option(
    "--ephemeral-mb",
    kind="size",
    what="ephemeral storage",
    default="512",
    show_default=True,
    help="Ephemeral storage (/tmp), 512-10,240 MB.",
)
@_value_option(
    "--provisioned-concurrency",
    kind="count",
    what="provisioned concurrency",
    help=f"Provisioned concurrency, {range_text('provisioned_concurrency')}: environments kept initialised "
    "(needs --provisioned-hours).",
)
@_value_option(
    "--provisioned-hours",
    kind="hours",
    what="provisioned hours",
    help="Hours per month provisioned concurrency is configured, 0-744 (720, 720h, 30d).",
)
@click.option("--no-free-tier", is_flag=True, help="Do not apply the monthly free tier.")
@_json_option
@_prices_option
@pass_app
def cost(
    app: AppContext,
    requests: int,
    duration_ms: Any,
    memory_mb: int,
    architecture: str,
    ephemeral_mb: int,
    provisioned_concurrency: int | None,
    provisioned_hours: Any,
    no_free_tier: bool,
    as_json: bool,
    prices_path: Path | None,
) -> None:
    """Price one function for a month, with the working written out.

    Requests run on provisioned environments up to their capacity and on demand beyond it; the
    free tier does not apply to a function with provisioned concurrency. Amounts are exact and
    rounded to the cent only for display.

    \b
    Examples:
      studycards calc cost --requests 3M --duration-ms 1s --memory-mb 512
      studycards calc cost --requests 30M --duration-ms 200ms --memory-mb 128 --arch arm64
      studycards calc cost --requests 5M --duration-ms 120 --memory-mb 1GB \\
          --provisioned-concurrency 10 --provisioned-hours 720 --json
    """
    from decimal import Decimal

    from studycards.calc.cost import CostInputs, compute_cost

    if (provisioned_concurrency is None) != (provisioned_hours is None):
        missing = "--provisioned-hours" if provisioned_hours is None else "--provisioned-concurrency"
        raise click.UsageError(
            f"--provisioned-concurrency and --provisioned-hours go together; add {missing}"
        )
    prices = _prices(prices_path)
    inputs = CostInputs(
        requests=requests,
        duration_ms=duration_ms,
        memory_mb=memory_mb,
        architecture=architecture.lower(),
        ephemeral_mb=ephemeral_mb,
        provisioned_concurrency=provisioned_concurrency or 0,
        provisioned_hours=provisioned_hours if provisioned_hours is not None else Decimal(0),
        free_tier=not no_free_tier,
    )
    _show(lambda: compute_cost(prices, inputs), as_json, format_cost)


def format_cost(result: CostResult) -> str:
    """The readable breakdown printed by `calc cost`."""
    from studycards.calc.numbers import dollars, grouped

    i = result.inputs
    setup = (
        f"{i.requests:,} requests, {grouped(i.duration_ms)} ms, {i.memory_mb:,} MB, {i.architecture}, "
        f"ephemeral {i.ephemeral_mb:,} MB"
    )
    if i.has_provisioned:
        setup += f", provisioned {i.provisioned_concurrency:,} for {grouped(i.provisioned_hours)} h"
    setup += ", free tier " + ("on" if result.free_tier_applied else "off")
    lines = [
        f"Lambda cost per month ({result.region} prices as of {result.as_of})",
        f"  {setup}",
        "",
        "Working",
    ]
    lines += [f"  {line}" for line in result.working]
    lines += ["", "Bill"]
    rows = result.charges()
    per_million = result.cost_per_million_requests
    if per_million is not None:
        rows.append(("Per million requests", per_million))
    width = max(len(label) for label, _ in rows)
    amounts = [dollars(v) for _, v in rows]
    money_width = max(len(a) for a in amounts)
    for (label, _), amount in zip(rows, amounts, strict=True):
        lines.append(f"  {label.ljust(width)}  {amount.rjust(money_width)}")
    lines.append("Amounts are rounded to the cent for display; the working keeps every decimal.")
    return "\n".join(lines)


@calc.command()
@_value_option(
    "--rps",
    kind="rate",
    what="rps",
    required=True,
    help=f"Requests per second, {range_text('rps')} (250, 1.5k).",
)
@_value_option(
    "--duration-ms",
    kind="duration",
    what="duration",
    required=True,
    help="Average duration, more than 0 up to the 15-minute timeout (200ms, 1s; a bare number is ms).",
)
@_value_option(
    "--account-limit",
    kind="count",
    what="account limit",
    help=f"Account concurrency quota in the Region, {range_text('account_limit')} (default: the price "
    "table's, 1,000).",
)
@_value_option(
    "--reserved",
    kind="count",
    what="reserved concurrency",
    help=f"This function's reserved concurrency, {range_text('reserved')} (its guaranteed share and cap).",
)
@_value_option(
    "--other-reserved",
    kind="count",
    what="other reserved",
    default="0",
    show_default=True,
    help=f"Concurrency reserved by the account's other functions, {range_text('other_reserved')}.",
)
@_value_option(
    "--provisioned",
    "--provisioned-concurrency",
    "provisioned",
    kind="count",
    what="provisioned",
    default="0",
    show_default=True,
    help=f"Provisioned concurrency on this function, {range_text('provisioned')} (environments kept warm).",
)
@_json_option
@_prices_option
@pass_app
def concurrency(
    app: AppContext,
    rps: Any,
    duration_ms: Any,
    account_limit: int | None,
    reserved: int | None,
    other_reserved: int,
    provisioned: int,
    as_json: bool,
    prices_path: Path | None,
) -> None:
    """Concurrency needed vs available, throttling, and how fast a burst scales.

    Uses the current scaling model (since November 2023: each function gains up to 1,000
    environments every 10 seconds) and shows the retired pre-2023 model beside it.

    \b
    Examples:
      studycards calc concurrency --rps 100 --duration-ms 500ms
      studycards calc concurrency --rps 2k --duration-ms 500 --other-reserved 300 --provisioned 100
      studycards calc concurrency --rps 20k --duration-ms 1s --account-limit 30000 --json
    """
    from studycards.calc.concurrency import ConcurrencyInputs, compute_concurrency

    prices = _prices(prices_path)
    inputs = ConcurrencyInputs(
        rps=rps,
        duration_ms=duration_ms,
        account_limit=account_limit,
        reserved=reserved,
        other_reserved=other_reserved,
        provisioned=provisioned,
    )
    _show(lambda: compute_concurrency(prices, inputs), as_json, format_concurrency)


def format_concurrency(result: ConcurrencyResult) -> str:
    """The readable breakdown printed by `calc concurrency`."""
    from studycards.calc.numbers import grouped

    lines = [
        "Lambda concurrency (scaling model: current, since November 2023; the pre-2023 model is shown "
        "for comparison only)",
        "",
        "Working",
    ]
    lines += [f"  {line}" for line in result.working]
    throttled = (
        f"yes: {result.throttled_concurrency:,} over the limit, {grouped(result.throttled_rps)} rps "
        f"get HTTP 429"
        if result.throttled
        else "no"
    )
    rows = [
        ("Required concurrency", f"{result.required_concurrency:,}"),
        ("Available concurrency", f"{result.available_concurrency:,} ({result.available_source})"),
        ("Throttled", throttled),
        ("Warm (provisioned)", f"{result.warm_concurrency:,}; on demand {result.on_demand_concurrency:,}"),
        ("Seconds to scale", f"{result.seconds_to_scale:,} s (current model)"),
        ("Pre-2023 model", f"{result.legacy.seconds_to_scale:,} s (retired; for comparison only)"),
    ]
    width = max(len(label) for label, _ in rows)
    lines += ["", "Result"] + [f"  {label.ljust(width)}  {value}" for label, value in rows]
    if result.what_if:
        lines += ["", "What would change it"] + [f"  - {w.summary()}" for w in result.what_if]
    return "\n".join(lines)


COMMANDS = [calc]
