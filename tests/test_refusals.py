"""One table of refusals: every public entry point, each bad input, the exact error.

A refusal is public contract: the field, the value, the account and the reason a user
reads (``field=value (account 'id'): reason``). Each row calls the library with one
bad input and states the whole message; the objects, the one-call functions and the
book say a rule's reason in the same words, because they share one set of validators
(``cs_framework._model.validators``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
import pytest

from cs_framework import (
    DEFAULT_SEGMENTS,
    Action,
    Adoption,
    Band,
    Book,
    Phase,
    Policy,
    Stage,
    activation_rate,
    assess,
    breadth,
    check_play,
    check_transition,
    coverage_plan,
    depth,
    early_warning,
    health_band,
    health_score,
    health_scores,
    health_trend,
    phase,
    reliability,
    score_book,
    segment_for,
    time_to_value,
    trust_equation,
    trust_index,
    weekly_active_usage,
)
from cs_framework._model.segment import check_tiers
from helpers import (
    account,
    assert_refused,
    commitment,
    health_score_of,
    health_trend_of,
    override_of,
    segment_tier,
)

NUMERIC = "must be numeric (a number or an array of numbers)"
AS_OF = date(2026, 6, 30)
MIDNIGHT = datetime(2026, 6, 30, tzinfo=UTC)
DAY = date(2026, 3, 1)
SCORED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TREND_DAY = date(2026, 3, 31)
TREND_BEFORE = date(2026, 3, 1)
DIGITAL, SCALED, HIGH_TOUCH = DEFAULT_SEGMENTS
#: The six adoption counts of one account, as frame columns.
ADOPTION = {
    "licensed_users": [10],
    "weekly_active_users": [5],
    "core_workflows": [4],
    "core_workflows_used": [2],
    "teams": [3],
    "teams_using": [1],
}


REFUSALS = [
    # -- Trust and reliability -----------------------------------------------------------
    pytest.param(
        lambda: trust_index(5, 5, 5, 5, scale=(10, 1)),
        "scale=(10, 1): must be (lo, hi) with 0 < lo < hi < inf",
        ("scale", (10, 1)),
        id="scale-reversed",
    ),
    pytest.param(
        lambda: trust_equation(5, 5, 5, 5, scale=(0, 10)),
        "scale=(0, 10): must be (lo, hi) with 0 < lo < hi < inf",
        ("scale", (0, 10)),
        id="scale-lo-zero",
    ),
    pytest.param(
        lambda: trust_index(5, 5, 5, 5, scale=(1, math.inf)),
        "scale=(1, inf): must be (lo, hi) with 0 < lo < hi < inf",
        ("scale", (1, math.inf)),
        id="scale-hi-infinite",
    ),
    pytest.param(
        lambda: trust_index([5, 5], [5, 5, 5], 5, 5),
        "shape=((2,), (3,), (), ()): credibility, reliability, intimacy and self_orientation do "
        "not broadcast together",
        ("shape", ((2,), (3,), (), ())),
        id="shapes-do-not-broadcast",
    ),
    pytest.param(
        lambda: reliability([], "2026-03-01"),  # type: ignore[arg-type]
        "as_of='2026-03-01': must be a datetime.date",
        ("as_of", "2026-03-01"),
        id="reliability-as_of-str",
    ),
    pytest.param(
        lambda: reliability([], datetime(2026, 3, 1)),
        "as_of=datetime.datetime(2026, 3, 1, 0, 0): must be a datetime.date",
        ("as_of", datetime(2026, 3, 1)),
        id="reliability-as_of-datetime",  # a datetime is ambiguous, as everywhere else
    ),
    pytest.param(
        lambda: reliability([commitment(), "x"], date(2026, 3, 1)),  # type: ignore[list-item]
        "commitments[1]='x': must be a Commitment",
        ("commitments[1]", "x"),
        id="reliability-not-a-commitment",
    ),
    pytest.param(
        lambda: trust_index([[1, 2], [3]], 5, 5, 5),
        "credibility=[[1, 2], [3]]: must be numeric (a number or an array of numbers)",
        ("credibility", [[1, 2], [3]]),
        id="ragged-lists",
    ),
    pytest.param(
        lambda: trust_index(5, 5, 5, 5, scale=5),  # type: ignore[arg-type]
        "scale=5: must be (lo, hi) with 0 < lo < hi < inf",
        ("scale", 5),
        id="scale-not-a-pair",
    ),
    pytest.param(
        lambda: reliability(7, date(2026, 3, 1)),  # type: ignore[arg-type]
        "commitments=7: must be a list or tuple of Commitment",
        ("commitments", 7),
        id="reliability-not-a-collection",
    ),
    # -- Health bands --------------------------------------------------------------------
    pytest.param(
        lambda: health_band(50, green="70"),
        "green='70': must be a finite number in [0, 100]",
        ("green", "70"),
        id="green-str",
    ),
    pytest.param(
        lambda: health_band(50, yellow="40"),
        "yellow='40': must be a finite number in [0, 100]",
        ("yellow", "40"),
        id="yellow-str",
    ),
    pytest.param(
        lambda: health_band(50, green=[70, 80]),
        "green=[70, 80]: must be a finite number in [0, 100]",
        ("green", [70, 80]),
        id="green-array",
    ),
    pytest.param(
        lambda: health_band(50, yellow=[40]),
        "yellow=[40]: must be a finite number in [0, 100]",
        ("yellow", [40]),
        id="yellow-array",
    ),
    pytest.param(
        # The edges live on the score scale [0, 100]: 100.5 is just beyond it.
        lambda: health_band(50, green=100.5),
        "green=100.5: must be a finite number in [0, 100]",
        ("green", 100.5),
        id="green-above-100",
    ),
    pytest.param(
        lambda: health_band(50, yellow=-0.5),
        "yellow=-0.5: must be a finite number in [0, 100]",
        ("yellow", -0.5),
        id="yellow-below-0",
    ),
    pytest.param(
        lambda: health_band(50, green=40, yellow=40),
        "green=40: must exceed yellow=40",
        ("green", 40),
        id="green-equal-yellow",
    ),
    pytest.param(
        lambda: health_band(50, green=30.5, yellow=40),
        "green=30.5: must exceed yellow=40",
        ("green", 30.5),
        id="green-below-yellow",
    ),
    # -- Health scores -------------------------------------------------------------------
    pytest.param(
        lambda: health_score_of(scored_at="2026-03-01"),
        "scored_at='2026-03-01': must be a time-zone-aware datetime.datetime (a naive time "
        "names no instant; give tzinfo, e.g. datetime.now(UTC))",
        ("scored_at", "2026-03-01"),
        id="HealthScore.scored_at-str",
    ),
    pytest.param(
        lambda: health_score_of(escalation_due="soon"),
        "escalation_due='soon': must be a time-zone-aware datetime.datetime (a naive time names "
        "no instant; give tzinfo, e.g. datetime.now(UTC))",
        ("escalation_due", "soon"),
        id="HealthScore.escalation_due-str",
    ),
    pytest.param(
        lambda: health_score_of(value=-0.5, band=Band.RED),
        "value=-0.5: must be a finite number in [0, 100], or NaN (unknown)",
        ("value", -0.5),
        id="HealthScore.value-below-0",
    ),
    pytest.param(
        lambda: health_score_of(contributions=[("adoption", 1.0)]),
        "contributions=[('adoption', 1.0)]: must be a mapping name -> points",
        ("contributions", [("adoption", 1.0)]),
        id="HealthScore.contributions-list",
    ),
    pytest.param(
        lambda: health_score_of(contributions={"": 1.0}),
        "contributions='': names must be non-empty strings",
        ("contributions", ""),
        id="HealthScore.contributions-empty-name",
    ),
    pytest.param(
        lambda: health_score_of(contributions={3: 1.0}),
        "contributions=3: names must be non-empty strings",
        ("contributions", 3),
        id="HealthScore.contributions-int-name",
    ),
    pytest.param(
        lambda: health_score_of(missing="adoption"),
        "missing='adoption': must be a list or tuple of str",
        ("missing", "adoption"),
        id="HealthScore.missing-str",
    ),
    pytest.param(
        lambda: health_score_of(missing=("adoption", 3)),
        "missing[1]=3: must be a str",
        ("missing[1]", 3),
        id="HealthScore.missing-item",
    ),
    pytest.param(
        lambda: health_score_of(overrides="x"),
        "overrides='x': must be a list or tuple of Override",
        ("overrides", "x"),
        id="HealthScore.overrides-str",
    ),
    pytest.param(
        lambda: health_score_of(overrides=[override_of("adoption"), "x"]),
        "overrides[1]='x': must be an Override",
        ("overrides[1]", "x"),
        id="HealthScore.overrides-item",
    ),
    pytest.param(
        lambda: health_score_of(value=20.0, band=Band.RED, scored_at=SCORED),
        "escalation_due=None: must be datetime.datetime(2026, 3, 4, 9, 0, "
        "tzinfo=datetime.timezone.utc): 48 elapsed hours after scored_at for RED, else None",
        ("escalation_due", None),
        id="HealthScore.escalation_due-missing-for-red",
    ),
    pytest.param(
        lambda: health_score_of(scored_at=SCORED, escalation_due=SCORED + timedelta(hours=48)),
        "escalation_due=datetime.datetime(2026, 3, 4, 9, 0, tzinfo=datetime.timezone.utc): must "
        "be None: 48 elapsed hours after scored_at for RED, else None",
        ("escalation_due", SCORED + timedelta(hours=48)),
        id="HealthScore.escalation_due-for-yellow",
    ),
    pytest.param(
        lambda: health_scores({"a": [80, 30]}, {"a": 1}).at(2),
        "row=2: must be a row number in [0, 2)",
        ("row", 2),
        id="at-row-past-end",
    ),
    pytest.param(
        lambda: health_scores({"a": [80, 30]}, {"a": 1}).at(-1),
        "row=-1: must be a row number in [0, 2)",
        ("row", -1),
        id="at-row-negative",
    ),
    pytest.param(
        lambda: health_score([("a", 1)], {"a": 1}),
        "components=[('a', 1)]: must be a mapping name -> value",
        ("components", [("a", 1)]),
        id="components-list",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"": 1}),
        "weights='': component names must be non-empty strings",
        ("weights", ""),
        id="weights-empty-name",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"(override)": 1}),
        "weights='(override)': is reserved for the overall override's points",
        ("weights", "(override)"),
        id="weights-reserved-name",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {}),
        "weights={}: needs at least one weight",
        ("weights", {}),
        id="weights-empty",
    ),
    pytest.param(
        lambda: health_score({"b": 1}, {"a": 1, "c": 2}),
        "components='b': has no weight (weights: a, c); "
        "a component without a weight is refused, not ignored",
        ("components", "b"),
        id="component-without-weight",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1}, scored_at=DAY),
        "scored_at=datetime.date(2026, 3, 1): must be a time-zone-aware datetime.datetime (a "
        "naive time names no instant; give tzinfo, e.g. datetime.now(UTC))",
        ("scored_at", DAY),
        id="scored_at-date",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1}, as_of="2026-03-01"),
        "as_of='2026-03-01': must be a datetime.date",
        ("as_of", "2026-03-01"),
        id="as_of-str",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1}, as_of=datetime(2026, 3, 1)),
        "as_of=datetime.datetime(2026, 3, 1, 0, 0): must be a datetime.date",
        ("as_of", datetime(2026, 3, 1)),
        id="as_of-datetime",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1}, overrides="x", as_of=DAY),
        "overrides='x': must be a list or tuple of Override",
        ("overrides", "x"),
        id="overrides-str",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1}, overrides=[override_of("a"), "x"], as_of=DAY),
        "overrides[1]='x': must be an Override",
        ("overrides[1]", "x"),
        id="overrides-item",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1, "c": 1}, overrides=[override_of("b")], as_of=DAY),
        "overrides[0].component='b': is not a component of the weights (a, c)",
        ("overrides[0].component", "b"),
        id="override-unknown-component",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1}, overrides=[override_of(None)]),
        "as_of=None: is needed to tell whether an override has expired",
        ("as_of", None),
        id="override-without-as_of",
    ),
    pytest.param(
        lambda: health_scores({"a": [1]}, {"a": -1}),
        "weights['a']=-1.0: must be a finite number >= 0",
        ("weights['a']", -1.0),
        id="scalar-weight-negative",
    ),
    pytest.param(
        # Six bad weights: the message lists the first five, and counts all six.
        lambda: health_scores({"a": [1] * 7}, {"a": [-1, -0.5, -2, -3, -4, -5, 6]}),
        "weights['a']=[-1.0, -0.5, -2.0, -3.0, -4.0]: 6 of 7 values are not a finite number "
        ">= 0, first at positions [0, 1, 2, 3, 4, ...]",
        ("weights['a']", [-1.0, -0.5, -2.0, -3.0, -4.0]),
        id="six-bad-weights",
    ),
    pytest.param(
        lambda: health_scores({"a": [1, 2], "b": [3, 4]}, {"a": [1, 0], "b": [2, 0]}),
        "weights=[1]: needs at least one weight above 0: 1 rows have none, first at these "
        "positions",
        ("weights", [1]),
        id="a-row-of-zero-weights",
    ),
    pytest.param(
        lambda: health_scores({"a": [1, 2]}, {"a": [1, math.inf]}),
        "weights['a']=[inf]: 1 of 2 values are not a finite number >= 0, first at positions [1]",
        ("weights['a']", [math.inf]),
        id="weight-column-inf",
    ),
    pytest.param(
        lambda: health_scores({"a": [1]}, {"a": "heavy"}),
        "weights['a']='heavy': must be numeric (a number or an array of numbers)",
        ("weights['a']", "heavy"),
        id="weight-not-numeric",
    ),
    pytest.param(
        lambda: health_scores({"a": [100.5]}, {"a": 1}),
        "components['a']=[100.5]: 1 of 1 values are not a finite number in [0, 100], or NaN "
        "(unknown), first at positions [0]",
        ("components['a']", [100.5]),
        id="component-column-above-100",
    ),
    pytest.param(
        lambda: health_scores({"a": [1, 2]}, {"a": [1, 2, 3]}),
        "shape=((2,), (3,)): components['a'] and weights['a'] do not broadcast together",
        ("shape", ((2,), (3,))),
        id="columns-do-not-broadcast",
    ),
    pytest.param(
        lambda: health_scores({"a": [[1, 2]]}, {"a": 1}),
        "shape=(1, 2): columns must be one-dimensional",
        ("shape", (1, 2)),
        id="columns-two-dimensional",
    ),
    # -- Health trend and early warning --------------------------------------------------
    pytest.param(
        lambda: health_trend_of(current=-0.5),
        "current=-0.5: must be a finite number in [0, 100], or NaN (unknown)",
        ("current", -0.5),
        id="HealthTrend.current-below-0",
    ),
    pytest.param(
        lambda: health_trend_of(current=100.5),
        "current=100.5: must be a finite number in [0, 100], or NaN (unknown)",
        ("current", 100.5),
        id="HealthTrend.current-above-100",
    ),
    pytest.param(
        lambda: health_trend_of(previous=100.5),
        "previous=100.5: must be a finite number in [0, 100], or NaN (unknown)",
        ("previous", 100.5),
        id="HealthTrend.previous-above-100",
    ),
    pytest.param(
        lambda: health_trend_of(change=100.5),
        "change=100.5: must be a finite number in [-100, 100], or NaN (unknown)",
        ("change", 100.5),
        id="HealthTrend.change-above-100",
    ),
    pytest.param(
        lambda: health_trend_of(change=-100.5),
        "change=-100.5: must be a finite number in [-100, 100], or NaN (unknown)",
        ("change", -100.5),
        id="HealthTrend.change-below-minus-100",
    ),
    pytest.param(
        lambda: health_trend_of(drivers=[("adoption", 1.0)]),
        "drivers=[('adoption', 1.0)]: must be a mapping name -> points",
        ("drivers", [("adoption", 1.0)]),
        id="HealthTrend.drivers-list",
    ),
    pytest.param(
        lambda: health_trend_of(drivers={"": 1.0}),
        "drivers='': names must be non-empty strings",
        ("drivers", ""),
        id="HealthTrend.drivers-empty-name",
    ),
    pytest.param(
        lambda: health_trend_of(drivers={3: 1.0}),
        "drivers=3: names must be non-empty strings",
        ("drivers", 3),
        id="HealthTrend.drivers-int-name",
    ),
    pytest.param(
        lambda: health_trend(50, None, as_of="2026-03-31"),
        "as_of='2026-03-31': must be a datetime.date",
        ("as_of", "2026-03-31"),
        id="as_of-str",
    ),
    pytest.param(
        lambda: health_trend(50, None, as_of=datetime(2026, 3, 31)),
        "as_of=datetime.datetime(2026, 3, 31, 0, 0): must be a datetime.date",
        ("as_of", datetime(2026, 3, 31)),
        id="as_of-datetime",
    ),
    pytest.param(
        lambda: health_trend(-0.5, None, as_of=TREND_DAY),
        "current=-0.5: must be a finite number in [0, 100], or NaN (unknown)",
        ("current", -0.5),
        id="current-below-0",
    ),
    pytest.param(
        lambda: health_trend(100.5, None, as_of=TREND_DAY),
        "current=100.5: must be a finite number in [0, 100], or NaN (unknown)",
        ("current", 100.5),
        id="current-above-100",
    ),
    pytest.param(
        lambda: health_trend(50, -0.5, as_of=TREND_DAY, previous_on=TREND_BEFORE),
        "previous=-0.5: must be a finite number in [0, 100], or NaN (unknown)",
        ("previous", -0.5),
        id="previous-below-0",
    ),
    pytest.param(
        lambda: health_trend(50, 100.5, as_of=TREND_DAY, previous_on=TREND_BEFORE),
        "previous=100.5: must be a finite number in [0, 100], or NaN (unknown)",
        ("previous", 100.5),
        id="previous-above-100",
    ),
    pytest.param(
        lambda: health_trend(50, None, as_of=TREND_DAY, previous_on=TREND_BEFORE),
        "previous_on=datetime.date(2026, 3, 1): must be None without a previous score",
        ("previous_on", TREND_BEFORE),
        id="previous_on-without-previous",
    ),
    pytest.param(
        lambda: health_trend(50, 60, as_of=TREND_DAY, previous_on="2026-03-01"),
        "previous_on='2026-03-01': must be a datetime.date with a previous score",
        ("previous_on", "2026-03-01"),
        id="previous_on-str",
    ),
    pytest.param(
        lambda: health_trend(50, 60, as_of=TREND_DAY, previous_on=datetime(2026, 3, 1)),
        "previous_on=datetime.datetime(2026, 3, 1, 0, 0): "
        "must be a datetime.date with a previous score",
        ("previous_on", datetime(2026, 3, 1)),
        id="previous_on-datetime",
    ),
    pytest.param(
        lambda: health_trend(50, 60, as_of=TREND_DAY, previous_on=date(2026, 4, 1)),
        "previous_on=datetime.date(2026, 4, 1): is after as_of=2026-03-31",
        ("previous_on", date(2026, 4, 1)),
        id="previous_on-after-as_of",
    ),
    pytest.param(
        lambda: early_warning("90", 75, 30),
        "previous='90': must be numeric (a number or an array of numbers)",
        ("previous", "90"),
        id="ew-previous-str",
    ),
    pytest.param(
        lambda: early_warning(90, "75", 30),
        "current='75': must be numeric (a number or an array of numbers)",
        ("current", "75"),
        id="ew-current-str",
    ),
    pytest.param(
        lambda: early_warning(100.5, 75, 30),
        "previous=100.5: must be a finite number in [0, 100], or NaN (unknown)",
        ("previous", 100.5),
        id="ew-previous-above-100",
    ),
    pytest.param(
        lambda: early_warning(90, 100.5, 30),
        "current=100.5: must be a finite number in [0, 100], or NaN (unknown)",
        ("current", 100.5),
        id="ew-current-above-100",
    ),
    pytest.param(
        lambda: early_warning(90, 75, "30"),
        "days_since='30': must be numeric (a number or an array of numbers)",
        ("days_since", "30"),
        id="ew-days-str",
    ),
    pytest.param(
        # A scalar is reported as a float, not as a one-item list.
        lambda: early_warning(90, 75, -1),
        "days_since=-1.0: must be a finite number >= 0, or NaN (unknown)",
        ("days_since", -1.0),
        id="ew-days-negative-scalar",
    ),
    pytest.param(
        # Six bad values: the message lists the first five only.
        lambda: early_warning(90, 75, [-1, -2, -3, -4, -5, -6, 1]),
        "days_since=[-1.0, -2.0, -3.0, -4.0, -5.0]: 6 of 7 values are not a finite number >= 0, "
        "or NaN (unknown), first at positions [0, 1, 2, 3, 4, ...]",
        ("days_since", [-1.0, -2.0, -3.0, -4.0, -5.0]),
        id="ew-days-six-bad",
    ),
    pytest.param(
        lambda: early_warning([90, 90], [75, 75, 75], 1),
        "shape=((2,), (3,), ()): previous, current and days_since do not broadcast together",
        ("shape", ((2,), (3,), ())),
        id="ew-shapes-previous-current",
    ),
    pytest.param(
        lambda: early_warning(90, [75, 75], [1, 2, 3]),
        "shape=((), (2,), (3,)): previous, current and days_since do not broadcast together",
        ("shape", ((), (2,), (3,))),
        id="ew-shapes-current-days",
    ),
    # -- Segments ------------------------------------------------------------------------
    pytest.param(
        lambda: segment_tier(max_arr=-1),
        "max_arr=-1: must be a finite number >= 0",
        ("max_arr", -1),
        id="max_arr-negative",
    ),
    pytest.param(
        lambda: segment_tier(max_arr=-math.inf),
        "max_arr=-inf: must be a finite number >= 0",
        ("max_arr", -math.inf),
        id="max_arr-minus-inf",
    ),
    pytest.param(
        lambda: segment_tier(min_arr=50, max_arr=10),
        "max_arr=10: must exceed min_arr=50",
        ("max_arr", 10),
        id="max_arr-below-min",
    ),
    pytest.param(
        lambda: segment_tier(min_arr=50, max_arr=50),
        "max_arr=50: must exceed min_arr=50",
        ("max_arr", 50),
        id="max_arr-equal-min",
    ),
    pytest.param(
        lambda: check_tiers([]),
        "segments=(): needs at least one tier",
        ("segments", ()),
        id="tiers-empty",
    ),
    pytest.param(
        lambda: check_tiers([segment_tier(max_arr=10), "x"]),
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
        lambda: check_tiers([DIGITAL, segment_tier(min_arr=20_000, max_arr=100_000), HIGH_TOUCH]),
        "segments[1].min_arr=20000: must equal segments[0].max_arr=10000.0 (a gap between tiers)",
        ("segments[1].min_arr", 20_000),
        id="tiers-gap-at-1",
    ),
    pytest.param(
        lambda: check_tiers([DIGITAL, segment_tier(min_arr=5_000, max_arr=100_000), HIGH_TOUCH]),
        "segments[1].min_arr=5000: must equal segments[0].max_arr=10000.0 "
        "(an overlap between tiers)",
        ("segments[1].min_arr", 5_000),
        id="tiers-overlap-at-1",
    ),
    pytest.param(
        lambda: check_tiers([DIGITAL, SCALED, segment_tier(min_arr=200_000)]),
        "segments[2].min_arr=200000: must equal segments[1].max_arr=100000.0 (a gap between tiers)",
        ("segments[2].min_arr", 200_000),
        id="tiers-gap-at-2",
    ),
    pytest.param(
        lambda: check_tiers([DIGITAL, SCALED, segment_tier(min_arr=50_000)]),
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
        "arr=-1.0: must be a finite number >= 0",
        ("arr", -1.0),
        id="arr-negative-scalar",
    ),
    pytest.param(
        lambda: segment_for(math.inf),
        "arr=inf: must be a finite number >= 0",
        ("arr", math.inf),
        id="arr-inf-scalar",
    ),
    pytest.param(
        # Six bad values: the message lists the first five values and positions only.
        lambda: segment_for([-1, -2, -3, -4, -5, -6, 7]),
        "arr=[-1.0, -2.0, -3.0, -4.0, -5.0]: 6 of 7 values are not a finite number >= 0, first "
        "at positions [0, 1, 2, 3, 4, ...]",
        ("arr", [-1.0, -2.0, -3.0, -4.0, -5.0]),
        id="arr-six-bad",
    ),
    pytest.param(
        lambda: coverage_plan([1, math.inf, -3]),
        "arr=[inf, -3.0]: 2 of 3 values are not a finite number >= 0, first at positions [1, 2]",
        ("arr", [math.inf, -3.0]),
        id="arr-two-bad",
    ),
    # -- Sequencing ----------------------------------------------------------------------
    pytest.param(
        lambda: phase([50, 60], [50, 60, 70]),
        "shape=((2,), (3,)): trust_index and proof_score do not broadcast together",
        ("shape", ((2,), (3,)), None),
        id="shape",
    ),
    pytest.param(
        lambda: phase(50, 50, trust_bar="x"),
        "trust_bar='x': must be a finite number in [0, 100]",
        ("trust_bar", "x", None),
        id="trust-bar-not-numeric",
    ),
    pytest.param(
        lambda: phase(50, 50, proof_bar="x"),
        "proof_bar='x': must be a finite number in [0, 100]",
        ("proof_bar", "x", None),
        id="proof-bar-not-numeric",
    ),
    pytest.param(
        lambda: phase(50, 50, trust_bar=100.5),
        "trust_bar=100.5: must be a finite number in [0, 100]",
        ("trust_bar", 100.5, None),
        id="trust-bar-above-100",
    ),
    pytest.param(
        lambda: phase(50, 50, proof_bar=100.5),
        "proof_bar=100.5: must be a finite number in [0, 100]",
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
        "proof_score=100.5: must be a finite number in [0, 100]",
        ("proof_score", 100.5, None),
        id="proof-above-100",
    ),
    pytest.param(
        lambda: check_play("acme", Phase.GROW, "EXPAND"),
        "play='EXPAND' (account 'acme'): must be an Action",
        ("play", "EXPAND", "acme"),
        id="play-not-an-action",
    ),
    pytest.param(
        lambda: check_play("acme", 2, Action.EXPAND),
        "account_phase=2 (account 'acme'): must be a Phase",
        ("account_phase", 2, "acme"),
        id="phase-not-a-phase",
    ),
    # -- Stages and adoption measures ----------------------------------------------------
    pytest.param(
        lambda: check_transition(Stage.SETUP, "ADOPTION", account_id="acme"),
        "stage='ADOPTION' (account 'acme'): must be a Stage",
        ("stage", "ADOPTION", "acme"),
        id="transition-new-not-stage",
    ),
    pytest.param(
        lambda: check_transition(2, Stage.ADOPTION, account_id="acme"),
        "current=2 (account 'acme'): must be a Stage",
        ("current", 2, "acme"),
        id="transition-current-not-stage",
    ),
    pytest.param(
        lambda: check_transition(Stage.ACTIVATION, Stage.EXPANSION, account_id="acme"),
        "stage=<Stage.EXPANSION: 4> (account 'acme'): skips ADOPTION, OUTCOMES: "
        "a move from ACTIVATION must go to ADOPTION first",
        ("stage", Stage.EXPANSION, "acme"),
        id="transition-skips-two",
    ),
    pytest.param(
        lambda: check_transition(Stage.SETUP, Stage.ADOPTION),
        "stage=<Stage.ADOPTION: 2>: skips ACTIVATION: "
        "a move from SETUP must go to ACTIVATION first",
        ("stage", Stage.ADOPTION, None),
        id="transition-skips-one",
    ),
    pytest.param(
        lambda: check_transition(Stage.SETUP, Stage.RENEWAL, account_id="acme"),
        "stage=<Stage.RENEWAL: 5> (account 'acme'): skips ACTIVATION, ADOPTION, OUTCOMES, "
        "EXPANSION: a move from SETUP must go to ACTIVATION first",
        ("stage", Stage.RENEWAL, "acme"),
        id="transition-skips-all",
    ),
    pytest.param(
        lambda: weekly_active_usage("7", 60),
        "weekly_active_users='7': must be numeric (a number or an array of numbers)",
        ("weekly_active_users", "7", None),
        id="wau-part-str",
    ),
    pytest.param(
        lambda: weekly_active_usage(7, "60"),
        "licensed_users='60': must be numeric (a number or an array of numbers)",
        ("licensed_users", "60", None),
        id="wau-whole-str",
    ),
    pytest.param(
        lambda: weekly_active_usage(-1, 60),
        "weekly_active_users=-1.0: must be a finite number >= 0",
        ("weekly_active_users", -1.0),
        id="wau-negative",
    ),
    pytest.param(
        lambda: weekly_active_usage(61, 60),
        "weekly_active_users=61.0: must not exceed licensed_users=60.0",
        ("weekly_active_users", 61.0),
        id="wau-above-licences",
    ),
    pytest.param(
        lambda: depth(-1, 4),
        "core_workflows_used=-1.0: must be a finite number >= 0",
        ("core_workflows_used", -1.0),
        id="depth-negative",
    ),
    pytest.param(
        lambda: depth(5, 4),
        "core_workflows_used=5.0: must not exceed core_workflows=4.0",
        ("core_workflows_used", 5.0),
        id="depth-above-whole",
    ),
    pytest.param(
        lambda: depth([1, 2], [4, math.inf]),
        "core_workflows=[inf]: 1 of 2 values are not a finite number >= 0, first at positions [1]",
        ("core_workflows", [math.inf]),
        id="depth-infinite-whole",
    ),
    pytest.param(
        lambda: breadth(1, -8),
        "teams=-8.0: must be a finite number >= 0",
        ("teams", -8.0),
        id="breadth-negative-whole",
    ),
    pytest.param(
        lambda: breadth(9, 8),
        "teams_using=9.0: must not exceed teams=8.0",
        ("teams_using", 9.0),
        id="breadth-above-whole",
    ),
    pytest.param(
        lambda: breadth("2", 8),
        "teams_using='2': must be numeric (a number or an array of numbers)",
        ("teams_using", "2", None),
        id="breadth-part-str",
    ),
    pytest.param(
        lambda: time_to_value("2026-03-01", date(2026, 3, 20)),
        "started_on='2026-03-01': must be a datetime.date",
        ("started_on", "2026-03-01", None),
        id="ttv-started-str",
    ),
    pytest.param(
        lambda: time_to_value(date(2026, 3, 1), "2026-03-20"),
        "first_value_on='2026-03-20': must be a datetime.date",
        ("first_value_on", "2026-03-20", None),
        id="ttv-first-value-str",
    ),
    pytest.param(
        lambda: time_to_value(date(2026, 3, 1), datetime(2026, 3, 20)),
        "first_value_on=datetime.datetime(2026, 3, 20, 0, 0): must be a datetime.date",
        ("first_value_on", datetime(2026, 3, 20), None),
        id="ttv-first-value-datetime",
    ),
    pytest.param(
        lambda: time_to_value(None, None),  # type: ignore[arg-type]
        "started_on=None: must be a datetime.date",
        ("started_on", None, None),
        id="ttv-started-none",  # refused even when there is no value yet
    ),
    pytest.param(
        lambda: time_to_value(date(2026, 3, 2), date(2026, 3, 1)),
        "first_value_on=datetime.date(2026, 3, 1): must be on or after started_on=2026-03-02",
        ("first_value_on", date(2026, 3, 1), None),
        id="ttv-before-start",
    ),
    pytest.param(
        lambda: activation_rate([1, 0]),
        "reached_first_value=[1, 0]: must be booleans (one per account)",
        ("reached_first_value", [1, 0], None),
        id="activation-ints",
    ),
    pytest.param(
        lambda: depth([3, 5], [4, 4]),
        "core_workflows_used=[5.0]: 1 of 2 values exceed core_workflows, first at positions [1]",
        ("core_workflows_used", [5.0]),
        id="depth-array-above-whole",
    ),
    pytest.param(
        lambda: activation_rate([[True], [True, False]]),
        "reached_first_value=[[True], [True, False]]: must be booleans (one per account)",
        ("reached_first_value", [[True], [True, False]]),
        id="activation-ragged",
    ),
    # -- assess --------------------------------------------------------------------------
    pytest.param(
        lambda: assess("acme", as_of=AS_OF),
        "account='acme': must be an Account",
        ("account", "acme", None),
        id="not-an-account",
    ),
    pytest.param(
        lambda: assess(account(), as_of=datetime(2026, 6, 30)),
        "as_of=datetime.datetime(2026, 6, 30, 0, 0) (account 'acme'): must be a datetime.date",
        ("as_of", datetime(2026, 6, 30), "acme"),
        id="as-of-a-datetime",
    ),
    pytest.param(
        lambda: assess(account(), as_of=AS_OF, scored_at=date(2026, 6, 30)),
        "scored_at=datetime.date(2026, 6, 30): must be a time-zone-aware datetime.datetime (a "
        "naive time names no instant; give tzinfo, e.g. datetime.now(UTC))",
        ("scored_at", date(2026, 6, 30), None),
        id="scored-at-a-date",
    ),
    pytest.param(
        lambda: assess(
            account(credibility=6.0, intimacy=5.0, self_orientation=5.0),
            as_of=AS_OF,
            policy=Policy(trust_scale_max=5.0),
        ),
        "account 'acme' does not fit the policy:\n  credibility=6.0 (account 'acme'): must be "
        "a finite number in [1, 5] (the policy's trust scale)",
        ("credibility", 6.0, "acme"),
        id="off-the-policy-scale",
    ),
    pytest.param(
        lambda: assess(account(), as_of=AS_OF, policy="strict"),  # type: ignore[arg-type]
        "policy='strict': must be a Policy",
        ("policy", "strict"),
        id="assess-policy-not-a-policy",
    ),
    pytest.param(
        lambda: score_book(Book.from_accounts([account()]), as_of=AS_OF, policy="strict"),  # type: ignore[arg-type]
        "policy='strict': must be a Policy",
        ("policy", "strict"),
        id="score-book-policy-not-a-policy",
    ),
    pytest.param(
        lambda: score_book(Book.from_accounts([account()]), as_of=AS_OF, workers=0),
        "workers=0: must be a whole number >= 1 (at most 2**53)",
        ("workers", 0),
        id="score-book-no-workers",
    ),
    # The same rule in the same words, whether an object or a book row breaks it:
    pytest.param(
        lambda: Adoption(licensed_users=10, weekly_active_users=12),
        "weekly_active_users=12: must not exceed licensed_users=10",
        ("weekly_active_users", 12),
        id="adoption-object",
    ),
    pytest.param(
        lambda: Book.from_frames(
            pd.DataFrame(
                {"account_id": ["a"], "arr": [1.0], **ADOPTION, "weekly_active_users": [12]}
            )
        ),
        "1 bad values in the frames:\n"
        "  weekly_active_users=12 (account 'a', row 0): must not exceed licensed_users=10",
        ("weekly_active_users", 12, "a"),
        id="adoption-book-row",
    ),
    # A cell holding a list is refused by name, not a TypeError from a set of cells;
    # a column of lists is refused as a column:
    pytest.param(
        lambda: Book.from_frames(
            pd.DataFrame({"account_id": ["a", "b"], "arr": [1.0] * 2, "name": ["A", ["Pat"]]})
        ),
        "1 bad values in the frames:\n"
        "  name=['Pat'] (account 'b', row 1): must be a non-empty string",
        ("name", ["Pat"], "b"),
        id="list-in-a-text-cell",
    ),
    pytest.param(
        lambda: Book.from_frames(
            pd.DataFrame({"account_id": ["a"], "arr": [1.0], "decision_maker": [["Pat"]]})
        ),
        "1 bad values in the frames:\n"
        "  accounts.decision_maker=['Pat']: must be a non-empty string: "
        "the column holds list<item: string>",
        ("accounts.decision_maker", ["Pat"]),
        id="list-column",
    ),
    pytest.param(
        lambda: Book.from_frames(
            pd.DataFrame({"account_id": ["a"], "arr": [1.0]}),
            pd.DataFrame(
                {
                    "account_id": ["a", "a", "a"],
                    "commitment_id": [["c1"], ["c1"], "c2"],
                    "description": ["Send the guide"] * 3,
                    "made_on": pd.to_datetime(["2026-01-05"] * 3),
                    "due": pd.to_datetime(["2026-01-09"] * 3),
                }
            ),
        ),
        "2 bad values in the frames:\n"
        "  commitments[None].id=['c1'] (account 'a', row 0): must be a non-empty string\n"
        "  commitments[None].id=['c1'] (account 'a', row 1): must be a non-empty string",
        ("commitments[None].id", ["c1"], "a"),
        id="list-ids-repeated",
    ),
    # -- Books ---------------------------------------------------------------------------
    pytest.param(
        lambda: score_book([], as_of=AS_OF),
        "book='list': must be a Book",
        ("book", "list", None),
        id="not-a-book",
    ),
    pytest.param(
        lambda: score_book(Book.from_accounts([account()]), as_of=MIDNIGHT),
        "as_of=datetime.datetime(2026, 6, 30, 0, 0, tzinfo=datetime.timezone.utc): "
        "must be a datetime.date",
        ("as_of", MIDNIGHT, None),
        id="as-of-a-datetime",
    ),
    pytest.param(
        lambda: score_book(Book.from_accounts([account()]), as_of=AS_OF, errors="skip"),
        "errors='skip': must be 'raise' or 'mark'",
        ("errors", "skip", None),
        id="errors",
    ),
    pytest.param(
        lambda: score_book(Book.from_accounts([account()]), as_of=AS_OF, scored_at=AS_OF),
        "scored_at=datetime.date(2026, 6, 30): must be a time-zone-aware datetime.datetime (a "
        "naive time names no instant; give tzinfo, e.g. datetime.now(UTC))",
        ("scored_at", AS_OF, None),
        id="scored-at-a-date",
    ),
]


@pytest.mark.parametrize(("call", "message", "where"), REFUSALS)
def test_each_refusal_is_named_exactly(
    call: Callable[[], object], message: str, where: tuple[Any, ...]
) -> None:
    """The error names the field, the value (of the type given) and the account, and
    reads exactly as stated."""
    assert_refused(call, message, where, same_type=True)
