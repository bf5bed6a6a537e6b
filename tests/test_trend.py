"""The health trend: change, early warning and its drivers (DOMAIN.md 5, seed 003)."""

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
    early_warning,
    from_json,
    health_score,
    health_trend,
    to_json,
)
from helpers import account

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
    """DOMAIN.md 5 (seed 003, proactive over reactive): a drop of 15 points or more within 30
    days is an early warning, even while the band is still Green; not at 14.9, not after 31."""
    t = trend(previous, current, days)
    assert t.early_warning is warned
    assert t.change == pytest.approx(current - previous)
    assert t.days == days


@rule("health.early-warning")
def test_early_warning_while_still_green() -> None:
    """DOMAIN.md 5: the warning does not wait for the band to change."""
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
    """DOMAIN.md 5: the drop and the window are tunables (Policy.early_warning_*)."""
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
    """DOMAIN.md 5: the defaults of the early warning."""
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
    """STYLE: the vector early warning is the scalar one, row by row."""
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
    """DOMAIN.md 5: a missing score is unknown; an unknown drop warns of nothing."""
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
    """DOMAIN.md 5: with no previous score there is no change and no warning."""
    t = health_trend(health_score({"adoption": 70}, W), None, as_of=DAY)
    assert math.isnan(t.previous)
    assert math.isnan(t.change)
    assert (t.early_warning, t.drivers, t.days) == (False, {}, None)
    assert t == health_trend(70.0, None, as_of=DAY)


def test_trends_round_trip() -> None:
    """API.md: results round-trip through JSON, unknown values (NaN) included."""
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
    """DOMAIN.md 5 / STYLE 7: every argument validated at the edge, by name."""
    with pytest.raises(InvalidInputError) as info:
        build()
    assert info.value.field == field
    assert f"{field}=" in str(info.value)
