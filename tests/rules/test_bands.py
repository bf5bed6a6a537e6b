"""Health bands (rules: health, the CS program guide: fixed)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cs_framework import (
    Account,
    Action,
    Band,
    Book,
    CoverageModel,
    HealthScore,
    InvalidInputError,
    Policy,
    Scorecard,
    assess,
    from_json,
    health_band,
    health_score,
    health_scores,
    score_book,
    to_json,
)
from cs_framework._rules.health import band_codes

rule = pytest.mark.rule
score = st.floats(min_value=0, max_value=100)
DAY = date(2026, 11, 2)


@rule("health.bands")
@pytest.mark.parametrize(
    ("value", "expected"),
    # The edges of the CS program guide: "Green: 70+. Yellow: 40-69. Red: below 40."
    [
        (70.0, Band.GREEN),
        (69.999, Band.YELLOW),
        (40.0, Band.YELLOW),
        (39.999, Band.RED),
        (math.nan, Band.UNKNOWN),
        (0.0, Band.RED),
        (100.0, Band.GREEN),
        (np.nextafter(70.0, 0.0), Band.YELLOW),
        (np.nextafter(40.0, 0.0), Band.RED),
    ],
)
def test_band_edges_are_exactly_70_and_40(value: float, expected: Band) -> None:
    """rules: health: ``>= 70`` GREEN, ``>= 40`` YELLOW, else RED; a missing score is UNKNOWN."""
    got = health_band(value)
    assert got is expected
    assert isinstance(got, Band)


@rule("health.bands")
@given(score, score)
def test_a_higher_score_never_has_a_lower_band(a: float, b: float) -> None:
    """rules: health: the bands are ordered RED < YELLOW < GREEN along the score."""
    low, high = sorted((a, b))
    assert health_band(low) <= health_band(high)
    assert health_band(low) is not Band.UNKNOWN


@rule("health.bands")
@given(score, score, score)
def test_edges_are_tunable(value: float, e1: float, e2: float) -> None:
    """rules: health: the edges move with ``green`` and ``yellow``, each its band's lowest score."""
    if e1 == e2:
        return
    yellow, green = sorted((e1, e2))
    got = health_band(value, green=green, yellow=yellow)
    expected = Band.GREEN if value >= green else Band.YELLOW if value >= yellow else Band.RED
    assert got is expected


@rule("health.bands")
@given(
    hnp.arrays(
        np.float64, hnp.array_shapes(max_dims=2, max_side=8), elements=score | st.just(math.nan)
    )
)
def test_scalar_equals_vector(values: np.ndarray) -> None:
    """rules: health: the vector result is the scalar result, element by element."""
    codes = health_band(values)
    assert codes.dtype == np.int8
    assert codes.shape == values.shape
    assert codes.ravel().tolist() == [health_band(float(v)) for v in values.ravel()]
    assert np.array_equal(codes, band_codes(values, 70.0, 40.0))


@rule("health.missing-unknown")
def test_missing_is_never_red_or_green() -> None:
    """rules: health: a missing score is UNKNOWN, never Red or Green."""
    codes = health_band([math.nan, 10.0, math.nan, 90.0])
    assert codes.tolist() == [Band.UNKNOWN, Band.RED, Band.UNKNOWN, Band.GREEN]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"score": 100.5}, "score"),
        ({"score": -0.1}, "score"),
        ({"score": math.inf}, "score"),
        ({"score": -math.inf}, "score"),
        ({"score": [50.0, math.inf]}, "score"),
        ({"score": "80"}, "score"),
        ({"score": True}, "score"),
        ({"score": 50, "green": 40, "yellow": 40}, "green"),
        ({"score": 50, "green": 30, "yellow": 40}, "green"),
        ({"score": 50, "green": 120}, "green"),
        ({"score": 50, "yellow": math.nan}, "yellow"),
        ({"score": 50, "green": [70, 80]}, "green"),
    ],
)
def test_bad_input_is_refused_by_name(kwargs: dict[str, Any], field: str) -> None:
    """rules: health: scores off [0, 100] (and infinities) are refused, never clipped."""
    with pytest.raises(InvalidInputError) as info:
        health_band(**kwargs)
    assert info.value.field == field
    assert f"{field}=" in str(info.value)


# --------------------------------------------------------------------------------------
# Exact cases: Health bands, pinned exactly: whole error messages for bad edges, the 100 bound.
#
# Every error names the field, the value and the account (docs/rules.md, issue 2), so the
# messages below are public contract: each test asserts the whole text and the
# ``(field, value, account_id)`` triple, not just the exception type.
# --------------------------------------------------------------------------------------


def test_edges_at_the_ends_of_the_scale_are_accepted() -> None:
    """Edges of exactly 100 and 0 are on the scale, so they are accepted (closed [0, 100])."""
    # green=100: only a perfect score is Green; yellow=0: nothing is Red.
    assert health_band(100, green=100, yellow=0) is Band.GREEN
    assert health_band(99.5, green=100, yellow=0) is Band.YELLOW
    assert health_band(0, green=100, yellow=0) is Band.YELLOW


def test_band_codes_are_int8_for_arrays() -> None:
    """The vector result is an int8 array of Band codes, NaN marked UNKNOWN (-1)."""
    codes = health_band(np.array([70.0, 40.0, 39.5, np.nan]))
    assert codes.dtype == np.int8
    assert codes.tolist() == [2, 1, 0, -1]


# -- Band edges a policy moves -----------------------------------------------------------

MOVED = {"green": 76.0, "yellow": 51.0}  # the common 0-50 / 51-75 / 76-100


@rule("health.bands")
def test_a_policy_file_moves_the_edges_per_segment_too() -> None:
    policy = Policy.from_toml("green = 76\nyellow = 51\n[segment_bands.HIGH_TOUCH]\ngreen = 80\n")
    assert (policy.green, policy.yellow) == (76.0, 51.0)
    assert policy.bands_for(CoverageModel.HIGH_TOUCH) == (80.0, 51.0)
    assert policy.bands_for(CoverageModel.DIGITAL) == (76.0, 51.0)


@rule("health.bands")
@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"green": 40.0, "yellow": 60.0}, "green", "must exceed yellow=60.0"),
        ({"green": 101.0}, "green", "must be a finite number in [0, 100]"),
        (
            {"segment_bands": {CoverageModel.DIGITAL: {"yellow": 80.0}}},
            "segment_bands[DIGITAL].green",
            "must exceed yellow=80.0",
        ),
        (
            {"segment_bands": {CoverageModel.DIGITAL: {"red": 8.0}}},
            "segment_bands[DIGITAL]",
            "must be a mapping with green, yellow or both",
        ),
        (
            {"segment_bands": {"DIGITAL": {"green": 80.0}}},
            "segment_bands",
            "must be a CoverageModel",
        ),
        (
            {"segment_bands": [("DIGITAL", 80.0)]},
            "segment_bands",
            "must be a mapping CoverageModel -> {green, yellow}",
        ),
    ],
)
def test_edges_may_move_never_reorder(changes: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Policy(**changes)
    assert info.value.field == field
    assert reason in info.value.problems[0].reason


@rule("health.bands")
@given(
    st.floats(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=1, max_value=50),
)
def test_every_path_bands_on_the_policys_edges(value: float, yellow: int, gap: int) -> None:
    """health_score, health_scores, assess and score_book band alike on moved edges, and
    ESCALATE and the escalation time follow the band (of the published score)."""
    green = min(yellow + gap, 100)
    published = float(np.round(value, 9))
    expected = (
        Band.GREEN if published >= green else Band.YELLOW if published >= yellow else Band.RED
    )
    one = health_score({"adoption": value}, {"adoption": 1}, green=green, yellow=yellow)
    cols = health_scores({"adoption": [value]}, {"adoption": 1}, green=green, yellow=yellow)
    assert one.band is expected
    assert cols.at(0) == one
    policy = Policy(scorecard=Scorecard(weights={"adoption": 1.0}), green=green, yellow=yellow)
    acct = Account(id="a", name="A", arr=1.0, health={"adoption": value})
    result = assess(acct, as_of=DAY, policy=policy)
    assert result.health.band is expected
    assert (result.next_action.action is Action.ESCALATE) is (expected is Band.RED)
    assert (result.escalation_due is not None) is (expected is Band.RED)
    scored = score_book(Book.from_accounts([acct]), as_of=DAY, policy=policy)
    assert scored["health_band"][0] == expected


@rule("health.bands")
def test_a_moved_score_round_trips_and_is_checked_on_its_own_edges() -> None:
    yellow = health_score({"adoption": 72}, {"adoption": 1}, **MOVED)
    assert (yellow.band, yellow.green, yellow.yellow) == (Band.YELLOW, 76.0, 51.0)
    assert from_json(to_json(yellow), HealthScore) == yellow
    with pytest.raises(InvalidInputError, match=r"must be YELLOW for value=72\.0"):
        HealthScore(value=72.0, band=Band.GREEN, coverage=1.0, **MOVED)
    with pytest.raises(InvalidInputError, match="must exceed yellow=80"):
        HealthScore(value=72.0, band=Band.GREEN, coverage=1.0, green=70.0, yellow=80.0)


@rule("health.bands")
def test_a_book_summary_follows_the_segments_edges() -> None:
    """High-touch Green from 80: a high-touch account at 78 is Yellow, a digital one Green."""
    policy = Policy(
        scorecard=Scorecard(weights={"adoption": 1.0}),
        segment_bands={CoverageModel.HIGH_TOUCH: {"green": 80.0}},
    )
    big = Account(id="big", name="Big", arr=500_000.0, health={"adoption": 78})
    small = Account(id="small", name="Small", arr=1_000.0, health={"adoption": 78})
    scored = score_book(Book.from_accounts([big, small]), as_of=DAY, policy=policy)
    assert scored["health_band"].tolist() == [Band.YELLOW, Band.GREEN]
    bands = {(row[0], row[1]) for row in scored.summary().by_band_segment_phase}
    assert bands == {("YELLOW", "High touch"), ("GREEN", "Digital")}
