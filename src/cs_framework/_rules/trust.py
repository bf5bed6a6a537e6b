"""Trust kernels: the trust equation and index, the commitment record, the trust gaps.

Trust = (Credibility + Reliability + Intimacy) / Self-orientation (the trust
equation), read on a log scale so that the worst relationship scores 0, the best 100
and C = R = I = S exactly 50. Reliability is not typed in: it is the commitment
record, "a pattern of small commitments kept consistently - and eroded by the same
pattern broken" (the Trust -> Prove -> Grow framework). See docs/rules.md#trust.
"""

from __future__ import annotations

import numpy as np

from .._enums import CommitmentStatus
from .._types import BoolArray, CodeArray, FloatArray, IndexArray
from .published import published

__all__ = [
    "evidence_weights",
    "executive_silence",
    "missed_in_window",
    "ownership_unclear",
    "reliability_kernel",
    "roles_missing",
    "status_codes",
    "trust_kernel",
    "unowned_open",
]

# Plain ints: an enum member lookup costs a microsecond, and kernels run per account.
_OPEN = int(CommitmentStatus.OPEN)
_KEPT = int(CommitmentStatus.KEPT)
_KEPT_LATE = int(CommitmentStatus.KEPT_LATE)
_MISSED = int(CommitmentStatus.MISSED)
_RENEGOTIATED = int(CommitmentStatus.RENEGOTIATED)


def trust_kernel(
    c: FloatArray, r: FloatArray, i: FloatArray, s: FloatArray, lo: float, hi: float
) -> tuple[FloatArray, FloatArray]:
    """Raw trust ``(C + R + I) / S`` and the 0-100 index, elementwise; NaN in, NaN out.

    ``index = 100 * log(T / Tmin) / log(Tmax / Tmin)`` with ``Tmin = 3 lo / hi`` and
    ``Tmax = 3 hi / lo``: on the scale ``[lo, hi]`` it runs from 0 to 100.

    Examples
    --------
    >>> raw, index = trust_kernel(*(np.array([8.0, 5.0]),) * 3, np.array([3.0, 5.0]), 1, 10)
    >>> raw, index.round(1)
    (array([8., 3.]), array([71.3, 50. ]))
    """
    raw = (c + r + i) / s
    t_min, t_max = 3 * lo / hi, 3 * hi / lo
    index = 100 * np.log(raw / t_min) / np.log(t_max / t_min)
    # Published (the midpoint 50 reads 50), and on the scale kept exactly in [0, 100].
    return raw, np.minimum(np.maximum(published(index), 0.0), 100.0)


def status_codes(
    due: FloatArray, kept: FloatArray, renegotiated: BoolArray, as_of: float
) -> CodeArray:
    """Each commitment's status on day ``as_of`` (CommitmentStatus codes).

    RENEGOTIATED wins (the customer agreed a change: no evidence either way). A
    commitment kept after ``as_of`` is not kept yet on that day. Kept on or before
    its due date: KEPT; after: KEPT_LATE. Not kept and due before ``as_of``: MISSED;
    otherwise OPEN (no evidence yet). NaN ``kept`` is not kept.

    Examples
    --------
    >>> nan = float("nan")
    >>> codes = status_codes(np.array([10., 10., 10., 10., 20.]),
    ...                      np.array([9., 12., nan, nan, nan]),
    ...                      np.array([False, False, False, True, False]), 15.0)
    >>> [CommitmentStatus(c).name for c in codes]
    ['KEPT', 'KEPT_LATE', 'MISSED', 'RENEGOTIATED', 'OPEN']
    """
    # Codes from 0/1 masks (OPEN is 0, KEPT_LATE is KEPT + 1), each choice made by
    # adding mask * (new - old) in int8: a book runs this on ten million rows, and a
    # masked copy or np.where costs about eight times as much.
    status = np.asarray(due < as_of).view(np.int8) * np.int8(_MISSED)  # OPEN or MISSED
    kept_status = np.asarray(kept > due).view(np.int8) + np.int8(_KEPT)  # KEPT or KEPT_LATE
    kept_status -= status
    kept_status *= np.asarray(kept <= as_of).view(np.int8)  # kept by then (False for NaN)
    status += kept_status
    renegotiated_status = np.int8(_RENEGOTIATED) - status
    renegotiated_status *= np.asarray(renegotiated, dtype=bool).view(np.int8)
    status += renegotiated_status
    return status


def evidence_weights(
    status: CodeArray,
    due: FloatArray,
    as_of: float,
    *,
    credit_kept: float,
    credit_kept_late: float,
    credit_missed: float,
    half_life_days: float,
) -> tuple[FloatArray, FloatArray]:
    """Per commitment: the recency weight (0 where no evidence) and the credit earned.

    The weight is ``0.5 ** (age / half_life_days)``, the age running from the due date
    to ``as_of``; a commitment kept before a due date still ahead has age 0 (full
    weight), never more than full. OPEN and RENEGOTIATED are no evidence.

    Examples
    --------
    >>> weight, credit = evidence_weights(
    ...     np.array([_KEPT, _MISSED, _OPEN], np.int8), np.array([10.0, 100.0, 200.0]), 100.0,
    ...     credit_kept=1.0, credit_kept_late=0.5, credit_missed=0.0, half_life_days=90.0)
    >>> weight, credit
    (array([0.5, 1. , 0. ]), array([1., 0., 0.]))
    >>> evidence_weights(np.array([_KEPT, _KEPT], np.int8), np.array([100.0, 90.0]), 100.0,
    ...     credit_kept=1.0, credit_kept_late=0.5, credit_missed=0.0, half_life_days=1e-320)[0]
    array([1., 0.])
    """
    table = np.zeros(len(CommitmentStatus), dtype=np.float64)
    table[_KEPT] = credit_kept
    table[_KEPT_LATE] = credit_kept_late
    table[_MISSED] = credit_missed
    credit = np.take(table, status)  # (twice as fast as table[status])
    is_evidence = (status >= _KEPT) & (status <= _MISSED)
    # weight = 0.5 ** (max(as_of - due, 0) / half_life), in place in one buffer (a book
    # runs this on ten million rows) and with exp2, faster than a power.
    weight = np.subtract(as_of, due)
    np.maximum(weight, 0.0, out=weight)
    # A divide, not a multiply by -1/half_life: a tiny half-life would make that
    # reciprocal infinite and 0 * inf a NaN, where age 0 must keep full weight.
    with np.errstate(over="ignore"):  # a huge age / tiny half-life is -inf: weight 0
        weight /= -half_life_days
    np.exp2(weight, out=weight)
    weight *= is_evidence  # 0 where no evidence
    return weight, credit


def reliability_kernel(
    account: IndexArray,
    weight: FloatArray,
    credit: FloatArray,
    n_accounts: int,
    *,
    prior_kept: float,
    prior_missed: float,
    lo: float,
    hi: float,
) -> tuple[FloatArray, FloatArray]:
    """Per account: the smoothed share ``p`` and Reliability on the trust scale.

    ``p = (prior_kept + sum(w * credit)) / (prior_kept + prior_missed + sum(w))`` over
    the account's commitments (``account`` holds each one's account position), and
    ``Reliability = lo + (hi - lo) * p``: no evidence at all gives the prior's mean.

    Examples
    --------
    >>> reliability_kernel(np.array([0, 0]), np.array([1.0, 1.0]), np.array([1.0, 0.0]), 2,
    ...                    prior_kept=1.0, prior_missed=1.0, lo=1.0, hi=10.0)
    (array([0.5, 0.5]), array([5.5, 5.5]))
    """
    earned = np.bincount(account, weights=weight * credit, minlength=n_accounts)
    total = np.bincount(account, weights=weight, minlength=n_accounts)
    p = (prior_kept + earned) / (prior_kept + prior_missed + total)
    return p, lo + (hi - lo) * p


def missed_in_window(
    status: CodeArray, due: FloatArray, as_of: float, window_days: float
) -> BoolArray:
    """The MISSED_COMMITMENT gap: missed, and due at most ``window_days`` before ``as_of``.

    Examples
    --------
    >>> missed_in_window(np.array([_MISSED, _MISSED, _KEPT], np.int8),
    ...                  np.array([10.0, 100.0, 100.0]), 200.0, 180.0)
    array([False,  True, False])
    """
    missed: BoolArray = (status == _MISSED) & (as_of - due <= window_days)
    return missed


def unowned_open(status: CodeArray, owner_missing: BoolArray) -> BoolArray:
    """The UNCLEAR_OWNERSHIP gap of a commitment: open, and no owner named.

    Examples
    --------
    >>> unowned_open(np.array([_OPEN, _OPEN, _MISSED], np.int8), np.array([False, True, True]))
    array([False,  True, False])
    """
    unowned: BoolArray = (status == _OPEN) & owner_missing
    return unowned


def roles_missing(*missing: BoolArray) -> BoolArray:
    """The UNCLEAR_OWNERSHIP gap of an account: an (n, len(roles)) matrix, True where a
    role (the person with authority, the one who does the work day to day, the one
    accountable if it fails) has no one named.

    Examples
    --------
    >>> roles_missing(np.array([False, True]), np.array([True, False]))
    array([[False,  True],
           [ True, False]])
    """
    out = np.empty((len(missing[0]), len(missing)), dtype=bool)
    for k, role in enumerate(missing):  # a column at a time: np.stack costs more per call
        out[:, k] = role
    return out


def ownership_unclear(n_unowned_open: IndexArray, missing_roles: BoolArray) -> BoolArray:
    """The UNCLEAR_OWNERSHIP gap of each account: an open commitment with no owner, or an
    owner role with no one named.

    Examples
    --------
    >>> ownership_unclear(np.array([0, 2, 0]), np.array([[False], [False], [True]]))
    array([False,  True,  True])
    """
    unclear: BoolArray = n_unowned_open > 0
    for k in range(missing_roles.shape[1]):  # a column at a time: slow along a short row
        unclear |= missing_roles[:, k]
    return unclear


def executive_silence(
    last_touch: FloatArray, as_of: float, silent_after_days: float
) -> tuple[FloatArray, BoolArray]:
    """The SILENT_EXECUTIVE gap: days since the last executive touch, and silence.

    Silent after more than ``silent_after_days`` days; never touched (NaN) is silent.

    Examples
    --------
    >>> executive_silence(np.array([10.0, 9.0, np.nan]), 100.0, 90.0)
    (array([90., 91., nan]), array([False,  True,  True]))
    """
    days = as_of - last_touch
    silent: BoolArray = ~(days <= silent_after_days)
    return days, silent
