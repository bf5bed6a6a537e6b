"""Segments and coverage plans, pinned exactly: whole error messages, bounds, kernel types.

Every error names the field, the value and the account (DOMAIN.md, issue 2), so the
messages below are public contract: each test asserts the whole text and the
``(field, value, account_id)`` triple, not just the exception type.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from cs_framework import (
    DEFAULT_SEGMENTS,
    CoverageModel,
    InvalidInputError,
    Segment,
    coverage_plan,
    segment_for,
)
from cs_framework._segment import check_tiers, coverage_kernel
from helpers import assert_refused

DIGITAL, SCALED, HIGH_TOUCH = DEFAULT_SEGMENTS


def tier(**changes: Any) -> Segment:
    """A valid open-ended tier from 0 with some fields changed."""
    fields: dict[str, Any] = {
        "name": "Tier",
        "min_arr": 0,
        "max_arr": math.inf,
        "coverage": CoverageModel.DIGITAL,
        "accounts_per_csm": 10,
    }
    return Segment(**{**fields, **changes})


ERRORS = [
    # Segment.max_arr: finite and >= 0 (or +inf), above min_arr
    pytest.param(
        lambda: tier(max_arr=-1),
        "max_arr=-1: must be a finite number >= 0",
        ("max_arr", -1),
        id="max_arr-negative",
    ),
    pytest.param(
        lambda: tier(max_arr=-math.inf),
        "max_arr=-inf: must be a finite number >= 0",
        ("max_arr", -math.inf),
        id="max_arr-minus-inf",
    ),
    pytest.param(
        lambda: tier(min_arr=50, max_arr=10),
        "max_arr=10: must exceed min_arr=50",
        ("max_arr", 10),
        id="max_arr-below-min",
    ),
    pytest.param(
        lambda: tier(min_arr=50, max_arr=50),
        "max_arr=50: must exceed min_arr=50",
        ("max_arr", 50),
        id="max_arr-equal-min",
    ),
    # check_tiers: cover [0, inf) exactly once, in order
    pytest.param(
        lambda: check_tiers([]),
        "segments=(): needs at least one tier",
        ("segments", ()),
        id="tiers-empty",
    ),
    pytest.param(
        lambda: check_tiers([tier(max_arr=10), "x"]),
        "segments[1]='x': must be a Segment",
        ("segments[1]", "x"),
        id="tiers-not-segment",
    ),
    pytest.param(
        lambda: check_tiers(DEFAULT_SEGMENTS[1:]),
        "segments[0].min_arr=10000.0: the lowest tier must start at 0 (a gap below it)",
        ("segments[0].min_arr", 10000.0),
        id="tiers-gap-below",
    ),
    pytest.param(
        lambda: check_tiers([DIGITAL, tier(min_arr=20_000, max_arr=100_000), HIGH_TOUCH]),
        "segments[1].min_arr=20000: must equal segments[0].max_arr=10000.0 (a gap between tiers)",
        ("segments[1].min_arr", 20_000),
        id="tiers-gap-at-1",
    ),
    pytest.param(
        lambda: check_tiers([DIGITAL, tier(min_arr=5_000, max_arr=100_000), HIGH_TOUCH]),
        "segments[1].min_arr=5000: must equal segments[0].max_arr=10000.0 "
        "(an overlap between tiers)",
        ("segments[1].min_arr", 5_000),
        id="tiers-overlap-at-1",
    ),
    pytest.param(
        lambda: check_tiers([DIGITAL, SCALED, tier(min_arr=200_000)]),
        "segments[2].min_arr=200000: must equal segments[1].max_arr=100000.0 (a gap between tiers)",
        ("segments[2].min_arr", 200_000),
        id="tiers-gap-at-2",
    ),
    pytest.param(
        lambda: check_tiers([DIGITAL, SCALED, tier(min_arr=50_000)]),
        "segments[2].min_arr=50000: must equal segments[1].max_arr=100000.0 "
        "(an overlap between tiers)",
        ("segments[2].min_arr", 50_000),
        id="tiers-overlap-at-2",
    ),
    pytest.param(
        lambda: check_tiers([DIGITAL, SCALED]),
        "segments[1].max_arr=100000.0: the top tier must be open-ended (inf): "
        "ARR above it has no tier",
        ("segments[1].max_arr", 100_000.0),
        id="tiers-top-closed",
    ),
    # segment_for / coverage_plan: the tiers and the ARR
    pytest.param(
        lambda: coverage_plan([5], "abc"),
        "segments='abc': must be a list or tuple of Segment",
        ("segments", "abc"),
        id="segments-str",
    ),
    pytest.param(
        lambda: segment_for(5, {DIGITAL}),
        f"segments={ {DIGITAL}!r}: must be a list or tuple of Segment",
        ("segments", {DIGITAL}),
        id="segments-set",
    ),
    pytest.param(
        lambda: segment_for(-1),
        "arr=-1.0: must be finite and >= 0",
        ("arr", -1.0),
        id="arr-negative-scalar",
    ),
    pytest.param(
        lambda: segment_for(math.inf),
        "arr=inf: must be finite and >= 0",
        ("arr", math.inf),
        id="arr-inf-scalar",
    ),
    pytest.param(
        # Six bad values: the message lists the first five values and positions only.
        lambda: segment_for([-1, -2, -3, -4, -5, -6, 7]),
        "arr=[-1.0, -2.0, -3.0, -4.0, -5.0]: 6 of 7 values negative or not finite, "
        "first at positions [0, 1, 2, 3, 4]",
        ("arr", [-1.0, -2.0, -3.0, -4.0, -5.0]),
        id="arr-six-bad",
    ),
    pytest.param(
        lambda: coverage_plan([1, math.inf, -3]),
        "arr=[inf, -3.0]: 2 of 3 values negative or not finite, first at positions [1, 2]",
        ("arr", [math.inf, -3.0]),
        id="arr-two-bad",
    ),
]


@pytest.mark.parametrize(("call", "message", "where"), ERRORS)
def test_bad_input_is_refused_by_name(
    call: Callable[[], Any], message: str, where: tuple[str, Any]
) -> None:
    """Bad input raises naming the field, the value and the reason, word for word."""
    assert_refused(call, message, where, same_type=True)


def test_a_nan_max_arr_is_refused_as_not_finite() -> None:
    """NaN is not a bound: it is refused as "must be a finite number >= 0"."""
    with pytest.raises(InvalidInputError) as info:
        tier(max_arr=math.nan)
    assert str(info.value) == "max_arr=nan: must be a finite number >= 0"
    assert info.value.field == "max_arr"
    assert math.isnan(info.value.value)


def test_a_tier_below_one_dollar_is_accepted() -> None:
    """``max_arr`` only needs to be >= 0 and above ``min_arr``: [0, 0.5) is a valid tier."""
    assert tier(max_arr=0.5).max_arr == 0.5
    tiers = [tier(max_arr=0.5), tier(min_arr=0.5, coverage=CoverageModel.SCALED)]
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
