"""Health trend, pinned exactly: whole error messages, bounds, the drop tolerance, drivers.

Every error names the field, the value and the account (DOMAIN.md, issue 2), so the
messages below are public contract: each test asserts the whole text and the
``(field, value, account_id)`` triple, not just the exception type.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import numpy as np
import pytest

from cs_framework import (
    HealthTrend,
    InvalidInputError,
    Policy,
    early_warning,
    health_score,
    health_trend,
)
from cs_framework._trend import DROP_TOLERANCE
from helpers import assert_refused

AS_OF = date(2026, 3, 31)
BEFORE = date(2026, 3, 1)


def trend(**changes: Any) -> HealthTrend:
    """A valid HealthTrend (90 -> 72) with some fields changed."""
    fields: dict[str, Any] = {"current": 72.0, "previous": 90.0, "change": -18.0, "as_of": AS_OF}
    return HealthTrend(**{**fields, **changes})


ERRORS = [
    # HealthTrend fields: scores on [0, 100], the change on [-100, 100]
    pytest.param(
        lambda: trend(current=-0.5),
        "current=-0.5: must be a finite number in [0, 100]",
        ("current", -0.5),
        id="HealthTrend.current-below-0",
    ),
    pytest.param(
        lambda: trend(current=100.5),
        "current=100.5: must be a finite number in [0, 100]",
        ("current", 100.5),
        id="HealthTrend.current-above-100",
    ),
    pytest.param(
        lambda: trend(previous=100.5),
        "previous=100.5: must be a finite number in [0, 100]",
        ("previous", 100.5),
        id="HealthTrend.previous-above-100",
    ),
    pytest.param(
        lambda: trend(change=100.5),
        "change=100.5: must be a finite number in [-100, 100]",
        ("change", 100.5),
        id="HealthTrend.change-above-100",
    ),
    pytest.param(
        lambda: trend(change=-100.5),
        "change=-100.5: must be a finite number in [-100, 100]",
        ("change", -100.5),
        id="HealthTrend.change-below-minus-100",
    ),
    pytest.param(
        lambda: trend(drivers=[("adoption", 1.0)]),
        "drivers=[('adoption', 1.0)]: must be a mapping name -> points",
        ("drivers", [("adoption", 1.0)]),
        id="HealthTrend.drivers-list",
    ),
    pytest.param(
        lambda: trend(drivers={"": 1.0}),
        "drivers='': names must be non-empty strings",
        ("drivers", ""),
        id="HealthTrend.drivers-empty-name",
    ),
    pytest.param(
        lambda: trend(drivers={3: 1.0}),
        "drivers=3: names must be non-empty strings",
        ("drivers", 3),
        id="HealthTrend.drivers-int-name",
    ),
    # health_trend: the day, the scores, the previous day
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
        lambda: health_trend(-0.5, None, as_of=AS_OF),
        "current=-0.5: must be a finite number in [0, 100]",
        ("current", -0.5),
        id="current-below-0",
    ),
    pytest.param(
        lambda: health_trend(100.5, None, as_of=AS_OF),
        "current=100.5: must be a finite number in [0, 100]",
        ("current", 100.5),
        id="current-above-100",
    ),
    pytest.param(
        lambda: health_trend(50, -0.5, as_of=AS_OF, previous_on=BEFORE),
        "previous=-0.5: must be a finite number in [0, 100]",
        ("previous", -0.5),
        id="previous-below-0",
    ),
    pytest.param(
        lambda: health_trend(50, 100.5, as_of=AS_OF, previous_on=BEFORE),
        "previous=100.5: must be a finite number in [0, 100]",
        ("previous", 100.5),
        id="previous-above-100",
    ),
    pytest.param(
        lambda: health_trend(50, None, as_of=AS_OF, previous_on=BEFORE),
        "previous_on=datetime.date(2026, 3, 1): must be None without a previous score",
        ("previous_on", BEFORE),
        id="previous_on-without-previous",
    ),
    pytest.param(
        lambda: health_trend(50, 60, as_of=AS_OF, previous_on="2026-03-01"),
        "previous_on='2026-03-01': must be a datetime.date with a previous score",
        ("previous_on", "2026-03-01"),
        id="previous_on-str",
    ),
    pytest.param(
        lambda: health_trend(50, 60, as_of=AS_OF, previous_on=datetime(2026, 3, 1)),
        "previous_on=datetime.datetime(2026, 3, 1, 0, 0): "
        "must be a datetime.date with a previous score",
        ("previous_on", datetime(2026, 3, 1)),
        id="previous_on-datetime",
    ),
    pytest.param(
        lambda: health_trend(50, 60, as_of=AS_OF, previous_on=date(2026, 4, 1)),
        "previous_on=datetime.date(2026, 4, 1): is after as_of=2026-03-31",
        ("previous_on", date(2026, 4, 1)),
        id="previous_on-after-as_of",
    ),
    # early_warning: the arrays
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
        "previous=100.5: must be in [0, 100]",
        ("previous", 100.5),
        id="ew-previous-above-100",
    ),
    pytest.param(
        lambda: early_warning(90, 100.5, 30),
        "current=100.5: must be in [0, 100]",
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
        "days_since=-1.0: must be finite and >= 0, or NaN (no previous date)",
        ("days_since", -1.0),
        id="ew-days-negative-scalar",
    ),
    pytest.param(
        # Six bad values: the message lists the first five only.
        lambda: early_warning(90, 75, [-1, -2, -3, -4, -5, -6, 1]),
        "days_since=[-1.0, -2.0, -3.0, -4.0, -5.0]: "
        "must be finite and >= 0, or NaN (no previous date)",
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
]


@pytest.mark.parametrize(("call", "message", "where"), ERRORS)
def test_bad_input_is_refused_by_name(
    call: Callable[[], Any], message: str, where: tuple[str, Any]
) -> None:
    """Bad input raises naming the field, the value and the reason, word for word."""
    assert_refused(call, message, where, same_type=True)


def test_the_scalar_days_since_error_value_is_a_float() -> None:
    """A bad scalar ``days_since`` is reported as the float itself, not wrapped in a list."""
    with pytest.raises(InvalidInputError) as info:
        early_warning(90, 75, np.float64(-2.5))
    assert type(info.value.value) is float
    assert info.value.value == -2.5


RULE_BOUNDS = [
    # drop is on (0, 100], window_days on (0, inf): 0 is refused, 100.5 too for drop.
    pytest.param({"drop": 0}, "drop", 0, id="drop-0"),
    pytest.param({"drop": -1}, "drop", -1, id="drop-negative"),
    pytest.param({"drop": 100.5}, "drop", 100.5, id="drop-above-100"),
    pytest.param({"window_days": 0}, "window_days", 0, id="window-0"),
    pytest.param({"window_days": -1}, "window_days", -1, id="window-negative"),
]


@pytest.mark.parametrize(("rule", "field", "value"), RULE_BOUNDS)
def test_the_warning_rule_is_refused_off_its_range(
    rule: dict[str, float], field: str, value: float
) -> None:
    """``drop`` must be in (0, 100] and ``window_days`` > 0, in both entry points."""
    for call in (
        lambda: early_warning(90, 75, 30, **rule),
        lambda: health_trend(50, None, as_of=AS_OF, **rule),
    ):
        with pytest.raises(InvalidInputError) as info:
            call()
        assert (info.value.field, info.value.value, info.value.account_id) == (field, value, None)


def test_drop_error_message_shows_the_open_bound() -> None:
    """A drop of 0 is refused, and the reason says so: "(0, 100]", not "[0, 100]"."""
    with pytest.raises(InvalidInputError) as info:
        early_warning(90, 75, 30, drop=0)
    assert str(info.value) == "drop=0: must be a finite number in (0, 100]"


def test_window_days_error_message() -> None:
    """A window of 0 days is refused with the reason "> 0" (the bound is open)."""
    with pytest.raises(InvalidInputError) as info:
        early_warning(90, 75, 30, window_days=0)
    assert str(info.value) == "window_days=0: must be a finite number > 0"


def test_the_default_rule_is_the_policy_default() -> None:
    """By default, 15 points within 30 days (the last day included): Policy()'s values."""
    policy = Policy()
    assert (policy.early_warning_drop, policy.early_warning_days) == (15.0, 30.0)
    assert early_warning(90, 75, [30, 31]).tolist() == [True, False]
    assert early_warning(90, 75.5, 1) is False


def test_small_positive_rules_are_accepted() -> None:
    """A drop of 0.5 and a window of half a day are valid (only 0 and below are refused)."""
    # 90 -> 89.5 is a fall of exactly 0.5 within 0.5 days.
    assert early_warning(90, 89.5, 0.5, drop=0.5, window_days=0.5) is True
    assert early_warning(90, 89.5, 0.6, drop=0.5, window_days=0.5) is False
    got = health_trend(89.5, 90, as_of=AS_OF, previous_on=AS_OF, drop=0.5, window_days=0.5)
    assert got.early_warning is True


def test_drop_100_is_accepted() -> None:
    """A drop of exactly 100 points is the top of the range: only 100 -> 0 warns."""
    assert early_warning(100, 0, 30, drop=100) is True
    assert early_warning(100, 0.5, 30, drop=100) is False
    assert health_trend(0, 100, as_of=AS_OF, previous_on=BEFORE, drop=100).early_warning is True


def test_scores_at_the_ends_of_the_scale_are_accepted() -> None:
    """Scores of exactly 0 and 100 and a change of +-100 are on the scale."""
    assert trend(current=100.0, previous=0.0, change=100.0).change == 100.0
    assert trend(current=0.0, previous=100.0, change=-100.0).change == -100.0
    got = health_trend(100, 0, as_of=AS_OF, previous_on=BEFORE)
    assert (got.current, got.previous, got.change) == (100.0, 0.0, 100.0)
    assert early_warning(100, 0, 30) is True


def test_a_fall_short_by_exactly_the_tolerance_still_warns() -> None:
    """A fall of ``drop - DROP_TOLERANCE`` counts as ``drop`` (``>=``, not ``>``)."""
    edge = 15.0 - DROP_TOLERANCE  # the fall is edge - 0.0 = edge, exactly the threshold
    assert early_warning(edge, 0.0, 30) is True
    assert early_warning(float(np.nextafter(edge, 0.0)), 0.0, 30) is False


def test_drivers_are_copied_from_the_callers_dict() -> None:
    """A HealthTrend keeps its own copy of ``drivers``, apart from the caller's dict."""
    given = {"adoption": -18.0}
    got = trend(drivers=given)
    given["support"] = 5.0
    assert got.drivers == {"adoption": -18.0}
    assert got.drivers is not given


def test_drivers_of_equal_size_keep_component_order() -> None:
    """Drivers run largest move first; moves of equal size keep the order of the components."""
    # 20 components of weight 1: each contributes score / 20 points. From 50 everywhere to
    # 90, 30, 10, 70, ... the moves are (90-50)/20 = +2, (30-50)/20 = -1, -2, +1, repeated:
    # ten moves of size 2 (c00, c02, ...) then ten of size 1 (c01, c03, ...), each group
    # in component order. More than 16 items, so an unstable sort would shuffle the ties.
    names = [f"c{i:02d}" for i in range(20)]
    weights = dict.fromkeys(names, 1)
    before = health_score(dict.fromkeys(names, 50), weights)
    pattern = [90, 30, 10, 70]
    now = health_score({n: pattern[i % 4] for i, n in enumerate(names)}, weights)
    got = health_trend(now, before, as_of=AS_OF, previous_on=BEFORE)
    assert list(got.drivers) == names[0::2] + names[1::2]
    assert [got.drivers[n] for n in names[:4]] == [2.0, -1.0, -2.0, 1.0]
    assert got.change == 0.0
