"""Argument checks: a bad argument is refused when the strategy is made, by name,
as Hypothesis's own strategies do."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hypothesis.errors import InvalidArgument

from . import _common as common

# ---------------------------------------------------------------------------------
# Argument checks: a bad argument is refused when the strategy is made, by name.
# ---------------------------------------------------------------------------------


def check_type(name: str, value: Any, kind: type[Any] | tuple[type[Any], ...]) -> None:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise InvalidArgument(f"Expected {names} but got {name}={value!r}")


def check_optional(name: str, value: Any, kind: type[Any]) -> None:
    if value is not None:
        check_type(name, value, kind)


def check_sizes(name: str, lo: int, hi: int) -> None:
    for label, value in ((f"min_{name}", lo), (f"max_{name}", hi)):
        check_type(label, value, int)
        if value < 0:
            raise InvalidArgument(f"Expected {label} >= 0 but got {label}={value!r}")
    if lo > hi:
        raise InvalidArgument(f"Cannot have min_{name}={lo!r} > max_{name}={hi!r}")


def check_as_of(as_of: Any) -> None:
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise InvalidArgument(f"Expected a datetime.date but got as_of={as_of!r}")
    if not common.EARLIEST_AS_OF <= as_of <= common.LATEST_AS_OF:
        raise InvalidArgument(
            f"as_of={as_of!r} must lie between {common.EARLIEST_AS_OF} and {common.LATEST_AS_OF}"
        )
