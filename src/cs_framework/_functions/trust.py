"""The trust equation, the trust index and reliability, for one value or many.

Each checks its arguments once and calls the kernel of :mod:`.._rules.trust`; the
rules are stated in docs/rules.md#trust.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from .._book.score import record_reliability
from .._defaults import TRUST_SCALE
from .._model.policy import Policy
from .._model.records import Commitment
from .._model.validators import DAY, InstanceOf, Number, check_scale
from .._rules.trust import trust_kernel
from .._types import FloatArray, day_number
from .arrays import as_floats, as_records, broadcast, check_values, unwrap

__all__ = ["reliability", "trust_equation", "trust_index"]


def _checked(
    c: ArrayLike, r: ArrayLike, i: ArrayLike, s: ArrayLike, scale: tuple[float, float]
) -> tuple[list[FloatArray], float, float]:
    lo, hi = check_scale(scale)
    on_scale = Number(lo=lo, hi=hi)
    named = {"credibility": c, "reliability": r, "intimacy": i, "self_orientation": s}
    arrays = {
        name: check_values(as_floats(value, field=name), on_scale, field=name)
        for name, value in named.items()
    }
    return broadcast(**arrays), lo, hi


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
    scale: tuple[float, float] = TRUST_SCALE,
) -> float | FloatArray:
    """The trust equation: ``(C + R + I) / S``.

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
    cs_framework.InvalidInputError: self_orientation=0.0: must be a finite number in [1, 10]
    """
    (cb, rb, ib, sb), lo, hi = _checked(c, r, i, s, scale)
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
    scale: tuple[float, float] = TRUST_SCALE,
) -> float | FloatArray:
    """The trust equation read on a 0-100 log scale (docs/rules.md#trust).

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
    The reference values of the trust page (docs/trust-prove-grow.md):

    >>> [round(trust_index(*cris), 1) for cris in [(8, 8, 8, 3), (5, 5, 5, 5), (4, 4, 4, 7)]]
    [71.3, 50.0, 37.8]
    >>> trust_index([1, 10], [1, 10], [1, 10], [10, 1])
    array([  0., 100.])
    """
    (cb, rb, ib, sb), lo, hi = _checked(c, r, i, s, scale)
    index: float | FloatArray = unwrap(trust_kernel(cb, rb, ib, sb, lo, hi)[1])
    return index


def reliability(
    commitments: Sequence[Commitment], as_of: date, *, policy: Policy | None = None
) -> float:
    """Reliability (R of the trust equation) from a commitment record, at ``as_of``.

    Each commitment's status on ``as_of`` earns a credit (KEPT 1, KEPT_LATE 0.5,
    MISSED 0; OPEN and RENEGOTIATED are no evidence), weighted by recency
    ``0.5 ** (age / half_life)`` from the due date, and smoothed by a Beta prior:
    ``p = (a + sum(w * credit)) / (a + b + sum(w))``; Reliability is
    ``lo + (hi - lo) * p`` on the trust scale (docs/rules.md#trust).

    Parameters
    ----------
    commitments : sequence of Commitment
        The record, of one account or several (pooled).
    as_of : datetime.date
        The day of the assessment: statuses and ages are taken on this day.
    policy : Policy, optional
        Credits, half-life, prior and scale; ``Policy()`` by default.

    Returns
    -------
    float
        On the trust scale: 5.5 on the default scale with no evidence at all.

    Examples
    --------
    >>> from datetime import date
    >>> reliability([], date(2026, 6, 30))
    5.5
    >>> kept = Commitment(id="c1", account_id="a", description="Send guide", owner="dana",
    ...                   made_on=date(2026, 6, 1), due=date(2026, 6, 10),
    ...                   kept_on=date(2026, 6, 9))
    >>> round(reliability([kept], date(2026, 6, 10)), 2)  # (1 + 1) / (2 + 1) of the way up
    7.0
    """
    policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
    DAY.check(as_of, field="as_of")
    record = as_records(commitments, Commitment, field="commitments")
    _, _, value = record_reliability(
        np.zeros(len(record), dtype=np.intp),
        np.array([day_number(c.due) for c in record], dtype=np.float64),
        np.array([day_number(c.kept_on) for c in record], dtype=np.float64),
        np.array([c.renegotiated for c in record], dtype=bool),
        1,
        day_number(as_of),
        policy,
    )
    return float(value[0])
