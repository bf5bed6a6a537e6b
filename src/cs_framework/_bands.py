"""Health bands (DOMAIN.md section 5, seed 004: fixed).

"Green: 70+. Yellow: 40-69. Red: below 40." On real numbers: ``>= 70`` GREEN, ``>= 40``
YELLOW, else RED. A missing score (NaN) is UNKNOWN, never Red or Green.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._arrays import FloatArray, as_floats, check_range, unwrap_int
from ._enums import Band
from ._errors import InvalidInputError

__all__ = ["GREEN_FROM", "YELLOW_FROM", "band_codes", "health_band"]

#: The band edges of seed 004: Green from 70, Yellow from 40, Red below.
GREEN_FROM = 70.0
YELLOW_FROM = 40.0


def band_codes(values: FloatArray, green: float, yellow: float) -> NDArray[np.int8]:
    """Band codes (int8) of scores; NaN is UNKNOWN. Trusts its input (``green > yellow``).

    Examples
    --------
    >>> band_codes(np.array([70.0, 69.999, 40.0, 39.999, np.nan]), 70.0, 40.0)
    array([ 2,  1,  1,  0, -1], dtype=int8)
    """
    # A comparison with NaN is False, so NaN counts 0 here and is marked UNKNOWN after.
    codes = (values >= yellow).astype(np.int8) + (values >= green).astype(np.int8)
    return np.where(np.isnan(values), np.int8(Band.UNKNOWN), codes).astype(np.int8)


def check_edges(green: float, yellow: float) -> None:
    """Refuse band edges off [0, 100] or not ordered ``green > yellow``."""
    for name, edge in (("green", green), ("yellow", yellow)):
        arr = as_floats(edge, field=name)
        if arr.ndim != 0:
            raise InvalidInputError(field=name, value=edge, reason="must be a single number")
        check_range(arr, field=name, lo=0, hi=100)
    if not green > yellow:
        raise InvalidInputError(field="green", value=green, reason=f"must exceed yellow={yellow!r}")


@overload
def health_band(score: float, *, green: float = ..., yellow: float = ...) -> Band: ...
@overload
def health_band(
    score: ArrayLike, *, green: float = ..., yellow: float = ...
) -> NDArray[np.int8]: ...
def health_band(
    score: ArrayLike, *, green: float = GREEN_FROM, yellow: float = YELLOW_FROM
) -> Band | NDArray[np.int8]:
    """The band of a health score: ``>= green`` GREEN, ``>= yellow`` YELLOW, else RED.

    Parameters
    ----------
    score : float or array_like
        Health scores on [0, 100]; NaN is a missing score (UNKNOWN).
    green, yellow : float
        The lowest Green and the lowest Yellow score: 70 and 40 (seed 004).

    Returns
    -------
    Band or ndarray of int8
        A :class:`Band` for a scalar, an int8 array of Band codes (same shape) otherwise.

    Raises
    ------
    InvalidInputError
        For a score off [0, 100] or infinite, or edges not ordered ``green > yellow``.

    Examples
    --------
    >>> health_band(70), health_band(69.999), health_band(39.999), health_band(float("nan"))
    (<Band.GREEN: 2>, <Band.YELLOW: 1>, <Band.RED: 0>, <Band.UNKNOWN: -1>)
    >>> health_band([85, 40, 12.5])
    array([2, 1, 0], dtype=int8)
    >>> health_band(101)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: score=101.0: must be in [0, 100]
    """
    check_edges(green, yellow)
    values = as_floats(score, field="score")
    check_range(values, field="score", lo=0, hi=100, allow_nan=True)
    return unwrap_int(band_codes(values, green, yellow), Band)  # type: ignore[no-any-return]
