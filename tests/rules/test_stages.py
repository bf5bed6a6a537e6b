"""Lifecycle stages and adoption measures (rules: stages)."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import (
    Adoption,
    InvalidInputError,
    Stage,
    activation_rate,
    breadth,
    check_transition,
    depth,
    time_to_value,
    weekly_active_usage,
)
from cs_framework import strategies as cst
from cs_framework._rules.stages import share_kernel, stage_kernel

rule = pytest.mark.rule


@rule("stages.order")
def test_the_order_is_fixed() -> None:
    assert [s.name for s in sorted(Stage)] == [
        "SETUP",
        "ACTIVATION",
        "ADOPTION",
        "OUTCOMES",
        "EXPANSION",
        "RENEWAL",
    ]


@rule("stages.evidence")
@given(st.lists(st.booleans(), min_size=5, max_size=5))
def test_an_account_is_in_the_first_stage_whose_exit_evidence_is_missing(ev: list[bool]) -> None:
    got = Stage(int(stage_kernel(np.array([ev]))[0]))
    expected = next((Stage(k) for k, present in enumerate(ev) if not present), Stage.RENEWAL)
    assert got is expected


@rule("stages.skip")
@given(st.sampled_from(Stage), st.sampled_from(Stage))
def test_a_move_that_skips_a_stage_is_refused(current: Stage, new: Stage) -> None:
    if new > current + 1:
        with pytest.raises(InvalidInputError) as info:
            check_transition(current, new, account_id="acme")
        assert info.value.field == "stage"
        assert info.value.account_id == "acme"
        assert Stage(current + 1).name in str(info.value)
    else:
        assert check_transition(current, new) is new


def test_transition_needs_stages() -> None:
    with pytest.raises(InvalidInputError) as info:
        check_transition(0, Stage.SETUP)  # type: ignore[arg-type]
    assert info.value.field == "current"


@rule("stages.adoption-measures")
def test_adoption_measures() -> None:
    assert weekly_active_usage(42, 60) == pytest.approx(0.7)
    assert depth(3, 4) == 0.75
    assert breadth([2, 0], [8, 0]).tolist()[0] == 0.25
    assert np.isnan(breadth([2, 0], [8, 0])[1])  # no teams: no measure, not zero
    assert time_to_value(date(2026, 3, 1), date(2026, 3, 20)) == 19
    assert activation_rate(np.array([True, False])) == 0.5
    assert np.isnan(activation_rate(np.array([], dtype=bool)))


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: weekly_active_usage(61, 60), "weekly_active_users"),
        (lambda: weekly_active_usage(-1, 60), "weekly_active_users"),
        (lambda: depth(float("nan"), 4), "core_workflows_used"),
        (lambda: time_to_value(date(2026, 3, 1), date(2026, 2, 1)), "first_value_on"),
        (lambda: time_to_value("2026-03-01", None), "started_on"),
        (lambda: activation_rate([1, 0]), "reached_first_value"),
    ],
)
def test_bad_adoption_input_is_refused(call: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert info.value.field == field


@rule("stages.adoption-measures")
@given(cst.adoptions())
def test_adoption_measures_are_shares_of_their_wholes(u: Adoption) -> None:
    """rules: stages (the customer-success pipeline): weekly active usage, depth and breadth are
    part / whole in [0, 1]; with no whole there is no measure (NaN), never 0.
    """
    for measure, part, whole in (
        (weekly_active_usage, u.weekly_active_users, u.licensed_users),
        (depth, u.core_workflows_used, u.core_workflows),
        (breadth, u.teams_using, u.teams),
    ):
        got = measure(part, whole)
        if whole == 0:
            assert math.isnan(got)
        else:
            assert got == part / whole
            assert 0.0 <= got <= 1.0


@rule("stages.adoption-measures")
@given(cst.dates(), st.integers(0, 1000), st.lists(st.booleans(), max_size=50))
def test_time_to_value_and_activation_rate(start: date, days: int, reached: list[bool]) -> None:
    """rules: stages: time to value in days from the start; activation rate is the share of
    accounts that reached the first value milestone (NaN for no accounts)."""
    assert time_to_value(start, start + timedelta(days=days)) == days
    rate = activation_rate(np.array(reached, dtype=bool))
    if reached:
        assert rate == pytest.approx(sum(reached) / len(reached))
    else:
        assert math.isnan(rate)


# --------------------------------------------------------------------------------------
# Exact cases: Lifecycle stages and adoption measures, pinned exactly: messages, edges, kernels.
#
# Every error names the field, the value and the account (docs/rules.md, issue 2), so the
# messages below are public contract: each test asserts the whole text and the
# ``(field, value, account_id)`` triple, not just the exception type.
# --------------------------------------------------------------------------------------


def test_stage_kernel_mixes_rows_with_and_without_gaps() -> None:
    """Each row's stage is its own first missing exit; a fully evidenced row is RENEWAL."""
    evidence = np.array(
        [
            [True, True, False, True, True],  # adoption not habitual yet -> ADOPTION (2)
            [True] * 5,  # every exit evidenced -> RENEWAL (5)
            [False] * 5,  # nothing evidenced -> SETUP (0)
            [True, True, True, True, False],  # no expansion yet -> EXPANSION (4)
        ]
    )
    codes = stage_kernel(evidence)
    assert codes.dtype == np.int8
    assert codes.tolist() == [2, 5, 0, 4]


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        # The result has the broadcast shape of both arguments, whichever is larger.
        pytest.param([1, 2], 4, [0.25, 0.5], id="part-array-whole-scalar"),
        pytest.param(1, [2, 4], [0.5, 0.25], id="part-scalar-whole-array"),
        pytest.param([[1], [2]], [4, 8], [[0.25, 0.125], [0.5, 0.25]], id="2d-broadcast"),
    ],
)
def test_shares_broadcast_part_against_whole(part: Any, whole: Any, expected: Any) -> None:
    """A share of arrays broadcasts ``part`` against ``whole`` (shape of both together)."""
    got = weekly_active_usage(part, whole)
    assert np.asarray(got).shape == np.asarray(expected).shape
    assert got.tolist() == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        # Any positive denominator gives a share, even one below 1 (0.25 / 0.5 = 0.5).
        pytest.param(1, 1, 1.0, id="whole-1"),
        pytest.param(0.25, 0.5, 0.5, id="whole-below-1"),
        pytest.param(0, 0, math.nan, id="whole-0-is-nan"),
    ],
)
def test_share_is_nan_only_without_a_denominator(
    part: float, whole: float, expected: float
) -> None:
    """``part / whole`` for every ``whole > 0``; NaN only where ``whole`` is 0."""
    got = breadth(part, whole)
    assert got == expected or (math.isnan(expected) and math.isnan(got))


def test_share_kernel_edges() -> None:
    """The kernel divides where ``whole > 0`` and leaves NaN where it is 0."""
    got = share_kernel(np.array([0.5, 1.0, 0.0]), np.array([1.0, 1.0, 0.0]))
    assert got[:2].tolist() == [0.5, 1.0]
    assert math.isnan(got[2])


def test_share_kernel_broadcasts_a_single_part_or_whole() -> None:
    from cs_framework._rules.stages import share_kernel

    np.testing.assert_array_equal(
        share_kernel(np.array([1.0, 2.0]), np.array(4.0)), np.array([0.25, 0.5])
    )
    np.testing.assert_array_equal(
        share_kernel(np.array(1.0), np.array([2.0, 4.0, 0.0])), np.array([0.5, 0.25, np.nan])
    )


def test_stage_evidence_is_one_column_per_stage_before_renewal() -> None:
    from cs_framework._rules.stages import stage_evidence

    evidence = stage_evidence(
        setup_complete=np.array([True, False]),
        first_value_on=np.array([1.0, np.nan]),
        as_of=10.0,
        weekly_active_users=np.array([8, 0]),
        licensed_users=np.array([10, 0]),
        habit_share=0.5,
        achieved_acknowledged=np.array([True, False]),
        phase_codes=np.array([2, 0], dtype=np.int8),
        expansion_signal=np.array([True, False]),
    )
    assert evidence.shape == (2, 5)
    assert evidence.dtype == np.bool_
    assert evidence[1].tolist() == [False] * 5


@given(st.lists(st.lists(st.booleans(), min_size=5, max_size=5), max_size=20))
def test_the_stage_is_the_first_exit_missing(rows: list[list[bool]]) -> None:
    """Row by row, the stage is the first stage whose exit evidence is missing, and
    Renewal when none is (column order or row order: the same)."""
    evidence = np.array(rows, dtype=bool).reshape(len(rows), 5)
    expected = [row.index(False) if False in row else int(Stage.RENEWAL) for row in rows]
    assert stage_kernel(evidence).tolist() == expected
    assert stage_kernel(np.asfortranarray(evidence)).tolist() == expected
