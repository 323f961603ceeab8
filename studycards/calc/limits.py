"""The range each calculator input accepts where Lambda sets no limit of its own.

Memory, ephemeral storage, duration and provisioned hours are bounded by the price table's
limits (checked by the engine); requests, rates and concurrency settings are bounded here, well
above any real account, so that every figure stays printable and plottable. The CLI help, the
error messages and the engine's checks all read these.
"""

from __future__ import annotations

MAX_INPUT_CHARS = 40  # longest value text read, and the most of a bad value echoed back
MAX_REQUESTS = 10**12  # a trillion requests a month: about 385,000 per second
MAX_RPS = 10**7
MAX_CONCURRENCY = 10**7

RANGES: dict[str, tuple[int, int]] = {
    "requests": (0, MAX_REQUESTS),
    "provisioned_concurrency": (0, MAX_CONCURRENCY),
    "rps": (0, MAX_RPS),
    "account_limit": (1, MAX_CONCURRENCY),
    "reserved": (0, MAX_CONCURRENCY),
    "other_reserved": (0, MAX_CONCURRENCY),
    "provisioned": (0, MAX_CONCURRENCY),
}
"""(lowest, highest) accepted, by engine field name."""


def range_text(name: str) -> str:
    """The accepted range of field `name`, as help and errors write it: `0-1,000,000`."""
    low, high = RANGES[name]
    return f"{low:,}-{high:,}"


def shown(text: object) -> str:
    """A value as echoed in an error: quoted, at most MAX_INPUT_CHARS characters of it."""
    value = str(text)
    if len(value) > MAX_INPUT_CHARS:
        value = value[: MAX_INPUT_CHARS - 1] + "…"
    return repr(value)
