"""A commitment's status on a day (DOMAIN.md section 1), for one or many at once."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._arrays import FloatArray
from ._enums import CommitmentStatus

__all__ = ["status_codes"]


def status_codes(
    due: FloatArray, kept: FloatArray, renegotiated: NDArray[np.bool_], as_of: float
) -> NDArray[np.int8]:
    """Status codes (CommitmentStatus values) from day numbers; NaN ``kept`` is not kept.

    RENEGOTIATED wins (the customer agreed a change: no evidence either way). A
    commitment kept after ``as_of`` is not kept yet on that day. Kept on or before
    its due date: KEPT; after: KEPT_LATE. Not kept and due before ``as_of``: MISSED;
    otherwise OPEN (no evidence yet).

    Examples
    --------
    >>> nan = float("nan")
    >>> codes = status_codes(np.array([10., 10., 10., 10., 20.]),
    ...                      np.array([9., 12., nan, nan, nan]),
    ...                      np.array([False, False, False, True, False]), 15.0)
    >>> [CommitmentStatus(c).name for c in codes]
    ['KEPT', 'KEPT_LATE', 'MISSED', 'RENEGOTIATED', 'OPEN']
    """
    kept_by_then = kept <= as_of  # False for NaN
    status = np.full(due.shape, CommitmentStatus.OPEN, dtype=np.int8)
    status[~kept_by_then & (due < as_of)] = CommitmentStatus.MISSED
    status[kept_by_then & (kept <= due)] = CommitmentStatus.KEPT
    status[kept_by_then & (kept > due)] = CommitmentStatus.KEPT_LATE
    status[renegotiated] = CommitmentStatus.RENEGOTIATED
    return status
