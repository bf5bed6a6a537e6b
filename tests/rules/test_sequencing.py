"""Trust -> Prove -> Grow (rules: sequencing)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cs_framework import Action, InvalidInputError, Phase, SequencingViolation, check_play, phase
from cs_framework._rules.sequencing import plan_kernel

rule = pytest.mark.rule
score = st.floats(min_value=0, max_value=100)


@rule("sequencing.phase")
@pytest.mark.parametrize(
    ("trust", "proof", "expected"),
    [
        (69.999, 100, Phase.TRUST),
        (70, 69.999, Phase.PROVE),
        (70, 70, Phase.GROW),
        (100, 0, Phase.PROVE),
        (math.nan, 100, Phase.TRUST),  # unknown trust counts as TRUST
    ],
)
def test_phase_boundaries_are_exactly_at_the_bars(
    trust: float, proof: float, expected: Phase
) -> None:
    assert phase(trust, proof) is expected


@rule("sequencing.phase")
@given(st.floats(min_value=0, max_value=69.99), score, score)
def test_proof_never_lifts_an_account_out_of_trust(
    trust: float, proof: float, other: float
) -> None:
    """'Evidence presented without credibility is just noise' (the Trust -> Prove -> Grow
    framework).
    """
    assert phase(trust, proof) is Phase.TRUST
    assert phase(trust, max(proof, other)) is Phase.TRUST


@rule("sequencing.phase")
@given(score, score, score, score)
def test_bars_are_tunable(trust: float, proof: float, trust_bar: float, proof_bar: float) -> None:
    got = phase(trust, proof, trust_bar=trust_bar, proof_bar=proof_bar)
    if trust < trust_bar:
        assert got is Phase.TRUST
    elif proof < proof_bar:
        assert got is Phase.PROVE
    else:
        assert got is Phase.GROW


@rule("sequencing.phase")
@given(hnp.arrays(np.float64, st.integers(0, 30), elements=score | st.just(math.nan)), st.data())
def test_scalar_equals_vector(trust: np.ndarray, data: st.DataObject) -> None:
    proof = data.draw(hnp.arrays(np.float64, trust.shape, elements=score))
    codes = phase(trust, proof)
    assert codes.dtype == np.int8
    assert codes.tolist() == [phase(float(t), float(p)) for t, p in zip(trust, proof, strict=True)]


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((101, 50), {}, "trust_index"),
        ((50, math.nan), {}, "proof_score"),
        ((50, -1), {}, "proof_score"),
        ((50, 50), {"trust_bar": 120}, "trust_bar"),
        ((50, 50), {"proof_bar": math.nan}, "proof_bar"),
        (([50, 60], [50, 60, 70]), {}, "shape"),
        (("high", 50), {}, "trust_index"),
    ],
)
def test_bad_phase_input_is_refused(
    args: tuple[object, object], kwargs: dict[str, float], field: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        phase(*args, **kwargs)  # type: ignore[call-overload]
    assert info.value.field == field


@rule("sequencing.violation")
@given(st.sampled_from(Phase), st.sampled_from(Action))
def test_plays_out_of_sequence_are_always_reported(p: Phase, play: Action) -> None:
    """Expansion outside GROW, and presenting the outcomes in TRUST ("evidence presented
    without credibility is just noise"), are violations; nothing else is."""
    violation = check_play("acme", p, play)
    if play is Action.EXPAND and p is not Phase.GROW:
        assert violation is not None
        assert violation.phase is p
        assert "grow their own revenue" in violation.reason
    elif play is Action.DOCUMENT_OUTCOMES and p is Phase.TRUST:
        assert violation is not None
        assert (violation.phase, violation.play) == (p, play)
        assert "without credibility is just noise; build trust first" in violation.reason
    else:
        assert violation is None


def test_check_play_refuses_non_members() -> None:
    with pytest.raises(InvalidInputError):
        check_play("acme", Phase.TRUST, "EXPAND")  # type: ignore[arg-type]
    assert "build trust first" in check_play("acme", Phase.TRUST, Action.EXPAND).reason  # type: ignore[union-attr]


# --------------------------------------------------------------------------------------
# Exact cases: Trust -> Prove -> Grow, pinned exactly (rules: sequencing).
#
# The whole error message of every refusal, the bars' upper edge, broadcasting of a
# scalar against an array in either argument, the plan's dtype, and the full
# SequencingViolation (its fix text depends on the phase).
# --------------------------------------------------------------------------------------

NUMERIC = "must be numeric (a number or an array of numbers)"


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


@pytest.mark.parametrize(
    "play", [a for a in Action if a not in {Action.EXPAND, Action.DOCUMENT_OUTCOMES}]
)
def test_only_expansion_and_presenting_outcomes_can_be_violations(play: Action) -> None:
    """Every other play is fine in every phase."""
    assert [check_play("acme", p, play) for p in Phase] == [None, None, None]
