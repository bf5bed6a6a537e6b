"""The health trend: change, early warning and its drivers (rules: health, the distilled CS
principles).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cs_framework import (
    Band,
    HealthTrend,
    InvalidInputError,
    Override,
    Policy,
    ScorecardWarning,
    early_warning,
    from_json,
    health_score,
    health_trend,
    to_json,
)
from cs_framework._defaults import DROP_TOLERANCE
from helpers import account, health_trend_of

rule = pytest.mark.rule
NAN = math.nan
DAY = date(2026, 3, 31)
W = {"adoption": 2.0, "support": 1.0, "sentiment": 1.0}
score = st.floats(min_value=0, max_value=100)


def trend(previous: float, current: float, days: int) -> HealthTrend:
    return health_trend(current, previous, as_of=DAY, previous_on=DAY - timedelta(days=days))


@rule("health.early-warning")
@pytest.mark.parametrize(
    ("previous", "current", "days", "warned"),
    [
        (90.0, 75.0, 30, True),  # 15 points in 30 days; 75 is still Green
        (90.0, 75.1, 30, False),  # 14.9 points
        (90.0, 75.0, 31, False),  # after 31 days
        (90.0, 75.0, 0, True),  # the same day
        (85.1, 70.1, 12, True),  # 15 in decimal, 14.999999999999986 in floating point
        (100.0, 40.0, 5, True),
        (75.0, 90.0, 5, False),  # a rise
    ],
)
def test_early_warning_at_a_15_point_drop_within_30_days(
    previous: float, current: float, days: int, warned: bool
) -> None:
    """rules: health (the distilled CS principles, proactive over reactive): a drop of 15 points or
    more within 30 days is an early warning, even while the band is still Green; not at 14.9, not
    after 31.
    """
    t = trend(previous, current, days)
    assert t.early_warning is warned
    assert t.change == pytest.approx(current - previous)
    assert t.days == days


@rule("health.early-warning")
def test_early_warning_while_still_green() -> None:
    """rules: health: the warning does not wait for the band to change."""
    before = health_score({"adoption": 95, "support": 90, "sentiment": 85}, W)
    now = health_score({"adoption": 72, "support": 80, "sentiment": 80}, W)
    assert (before.band, now.band) == (Band.GREEN, Band.GREEN)
    t = health_trend(now, before, as_of=DAY, previous_on=DAY - timedelta(days=20))
    assert t.change == pytest.approx(76.0 - 91.25)  # (2*72+80+80)/4 - (2*95+90+85)/4
    assert t.early_warning is True


@rule("health.early-warning")
@given(score, score, st.integers(0, 120), st.floats(1, 100), st.integers(1, 90))
def test_early_warning_follows_the_policy(
    previous: float, current: float, days: int, drop: float, window: int
) -> None:
    """rules: health: the drop and the window are tunables (Policy.early_warning_*)."""
    t = health_trend(
        current,
        previous,
        as_of=DAY,
        previous_on=DAY - timedelta(days=days),
        drop=drop,
        window_days=window,
    )
    fell = previous - current
    if days > window or fell < drop - 1e-6:
        assert t.early_warning is False
    elif fell >= drop + 1e-6:
        assert t.early_warning is True


def test_policy_defaults_are_15_points_and_30_days() -> None:
    """rules: health: the defaults of the early warning."""
    p = Policy()
    assert (p.early_warning_drop, p.early_warning_days) == (15.0, 30.0)
    t = health_trend(
        75.0,
        90.0,
        as_of=DAY,
        previous_on=DAY - timedelta(days=30),
        drop=p.early_warning_drop,
        window_days=p.early_warning_days,
    )
    assert t.early_warning is True


@rule("health.early-warning")
@given(
    hnp.arrays(np.float64, st.integers(0, 20), elements=score | st.just(NAN)),
    st.data(),
)
def test_scalar_equals_vector(previous: np.ndarray, data: st.DataObject) -> None:
    """the vector early warning is the scalar one, row by row."""
    n = previous.shape[0]
    current = data.draw(hnp.arrays(np.float64, n, elements=score | st.just(NAN)))
    days = data.draw(hnp.arrays(np.float64, n, elements=st.integers(0, 60).map(float)))
    warned = early_warning(previous, current, days)
    assert warned.dtype == np.bool_
    assert warned.tolist() == [
        early_warning(float(p), float(c), float(d))
        for p, c, d in zip(previous, current, days, strict=True)
    ]
    for k in range(n):
        if math.isnan(previous[k]) or math.isnan(current[k]):
            continue
        one = health_trend(
            float(current[k]),
            float(previous[k]),
            as_of=DAY,
            previous_on=DAY - timedelta(days=int(days[k])),
        )
        assert one.early_warning is bool(warned[k])


def test_unknown_or_undated_gives_no_warning() -> None:
    """rules: health: a missing score is unknown; an unknown drop warns of nothing."""
    assert early_warning([NAN, 90.0, 90.0], [10.0, NAN, 10.0], [1.0, 1.0, NAN]).tolist() == [
        False,
        False,
        False,
    ]
    assert type(early_warning(90, 10, 1)) is bool


# --- why the score moved ---------------------------------------------------------


@rule("health.trend")
def test_drivers_name_the_components_that_moved_the_score() -> None:
    """Issue 4: an explanation of the change, in points, largest move first."""
    before = health_score({"adoption": 90, "support": 80, "sentiment": 60}, W)
    now = health_score({"adoption": 50, "support": 80, "sentiment": 64}, W)
    t = health_trend(now, before, as_of=DAY, previous_on=DAY - timedelta(days=10))
    assert list(t.drivers) == ["adoption", "sentiment"]  # support did not move
    assert t.drivers["adoption"] == pytest.approx(-20.0)
    assert t.drivers["sentiment"] == pytest.approx(1.0)
    assert math.fsum(t.drivers.values()) == pytest.approx(t.change)


@rule("health.trend")
@given(
    st.dictionaries(st.sampled_from(sorted(W)), st.none() | score, min_size=3, max_size=3),
    st.dictionaries(st.sampled_from(sorted(W)), st.none() | score, min_size=3, max_size=3),
)
def test_drivers_add_up_to_the_change(
    a: dict[str, float | None], b: dict[str, float | None]
) -> None:
    """Issue 4: the components' moves explain the whole change (known scores only)."""
    before, now = health_score(a, W, min_coverage=0), health_score(b, W, min_coverage=0)
    t = health_trend(now, before, as_of=DAY, previous_on=DAY)
    if math.isnan(before.value) or math.isnan(now.value):
        assert t.drivers == {}
        assert math.isnan(t.change)
        assert t.early_warning is False
    else:
        assert math.fsum(t.drivers.values()) == pytest.approx(t.change, abs=1e-9)
        moves = [abs(v) for v in t.drivers.values()]
        assert moves == sorted(moves, reverse=True)
        assert all(v != 0 for v in t.drivers.values())


@rule("health.trend")
def test_a_new_override_shows_as_a_driver() -> None:
    """Issue 4: when a CSM override moves the score, the trend says so."""
    components = {"adoption": 80, "support": 80, "sentiment": 80}
    before = health_score(components, W)
    o = Override(component=None, value=45, reason="Champion left", expires_on=DAY)
    now = health_score(components, W, as_of=DAY, overrides=[o])
    t = health_trend(now, before, as_of=DAY, previous_on=DAY - timedelta(days=3))
    assert t.drivers == {"(override)": pytest.approx(-35.0)}
    assert t.early_warning is True


def test_a_previous_score_as_a_number_gives_the_change_only() -> None:
    """Account.previous_health is a number: the change is known, the drivers are not."""
    a = account(previous_health=88.0, previous_health_on=DAY - timedelta(days=14))
    now = health_score({"adoption": 70}, W)
    t = health_trend(now, a.previous_health, as_of=DAY, previous_on=a.previous_health_on)
    assert t.change == pytest.approx(-18.0)
    assert t.early_warning is True
    assert t.drivers == {}


def test_no_previous_score() -> None:
    """rules: health: with no previous score there is no change and no warning."""
    t = health_trend(health_score({"adoption": 70}, W), None, as_of=DAY)
    assert math.isnan(t.previous)
    assert math.isnan(t.change)
    assert (t.early_warning, t.drivers, t.days) == (False, {}, None)
    assert t == health_trend(70.0, None, as_of=DAY)


def test_trends_round_trip() -> None:
    """results round-trip through JSON, unknown values (NaN) included."""
    before = health_score({"adoption": 90, "support": 80, "sentiment": 60}, W)
    now = health_score({"adoption": 50, "support": 80, "sentiment": 64}, W)
    for t in (
        health_trend(now, before, as_of=DAY, previous_on=DAY - timedelta(days=10)),
        health_trend(NAN, None, as_of=DAY),
    ):
        assert from_json(to_json(t), HealthTrend) == t


BAD: list[tuple[Callable[[], object], str]] = [
    (lambda: health_trend(70.0, 90.0, as_of=DAY), "previous_on"),
    (lambda: health_trend(70.0, 90.0, as_of=DAY, previous_on=datetime(2026, 3, 1)), "previous_on"),
    (
        lambda: health_trend(70.0, 90.0, as_of=DAY, previous_on=DAY + timedelta(days=1)),
        "previous_on",
    ),
    (lambda: health_trend(70.0, None, as_of=DAY, previous_on=DAY), "previous_on"),
    (lambda: health_trend(70.0, 90.0, as_of=datetime(2026, 3, 1), previous_on=DAY), "as_of"),
    (lambda: health_trend(170.0, 90.0, as_of=DAY, previous_on=DAY), "current"),
    (lambda: health_trend(70.0, -1.0, as_of=DAY, previous_on=DAY), "previous"),
    (lambda: health_trend("70", None, as_of=DAY), "current"),  # type: ignore[arg-type]
    (lambda: health_trend(70.0, None, as_of=DAY, drop=0), "drop"),
    (lambda: health_trend(70.0, None, as_of=DAY, window_days=0), "window_days"),
    (lambda: early_warning(90, 70, -1), "days_since"),
    (lambda: early_warning([90, 90], 70, [1, math.inf]), "days_since"),
    (lambda: early_warning(190, 70, 1), "previous"),
    (lambda: early_warning(90, math.inf, 1), "current"),
    (lambda: early_warning([90, 90], [70, 70, 70], 1), "shape"),
    (lambda: early_warning(90, 70, 1, drop=101), "drop"),
    (lambda: early_warning(90, 70, 1, window_days=-3), "window_days"),
    (lambda: HealthTrend(current=70.0, previous=90.0, change=-200.0, as_of=DAY), "change"),
    (lambda: HealthTrend(current=170.0, previous=NAN, change=NAN, as_of=DAY), "current"),
    (lambda: HealthTrend(current=70.0, previous=NAN, change=NAN, as_of="2026"), "as_of"),  # type: ignore[arg-type]
    (
        lambda: HealthTrend(current=70.0, previous=NAN, change=NAN, as_of=DAY, drivers=[1]),  # type: ignore[arg-type]
        "drivers",
    ),
    (
        lambda: HealthTrend(current=70.0, previous=NAN, change=NAN, as_of=DAY, drivers={"": 1.0}),
        "drivers",
    ),
    (
        lambda: HealthTrend(current=70.0, previous=NAN, change=NAN, as_of=DAY, drivers={"a": NAN}),
        "drivers['a']",
    ),
    (
        lambda: HealthTrend(current=70.0, previous=NAN, change=NAN, as_of=DAY, early_warning=1),  # type: ignore[arg-type]
        "early_warning",
    ),
]


@pytest.mark.parametrize(("build", "field"), BAD)
def test_bad_input_is_refused_by_name(build: Callable[[], object], field: str) -> None:
    """rules: health: every argument validated at the edge, by name."""
    with pytest.raises(InvalidInputError) as info:
        build()
    assert info.value.field == field
    assert f"{field}=" in str(info.value)


# --------------------------------------------------------------------------------------
# Exact cases: Health trend, pinned exactly: whole error messages, bounds, the drop tolerance,
# drivers.
#
# Every error names the field, the value and the account (docs/rules.md, issue 2), so the
# messages below are public contract: each test asserts the whole text and the
# ``(field, value, account_id)`` triple, not just the exception type.
# --------------------------------------------------------------------------------------

AS_OF = date(2026, 3, 31)
BEFORE = date(2026, 3, 1)


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
    assert health_trend_of(current=100.0, previous=0.0, change=100.0).change == 100.0
    assert health_trend_of(current=0.0, previous=100.0, change=-100.0).change == -100.0
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
    got = health_trend_of(drivers=given)
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
    pattern = [90, 30, 10, 70]
    with pytest.warns(ScorecardWarning, match="a scorecard of 20 components"):
        before = health_score(dict.fromkeys(names, 50), weights)
    with pytest.warns(ScorecardWarning):
        now = health_score({n: pattern[i % 4] for i, n in enumerate(names)}, weights)
    got = health_trend(now, before, as_of=AS_OF, previous_on=BEFORE)
    assert list(got.drivers) == names[0::2] + names[1::2]
    assert [got.drivers[n] for n in names[:4]] == [2.0, -1.0, -2.0, 1.0]
    assert got.change == 0.0
