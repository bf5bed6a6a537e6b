"""Reliability from the commitment record (DOMAIN.md section 1, seed 000).

"A pattern of small commitments kept consistently - and eroded by the same pattern
broken." Each commitment's status at ``as_of`` earns a credit (KEPT 1, KEPT_LATE 0.5,
MISSED 0; OPEN and RENEGOTIATED are no evidence), weighted by recency
``0.5 ** (age / half_life)`` with the age counted from the due date, and smoothed by
a Beta prior: ``p = (a + sum(w * credit)) / (a + b + sum(w))``. Reliability is
``lo + (hi - lo) * p`` on the trust scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ._arrays import FloatArray, day_number
from ._commitment import Commitment
from ._enums import CommitmentStatus
from ._errors import InvalidInputError
from ._status import status_codes
from ._validate import check_day

if TYPE_CHECKING:
    from ._policy import Policy

__all__ = ["evidence_weights", "reliability", "reliability_kernel"]


def evidence_weights(
    status: NDArray[np.int8], due: FloatArray, as_of: float, policy: Policy
) -> tuple[FloatArray, FloatArray]:
    """Per commitment: the recency weight (0 where no evidence) and the credit.

    The age runs from the due date to ``as_of``; a commitment kept before a due date
    still ahead has age 0 (full weight), never more than full.
    """
    # Credit by status code through a lookup table (OPEN and RENEGOTIATED earn none).
    table = np.zeros(len(CommitmentStatus), dtype=np.float64)
    table[CommitmentStatus.KEPT] = policy.credit_kept
    table[CommitmentStatus.KEPT_LATE] = policy.credit_kept_late
    table[CommitmentStatus.MISSED] = policy.credit_missed
    credit = table[status]
    is_evidence = (status >= CommitmentStatus.KEPT) & (status <= CommitmentStatus.MISSED)
    # weight = 0.5 ** (max(as_of - due, 0) / half_life), in place in one buffer (the
    # book path runs this on ten million rows) and with exp2, faster than a power.
    weight = np.subtract(as_of, due)
    np.maximum(weight, 0.0, out=weight)
    weight *= -1.0 / policy.half_life_days
    np.exp2(weight, out=weight)
    weight[~is_evidence] = 0.0
    return weight, credit


def reliability_kernel(
    account: NDArray[np.intp],
    weight: FloatArray,
    credit: FloatArray,
    n_accounts: int,
    policy: Policy,
) -> tuple[FloatArray, FloatArray]:
    """Per account: the smoothed share ``p`` and Reliability on the trust scale.

    ``account`` holds each commitment's account position (grouped sums by bincount).
    """
    earned = np.bincount(account, weights=weight * credit, minlength=n_accounts)
    total = np.bincount(account, weights=weight, minlength=n_accounts)
    p = (policy.prior_kept + earned) / (policy.prior_kept + policy.prior_missed + total)
    lo, hi = policy.trust_scale_min, policy.trust_scale_max
    return p, lo + (hi - lo) * p


def reliability(
    commitments: Sequence[Commitment], as_of: date, *, policy: Policy | None = None
) -> float:
    """Reliability (R of the trust equation) from a commitment record, at ``as_of``.

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
    from ._policy import Policy

    policy = Policy() if policy is None else policy
    check_day(as_of, field="as_of")
    for k, c in enumerate(commitments):
        if not isinstance(c, Commitment):
            raise InvalidInputError(
                field=f"commitments[{k}]", value=c, reason="must be a Commitment"
            )
    due = np.array([day_number(c.due) for c in commitments], dtype=np.float64)
    kept = np.array([day_number(c.kept_on) for c in commitments], dtype=np.float64)
    renegotiated = np.array([c.renegotiated for c in commitments], dtype=bool)
    today = day_number(as_of)
    status = status_codes(due, kept, renegotiated, today)
    weight, credit = evidence_weights(status, due, today, policy)
    owner = np.zeros(len(commitments), dtype=np.intp)
    return float(reliability_kernel(owner, weight, credit, 1, policy)[1][0])
