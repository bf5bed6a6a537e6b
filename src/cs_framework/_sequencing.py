"""Trust -> Prove -> Grow: the phase and the next right action (DOMAIN.md section 3, seed 000).

The phase is the first unmet condition, in order: TRUST while trust is below the
trust bar (unknown trust counts as TRUST), else PROVE while proof is below the proof
bar, else GROW. Proof never lifts an account out of TRUST: "evidence presented
without credibility is just noise".

The plan of actions is a boolean matrix, one column per :class:`Action`; the enum's
order is the priority order, so the first action is the first true column. A Red
health score puts ESCALATE first (seed 004).
"""

from __future__ import annotations

from typing import overload

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._arrays import FloatArray, as_floats, check_range, unwrap_int
from ._enums import Action, Phase
from ._errors import InvalidInputError

__all__ = [
    "SequencingViolation",
    "check_play",
    "phase",
    "phase_kernel",
    "plan_kernel",
    "violation_kernel",
]


def phase_kernel(
    trust_index: FloatArray, proof: FloatArray, trust_bar: float, proof_bar: float
) -> NDArray[np.int8]:
    """Phase codes; NaN trust is TRUST (a comparison with NaN is False)."""
    trusted = trust_index >= trust_bar
    proven = proof >= proof_bar
    codes = np.full(np.broadcast(trust_index, proof).shape, Phase.TRUST, dtype=np.int8)
    codes[trusted & ~proven] = Phase.PROVE
    codes[trusted & proven] = Phase.GROW
    return codes


@overload
def phase(
    trust_index: float, proof_score: float, *, trust_bar: float = ..., proof_bar: float = ...
) -> Phase: ...
@overload
def phase(
    trust_index: ArrayLike,
    proof_score: ArrayLike,
    *,
    trust_bar: float = ...,
    proof_bar: float = ...,
) -> NDArray[np.int8]: ...
def phase(
    trust_index: ArrayLike,
    proof_score: ArrayLike,
    *,
    trust_bar: float = 70.0,
    proof_bar: float = 70.0,
) -> Phase | NDArray[np.int8]:
    """The phase of Trust -> Prove -> Grow: the first unmet condition.

    Parameters
    ----------
    trust_index : float or array_like
        0-100; NaN (unknown trust) counts as TRUST.
    proof_score : float or array_like
        0-100.
    trust_bar, proof_bar : float
        The bars, 70 by default (``Policy.trust_bar``, ``Policy.proof_bar``).

    Returns
    -------
    Phase or ndarray of int8
        A member for scalar input, an int8 array of Phase codes otherwise.

    Examples
    --------
    >>> phase(69.9, 100), phase(70, 69.9), phase(70, 70)
    (<Phase.TRUST: 0>, <Phase.PROVE: 1>, <Phase.GROW: 2>)
    >>> phase([float("nan"), 80], [90, 90])
    array([0, 2], dtype=int8)
    """
    for name, bar in (("trust_bar", trust_bar), ("proof_bar", proof_bar)):
        check_range(as_floats(bar, field=name), field=name, lo=0, hi=100)
    trust = as_floats(trust_index, field="trust_index")
    proof = as_floats(proof_score, field="proof_score")
    check_range(trust, field="trust_index", lo=0, hi=100, allow_nan=True)
    check_range(proof, field="proof_score", lo=0, hi=100)
    try:
        np.broadcast(trust, proof)
    except ValueError:
        raise InvalidInputError(
            field="shape",
            value=(trust.shape, proof.shape),
            reason="trust_index and proof_score do not broadcast together",
        ) from None
    return unwrap_int(phase_kernel(trust, proof, trust_bar, proof_bar), Phase)  # type: ignore[no-any-return]


def plan_kernel(
    phase_codes: NDArray[np.int8],
    red: NDArray[np.bool_],
    missed: NDArray[np.bool_],
    unclear_ownership: NDArray[np.bool_],
    silent_executive: NDArray[np.bool_],
    no_criteria: NDArray[np.bool_],
    unacknowledged_progress: NDArray[np.bool_],
) -> NDArray[np.bool_]:
    """The plan: an (n, len(Action)) boolean matrix, columns in priority order.

    TRUST: the missed commitments, then unclear ownership, then a silent executive;
    with no gap, keep small commitments. PROVE: define success criteria when there
    are none; else document outcomes the customer has not acknowledged; else drive
    the outcomes. GROW: expand. ESCALATE comes first for a Red account.
    """
    in_trust = phase_codes == Phase.TRUST
    in_prove = phase_codes == Phase.PROVE
    plan = np.zeros((phase_codes.shape[0], len(Action)), dtype=bool)
    plan[:, Action.ESCALATE] = red
    plan[:, Action.RESOLVE_MISSED_COMMITMENTS] = in_trust & missed
    plan[:, Action.CLARIFY_OWNERSHIP] = in_trust & unclear_ownership
    plan[:, Action.REENGAGE_EXECUTIVE] = in_trust & silent_executive
    plan[:, Action.KEEP_SMALL_COMMITMENTS] = in_trust & ~(
        missed | unclear_ownership | silent_executive
    )
    plan[:, Action.DEFINE_SUCCESS_CRITERIA] = in_prove & no_criteria
    plan[:, Action.DOCUMENT_OUTCOMES] = in_prove & ~no_criteria & unacknowledged_progress
    plan[:, Action.DRIVE_OUTCOMES] = in_prove & ~no_criteria & ~unacknowledged_progress
    plan[:, Action.EXPAND] = phase_codes == Phase.GROW
    return plan


def violation_kernel(phase_codes: NDArray[np.int8], planned: NDArray[np.int8]) -> NDArray[np.bool_]:
    """True where an expansion play is planned for an account not in GROW."""
    violation: NDArray[np.bool_] = (planned == Action.EXPAND) & (phase_codes != Phase.GROW)
    return violation


@attrs.frozen(kw_only=True)
class SequencingViolation:
    """An expansion play planned for an account not in GROW (seed 000)."""

    account_id: str
    phase: Phase
    play: Action
    reason: str


def check_play(account_id: str, account_phase: Phase, play: Action) -> SequencingViolation | None:
    """Report a planned play that breaks Trust -> Prove -> Grow, else None.

    "Even if the expansion is genuinely in the customer's interest, it reads as a
    vendor trying to grow their own revenue" (seed 000).

    Examples
    --------
    >>> check_play("acme", Phase.PROVE, Action.EXPAND).reason
    "expansion planned for 'acme' in PROVE: it reads as a vendor trying to grow their ..."
    >>> check_play("acme", Phase.GROW, Action.EXPAND) is None
    True
    """
    if not isinstance(play, Action) or not isinstance(account_phase, Phase):
        raise InvalidInputError(
            field="play",
            value=play,
            account_id=account_id,
            reason="play must be an Action and account_phase a Phase",
        )
    if not violation_kernel(np.array([account_phase], np.int8), np.array([play], np.int8))[0]:
        return None
    fix = "build trust first" if account_phase == Phase.TRUST else "prove value first"
    return SequencingViolation(
        account_id=account_id,
        phase=account_phase,
        play=play,
        reason=(
            f"expansion planned for {account_id!r} in {account_phase.name}: it reads as a "
            f"vendor trying to grow their own revenue; {fix}"
        ),
    )
