"""The trust equation and the trust index (DOMAIN.md section 1, seeds 000 and 001).

Trust = (Credibility + Reliability + Intimacy) / Self-orientation, read on a log
scale: ``index = 100 * log(T / Tmin) / log(Tmax / Tmin)`` with ``Tmin = 3*lo/hi`` and
``Tmax = 3*hi/lo``, so the worst relationship scores 0, the best 100, and
C = R = I = S gives exactly 50.
"""

from __future__ import annotations

from typing import overload

import attrs
import numpy as np
from numpy.typing import ArrayLike

from ._arrays import FloatArray, as_floats, check_range, unwrap
from ._bands import GREEN_FROM, YELLOW_FROM, band_codes
from ._enums import Band
from ._errors import InvalidInputError

__all__ = ["TrustScore", "trust_equation", "trust_index", "trust_kernel"]

_DEFAULT_SCALE = (1.0, 10.0)


def trust_kernel(
    c: FloatArray, r: FloatArray, i: FloatArray, s: FloatArray, lo: float, hi: float
) -> tuple[FloatArray, FloatArray]:
    """Raw trust and the 0-100 index, elementwise; NaN in, NaN out. Trusts its input."""
    raw = (c + r + i) / s
    t_min, t_max = 3 * lo / hi, 3 * hi / lo
    index = 100 * np.log(raw / t_min) / np.log(t_max / t_min)
    # On the scale the index is in [0, 100] up to rounding; keep it exactly there.
    return raw, np.clip(index, 0.0, 100.0)


def _checked(
    c: ArrayLike, r: ArrayLike, i: ArrayLike, s: ArrayLike, scale: tuple[float, float]
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, float, float]:
    lo, hi = scale
    if not 0 < lo < hi < np.inf:
        raise InvalidInputError(
            field="scale", value=scale, reason="must be (lo, hi) with 0 < lo < hi < inf"
        )
    arrays = []
    for name, value in (
        ("credibility", c),
        ("reliability", r),
        ("intimacy", i),
        ("self_orientation", s),
    ):
        arr = as_floats(value, field=name)
        check_range(arr, field=name, lo=lo, hi=hi)
        arrays.append(arr)
    try:
        cb, rb, ib, sb = np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = tuple(a.shape for a in arrays)
        raise InvalidInputError(
            field="shape", value=shapes, reason="C, R, I and S do not broadcast together"
        ) from None
    return cb, rb, ib, sb, lo, hi


@overload
def trust_equation(
    c: float, r: float, i: float, s: float, *, scale: tuple[float, float] = ...
) -> float: ...
@overload
def trust_equation(
    c: ArrayLike, r: ArrayLike, i: ArrayLike, s: ArrayLike, *, scale: tuple[float, float] = ...
) -> FloatArray: ...
def trust_equation(
    c: ArrayLike,
    r: ArrayLike,
    i: ArrayLike,
    s: ArrayLike,
    *,
    scale: tuple[float, float] = _DEFAULT_SCALE,
) -> float | FloatArray:
    """The trust equation: ``(C + R + I) / S`` (seed 001).

    Parameters
    ----------
    c, r, i, s : float or array_like
        Credibility, reliability, intimacy and self-orientation on ``scale``;
        arrays broadcast like NumPy.
    scale : (float, float)
        The assessment scale, ``(1, 10)`` by default.

    Returns
    -------
    float or ndarray of float64
        A Python float for scalar input, an array of the broadcast shape otherwise.

    Raises
    ------
    InvalidInputError
        For a value off the scale, NaN or infinite (for arrays: how many, and where).

    Examples
    --------
    >>> trust_equation(8, 8, 8, 3)
    8.0
    >>> trust_equation([8, 5], 8, 8, [3, 4])
    array([8.  , 5.25])
    >>> trust_equation(8, 8, 8, 0)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: self_orientation=0.0: must be in [1, 10] and finite
    """
    cb, rb, ib, sb, lo, hi = _checked(c, r, i, s, scale)
    raw: float | FloatArray = unwrap(trust_kernel(cb, rb, ib, sb, lo, hi)[0])
    return raw


@overload
def trust_index(
    c: float, r: float, i: float, s: float, *, scale: tuple[float, float] = ...
) -> float: ...
@overload
def trust_index(
    c: ArrayLike, r: ArrayLike, i: ArrayLike, s: ArrayLike, *, scale: tuple[float, float] = ...
) -> FloatArray: ...
def trust_index(
    c: ArrayLike,
    r: ArrayLike,
    i: ArrayLike,
    s: ArrayLike,
    *,
    scale: tuple[float, float] = _DEFAULT_SCALE,
) -> float | FloatArray:
    """The trust equation read on a 0-100 log scale (DOMAIN.md section 1).

    ``50 * log10(T / 0.3)`` on the default scale: 0 for the worst relationship
    (1, 1, 1, 10), 100 for the best (10, 10, 10, 1), exactly 50 when C = R = I = S.

    Parameters
    ----------
    c, r, i, s : float or array_like
        As for :func:`trust_equation`.
    scale : (float, float)
        The assessment scale; ``Policy.trust_scale_min`` and ``trust_scale_max``.

    Returns
    -------
    float or ndarray of float64
        In ``[0, 100]``.

    Examples
    --------
    The reference values of DOMAIN.md:

    >>> [round(trust_index(*cris), 1) for cris in [(8, 8, 8, 3), (5, 5, 5, 5), (4, 4, 4, 7)]]
    [71.3, 50.0, 37.8]
    >>> trust_index([1, 10], [1, 10], [1, 10], [10, 1])
    array([  0., 100.])
    """
    cb, rb, ib, sb, lo, hi = _checked(c, r, i, s, scale)
    index: float | FloatArray = unwrap(trust_kernel(cb, rb, ib, sb, lo, hi)[1])
    return index


@attrs.frozen(kw_only=True)
class TrustScore:
    """An account's trust: the four components, the raw equation and the 0-100 index.

    ``band`` reads the index like a health score (``>= 70`` GREEN, ``>= 40`` YELLOW).

    Examples
    --------
    >>> t = TrustScore.of(credibility=8, reliability=8, intimacy=8, self_orientation=3)
    >>> t.value, round(t.index, 1), t.band.name
    (8.0, 71.3, 'GREEN')
    """

    credibility: float
    reliability: float
    intimacy: float
    self_orientation: float
    value: float
    index: float
    band: Band

    @classmethod
    def of(
        cls,
        *,
        credibility: float,
        reliability: float,
        intimacy: float,
        self_orientation: float,
        scale: tuple[float, float] = _DEFAULT_SCALE,
    ) -> TrustScore:
        """Score the four components (validated on ``scale``)."""
        cb, rb, ib, sb, lo, hi = _checked(
            credibility, reliability, intimacy, self_orientation, scale
        )
        raw, index = trust_kernel(cb, rb, ib, sb, lo, hi)
        return cls(
            credibility=float(credibility),
            reliability=float(reliability),
            intimacy=float(intimacy),
            self_orientation=float(self_orientation),
            value=float(raw),
            index=float(index),
            band=Band(int(band_codes(index, GREEN_FROM, YELLOW_FROM))),
        )
