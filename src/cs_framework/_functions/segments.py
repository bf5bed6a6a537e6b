"""Segments in one call: the tier of an ARR, and the CSM headcount of a set of accounts.

The rules are stated in docs/rules.md#segments; the kernels are in
:mod:`.._rules.segments`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._model.account import ARR
from .._model.results import CoveragePlan, TierCoverage
from .._model.segment import DEFAULT_SEGMENTS, Segment, check_tiers, lower_edges
from .._model.validators import refuse
from .._rules.segments import coverage_kernel, segment_kernel
from .arrays import as_floats, check_values

__all__ = ["coverage_plan", "segment_for"]


def _checked_tiers(segments: Any) -> tuple[Segment, ...]:
    if not isinstance(segments, (list, tuple)):
        refuse(segments, "must be a list or tuple of Segment", field="segments")
    check_tiers(segments)
    return tuple(segments)


@overload
def segment_for(arr: float, segments: Sequence[Segment] = ...) -> Segment: ...
@overload
def segment_for(arr: ArrayLike, segments: Sequence[Segment] = ...) -> NDArray[np.intp]: ...
def segment_for(
    arr: ArrayLike, segments: Sequence[Segment] = DEFAULT_SEGMENTS
) -> Segment | NDArray[np.intp]:
    """The segment of an ARR: a :class:`Segment` for a scalar, tier indices for an array.

    Parameters
    ----------
    arr : float or array_like
        Annual recurring revenue, finite and >= 0.
    segments : sequence of Segment
        Tiers covering ``[0, inf)`` in ascending order (``Policy.segments``);
        :data:`DEFAULT_SEGMENTS` by default.

    Returns
    -------
    Segment or ndarray of intp
        The tier for a scalar; for an array, the index into ``segments`` of each
        ARR (same shape). An ARR exactly at an edge belongs to the upper tier.

    Raises
    ------
    InvalidInputError
        For ARR negative, NaN or infinite, or tiers with a gap or an overlap.

    Examples
    --------
    >>> segment_for(5_000).coverage.name, segment_for(500_000).coverage.name
    ('DIGITAL', 'HIGH_TOUCH')
    >>> segment_for(100_000).name
    'High touch'
    >>> segment_for([9_999.99, 10_000, 99_999.99, 100_000])
    array([0, 1, 1, 2])
    >>> segment_for(-1)
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: arr=-1.0: must be a finite number >= 0
    """
    tiers = _checked_tiers(segments)
    values = check_values(as_floats(arr, field="arr"), ARR, field="arr")
    index = segment_kernel(values, lower_edges(tiers))
    return tiers[int(index)] if values.ndim == 0 else index


def coverage_plan(
    arr_values: ArrayLike, segments: Sequence[Segment] = DEFAULT_SEGMENTS
) -> CoveragePlan:
    """Turn a set of accounts (their ARR) into the CSM headcount needed per tier.

    Each account falls in its tier (:func:`segment_for`); a tier needs
    ``ceil(accounts / accounts_per_csm)`` CSMs, rounded up per tier because each
    coverage model is staffed on its own (so the total can exceed the total load
    rounded up). A tier with no account needs no CSM.

    Parameters
    ----------
    arr_values : array_like
        The ARR of each account (any shape; flattened), finite and >= 0.
    segments : sequence of Segment
        The tiers, as for :func:`segment_for`.

    Returns
    -------
    CoveragePlan
        One :class:`TierCoverage` per tier, in the order of ``segments``, empty
        tiers included.

    Examples
    --------
    >>> plan = coverage_plan([150_000] * 31 + [20_000] * 250 + [3_000] * 4_000)
    >>> [(t.segment.coverage.name, t.accounts, t.csms) for t in plan.tiers]
    [('DIGITAL', 4000, 4), ('SCALED', 250, 3), ('HIGH_TOUCH', 31, 3)]
    """
    tiers = _checked_tiers(segments)
    values = check_values(as_floats(arr_values, field="arr"), ARR, field="arr").ravel()
    ratios = np.array([s.accounts_per_csm for s in tiers], dtype=np.float64)
    tier = segment_kernel(values, lower_edges(tiers))
    count, total, load, csms = coverage_kernel(tier, values, ratios)
    return CoveragePlan(
        tiers=tuple(
            TierCoverage(
                segment=seg,
                accounts=int(count[i]),
                arr=float(total[i]),
                csm_load=float(load[i]),
                csms=int(csms[i]),
            )
            for i, seg in enumerate(tiers)
        )
    )
