"""Sequencing kernels: Trust -> Prove -> Grow, the plan of actions, and its guards.

The phase is the first unmet condition, in order: TRUST while trust is below the
trust bar (unknown trust counts as TRUST), else PROVE while proof is below the proof
bar, else GROW. Proof never lifts an account out of TRUST: "evidence presented
without credibility is just noise" (the Trust -> Prove -> Grow framework).

The plan is a boolean matrix, one column per :class:`~cs_framework.Action`; the
enum's order is the priority order, so the first action is the first true column. A
Red health score puts ESCALATE first (the CS program guide). See
docs/rules.md#sequencing.
"""

from __future__ import annotations

import numpy as np

from .._enums import Action, Phase
from .._types import BoolArray, CodeArray, FloatArray

__all__ = ["first_action", "phase_kernel", "plan_kernel", "renewal_at_risk", "violation_kernel"]

_TRUST, _PROVE, _GROW = int(Phase.TRUST), int(Phase.PROVE), int(Phase.GROW)
_N_ACTIONS = len(Action)
(
    _ESCALATE,
    _RESOLVE_MISSED,
    _CLARIFY_OWNERSHIP,
    _REENGAGE_EXECUTIVE,
    _KEEP_SMALL,
    _DEFINE_CRITERIA,
    _DOCUMENT,
    _DRIVE,
    _EXPAND,
) = (int(a) for a in Action)


def phase_kernel(
    trust_index: FloatArray, proof: FloatArray, trust_bar: float, proof_bar: float
) -> CodeArray:
    """Phase codes: the first unmet condition; NaN trust is TRUST.

    Examples
    --------
    >>> phase_kernel(np.array([69.9, 70.0, 70.0, np.nan]), np.array([100.0, 69.9, 70.0, 100.0]),
    ...              70.0, 70.0)
    array([0, 1, 2, 0], dtype=int8)
    """
    trusted = trust_index >= trust_bar  # False for NaN
    proven = proof >= proof_bar
    # TRUST 0, PROVE 1, GROW 2: one step for trust, one more for proof on top of trust.
    codes: CodeArray = trusted.astype(np.int8) + (trusted & proven)
    return codes


def plan_kernel(
    phase_codes: CodeArray,
    red: BoolArray,
    missed: BoolArray,
    unclear_ownership: BoolArray,
    silent_executive: BoolArray,
    no_criteria: BoolArray,
    unacknowledged_progress: BoolArray,
) -> BoolArray:
    """The plan: an (n, len(Action)) boolean matrix, columns in priority order.

    TRUST: the missed commitments, then unclear ownership, then a silent executive;
    with no gap, keep small commitments. PROVE: define success criteria when there
    are none; else document outcomes the customer has not acknowledged; else drive
    the outcomes. GROW: expand, unless the account is Red. ESCALATE comes first for a
    Red account, and a recent missed commitment is planned in every phase (a trust
    gap is never ignored), after ESCALATE and before the phase's own action.

    Examples
    --------
    >>> no, yes = np.array([False]), np.array([True])
    >>> plan = plan_kernel(np.array([0], np.int8), yes, yes, no, yes, no, no)
    >>> [Action(k).name for k in np.flatnonzero(plan[0])]
    ['ESCALATE', 'RESOLVE_MISSED_COMMITMENTS', 'REENGAGE_EXECUTIVE']
    >>> grow_red = plan_kernel(np.array([2], np.int8), yes, yes, no, no, no, no)
    >>> [Action(k).name for k in np.flatnonzero(grow_red[0])]
    ['ESCALATE', 'RESOLVE_MISSED_COMMITMENTS']
    """
    in_trust = phase_codes == _TRUST
    in_prove = phase_codes == _PROVE
    plan = np.zeros((phase_codes.shape[0], _N_ACTIONS), dtype=bool)
    plan[:, _ESCALATE] = red
    plan[:, _RESOLVE_MISSED] = missed  # in every phase
    plan[:, _CLARIFY_OWNERSHIP] = in_trust & unclear_ownership
    plan[:, _REENGAGE_EXECUTIVE] = in_trust & silent_executive
    plan[:, _KEEP_SMALL] = in_trust & ~(missed | unclear_ownership | silent_executive)
    plan[:, _DEFINE_CRITERIA] = in_prove & no_criteria
    plan[:, _DOCUMENT] = in_prove & ~no_criteria & unacknowledged_progress
    plan[:, _DRIVE] = in_prove & ~no_criteria & ~unacknowledged_progress
    plan[:, _EXPAND] = (phase_codes == _GROW) & ~red  # a Red account is not ready to grow
    return plan


def first_action(plan: BoolArray) -> CodeArray:
    """The next right action of each account: the first planned column.

    Examples
    --------
    >>> first_action(np.array([[False, True, True], [True, False, False]]))
    array([1, 0], dtype=int8)
    """
    codes: CodeArray = plan.argmax(axis=1).astype(np.int8)
    return codes


def violation_kernel(phase_codes: CodeArray, planned: CodeArray) -> BoolArray:
    """True where a play is planned out of sequence: an expansion play for an account
    not in GROW, or a proof play (presenting the outcomes) for an account in TRUST,
    where "evidence presented without credibility is just noise".

    Examples
    --------
    >>> violation_kernel(np.array([0, 2, 0, 1], np.int8),
    ...                  np.array([_EXPAND, _EXPAND, _DOCUMENT, _DOCUMENT], np.int8))
    array([ True, False,  True, False])
    """
    expansion = (planned == _EXPAND) & (phase_codes != _GROW)
    proof_play = (planned == _DOCUMENT) & (phase_codes == _TRUST)
    violation: BoolArray = expansion | proof_play
    return violation


def renewal_at_risk(
    renewal_day: FloatArray, as_of: float, window_days: float, phase_codes: CodeArray
) -> BoolArray:
    """RENEWAL_AT_RISK: renewing within ``window_days`` days (today included), not in GROW.

    "Value wasn't consistently proven" (the customer-success pipeline); a renewal
    date already past, or none (NaN), is no risk flagged here.

    Examples
    --------
    >>> renewal_at_risk(np.array([100.0, 190.0, 191.0, 150.0]), 100.0, 90.0,
    ...                 np.array([0, 1, 0, 2], np.int8))
    array([ True,  True, False, False])
    """
    to_renewal = renewal_day - as_of
    at_risk: BoolArray = (to_renewal >= 0) & (to_renewal <= window_days) & (phase_codes != _GROW)
    return at_risk
