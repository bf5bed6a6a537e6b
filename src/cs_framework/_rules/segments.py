"""Segment kernels: the ARR tier of each account, and the CSM headcount per tier.

"A customer generating $5K ARR should not receive the same coverage model as a
customer generating $500K ARR" (the CS program guide). Tiers are half-open
``[min_arr, max_arr)`` and cover ``[0, inf)`` once, so an ARR exactly at an edge
belongs to the upper tier; each tier has a ratio of accounts per CSM, so a book
yields the headcount it needs ("scaling becomes a headcount problem", the distilled
CS principles). See docs/rules.md#segments.
"""

from __future__ import annotations

import numpy as np

from .._defaults import HEADCOUNT_TOLERANCE
from .._types import FloatArray, IndexArray

__all__ = ["coverage_kernel", "segment_kernel"]


def segment_kernel(arr: FloatArray, lower_edges: FloatArray) -> IndexArray:
    """The tier index of each ARR, given the lower edges of the tiers above the first.

    Examples
    --------
    >>> segment_kernel(np.array([0.0, 9_999.99, 10_000.0, 100_000.0]),
    ...                np.array([10_000.0, 100_000.0]))
    array([0, 0, 1, 2])
    """
    # side="right": an ARR equal to an edge goes above it, as tiers are [min, max).
    return np.searchsorted(lower_edges, arr, side="right").astype(np.intp)


def coverage_kernel(
    tier: IndexArray, arr: FloatArray, accounts_per_csm: FloatArray
) -> tuple[IndexArray, FloatArray, FloatArray, IndexArray]:
    """Per tier: accounts, ARR, CSM load (accounts / ratio) and CSMs needed (load rounded up).

    Examples
    --------
    >>> count, arr, load, csms = coverage_kernel(
    ...     np.array([0, 2, 2]), np.array([5e3, 2e5, 3e5]), np.array([1e3, 1e2, 15.0]))
    >>> count, arr, csms
    (array([1, 0, 2]), array([  5000.,      0., 500000.]), array([1, 0, 1]))
    >>> load.round(4)
    array([0.001 , 0.    , 0.1333])
    """
    n_tiers = accounts_per_csm.shape[0]
    count = np.bincount(tier, minlength=n_tiers)
    total = np.bincount(tier, weights=arr, minlength=n_tiers).astype(np.float64)
    load = count / accounts_per_csm
    csms = np.ceil(load - HEADCOUNT_TOLERANCE).astype(np.intp)
    return count.astype(np.intp), total, load, csms
