"""Proof kernels: progress, visibility, the proof score, and what the outcomes show.

Progress is ``clip((current - baseline) / (target - baseline), 0, 1)`` in either
direction (no current value is 0). Value the customer has not seen is not proof ("make
outcomes visible", the Trust -> Prove -> Grow framework), so each outcome counts by
its visibility, and the proof score is ``100 * mean(progress * visibility)``. See
docs/rules.md#proof.
"""

from __future__ import annotations

import numpy as np

from .._types import BoolArray, FloatArray, IndexArray
from .published import published

__all__ = [
    "achieved_acknowledged",
    "progress_kernel",
    "proof_kernel",
    "unacknowledged_progress",
    "unseen_progress",
    "visibility_kernel",
]


def progress_kernel(baseline: FloatArray, target: FloatArray, current: FloatArray) -> FloatArray:
    """Progress in [0, 1] per outcome; NaN ``current`` (not measured) is 0.

    Examples
    --------
    >>> nan = float("nan")
    >>> progress_kernel(np.array([30., 0., 0.]), np.array([10., 100., 100.]),
    ...                 np.array([20., 150., nan]))
    array([0.5, 1. , 0. ])
    >>> progress_kernel(np.array([5e-324]), np.array([0.0]), np.array([-1.0]))  # overflows
    array([1.])
    >>> progress_kernel(np.array([1e308]), np.array([-1e308]), np.array([0.0]))  # halfway
    array([0.5])
    >>> progress_kernel(np.array([0.0, 0.0]), np.array([5e-324, 1.0]), np.array([1.0, nan]))
    array([1., 0.])
    """
    # A target a hair from its baseline can overflow the share to +-inf: the clip
    # below turns that into the right 0 or 1, so the warning is noise.
    with np.errstate(over="ignore", invalid="ignore"):
        span, moved = target - baseline, current - baseline
        share = moved / span
        # Differences of huge values (1e308 and -1e308) overflow: take the same share
        # from halves, which cannot, so the answer stays exact on finite inputs. (Only
        # an infinite difference: a missing current's NaN gives NaN either way.)
        wide = np.isinf(span)
        wide |= np.isinf(moved)
        if wide.any():
            half = (current[wide] * 0.5 - baseline[wide] * 0.5) / (
                target[wide] * 0.5 - baseline[wide] * 0.5
            )
            share[wide] = half
    return np.where(np.isnan(current), 0.0, np.minimum(np.maximum(share, 0.0), 1.0))


def visibility_kernel(
    documented: BoolArray,
    acknowledged: BoolArray,
    *,
    acknowledged_weight: float,
    documented_weight: float,
    unseen_weight: float,
) -> FloatArray:
    """The visibility weight per outcome: acknowledged, else documented, else unseen.

    Examples
    --------
    >>> visibility_kernel(np.array([True, True, False]), np.array([True, False, False]),
    ...                   acknowledged_weight=1.0, documented_weight=0.5, unseen_weight=0.25)
    array([1.  , 0.5 , 0.25])
    """
    # A code per outcome (0 unseen, 1 documented, 2 or 3 acknowledged) and a lookup:
    # a book runs this on millions of rows, where nested np.where costs twice as much.
    code = np.asarray(acknowledged, dtype=bool).view(np.int8) * np.int8(2)
    code += np.asarray(documented, dtype=bool).view(np.int8)
    weights = np.array([unseen_weight, documented_weight, acknowledged_weight, acknowledged_weight])
    visibility: FloatArray = np.take(weights, code)
    return visibility


def proof_kernel(
    account: IndexArray, credited: FloatArray, n_accounts: int
) -> tuple[FloatArray, IndexArray]:
    """Per account: the proof score (0-100) and the number of outcomes.

    ``credited`` is ``progress * visibility`` per outcome and ``account`` its account
    position. An account with no outcomes scores 0 (and has the NO_SUCCESS_CRITERIA gap).

    Examples
    --------
    >>> proof_kernel(np.array([0, 0, 2]), np.array([0.5, 0.25, 1.0]), 3)
    (array([ 37.5,   0. , 100. ]), array([2, 0, 1]))
    """
    total = np.bincount(account, weights=credited, minlength=n_accounts)
    count = np.bincount(account, minlength=n_accounts)
    score = np.divide(100.0 * total, count, out=np.zeros(n_accounts), where=count > 0)
    return published(score), count  # the bar reads the published score


def unseen_progress(progress: FloatArray, acknowledged: BoolArray) -> BoolArray:
    """Per outcome: progress the customer has not acknowledged.

    Examples
    --------
    >>> unseen_progress(np.array([0.5, 0.5, 0.0]), np.array([False, True, False]))
    array([ True, False, False])
    """
    unseen: BoolArray = (progress > 0) & ~acknowledged
    return unseen


def unacknowledged_progress(
    account: IndexArray, progress: FloatArray, acknowledged: BoolArray, n_accounts: int
) -> BoolArray:
    """Per account: some progress the customer has not acknowledged (document it).

    Examples
    --------
    >>> unacknowledged_progress(np.array([0, 1]), np.array([0.5, 0.5]),
    ...                         np.array([False, True]), 2)
    array([ True, False])
    """
    unseen = np.bincount(
        account, weights=unseen_progress(progress, acknowledged), minlength=n_accounts
    )
    found: BoolArray = unseen > 0
    return found


def achieved_acknowledged(
    account: IndexArray, progress: FloatArray, acknowledged: BoolArray, n_accounts: int
) -> BoolArray:
    """Per account: an outcome achieved (progress 1) and acknowledged (exit of OUTCOMES).

    Examples
    --------
    >>> achieved_acknowledged(np.array([0, 1]), np.array([1.0, 1.0]),
    ...                       np.array([True, False]), 2)
    array([ True, False])
    """
    achieved = np.bincount(account, weights=(progress >= 1) & acknowledged, minlength=n_accounts)
    found: BoolArray = achieved > 0
    return found
