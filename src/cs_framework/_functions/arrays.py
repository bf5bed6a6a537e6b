"""The one scalar/array rule of every public function, and its argument checks.

A public function takes scalars or array-likes: :func:`as_floats` turns each into a
float64 array (refusing what is not numeric), :func:`check_values` checks it against a
validator of :mod:`.._model.validators` (for a scalar, the very message an object
gives; for an array, how many values are bad and where), :func:`broadcast` joins the
arguments (or says which do not fit together), the kernel computes on arrays, and
:func:`unwrap` hands back a Python scalar for scalar input. The kernels trust what
passed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any, Final, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidInputError
from .._model.validators import InstanceOf, Number
from .._types import FloatArray

__all__ = [
    "as_floats",
    "as_records",
    "broadcast",
    "check_values",
    "unwrap",
    "unwrap_code",
    "unwrap_flag",
]

#: How many bad values an error message lists before it says "...".
SHOWN: Final = 5

_E = TypeVar("_E", bound=IntEnum)
_R = TypeVar("_R")


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
    try:
        arr = np.asarray(value)
    except ValueError:  # ragged nested lists
        arr = np.asarray(None)
    if arr.dtype.kind not in "iuf":
        raise InvalidInputError(
            field=field, value=value, reason="must be numeric (a number or an array of numbers)"
        )
    return arr.astype(np.float64, copy=False)


def as_records(items: Iterable[_R], kind: type[_R], *, field: str) -> list[_R]:
    """The items of a collection of ``kind`` objects as a list, each checked.

    Examples
    --------
    >>> from cs_framework import Outcome
    >>> as_records(["o1"], Outcome, field="outcomes")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: outcomes[0]='o1': must be an Outcome
    """
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise InvalidInputError(
            field=field, value=items, reason=f"must be a list or tuple of {kind.__name__}"
        )
    listed = list(items)
    item = InstanceOf(kind)
    for k, one in enumerate(listed):
        item.check(one, field=f"{field}[{k}]")
    return listed


def check_values(arr: FloatArray, spec: Number, *, field: str) -> FloatArray:
    """Refuse the values ``spec`` refuses; for arrays, say how many and where.

    Examples
    --------
    >>> check_values(np.array(0.5), Number(lo=1, hi=10), field="credibility")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: credibility=0.5: must be a finite number in [1, 10]
    >>> check_values(np.array([5.0, 0.5, np.nan]), Number(lo=1, hi=10), field="credibility")
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: credibility=[0.5, nan]: 2 of 3 values are not a finite
    number in [1, 10], first at positions [1, 2]
    """
    off = spec.off(arr)
    if not off.any():
        return arr
    if arr.ndim == 0:
        raise InvalidInputError(field=field, value=float(arr), reason=spec.reason)
    bad = np.flatnonzero(off.ravel())
    more = ", ..." if bad.size > SHOWN else ""
    raise InvalidInputError(
        field=field,
        value=arr.ravel()[bad[:SHOWN]].tolist(),
        reason=(
            f"{bad.size} of {arr.size} values are not {spec.wanted}, "
            f"first at positions {str(bad[:SHOWN].tolist())[:-1]}{more}]"
        ),
    )


def broadcast(**arrays: NDArray[Any]) -> list[NDArray[Any]]:
    """The arrays broadcast together, or the error naming them and their shapes.

    Examples
    --------
    >>> broadcast(previous=np.zeros(2), current=np.zeros(3))
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: shape=((2,), (3,)): previous and current do not broadcast...
    """
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        names = list(arrays)
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        raise InvalidInputError(
            field="shape",
            value=tuple(a.shape for a in arrays.values()),
            reason=f"{listed} do not broadcast together",
        ) from None


def unwrap(result: FloatArray) -> Any:
    """A Python float for a 0-d result, the array otherwise."""
    return float(result) if result.ndim == 0 else result


def unwrap_code(result: NDArray[Any], kind: type[_E]) -> Any:
    """An enum member (``kind(code)``) for a 0-d result, the int8 array otherwise."""
    return kind(int(result)) if result.ndim == 0 else result


def unwrap_flag(result: NDArray[np.bool_]) -> Any:
    """A Python bool for a 0-d result, the bool array otherwise."""
    return bool(result) if result.ndim == 0 else result
