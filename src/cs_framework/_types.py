"""Array types, day numbers and missing values: the vocabulary every layer shares.

Kernels compare dates as float64 *day numbers* (``date.toordinal()``), so that a
missing date is NaN and a comparison with it is False. Text columns are object
arrays in which None is the one spelling of "missing".
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "EPOCH_ORDINAL",
    "BoolArray",
    "CodeArray",
    "CountArray",
    "FloatArray",
    "IndexArray",
    "ObjectArray",
    "as_dates",
    "date_of",
    "day_number",
    "is_none",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IndexArray = NDArray[np.intp]
#: Enum codes (Band, Phase, Stage, Action, CommitmentStatus, CoverageModel).
CodeArray = NDArray[np.int8]
CountArray = NDArray[np.int64]
ObjectArray = NDArray[np.object_]

#: ``date(1970, 1, 1).toordinal()``: NumPy's day 0 as a day number.
EPOCH_ORDINAL: Final = 719163


def day_number(when: date | None) -> float:
    """A date as its day number (``date.toordinal()``), NaN for None.

    Examples
    --------
    >>> day_number(date(2026, 1, 2)) - day_number(date(2026, 1, 1))
    1.0
    >>> day_number(None)
    nan
    """
    return float("nan") if when is None else float(when.toordinal())


def date_of(day: float) -> date | None:
    """The date of a day number, None for NaN (the inverse of :func:`day_number`).

    Examples
    --------
    >>> date_of(day_number(date(2026, 1, 2))), date_of(float("nan"))
    (datetime.date(2026, 1, 2), None)
    """
    return None if np.isnan(day) else date.fromordinal(int(day))


def as_dates(days: FloatArray) -> NDArray[np.datetime64]:
    """Day numbers as ``datetime64[D]`` (NaT for NaN), for frames.

    Examples
    --------
    >>> as_dates(np.array([day_number(date(2026, 1, 2)), np.nan]))
    array(['2026-01-02', 'NaT'], dtype='datetime64[D]')
    """
    out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    known = ~np.isnan(days)
    out[known] = (days[known] - EPOCH_ORDINAL).astype(np.int64).astype("datetime64[D]")
    return out


_NONE = np.array(None, dtype=object)


def is_none(values: NDArray[Any]) -> BoolArray:
    """Where an object column holds None (elementwise, in C); all False for other dtypes.

    Examples
    --------
    >>> is_none(np.array(["dana", None], dtype=object))
    array([False,  True])
    >>> is_none(np.array([7, 8]))  # numbers are never None
    array([False, False])
    """
    if values.dtype != object:
        return np.zeros(values.shape, dtype=bool)
    found: BoolArray = np.equal(values, _NONE).astype(bool)
    return found
