"""Trust -> Prove -> Grow in one call: the phase, and a check of a planned play.

The rules are stated in docs/rules.md#sequencing; the kernels are in
:mod:`.._rules.sequencing`.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._defaults import PROOF_BAR, TRUST_BAR
from .._enums import Action, Phase
from .._model.results import SequencingViolation
from .._model.validators import InstanceOf, Number
from .._rules.sequencing import phase_kernel, violation_kernel
from .arrays import as_floats, broadcast, check_values, unwrap_code

__all__ = ["check_play", "phase"]

_BAR = Number(lo=0, hi=100)
_SCORE_OR_NAN = Number(lo=0, hi=100, nan_ok=True)


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
    trust_bar: float = TRUST_BAR,
    proof_bar: float = PROOF_BAR,
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
    bars = [
        _BAR.check(bar, field=name)
        for name, bar in (("trust_bar", trust_bar), ("proof_bar", proof_bar))
    ]
    trust, proof = broadcast(
        trust_index=check_values(
            as_floats(trust_index, field="trust_index"), _SCORE_OR_NAN, field="trust_index"
        ),
        proof_score=check_values(
            as_floats(proof_score, field="proof_score"), Number(lo=0, hi=100), field="proof_score"
        ),
    )
    return unwrap_code(phase_kernel(trust, proof, *bars), Phase)  # type: ignore[no-any-return]


def check_play(account_id: str, account_phase: Phase, play: Action) -> SequencingViolation | None:
    """Report a planned play that breaks Trust -> Prove -> Grow, else None.

    Expansion outside GROW: "even if the expansion is genuinely in the customer's
    interest, it reads as a vendor trying to grow their own revenue"; presenting the
    outcomes (DOCUMENT_OUTCOMES) in TRUST: "evidence presented without credibility is
    just noise" (the Trust -> Prove -> Grow framework).

    Examples
    --------
    >>> check_play("acme", Phase.PROVE, Action.EXPAND).reason
    "expansion planned for 'acme' in PROVE: it reads as a vendor trying to grow their ..."
    >>> check_play("acme", Phase.GROW, Action.EXPAND) is None
    True
    >>> check_play("acme", Phase.TRUST, Action.DOCUMENT_OUTCOMES).reason
    "outcomes presented to 'acme' in TRUST: evidence presented without credibility is ..."
    """
    InstanceOf(Phase).check(account_phase, field="account_phase", account_id=account_id)
    InstanceOf(Action).check(play, field="play", account_id=account_id)
    if not violation_kernel(np.array([account_phase], np.int8), np.array([play], np.int8))[0]:
        return None
    fix = "build trust first" if account_phase == Phase.TRUST else "prove value first"
    if play == Action.EXPAND:
        reason = (
            f"expansion planned for {account_id!r} in {account_phase.name}: it reads as a "
            f"vendor trying to grow their own revenue; {fix}"
        )
    else:
        reason = (
            f"outcomes presented to {account_id!r} in TRUST: evidence presented without "
            f"credibility is just noise; {fix}"
        )
    return SequencingViolation(account_id=account_id, phase=account_phase, play=play, reason=reason)
