"""Proof from measurable outcomes (DOMAIN.md section 2, seeds 000 and 002).

Progress is ``clip((current - baseline) / (target - baseline), 0, 1)`` (no current value
is 0), in either direction. Value the customer has not seen is not proof, so each
outcome counts by its visibility: acknowledged 1.0, documented only 0.5, neither
0.25. The proof score is ``100 * mean(progress * visibility)``; no outcomes is 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ._arrays import FloatArray
from ._errors import InvalidInputError
from ._outcome import Outcome

if TYPE_CHECKING:
    from ._policy import Policy

__all__ = ["progress_kernel", "proof_kernel", "proof_score", "visibility_kernel"]


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
    """
    # A target a hair from its baseline can overflow the share to +-inf: the clip
    # below turns that into the right 0 or 1, so the warning is noise.
    with np.errstate(over="ignore"):
        share = (current - baseline) / (target - baseline)
    return np.where(np.isnan(current), 0.0, np.clip(share, 0.0, 1.0))


def visibility_kernel(
    documented: NDArray[np.bool_], acknowledged: NDArray[np.bool_], policy: Policy
) -> FloatArray:
    """The visibility weight per outcome: acknowledged, else documented, else unseen."""
    return np.where(
        acknowledged,
        policy.weight_acknowledged,
        np.where(documented, policy.weight_documented, policy.weight_unseen),
    )


def proof_kernel(
    account: NDArray[np.intp], credited: FloatArray, n_accounts: int
) -> tuple[FloatArray, NDArray[np.intp]]:
    """Per account: the proof score (0-100) and the number of outcomes.

    ``credited`` is ``progress * visibility`` per outcome; ``account`` its account
    position. An account with no outcomes scores 0.
    """
    total = np.bincount(account, weights=credited, minlength=n_accounts)
    count = np.bincount(account, minlength=n_accounts)
    score = np.divide(100.0 * total, count, out=np.zeros(n_accounts), where=count > 0)
    return score, count


def outcome_arrays(outcomes: Sequence[Outcome]) -> tuple[FloatArray, ...]:
    """Baseline, target and current (NaN where unmeasured) of some outcomes."""
    baseline = np.array([o.baseline for o in outcomes], dtype=np.float64)
    target = np.array([o.target for o in outcomes], dtype=np.float64)
    current = np.array(
        [np.nan if o.current is None else o.current for o in outcomes], dtype=np.float64
    )
    return baseline, target, current


def proof_score(outcomes: Sequence[Outcome], *, policy: Policy | None = None) -> float:
    """The proof score of some outcomes: ``100 * mean(progress * visibility)``.

    Parameters
    ----------
    outcomes : sequence of Outcome
        An account's success criteria.
    policy : Policy, optional
        The visibility weights; ``Policy()`` by default.

    Returns
    -------
    float
        In [0, 100]; 0 with no outcomes (and the NO_SUCCESS_CRITERIA gap in ``assess``).

    Examples
    --------
    >>> seen = Outcome(id="o1", account_id="a", description="Cut triage time",
    ...                metric="minutes", baseline=30, target=10, current=20,
    ...                documented=True, acknowledged=True)
    >>> unseen = Outcome(id="o2", account_id="a", description="Train the team",
    ...                  metric="people", baseline=0, target=40, current=40)
    >>> proof_score([seen, unseen])  # 100 * mean(0.5 * 1.0, 1.0 * 0.25)
    37.5
    >>> proof_score([])
    0.0
    """
    from ._policy import Policy

    policy = Policy() if policy is None else policy
    for k, o in enumerate(outcomes):
        if not isinstance(o, Outcome):
            raise InvalidInputError(field=f"outcomes[{k}]", value=o, reason="must be an Outcome")
    baseline, target, current = outcome_arrays(outcomes)
    documented = np.array([o.documented for o in outcomes], dtype=bool)
    acknowledged = np.array([o.acknowledged for o in outcomes], dtype=bool)
    credited = progress_kernel(baseline, target, current) * visibility_kernel(
        documented, acknowledged, policy
    )
    owner = np.zeros(len(outcomes), dtype=np.intp)
    return float(proof_kernel(owner, credited, 1)[0][0])
