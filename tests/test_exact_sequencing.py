"""Trust -> Prove -> Grow, pinned exactly (DOMAIN.md section 3).

The whole error message of every refusal, the bars' upper edge, broadcasting of a
scalar against an array in either argument, the plan's dtype, and the full
SequencingViolation (its fix text depends on the phase).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from cs_framework import Action, Phase, SequencingViolation, check_play, phase
from cs_framework._sequencing import plan_kernel
from helpers import assert_refused

NUMERIC = "must be numeric (a number or an array of numbers)"


@pytest.mark.parametrize(
    ("call", "message", "fields"),
    [
        pytest.param(
            lambda: phase([50, 60], [50, 60, 70]),
            "shape=((2,), (3,)): trust_index and proof_score do not broadcast together",
            ("shape", ((2,), (3,)), None),
            id="shape",
        ),
        pytest.param(
            lambda: phase(50, 50, trust_bar="x"),
            f"trust_bar='x': {NUMERIC}",
            ("trust_bar", "x", None),
            id="trust-bar-not-numeric",
        ),
        pytest.param(
            lambda: phase(50, 50, proof_bar="x"),
            f"proof_bar='x': {NUMERIC}",
            ("proof_bar", "x", None),
            id="proof-bar-not-numeric",
        ),
        pytest.param(
            lambda: phase(50, 50, trust_bar=100.5),
            "trust_bar=100.5: must be in [0, 100] and finite",
            ("trust_bar", 100.5, None),
            id="trust-bar-above-100",
        ),
        pytest.param(
            lambda: phase(50, 50, proof_bar=100.5),
            "proof_bar=100.5: must be in [0, 100] and finite",
            ("proof_bar", 100.5, None),
            id="proof-bar-above-100",
        ),
        pytest.param(
            lambda: phase(50, "x"),
            f"proof_score='x': {NUMERIC}",
            ("proof_score", "x", None),
            id="proof-not-numeric",
        ),
        pytest.param(
            lambda: phase(50, 100.5),
            "proof_score=100.5: must be in [0, 100] and finite",
            ("proof_score", 100.5, None),
            id="proof-above-100",
        ),
        pytest.param(
            lambda: check_play("acme", Phase.GROW, "EXPAND"),
            "play='EXPAND' (account 'acme'): play must be an Action and account_phase a Phase",
            ("play", "EXPAND", "acme"),
            id="play-not-an-action",
        ),
        pytest.param(
            lambda: check_play("acme", 2, Action.EXPAND),
            "play=<Action.EXPAND: 8> (account 'acme'): "
            "play must be an Action and account_phase a Phase",
            ("play", Action.EXPAND, "acme"),
            id="phase-not-a-phase",
        ),
    ],
)
def test_refusal_is_named_exactly(
    call: Callable[[], object], message: str, fields: tuple[object, object, object]
) -> None:
    """Each refusal names its field, its value, its account and the exact reason."""
    assert_refused(call, message, fields)


def test_bars_of_exactly_100_are_accepted() -> None:
    """A bar of 100 is on the scale; only proof 100 then reaches GROW."""
    assert phase(100, 100, trust_bar=100, proof_bar=100) is Phase.GROW
    assert phase(100, 99.9, trust_bar=100, proof_bar=100) is Phase.PROVE
    assert phase(100, 100) is Phase.GROW  # proof 100 is on the scale


def test_scalar_broadcasts_against_an_array_either_way() -> None:
    """A scalar trust or proof broadcasts against an array of the other."""
    # trust 60 < 70 -> TRUST; 70 and 80 with proof 75 >= 70 -> GROW
    assert phase([60, 70, 80], 75).tolist() == [Phase.TRUST, Phase.GROW, Phase.GROW]
    # trust 75 >= 70: proof 60 < 70 -> PROVE; 70 and 80 -> GROW
    assert phase(75, [60, 70, 80]).tolist() == [Phase.PROVE, Phase.GROW, Phase.GROW]


def test_plan_is_a_boolean_matrix() -> None:
    """plan_kernel returns an (n, len(Action)) bool matrix, one true column per rule."""
    codes = np.array([Phase.TRUST, Phase.PROVE, Phase.GROW], np.int8)
    no = np.zeros(3, bool)
    plan = plan_kernel(codes, np.array([True, False, False]), no, no, no, no, no)
    assert plan.dtype == np.bool_
    assert plan.shape == (3, len(Action))
    assert [np.flatnonzero(row).tolist() for row in plan] == [
        [Action.ESCALATE, Action.KEEP_SMALL_COMMITMENTS],
        [Action.DRIVE_OUTCOMES],
        [Action.EXPAND],
    ]


@pytest.mark.parametrize(
    ("account_phase", "fix"),
    [(Phase.TRUST, "build trust first"), (Phase.PROVE, "prove value first")],
)
def test_violation_is_reported_whole(account_phase: Phase, fix: str) -> None:
    """An expansion outside GROW is reported with its account, phase, play and fix."""
    got = check_play("acme", account_phase, Action.EXPAND)
    assert got == SequencingViolation(
        account_id="acme",
        phase=account_phase,
        play=Action.EXPAND,
        reason=(
            f"expansion planned for 'acme' in {account_phase.name}: it reads as a "
            f"vendor trying to grow their own revenue; {fix}"
        ),
    )


@pytest.mark.parametrize("play", [a for a in Action if a is not Action.EXPAND])
def test_only_expansion_is_a_violation(play: Action) -> None:
    """Every play other than EXPAND is fine in every phase."""
    assert [check_play("acme", p, play) for p in Phase] == [None, None, None]
