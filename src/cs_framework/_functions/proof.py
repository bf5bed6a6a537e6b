"""The proof score of some outcomes (docs/rules.md#proof)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._book.score import outcome_proof
from .._model.policy import Policy
from .._model.records import Outcome
from .._model.validators import InstanceOf
from .arrays import as_records

__all__ = ["proof_score"]


def proof_score(outcomes: Sequence[Outcome], *, policy: Policy | None = None) -> float:
    """The proof score of some outcomes: ``100 * mean(progress * visibility)``.

    Value the customer has not seen is not proof: an outcome counts fully when a
    customer stakeholder acknowledged it, half when only documented, a quarter when
    neither (the default visibility weights).

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
    policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
    listed = as_records(outcomes, Outcome, field="outcomes")
    _, score, _ = outcome_proof(
        np.zeros(len(listed), dtype=np.intp),
        np.array([o.baseline for o in listed], dtype=np.float64),
        np.array([o.target for o in listed], dtype=np.float64),
        np.array([np.nan if o.current is None else o.current for o in listed], dtype=np.float64),
        np.array([o.documented for o in listed], dtype=bool),
        np.array([o.acknowledged for o in listed], dtype=bool),
        1,
        policy,
    )
    return float(score[0])
