"""Segments by ARR and the coverage plan (rules: segments, the CS program guide and the distilled CS
principles).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cs_framework import (
    DEFAULT_SEGMENTS,
    Account,
    CoverageModel,
    CoveragePlan,
    InvalidInputError,
    Policy,
    Segment,
    coverage_plan,
    from_json,
    segment_for,
    to_json,
)
from cs_framework import strategies as cst
from cs_framework._model.segment import check_tiers
from cs_framework._rules.segments import coverage_kernel
from helpers import segment_tier

rule = pytest.mark.rule
arr_values = st.floats(min_value=0, max_value=1e9)


@rule("segments.tiers")
@pytest.mark.parametrize(
    ("arr", "coverage"),
    # rules: segments: HIGH_TOUCH from $100K, SCALED from $10K, DIGITAL below.
    [
        (0.0, CoverageModel.DIGITAL),
        (5_000.0, CoverageModel.DIGITAL),  # the CS program guide's $5K account
        (9_999.99, CoverageModel.DIGITAL),
        (np.nextafter(10_000.0, 0.0), CoverageModel.DIGITAL),
        (10_000.0, CoverageModel.SCALED),
        (99_999.99, CoverageModel.SCALED),
        (100_000.0, CoverageModel.HIGH_TOUCH),
        (500_000.0, CoverageModel.HIGH_TOUCH),  # the CS program guide's $500K account
        (1e15, CoverageModel.HIGH_TOUCH),
    ],
)
def test_default_tier_edges(arr: float, coverage: CoverageModel) -> None:
    """rules: segments: tiers are [min, max): an ARR exactly at an edge is in the upper tier."""
    seg = segment_for(arr)
    assert isinstance(seg, Segment)
    assert seg.coverage is coverage
    assert seg.min_arr <= arr < seg.max_arr


@rule("segments.tiers")
@given(cst.segments(), st.data())
def test_boundaries_exactly_at_the_tier_edges(
    tiers: tuple[Segment, ...], data: st.DataObject
) -> None:
    """rules: segments: for any valid tiers, each edge belongs to the tier it starts, and the
    largest ARR below it to the tier before."""
    for k, tier in enumerate(tiers):
        assert segment_for(tier.min_arr, tiers) == tier
        if k:
            below = float(np.nextafter(tier.min_arr, 0.0))
            assert segment_for(below, tiers) == tiers[k - 1]
    arr = data.draw(arr_values)
    seg = segment_for(arr, tiers)
    assert seg.min_arr <= arr < seg.max_arr


@rule("segments.tiers")
@given(
    cst.segments(),
    hnp.arrays(np.float64, hnp.array_shapes(max_dims=2, max_side=10), elements=arr_values),
)
def test_scalar_equals_vector(tiers: tuple[Segment, ...], arr: np.ndarray) -> None:
    """the tier indices of an array are the tiers of its elements, one by one."""
    index = segment_for(arr, tiers)
    assert index.shape == arr.shape
    assert [tiers[i] for i in index.ravel()] == [segment_for(float(a), tiers) for a in arr.ravel()]


def test_tiers_may_be_given_as_a_list() -> None:
    """rules: segments: the tiers may be any sequence covering [0, inf)."""
    assert segment_for([50_000.0], list(DEFAULT_SEGMENTS)).tolist() == [1]


# --- the coverage plan -----------------------------------------------------------


@rule("segments.headcount")
def test_coverage_plan_worked_example() -> None:
    """rules: segments / the distilled CS principles: a book yields the CSM headcount it needs per
    tier.

    31 high-touch accounts at 15 per CSM: ceil(31 / 15) = 3; 250 scaled at 100: 3;
    4000 digital at 1000: 4.
    """
    plan = coverage_plan([150_000.0] * 31 + [20_000.0] * 250 + [3_000.0] * 4_000)
    assert [(t.segment.coverage, t.accounts, t.csms) for t in plan.tiers] == [
        (CoverageModel.DIGITAL, 4000, 4),
        (CoverageModel.SCALED, 250, 3),
        (CoverageModel.HIGH_TOUCH, 31, 3),
    ]
    assert plan.tiers[2].csm_load == pytest.approx(31 / 15)
    assert (plan.accounts, plan.csms) == (4281, 10)
    assert plan.arr == 31 * 150_000 + 250 * 20_000 + 4000 * 3_000


@rule("segments.headcount")
@given(cst.segments(), st.lists(arr_values, max_size=60))
def test_coverage_plan_counts_every_account_once(
    tiers: tuple[Segment, ...], arr: list[float]
) -> None:
    """rules: segments: tiers cover [0, inf) exactly once, so every account is counted once;
    each tier needs ceil(accounts / accounts_per_csm) CSMs."""
    plan = coverage_plan(arr, tiers)
    assert [t.segment for t in plan.tiers] == list(tiers)
    assert plan.accounts == len(arr)
    assert plan.arr == pytest.approx(math.fsum(arr))
    for t in plan.tiers:
        mine = [a for a in arr if t.segment.min_arr <= a < t.segment.max_arr]
        assert t.accounts == len(mine)
        assert t.csm_load == pytest.approx(len(mine) / t.segment.accounts_per_csm)
        assert t.csms == math.ceil(len(mine) / t.segment.accounts_per_csm - 1e-9)
        assert t.csms >= t.csm_load - 1e-9
        assert (t.csms == 0) == (t.accounts == 0)


def test_headcount_is_not_rounded_up_by_floating_point() -> None:
    """3 accounts at 0.1 per CSM need 30 CSMs (3 / 0.1 is 30.000000000000004 in floats)."""
    tiers = (
        Segment(
            name="All",
            min_arr=0.0,
            max_arr=math.inf,
            coverage=CoverageModel.HIGH_TOUCH,
            accounts_per_csm=0.1,
        ),
    )
    assert coverage_plan([1.0, 2.0, 3.0], tiers).csms == 30


def test_an_empty_book_needs_nobody() -> None:
    """rules: segments: no accounts, no headcount; every tier is still listed."""
    plan = coverage_plan([])
    assert (plan.accounts, plan.arr, plan.csms) == (0, 0.0, 0)
    assert len(plan.tiers) == len(DEFAULT_SEGMENTS)


def test_coverage_plans_round_trip() -> None:
    """a coverage plan round-trips through JSON (the open top tier as 'inf')."""
    plan = coverage_plan([2_000.0, 40_000.0, 250_000.0])
    assert from_json(to_json(plan), CoveragePlan) == plan
    assert coverage_plan(250_000.0).tiers[2].accounts == 1


# --- bad input -------------------------------------------------------------------

GAP = (DEFAULT_SEGMENTS[0], DEFAULT_SEGMENTS[2])

BAD: list[tuple[Callable[[], Any], str]] = [
    (lambda: segment_for(-1.0), "arr"),
    (lambda: segment_for(math.nan), "arr"),
    (lambda: segment_for(math.inf), "arr"),
    (lambda: segment_for([5.0, -1.0, math.nan]), "arr"),
    (lambda: segment_for("5000"), "arr"),
    (lambda: segment_for(True), "arr"),
    (lambda: segment_for(5.0, ()), "segments"),
    (lambda: segment_for(5.0, "tiers"), "segments"),  # type: ignore[arg-type]
    (lambda: segment_for(5.0, DEFAULT_SEGMENTS[1:]), "segments[0].min_arr"),
    (lambda: segment_for(5.0, GAP), "segments[1].min_arr"),
    (lambda: segment_for(5.0, DEFAULT_SEGMENTS[:2]), "segments[1].max_arr"),
    (lambda: segment_for(5.0, [DEFAULT_SEGMENTS[0], "x"]), "segments[1]"),  # type: ignore[list-item]
    (lambda: coverage_plan([1.0, -5.0]), "arr"),
    (lambda: coverage_plan([1.0], GAP), "segments[1].min_arr"),
]


@pytest.mark.parametrize(("build", "field"), BAD)
@rule("segments.negative-arr")
@rule("segments.no-gap-overlap")
def test_bad_input_is_refused_by_name(build: Callable[[], Any], field: str) -> None:
    """rules: segments: negative ARR is bad input; tiers must cover [0, inf) with no gap or
    overlap."""
    with pytest.raises(InvalidInputError) as info:
        build()
    assert info.value.field == field
    assert f"{field}=" in str(info.value)


def test_array_errors_say_how_many_and_where() -> None:
    """rules: segments: for arrays, the error says how many ARR values are bad, and where."""
    with pytest.raises(
        InvalidInputError, match=r"2 of 3 values are not a finite number >= 0.*\[1, 2\]"
    ):
        segment_for([5.0, -1.0, math.nan])


def integer_tiers(edges: list[int]) -> list[Segment]:
    """Tiers covering [0, inf) at whole-dollar edges (so half a dollar is always room)."""
    bounds = [0.0, *map(float, edges), math.inf]
    return [
        Segment(
            name=f"T{k}",
            min_arr=bounds[k],
            max_arr=bounds[k + 1],
            coverage=CoverageModel.SCALED,
            accounts_per_csm=10.0,
        )
        for k in range(len(bounds) - 1)
    ]


@rule("segments.no-gap-overlap")
@given(st.lists(st.integers(1, 10**6), min_size=1, max_size=4, unique=True), st.data())
def test_a_gap_or_an_overlap_between_tiers_is_refused(
    edges: list[int], data: st.DataObject
) -> None:
    """rules: segments: tiers must cover [0, inf) with no gap or overlap: a gap below the
    first tier, between two tiers, an overlap, or a closed top tier is refused by name."""
    tiers = integer_tiers(sorted(edges))
    Policy(segments=tiers)  # the cover itself is fine
    n = len(tiers)
    k = data.draw(st.integers(1, n - 1))
    shift = data.draw(st.sampled_from([0.5, -0.5]))  # a gap, or an overlap
    spoiled = {
        "bottom": (0, attrs.evolve(tiers[0], min_arr=0.5), "segments[0].min_arr"),
        "top": (
            n - 1,
            attrs.evolve(tiers[-1], max_arr=tiers[-1].min_arr + 1),
            f"segments[{n - 1}].max_arr",
        ),
        "between": (
            k,
            attrs.evolve(tiers[k], min_arr=tiers[k].min_arr + shift),
            f"segments[{k}].min_arr",
        ),
    }
    position, tier, field = spoiled[data.draw(st.sampled_from(sorted(spoiled)))]
    bad = [*tiers[:position], tier, *tiers[position + 1 :]]
    for build in (lambda: Policy(segments=bad), lambda: segment_for(1.0, bad)):
        with pytest.raises(InvalidInputError) as info:
            build()
        assert info.value.field == field


@rule("segments.negative-arr")
@given(st.floats(max_value=math.nextafter(0.0, -math.inf)) | st.sampled_from([math.nan, math.inf]))
def test_negative_or_non_finite_arr_is_bad_input(arr: float) -> None:
    """rules: segments: negative ARR is bad input (and NaN or infinite ARR with it)."""
    for build in (
        lambda: segment_for(arr),
        lambda: segment_for([1.0, arr]),
        lambda: coverage_plan([1.0, arr]),
        lambda: Account(id="a", name="A", arr=arr),
    ):
        with pytest.raises(InvalidInputError) as info:
            build()
        assert info.value.field == "arr"


# --------------------------------------------------------------------------------------
# Exact cases: Segments and coverage plans, pinned exactly: whole error messages, bounds, kernel
# types.
#
# Every error names the field, the value and the account (docs/rules.md, issue 2), so the
# messages below are public contract: each test asserts the whole text and the
# ``(field, value, account_id)`` triple, not just the exception type.
# --------------------------------------------------------------------------------------

DIGITAL, SCALED, HIGH_TOUCH = DEFAULT_SEGMENTS


def test_a_nan_max_arr_is_refused_as_not_finite() -> None:
    """NaN is not a bound: it is refused as "must be a finite number >= 0"."""
    with pytest.raises(InvalidInputError) as info:
        segment_tier(max_arr=math.nan)
    assert str(info.value) == "max_arr=nan: must be a finite number >= 0"
    assert info.value.field == "max_arr"
    assert math.isnan(info.value.value)


def test_a_tier_below_one_dollar_is_accepted() -> None:
    """``max_arr`` only needs to be >= 0 and above ``min_arr``: [0, 0.5) is a valid tier."""
    assert segment_tier(max_arr=0.5).max_arr == 0.5
    tiers = [segment_tier(max_arr=0.5), segment_tier(min_arr=0.5, coverage=CoverageModel.SCALED)]
    check_tiers(tiers)
    # 0.5 sits exactly on the edge, so it is in the upper tier ([min, max) tiers).
    assert segment_for([0.25, 0.5], tiers).tolist() == [0, 1]


def test_coverage_kernel_returns_whole_numbers_as_intp() -> None:
    """The kernel's account counts and headcounts are integer (intp) arrays, the rest float."""
    # Tier 0: 1 account at 1000 per CSM -> load 0.001 -> 1 CSM; tier 1 empty; tier 2:
    # 2 accounts at 15 per CSM -> load 2/15 -> 1 CSM.
    count, arr, load, csms = coverage_kernel(
        np.array([0, 2, 2], dtype=np.intp),
        np.array([5e3, 2e5, 3e5]),
        np.array([1e3, 1e2, 15.0]),
    )
    assert count.dtype == np.intp
    assert csms.dtype == np.intp
    assert arr.dtype == np.float64
    assert load.dtype == np.float64
    assert count.tolist() == [1, 0, 2]
    assert csms.tolist() == [1, 0, 1]
    assert arr.tolist() == [5e3, 0.0, 5e5]
    assert load.tolist() == [1 / 1e3, 0.0, 2 / 15.0]
