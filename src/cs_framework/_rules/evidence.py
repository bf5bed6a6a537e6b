"""Evidence kernels: does a score predict churn? Rates with intervals, AUC, ROC, labels.

Arrays in, arrays out, like every kernel: the backtest (``cs_framework.backtest``)
composes them over the labelled account-days of one or many scoring days.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from .._types import BoolArray, FloatArray, IndexArray

__all__ = [
    "Z95",
    "auc_kernel",
    "first_decision",
    "roc_points",
    "wilson_interval",
]

#: The normal quantile of a two-sided 95% interval.
Z95: Final = 1.959963984540054


def wilson_interval(
    events: FloatArray, trials: FloatArray, z: float = Z95
) -> tuple[FloatArray, FloatArray]:
    """The Wilson score interval of ``events / trials``: low and high, NaN where no trials.

    Unlike the normal approximation it stays inside [0, 1] and is honest about small
    counts (Wilson, 1927): 0 churns out of 5 accounts is not a rate of 0 +/- 0.

    Examples
    --------
    >>> low, high = wilson_interval(np.array([0.0, 5.0, 50.0]), np.array([5.0, 10.0, 100.0]))
    >>> np.round(low, 3).tolist(), np.round(high, 3).tolist()
    ([0.0, 0.237, 0.404], [0.434, 0.763, 0.596])
    """
    k = np.asarray(events, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        z2 = z * z
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    none = n <= 0
    # No events: the interval starts at 0 exactly; all events: it ends at 1 (not 1e-17 off).
    low = np.where(none, np.nan, np.where(k == 0, 0.0, np.clip(centre - half, 0.0, 1.0)))
    high = np.where(none, np.nan, np.where(k == n, 1.0, np.clip(centre + half, 0.0, 1.0)))
    return low, high


def _average_ranks(values: FloatArray) -> FloatArray:
    """Ranks 1..n of ``values``, tied values sharing the mean of their ranks."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    # Each run of equal values: its first and last position, and their mean rank.
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], ordered.size]
    mean_rank = (starts + ends + 1) / 2.0
    ranks = np.empty(values.size, dtype=np.float64)
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def auc_kernel(risk: FloatArray, event: BoolArray) -> float:
    """The area under the ROC curve of ``risk`` as a predictor of ``event``.

    The chance that an account with the event has a higher risk than one without, ties
    counting half (the Mann-Whitney statistic over the product of the class sizes);
    NaN when either class is empty. 0.5 is a coin toss, 1 a perfect ranking.

    Examples
    --------
    >>> auc_kernel(np.array([0.9, 0.8, 0.3, 0.1]), np.array([True, False, True, False]))
    0.75
    >>> auc_kernel(np.array([1.0, 1.0]), np.array([True, False]))
    0.5
    """
    positives = int(np.count_nonzero(event))
    negatives = event.size - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    ranks = _average_ranks(np.asarray(risk, dtype=np.float64))
    above = ranks[event].sum() - positives * (positives + 1) / 2.0
    return float(above / (positives * negatives))


def roc_points(risk: FloatArray, event: BoolArray) -> tuple[FloatArray, FloatArray]:
    """The ROC curve: false- and true-positive rates as the risk threshold falls, from
    (0, 0) to (1, 1), one point per distinct risk (ties move both rates at once); with
    nothing to rank, the diagonal.

    Examples
    --------
    >>> fpr, tpr = roc_points(np.array([0.9, 0.8, 0.3, 0.1]), np.array([1, 0, 1, 0], bool))
    >>> fpr.tolist(), tpr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    """
    if not risk.size:  # nothing to rank: the diagonal, a coin toss
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    order = np.argsort(-np.asarray(risk, dtype=np.float64), kind="stable")
    ordered, hits = risk[order], event[order]
    last = np.flatnonzero(np.r_[ordered[1:] != ordered[:-1], True])  # end of each tie
    tp = np.cumsum(hits)[last].astype(np.float64)
    fp = (last + 1) - tp
    positives, negatives = (
        max(tp[-1] if tp.size else 0.0, 1.0),
        max(fp[-1] if fp.size else 0.0, 1.0),
    )
    return np.r_[0.0, fp / negatives], np.r_[0.0, tp / positives]


def first_decision(
    decision_account: IndexArray,
    decided_day: FloatArray,
    n_accounts: int,
    after_day: float,
    horizon_days: float,
) -> IndexArray:
    """Each account's first decision in ``(after_day, after_day + horizon_days]``: the
    position of that decision among the rows, or -1 when it has none.

    Decisions on or before ``after_day`` are already known on the scoring day, so they
    are not what the score predicts; a later one is beyond the horizon.

    Examples
    --------
    >>> first_decision(np.array([0, 0, 1, 2]), np.array([5.0, 3.0, 1.0, 20.0]), 4, 1.0, 10.0)
    array([ 1, -1, -1, -1])
    """
    inside = (decided_day > after_day) & (decided_day <= after_day + horizon_days)
    rows = np.flatnonzero(inside & (decision_account >= 0))
    # Earliest first; of two on one day the first listed (the caller refuses such pairs).
    rows = rows[np.lexsort((rows, decided_day[rows], decision_account[rows]))]
    first = np.full(n_accounts, -1, dtype=np.intp)
    accounts = decision_account[rows]
    keep = np.r_[True, accounts[1:] != accounts[:-1]] if rows.size else np.zeros(0, bool)
    first[accounts[keep]] = rows[keep]
    return first
