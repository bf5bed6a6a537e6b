"""Proof from outcomes (rules: proof)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import InvalidInputError, Outcome, Policy, proof_score
from cs_framework import strategies as cst
from cs_framework._rules.proof import progress_kernel
from helpers import outcome

rule = pytest.mark.rule


@rule("proof.progress")
@pytest.mark.parametrize(
    ("baseline", "target", "current", "progress"),
    [
        (30, 10, 20, 0.5),  # lower is better
        (30, 10, 35, 0.0),  # got worse: clipped at 0
        (30, 10, 5, 1.0),  # beat the target: clipped at 1
        (0, 150, 150, 1.0),  # higher is better
        (0, 150, 75, 0.5),
        (0, 150, None, 0.0),  # not measured yet
    ],
)
def test_progress_in_both_directions(
    baseline: float, target: float, current: float | None, progress: float
) -> None:
    assert outcome(baseline=baseline, target=target, current=current).progress == progress


@rule("proof.progress")
@given(cst.outcomes())
def test_progress_is_a_share(o: Outcome) -> None:
    assert 0 <= o.progress <= 1
    if o.current is None:
        assert o.progress == 0
    else:
        toward = o.current != o.baseline and (o.current > o.baseline) == (o.target > o.baseline)
        if not toward:  # movement away from the target is never credited
            assert o.progress == 0


@rule("proof.visibility")
@pytest.mark.parametrize(
    ("documented", "acknowledged", "weight"),
    [(False, False, 0.25), (True, False, 0.5), (True, True, 1.0), (False, True, 1.0)],
)
def test_visibility_weights(documented: bool, acknowledged: bool, weight: float) -> None:
    """'Make outcomes visible' (the Trust -> Prove -> Grow framework): value the customer has not
    seen is not proof.
    """
    done = outcome(
        baseline=0, target=10, current=10, documented=documented, acknowledged=acknowledged
    )
    assert proof_score([done]) == 100 * weight


@rule("proof.score")
def test_proof_is_the_mean_of_progress_times_visibility() -> None:
    outcomes = [
        outcome(id="o1", baseline=0, target=10, current=5, acknowledged=True),  # .5 * 1
        outcome(id="o2", baseline=0, target=10, current=10, documented=True),  # 1 * .5
        outcome(id="o3", baseline=0, target=10),  # 0
    ]
    assert proof_score(outcomes) == pytest.approx(100 * (0.5 + 0.5 + 0) / 3)


@rule("proof.no-criteria")
def test_no_outcomes_is_no_proof() -> None:
    assert proof_score([]) == 0.0


@rule("proof.score")
@given(st.lists(cst.outcomes(account_id="a"), max_size=6), cst.policies())
def test_proof_is_within_0_and_100(outcomes: list[Outcome], policy: Policy) -> None:
    assert 0 <= proof_score(outcomes, policy=policy) <= 100


@rule("proof.visibility")
@given(cst.outcomes(account_id="a"))
def test_acknowledging_never_lowers_proof(o: Outcome) -> None:
    from attrs import evolve

    assert proof_score([evolve(o, acknowledged=True)]) >= proof_score([o])


def test_non_outcomes_are_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        proof_score([outcome(), "o2"])  # type: ignore[list-item]
    assert info.value.field == "outcomes[1]"


# --------------------------------------------------------------------------------------
# Exact cases: Proof from outcomes, pinned exactly (rules: proof).
#
# The whole error message, a policy's own visibility weights, the overflow of a target
# a hair from its baseline (silent, clipped to 1), and float64 columns from int fields.
# --------------------------------------------------------------------------------------


def test_not_an_outcome_is_named_exactly() -> None:
    """A non-Outcome is refused with its position, its value and the exact reason."""
    with pytest.raises(InvalidInputError) as info:
        proof_score([outcome(), "x"])  # type: ignore[list-item]
    assert str(info.value) == "outcomes[1]='x': must be an Outcome"
    assert (info.value.field, info.value.value, info.value.account_id) == (
        "outcomes[1]",
        "x",
        None,
    )


def test_policy_visibility_weights_are_used() -> None:
    """proof_score weighs each outcome by the given policy's visibility weights."""
    policy = Policy(weight_unseen=0.5, weight_documented=0.75)
    # progress (20 - 30) / (10 - 30) = 0.5 for each outcome
    unseen = outcome(current=20)
    documented = outcome(id="o2", current=20, documented=True)
    assert proof_score([unseen]) == 12.5  # 100 * 0.5 * 0.25 (default unseen)
    assert proof_score([unseen], policy=policy) == 25.0  # 100 * 0.5 * 0.5
    assert proof_score([documented], policy=policy) == 37.5  # 100 * 0.5 * 0.75
    # mean(0.25, 0.375) = 0.3125
    assert proof_score([unseen, documented], policy=policy) == 31.25


def test_overflowing_share_is_silent_and_clipped() -> None:
    """A share that overflows to inf is clipped to 1 without a RuntimeWarning."""
    # (-1 - 5e-324) / (0 - 5e-324) = 1 / 5e-324 overflows float64 to +inf.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        progress = progress_kernel(np.array([5e-324]), np.array([0.0]), np.array([-1.0]))
    assert progress.tolist() == [1.0]


def test_proof_score_of_whole_number_fields_is_exact() -> None:
    """Baseline, target and current given as ints score as floats (no integer division)."""
    # progress 1/4 and 0 (unmeasured), visibility 0.25 each: 100 * mean(1/16, 0) = 3.125
    both = [outcome(baseline=0, target=4, current=1), outcome(id="o2", baseline=2, target=0)]
    assert proof_score(both) == 3.125
    assert proof_score([outcome(baseline=0, target=4, current=1)]) == 6.25


_EDGE_VALUES = st.sampled_from([0.0, 1.0, -1.0, 5e-324, 1e308, -1e308, 1.7e308, 42.5])


@rule("proof.progress")
@given(
    st.lists(
        st.tuples(
            _EDGE_VALUES, _EDGE_VALUES, st.one_of(st.just(float("nan")), _EDGE_VALUES)
        ).filter(lambda row: row[0] != row[1]),  # a target equal to its baseline is refused
        min_size=1,
        max_size=12,
    )
)
def test_progress_of_many_is_each_alone(rows: list[tuple[float, float, float]]) -> None:
    """Outcomes scored together (huge values beside unmeasured ones) get the progress
    each gets alone: in [0, 1], 0 when not measured, never NaN."""
    baseline, target, current = (np.array(column) for column in zip(*rows, strict=True))
    together = progress_kernel(baseline, target, current)
    alone = [float(progress_kernel(*(np.array([v]) for v in row))[0]) for row in rows]
    assert together.tolist() == alone
    assert all(0.0 <= p <= 1.0 for p in alone)
    assert all(p == 0.0 for p, c in zip(alone, current, strict=True) if np.isnan(c))
