"""Exact Decimal arithmetic helpers and the way numbers are written in the working."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
PRECISION = 60


def exact(value: Decimal) -> Decimal:
    """The value without trailing zeros (and never in exponent form when printed with `plain`)."""
    if value == 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return value.normalize()


def to_decimal(value: Decimal | int | str) -> Decimal:
    """A Decimal from an int, a decimal string or a Decimal (never through float)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def json_number(value: Decimal) -> int | float:
    """An int when whole, else a float (for JSON counts; money stays a decimal string)."""
    value = exact(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def ceil_to(value: Decimal, step: Decimal) -> Decimal:
    """`value` rounded up to a whole number of `step`s."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def ceil_int(value: Decimal) -> int:
    """The smallest whole number not below `value`."""
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def ceil_div(numerator: int, denominator: int) -> int:
    """Whole-number division rounded up, exact at any size (no float on the way)."""
    return -(-numerator // denominator)


def floor_int(value: Decimal) -> int:
    """The largest whole number not above `value`."""
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def round_half_up(value: Decimal, step: Decimal) -> Decimal:
    """`value` rounded half up to a whole number of `step`s (`CENT`, `Decimal("1e-10")`), at any size."""
    with localcontext() as ctx:
        ctx.prec = max(PRECISION, value.adjusted() - step.adjusted() + 2)  # room for every digit kept
        return value.quantize(step, rounding=ROUND_HALF_UP)


def to_cents(value: Decimal) -> Decimal:
    """Money rounded half up to the cent (for display only)."""
    return round_half_up(value, CENT)


def plain(value: Decimal | int) -> str:
    """A Decimal as plain digits: no exponent, no trailing zeros (`1100000`, `18.33337`)."""
    if isinstance(value, int):
        return str(value)
    return format(exact(value), "f")


def grouped(value: Decimal | int) -> str:
    """A number with thousands separators and its exact decimals: `1,100,000`, `0.5`, `1,234.25`."""
    text = plain(value)
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, _, frac = text.partition(".")
    return f"{sign}{int(whole):,}" + (f".{frac}" if frac else "")


def dollars(value: Decimal) -> str:
    """Money to the cent: `$18.73`."""
    rounded = to_cents(value)
    sign = "-" if rounded < 0 else ""
    return f"{sign}${abs(rounded):,.2f}"


def dollars_exact(value: Decimal) -> str:
    """Money with every decimal kept, at least to the cent: `$18.33337`, `$0.40`."""
    text = grouped(value)
    whole, _, frac = text.partition(".")
    return f"${whole}.{frac.ljust(2, '0')}"


def price(value: Decimal) -> str:
    """A unit price as written in the table: `$0.0000166667`."""
    return f"${format(value, 'f')}"
