"""CSM overrides of a component or of the overall score (rules: health, issue 4)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cs_framework import (
    Account,
    Band,
    ComponentScore,
    InvalidInputError,
    Override,
    from_json,
    health_score,
    to_json,
)
from cs_framework import strategies as cst
from cs_framework._rules.health import apply_overall, apply_overrides, winning_overrides
from helpers import account

rule = pytest.mark.rule
DAY = date(2026, 3, 1)
W = {"adoption": 2.0, "support": 1.0}
C = {"adoption": 80.0, "support": 50.0}  # 70.0 without overrides


def override(**changes: object) -> Override:
    fields: dict[str, object] = {
        "component": "support",
        "value": 20.0,
        "reason": "P1 outage this week",
        "expires_on": DAY,
    }
    return Override(**{**fields, **changes})  # type: ignore[arg-type]


@rule("health.override")
@given(st.integers(-30, 30))
def test_an_override_applies_through_its_expiry_day_and_not_after(shift: int) -> None:
    """Issue 4 / rules: health: an override carries an expiry date and stops applying after it."""
    o = override(expires_on=DAY + timedelta(days=shift))
    s = health_score(C, W, as_of=DAY, overrides=[o])
    plain = health_score(C, W)
    if shift >= 0:  # the expiry day itself still applies
        assert s.contributions["support"] == pytest.approx(20.0 / 3)
        assert s.value == pytest.approx((2 * 80 + 20) / 3)
        assert s.overrides == (o,)
    else:
        assert s.value == plain.value == 70.0
        assert s.contributions == plain.contributions
        assert s.overrides == ()


@rule("health.override")
def test_an_expired_overall_override_no_longer_applies() -> None:
    """Issue 4: the day after expiry the data speaks again."""
    o = override(component=None, value=30.0, expires_on=DAY - timedelta(days=1))
    s = health_score(C, W, as_of=DAY, overrides=[o])
    assert s.value == 70.0
    assert s.band is Band.GREEN
    assert "(override)" not in s.contributions


@rule("health.override")
def test_an_overall_override_sets_the_score_and_shows_its_points() -> None:
    """rules: health: contributions still add up to the score: the override's points are shown."""
    o = override(component=None, value=30.0, reason="Executive sponsor left")
    when = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    s = health_score(C, W, as_of=DAY, overrides=[o], scored_at=when)
    assert s.value == 30.0
    assert s.band is Band.RED
    assert s.escalation_due == when + timedelta(
        hours=48
    )  # the CS program guide: Red escalates, whatever made it Red
    assert s.contributions["(override)"] == pytest.approx(-40.0)
    assert math.fsum(s.contributions.values()) == pytest.approx(30.0)
    assert s.coverage == 1.0  # coverage still reports the data behind the computed score


@rule("health.override")
def test_an_overall_override_of_an_unknown_score() -> None:
    """rules: health: a CSM can judge an account the data cannot score; the points are all
    its own."""
    o = override(component=None, value=55.0)
    s = health_score({"adoption": None, "support": 50}, W, as_of=DAY, overrides=[o])
    assert s.value == 55.0
    assert s.band is Band.YELLOW
    assert s.contributions == {"(override)": 55.0}
    assert s.missing == ("adoption",)


@rule("health.override")
def test_an_override_replaces_a_stale_or_missing_component() -> None:
    """Issue 4: an override is a fresh judgement; staleness applies to measured data only."""
    old = ComponentScore(value=90.0, measured_on=DAY - timedelta(days=400))
    s = health_score(
        {"adoption": 80.0, "support": old}, W, as_of=DAY, overrides=[override(value=35.0)]
    )
    assert "support" not in s.missing
    assert s.contributions["support"] == pytest.approx(35.0 / 3)
    missing = health_score({"adoption": 80.0}, W, as_of=DAY, overrides=[override(value=35.0)])
    assert missing == s


@rule("health.override")
def test_of_several_live_overrides_the_last_listed_wins() -> None:
    """Our default: a later override on the same target replaces an earlier one."""
    first = override(value=10.0)
    second = override(value=40.0, reason="Outage resolved")
    s = health_score(C, W, as_of=DAY, overrides=[first, second])
    assert s.contributions["support"] == pytest.approx(40.0 / 3)
    assert s.overrides == (second,)
    expired_later = override(value=90.0, expires_on=DAY - timedelta(days=1))
    assert health_score(C, W, as_of=DAY, overrides=[second, expired_later]).overrides == (second,)


@st.composite
def override_sets(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    n = draw(st.integers(1, 6))
    k = draw(st.integers(1, 4))
    values = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(0, 100) | st.just(math.nan)))
    m = draw(st.integers(0, 10))
    rows = np.array(draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m)), dtype=np.intp)
    cols = np.array(draw(st.lists(st.integers(-1, k - 1), min_size=m, max_size=m)), dtype=np.intp)
    vals = np.array(draw(st.lists(st.floats(0, 100), min_size=m, max_size=m)), dtype=np.float64)
    expires = np.array(draw(st.lists(st.integers(5, 15), min_size=m, max_size=m)), dtype=float)
    return values, rows, cols, vals, expires


@rule("health.override")
@given(override_sets())
def test_override_kernel_on_a_book_equals_account_by_account(
    case: tuple[np.ndarray, ...],
) -> None:
    """the book applies overrides exactly as one account at a time does."""
    values, rows, cols, vals, expires = case
    out, overall = apply_overrides(values, rows, cols, vals, expires, 10.0)
    assert not np.shares_memory(out, values)
    for r in range(values.shape[0]):
        mine = rows == r
        one, one_overall = apply_overrides(
            values[r : r + 1],
            np.zeros(mine.sum(), dtype=np.intp),
            cols[mine],
            vals[mine],
            expires[mine],
            10.0,
        )
        np.testing.assert_array_equal(out[r : r + 1], one)
        np.testing.assert_array_equal(overall[r : r + 1], one_overall)


@rule("health.override")
@given(override_sets())
def test_override_kernel_puts_the_last_live_override_in_place(case: tuple[np.ndarray, ...]) -> None:
    """Issue 4: a live override replaces its target; an expired one changes nothing."""
    values, rows, cols, vals, expires = case
    out, overall = apply_overrides(values, rows, cols, vals, expires, 10.0)
    expected = values.copy()
    expected_overall = np.full(values.shape[0], math.nan)
    for r, c, v, e in zip(rows, cols, vals, expires, strict=True):  # the obvious loop
        if e >= 10.0:
            if c >= 0:
                expected[r, c] = v
            else:
                expected_overall[r] = v
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(overall, expected_overall)
    chosen = winning_overrides(rows, cols, expires, 10.0, values.shape[1])
    assert (expires[chosen] >= 10.0).all()
    assert len({(int(rows[i]), int(cols[i])) for i in chosen}) == chosen.size


def test_apply_overall_keeps_points_adding_up() -> None:
    """rules: health: with an overall override, the contributions still add up to the score."""
    value, points = apply_overall(
        np.array([72.0, math.nan, 50.0, 40.0]), np.array([55.0, 30.0, math.nan, 40.0])
    )
    assert value.tolist() == [55.0, 30.0, 50.0, 40.0]
    assert points[[0, 1, 3]].tolist() == [-17.0, 30.0, 0.0]  # an override equal to the score adds 0
    assert math.isnan(points[2])  # no override: no points


@given(cst.overrides())
def test_overrides_round_trip(o: Override) -> None:
    """an Override round-trips through JSON."""
    assert from_json(to_json(o), Override) == o


# --- on the account --------------------------------------------------------------


@given(cst.accounts())
def test_accounts_carry_overrides_and_previous_health(a: Account) -> None:
    """Issue 4: the account holds its CSM overrides and its last score with its date."""
    assert isinstance(a.overrides, tuple)
    assert all(isinstance(o, Override) for o in a.overrides)
    assert (a.previous_health is None) == (a.previous_health_on is None)
    assert from_json(to_json(a), Account) == a


def test_account_overrides_are_a_tuple() -> None:
    """Issue 4: the account holds its overrides (as a tuple) and its last score and date."""
    a = account(overrides=[override()], previous_health=72.5, previous_health_on=DAY)
    assert a.overrides == (override(),)
    assert (a.previous_health, a.previous_health_on) == (72.5, DAY)


BAD: list[tuple[Callable[[], object], str, str | None]] = [
    (lambda: override(reason=""), "reason", None),
    (lambda: override(reason="   "), "reason", None),
    (lambda: override(component=""), "component", None),
    (lambda: override(component=3), "component", None),
    (lambda: override(value=100.5), "value", None),
    (lambda: override(value=math.nan), "value", None),
    (lambda: override(expires_on=datetime(2026, 3, 1, 9)), "expires_on", None),
    (lambda: override(expires_on="2026-03-01"), "expires_on", None),
    (lambda: account(overrides=override()), "overrides", "acme"),
    (lambda: account(overrides=["support"]), "overrides[0]", "acme"),
    (lambda: account(previous_health=101.0, previous_health_on=DAY), "previous_health", "acme"),
    (lambda: account(previous_health=72.0), "previous_health_on", "acme"),
    (lambda: account(previous_health_on=DAY), "previous_health", "acme"),
    (
        lambda: account(previous_health=72.0, previous_health_on=datetime(2026, 3, 1)),
        "previous_health_on",
        "acme",
    ),
    (lambda: health_score(C, W, overrides=[override()]), "as_of", None),
    (lambda: health_score(C, W, as_of=DAY, overrides=override()), "overrides", None),
    (lambda: health_score(C, W, as_of=DAY, overrides=["support"]), "overrides[0]", None),
    (
        lambda: health_score(C, W, as_of=DAY, overrides=[override(component="nps")]),
        "overrides[0].component",
        None,
    ),
]


@pytest.mark.parametrize(("build", "field", "account_id"), BAD)
def test_bad_input_is_refused_by_name(
    build: Callable[[], object], field: str, account_id: str | None
) -> None:
    """Issue 4: an override needs a reason, a 0-100 value and an expiry date; by name."""
    with pytest.raises(InvalidInputError) as info:
        build()
    assert info.value.field == field
    assert info.value.account_id == account_id
    assert f"{field}=" in str(info.value)
