"""The one scalar/array rule shared by every pure function.

A public function takes scalars or array-likes, turns them into float64 arrays with
:func:`as_floats`, checks them with :func:`check_range` (which names how many values
are bad and where), computes on arrays, and hands back a Python scalar for scalar
input with :func:`unwrap`. The kernels behind them trust their input.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._errors import InvalidInputError

__all__ = [
    "FloatArray",
    "IntArray",
    "as_floats",
    "check_range",
    "day_number",
    "is_none",
    "unwrap",
    "unwrap_int",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int8]

#: How many bad positions an error message lists before it says "...".
_SHOWN = 5


def as_floats(value: ArrayLike, *, field: str) -> FloatArray:
    """``value`` as a float64 array, refusing what is not numeric (strings, objects, bools).

    Examples
    --------
    >>> as_floats([1, 2.5], field="c")
    array([1. , 2.5])
    >>> as_floats("7", field="c")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: c='7': must be numeric (a number or an array of numbers)
    """
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise InvalidInputError(
            field=field, value=value, reason="must be numeric (a number or an array of numbers)"
        )
    return arr.astype(np.float64, copy=False)


def check_range(
    arr: FloatArray,
    *,
    field: str,
    lo: float,
    hi: float,
    lo_open: bool = False,
    allow_nan: bool = False,
) -> None:
    """Refuse values off ``[lo, hi]`` (or ``(lo, hi]``), NaN unless allowed, and infinities.

    For arrays, the message says how many values are bad and lists the first positions.

    Examples
    --------
    >>> check_range(np.array([5.0, 0.5, np.nan]), field="credibility", lo=1, hi=10)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: credibility=[0.5, nan]: 2 of 3 values off [1, 10] or not ...
    """
    above = arr > lo if lo_open else arr >= lo
    ok = above & (arr <= hi)
    if allow_nan:
        ok |= np.isnan(arr)
    if ok.all():
        return
    span = f"({lo:g}, {hi:g}]" if lo_open else f"[{lo:g}, {hi:g}]"
    reason = f"must be in {span}" + ("" if allow_nan else " and finite")
    if arr.ndim == 0:
        raise InvalidInputError(field=field, value=float(arr), reason=reason)
    bad = np.flatnonzero(~ok.ravel())
    shown = bad[:_SHOWN].tolist()
    more = ", ..." if bad.size > _SHOWN else ""
    raise InvalidInputError(
        field=field,
        value=arr.ravel()[bad[:_SHOWN]].tolist(),
        reason=(
            f"{bad.size} of {arr.size} values off {span} or not finite, "
            f"first at positions {str(shown)[:-1]}{more}]"
        ),
    )


def unwrap(result: FloatArray) -> Any:
    """A Python float for a 0-d result, the array otherwise."""
    return float(result) if result.ndim == 0 else result


def unwrap_int(result: NDArray[Any], kind: Any) -> Any:
    """An enum member (``kind(code)``) for a 0-d result, the int8 array otherwise."""
    return kind(int(result)) if result.ndim == 0 else result


_NONE = np.array(None, dtype=object)


def is_none(values: NDArray[Any]) -> NDArray[np.bool_]:
    """Where an object column holds None (elementwise, in C).

    Examples
    --------
    >>> is_none(np.array(["dana", None], dtype=object))
    array([False,  True])
    """
    found: NDArray[np.bool_] = np.equal(values, _NONE).astype(bool)
    return found


def day_number(when: date | None) -> float:
    """A date as its proleptic ordinal (``date.toordinal()``), NaN for None.

    Kernels compare dates as float64 day numbers so that a missing date is NaN.

    Examples
    --------
    >>> day_number(date(2026, 1, 2)) - day_number(date(2026, 1, 1))
    1.0
    >>> day_number(None)
    nan
    """
    return float("nan") if when is None else float(when.toordinal())
