"""Lifecycle-stage kernels: the adoption shares, the exit evidence, and the stage.

SETUP -> ACTIVATION -> ADOPTION -> OUTCOMES -> EXPANSION -> RENEWAL (the
customer-success pipeline). An account is in the first stage whose exit evidence is
missing: setup complete (access, permissions, integrations); the first real
workflow done (the "first win", not "training complete"); usage habitual (a weekly
active share of at least the habit threshold); an outcome achieved and acknowledged;
expansion (GROW and a signal). With every exit evidenced it is in RENEWAL. See
docs/rules.md#stages.
"""

from __future__ import annotations

import numpy as np

from .._enums import Phase, Stage
from .._types import BoolArray, CodeArray, CountArray, FloatArray

__all__ = ["share_kernel", "stage_evidence", "stage_kernel"]

_GROW = int(Phase.GROW)
_RENEWAL = int(Stage.RENEWAL)


def share_kernel(part: FloatArray, whole: FloatArray) -> FloatArray:
    """``part / whole``: weekly active usage, depth, breadth; NaN where ``whole`` is 0.

    Examples
    --------
    >>> share_kernel(np.array([3.0, 0.0]), np.array([4.0, 0.0]))
    array([0.75,  nan])
    """
    out = np.empty(np.broadcast_shapes(part.shape, whole.shape))
    out.fill(np.nan)
    np.divide(part, whole, out=out, where=whole > 0)
    return out


def stage_evidence(
    *,
    setup_complete: BoolArray,
    first_value_on: FloatArray,
    as_of: float,
    weekly_active_users: CountArray,
    licensed_users: CountArray,
    habit_share: float,
    achieved_acknowledged: BoolArray,
    phase_codes: CodeArray,
    expansion_signal: BoolArray,
) -> BoolArray:
    """The exit evidence of the first five stages: an (n, 5) matrix in stage order.

    Examples
    --------
    >>> stage_evidence(setup_complete=np.array([True]), first_value_on=np.array([10.0]),
    ...                as_of=20.0, weekly_active_users=np.array([6]),
    ...                licensed_users=np.array([10]), habit_share=0.6,
    ...                achieved_acknowledged=np.array([False]),
    ...                phase_codes=np.array([2], np.int8), expansion_signal=np.array([True]))
    array([[ True,  True,  True, False,  True]])
    """
    habit = share_kernel(weekly_active_users.astype(np.float64), licensed_users.astype(np.float64))
    evidence = np.empty((setup_complete.shape[0], 5), dtype=bool)
    evidence[:, 0] = setup_complete
    evidence[:, 1] = first_value_on <= as_of
    evidence[:, 2] = habit >= habit_share
    evidence[:, 3] = achieved_acknowledged
    evidence[:, 4] = (phase_codes == _GROW) & expansion_signal
    return evidence


def stage_kernel(evidence: BoolArray) -> CodeArray:
    """Stage codes from the exit evidence: the first stage whose exit is missing.

    Examples
    --------
    >>> stage_kernel(np.array([[True, True, False, True, True], [True] * 5]))
    array([2, 5], dtype=int8)
    """
    # Column by column from the last exit: each missing exit moves the stage back to
    # it, in int8 arithmetic (NumPy is slow along a short row, and masked copies cost).
    stage: CodeArray = np.full(evidence.shape[0], _RENEWAL, dtype=np.int8)
    for j in reversed(range(evidence.shape[1])):
        back = np.int8(j) - stage
        back *= (~evidence[:, j]).view(np.int8)
        stage += back
    return stage
