"""Health scores, pinned exactly: whole error messages, boundaries, hand-computed points.

Every error names the field, the value and the account (DOMAIN.md, issue 2), so the
messages below are public contract: each test asserts the whole text and the
``(field, value, account_id)`` triple, not just the exception type.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest

from cs_framework import (
    Band,
    ComponentScore,
    HealthScore,
    InvalidInputError,
    Override,
    Policy,
    Scorecard,
    health_score,
    health_scores,
)
from cs_framework._health import (
    COVERAGE_TOLERANCE,
    health_kernel,
    nan_equal,
    scorecard_weights,
)
from helpers import assert_refused

NAN = math.nan
DAY = date(2026, 3, 1)
SCORED = datetime(2026, 3, 2, 9, 0)


def score(**changes: Any) -> HealthScore:
    """A valid YELLOW HealthScore with some fields changed."""
    fields: dict[str, Any] = {"value": 50.0, "band": Band.YELLOW, "coverage": 1.0}
    return HealthScore(**{**fields, **changes})


def override(component: str | None, value: float = 10.0) -> Override:
    return Override(component=component, value=value, reason="CSM call", expires_on=DAY)


ERRORS = [
    # HealthScore fields
    pytest.param(
        lambda: score(scored_at="2026-03-01"),
        "scored_at='2026-03-01': must be a datetime.datetime or None",
        ("scored_at", "2026-03-01"),
        id="HealthScore.scored_at-str",
    ),
    pytest.param(
        lambda: score(escalation_due="soon"),
        "escalation_due='soon': must be a datetime.datetime or None",
        ("escalation_due", "soon"),
        id="HealthScore.escalation_due-str",
    ),
    pytest.param(
        lambda: score(value=-0.5, band=Band.RED),
        "value=-0.5: must be a finite number in [0, 100]",
        ("value", -0.5),
        id="HealthScore.value-below-0",
    ),
    pytest.param(
        lambda: score(contributions=[("adoption", 1.0)]),
        "contributions=[('adoption', 1.0)]: must be a mapping name -> points",
        ("contributions", [("adoption", 1.0)]),
        id="HealthScore.contributions-list",
    ),
    pytest.param(
        lambda: score(contributions={"": 1.0}),
        "contributions='': names must be non-empty strings",
        ("contributions", ""),
        id="HealthScore.contributions-empty-name",
    ),
    pytest.param(
        lambda: score(contributions={3: 1.0}),
        "contributions=3: names must be non-empty strings",
        ("contributions", 3),
        id="HealthScore.contributions-int-name",
    ),
    pytest.param(
        lambda: score(missing="adoption"),
        "missing='adoption': must be a tuple of str",
        ("missing", "adoption"),
        id="HealthScore.missing-str",
    ),
    pytest.param(
        lambda: score(missing=("adoption", 3)),
        "missing[1]=3: must be a str",
        ("missing[1]", 3),
        id="HealthScore.missing-item",
    ),
    pytest.param(
        lambda: score(overrides="x"),
        "overrides='x': must be a tuple of Override",
        ("overrides", "x"),
        id="HealthScore.overrides-str",
    ),
    pytest.param(
        lambda: score(overrides=[override("adoption"), "x"]),
        "overrides[1]='x': must be an Override",
        ("overrides[1]", "x"),
        id="HealthScore.overrides-item",
    ),
    pytest.param(
        lambda: score(value=20.0, band=Band.RED, scored_at=SCORED),
        "escalation_due=None: must be datetime.datetime(2026, 3, 4, 9, 0): "
        "scored_at + 48 hours for RED, else None",
        ("escalation_due", None),
        id="HealthScore.escalation_due-missing-for-red",
    ),
    pytest.param(
        lambda: score(scored_at=SCORED, escalation_due=SCORED + timedelta(hours=48)),
        "escalation_due=datetime.datetime(2026, 3, 4, 9, 0): must be None: "
        "scored_at + 48 hours for RED, else None",
        ("escalation_due", SCORED + timedelta(hours=48)),
        id="HealthScore.escalation_due-for-yellow",
    ),
    # HealthColumns.at
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
    # health_score: names and weights
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
        "scored_at=datetime.date(2026, 3, 1): must be a datetime.datetime or None",
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
    # health_score: overrides
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1}, overrides="x", as_of=DAY),
        "overrides='x': must be a list or tuple of Override",
        ("overrides", "x"),
        id="overrides-str",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1}, overrides=[override("a"), "x"], as_of=DAY),
        "overrides[1]='x': must be an Override",
        ("overrides[1]", "x"),
        id="overrides-item",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1, "c": 1}, overrides=[override("b")], as_of=DAY),
        "overrides[0].component='b': is not a component of the weights (a, c)",
        ("overrides[0].component", "b"),
        id="override-unknown-component",
    ),
    pytest.param(
        lambda: health_score({"a": 1}, {"a": 1}, overrides=[override(None)]),
        "as_of=None: is needed to tell whether an override has expired",
        ("as_of", None),
        id="override-without-as_of",
    ),
    # health_scores: columns
    pytest.param(
        lambda: health_scores({"a": [1]}, {"a": -1}),
        "weights['a']=-1.0: must be finite and > 0 (1 of 1 values are not)",
        ("weights['a']", -1.0),
        id="scalar-weight-negative",
    ),
    pytest.param(
        # Six bad weights: the message lists the first five, and counts all six.
        lambda: health_scores({"a": [1] * 7}, {"a": [-1, 0, -2, -3, -4, -5, 6]}),
        "weights['a']=[-1.0, 0.0, -2.0, -3.0, -4.0]: must be finite and > 0 "
        "(6 of 7 values are not)",
        ("weights['a']", [-1.0, 0.0, -2.0, -3.0, -4.0]),
        id="six-bad-weights",
    ),
    pytest.param(
        lambda: health_scores({"a": [1, 2]}, {"a": [1, math.inf]}),
        "weights['a']=[inf]: must be finite and > 0 (1 of 2 values are not)",
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
        "components['a']=[100.5]: 1 of 1 values off [0, 100] or not finite, first at positions [0]",
        ("components['a']", [100.5]),
        id="component-column-above-100",
    ),
    pytest.param(
        lambda: health_scores({"a": [1, 2]}, {"a": [1, 2, 3]}),
        "shape=[(2,), (3,)]: the component and weight columns do not broadcast together",
        ("shape", [(2,), (3,)]),
        id="columns-do-not-broadcast",
    ),
    pytest.param(
        lambda: health_scores({"a": [[1, 2]]}, {"a": 1}),
        "shape=(1, 2): columns must be one-dimensional",
        ("shape", (1, 2)),
        id="columns-two-dimensional",
    ),
]


@pytest.mark.parametrize(("build", "message", "where"), ERRORS)
def test_error_names_field_value_and_reason(
    build: Callable[[], object], message: str, where: tuple[str, object]
) -> None:
    """Each refusal carries its exact message, field and value (no account here)."""
    assert_refused(build, message, where)


def test_nan_equal_only_matches_nan_with_nan() -> None:
    """An unknown score equals an unknown score, never a known one (either order)."""
    assert nan_equal(NAN, NAN)
    assert not nan_equal(1.0, NAN)
    assert not nan_equal(NAN, 1.0)
    assert score(value=NAN, band=Band.UNKNOWN) == score(value=NAN, band=Band.UNKNOWN)
    assert score(value=NAN, band=Band.UNKNOWN) != score()


def test_score_value_bounds_are_inclusive() -> None:
    """HealthScore.value accepts 0 and 100 exactly (and NaN), refuses just outside."""
    assert score(value=0.0, band=Band.RED).value == 0.0
    assert score(value=100.0, band=Band.GREEN).value == 100.0
    assert math.isnan(score(value=NAN, band=Band.UNKNOWN).value)
    with pytest.raises(InvalidInputError, match=r"^value=100\.5: "):
        score(value=100.5, band=Band.GREEN)


def test_contributions_accept_any_mapping_as_a_dict() -> None:
    """A read-only mapping of contributions is copied into a plain dict."""
    s = score(contributions=MappingProxyType({"adoption": 50.0}))
    assert type(s.contributions) is dict
    assert s.contributions == {"adoption": 50.0}


def test_missing_and_overrides_lists_become_tuples() -> None:
    """Lists for missing and overrides are accepted and stored as tuples."""
    o = override("adoption")
    s = score(missing=["nps"], overrides=[o])
    assert (s.missing, s.overrides) == (("nps",), (o,))


def test_at_refuses_a_bool_row() -> None:
    """A bool is not a row number, even though True == 1."""
    with pytest.raises(InvalidInputError) as info:
        health_scores({"a": [80, 30]}, {"a": 1}).at(True)
    assert str(info.value) == "row=True: must be a row number in [0, 2)"


def test_coverage_within_tolerance_below_the_minimum_is_known() -> None:
    """Coverage exactly the tolerance below the minimum still meets it (the >= edge)."""
    # weights 1 and 3, only the first present: coverage 1 / 4 = 0.25 exactly, and
    # (0.25 + 1e-9) - 1e-9 == 0.25 in float64, so the comparison is at its edge.
    floor = 0.25 + COVERAGE_TOLERANCE
    assert floor - COVERAGE_TOLERANCE == 0.25
    value, coverage, points = health_kernel(np.array([[80.0, NAN]]), np.array([1.0, 3.0]), floor)
    assert value.tolist() == [80.0]
    assert coverage.tolist() == [0.25]
    assert points.tolist() == [[80.0, 0.0]]
    s = health_score({"a": 80, "b": None}, {"a": 1, "b": 3}, min_coverage=floor)
    assert (s.value, s.band, s.coverage) == (80.0, Band.GREEN, 0.25)
    # Just beyond the tolerance the score is unknown.
    above = np.nextafter(floor, 1.0)
    value, _, points = health_kernel(np.array([[80.0, NAN]]), np.array([1.0, 3.0]), above)
    assert math.isnan(value[0])
    assert np.isnan(points).all()


def test_default_stale_limit_is_ninety_days() -> None:
    """By default a score measured 90 days ago is fresh and 91 days ago is stale."""
    weights = {"adoption": 1, "support": 1}
    fresh = ComponentScore(value=20.0, measured_on=DAY - timedelta(days=90))
    stale = ComponentScore(value=20.0, measured_on=DAY - timedelta(days=91))
    s = health_score({"adoption": fresh, "support": 80}, weights, as_of=DAY)
    # (20 + 80) / 2 = 50, both present
    assert (s.value, s.missing, s.coverage) == (50.0, (), 1.0)
    s = health_score({"adoption": stale, "support": 80}, weights, as_of=DAY)
    # adoption stale -> missing; support alone at coverage 0.5 meets the minimum 0.5
    assert (s.value, s.missing, s.coverage) == (80.0, ("adoption",), 0.5)


def test_component_column_bound_is_inclusive_at_100() -> None:
    """health_scores accepts a component score of exactly 100."""
    assert health_scores({"a": [100.0, 0.0]}, {"a": 1}).value.tolist() == [100.0, 0.0]


def test_scorecard_weights_are_float64_for_integer_weights() -> None:
    """The weight matrix is float64 even when the scorecard's weights are ints."""
    policy = Policy(scorecard=Scorecard(weights={"adoption": 2, "support": 1}))
    names, w = scorecard_weights(policy, np.array([0, 1], dtype=np.int8))
    assert names == ("adoption", "support")
    assert w.dtype == np.float64
    assert w.tolist() == [[2.0, 1.0], [2.0, 1.0]]


def test_value_is_kept_within_its_own_rows_components() -> None:
    """Equal components give exactly that score, whatever the rounding of the weighted sum."""
    # Each row's weighted sum, unclipped, rounds off the components' common value:
    #   row 0: 0.1 with shares 0.7, 0.2, 1.0 of 1.9 sums to 0.09999999999999999 (below);
    #   row 1: 70.1 with shares 0.2, 0.7, 0.1 of 1.0 sums to 70.10000000000001 (above).
    # Both have a missing component, and row 2 spans 0..100, so the clip must use each
    # row's own smallest and largest component present, not the whole batch's.
    values = np.array(
        [[0.1, 0.1, 0.1, NAN], [70.1, 70.1, 70.1, NAN], [0.0, 100.0, NAN, NAN]],
    )
    weights = np.array([[0.7, 0.2, 1.0, 0.5], [0.2, 0.7, 0.1, 0.5], [1.0, 1.0, 1.0, 1.0]])
    value, coverage, points = health_kernel(values, weights, 0.5)
    assert points.sum(axis=1).tolist() == [0.09999999999999999, 70.10000000000001, 50.0]
    assert value.tolist() == [0.1, 70.1, 50.0]
    # coverage: 1.9 / 2.4, 1.0 / 1.5, 2 / 4
    assert coverage.tolist() == [1.9 / 2.4, 1.0 / 1.5, 0.5]
