"""Proof from outcomes, pinned exactly (DOMAIN.md section 2).

The whole error message, a policy's own visibility weights, the overflow of a target
a hair from its baseline (silent, clipped to 1), and float64 columns from int fields.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from cs_framework import InvalidInputError, Policy, proof_score
from cs_framework._proof import outcome_arrays, progress_kernel
from helpers import outcome


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


def test_outcome_arrays_are_float64_for_int_fields() -> None:
    """Baseline, target and current come out as float64 even when given as ints."""
    baseline, target, current = outcome_arrays(
        [outcome(baseline=0, target=4, current=1), outcome(id="o2", baseline=2, target=0)]
    )
    assert [a.dtype for a in (baseline, target, current)] == [np.float64] * 3
    assert baseline.tolist() == [0.0, 2.0]
    assert target.tolist() == [4.0, 0.0]
    np.testing.assert_array_equal(current, [1.0, np.nan])
    baseline, target, current = outcome_arrays([outcome(baseline=0, target=4, current=1)])
    assert current.dtype == np.float64  # no None to force a float column
