"""Health scores: weighting, coverage, contributions, staleness, escalation (DOMAIN.md 5)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cs_framework import (
    DEFAULT_SCORECARD,
    Account,
    Band,
    ComponentScore,
    CoverageModel,
    HealthScore,
    InvalidInputError,
    Override,
    Policy,
    Scorecard,
    ScorecardWarning,
    assess,
    from_json,
    health_band,
    health_score,
    health_scores,
    to_json,
)
from cs_framework import strategies as cst
from cs_framework._health import (
    ESCALATION_WINDOW,
    HealthColumns,
    apply_staleness,
    health_kernel,
    nan_equal,
    scorecard_weights,
)

rule = pytest.mark.rule
NAN = math.nan
NAMES = ("adoption", "engagement", "support", "sentiment", "trust", "proof")
score = st.floats(min_value=0, max_value=100)
weight = st.floats(min_value=0.01, max_value=100)
DAY = date(2026, 3, 1)
NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@st.composite
def scorecards(
    draw: st.DrawFn, *, min_present: int = 1
) -> tuple[dict[str, float | None], dict[str, float]]:
    """Components (some missing) and their weights, at least ``min_present`` present."""
    names = draw(
        st.lists(st.sampled_from(NAMES), min_size=max(1, min_present), max_size=6, unique=True)
    )
    weights = {n: draw(weight) for n in names}
    components: dict[str, float | None] = {n: draw(st.none() | score) for n in names}
    for n in names[:min_present]:
        if components[n] is None:
            components[n] = draw(score)
    return components, weights


# --- the weighted mean -----------------------------------------------------------


@rule("health.weighted-mean")
def test_worked_example() -> None:
    """DOMAIN.md 5: weighted mean of the components present; missing weight shared out.

    adoption 80 (weight 2), support 60 (weight 1), nps missing (weight 1):
    (2*80 + 1*60) / 3 = 73.33, coverage 3/4; contributions 53.33 and 20.
    """
    s = health_score(
        {"adoption": 80, "support": 60, "nps": None}, {"adoption": 2, "support": 1, "nps": 1}
    )
    assert s.value == pytest.approx(220 / 3)
    assert s.coverage == 0.75
    assert s.band is Band.GREEN
    assert s.contributions == pytest.approx({"adoption": 160 / 3, "support": 20.0})
    assert s.missing == ("nps",)
    assert s.escalation_due is None


@rule("health.weighted-mean")
@given(scorecards(), st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_all_weights_leaves_the_score_unchanged(
    card: tuple[dict[str, float | None], dict[str, float]], factor: float
) -> None:
    """DOMAIN.md 5: only the ratios of the weights matter (a weighted mean)."""
    components, weights = card
    before = health_score(components, weights, min_coverage=0)
    after = health_score(components, {n: w * factor for n, w in weights.items()}, min_coverage=0)
    assert after.value == pytest.approx(before.value, rel=1e-9, abs=1e-9)
    assert after.coverage == pytest.approx(before.coverage, rel=1e-9)
    assert after.contributions == pytest.approx(before.contributions, rel=1e-9, abs=1e-9)


@rule("health.weighted-mean")
@given(scorecards())
def test_score_is_within_the_min_and_max_of_its_present_components(
    card: tuple[dict[str, float | None], dict[str, float]],
) -> None:
    """DOMAIN.md 5: a weighted mean lies between its smallest and largest component."""
    components, weights = card
    s = health_score(components, weights, min_coverage=0)
    present = [v for v in components.values() if v is not None]
    assert min(present) <= s.value <= max(present)


@rule("health.weighted-mean")
@given(scorecards(min_present=2), st.data())
def test_a_missing_component_scores_as_if_left_out_of_the_scorecard(
    card: tuple[dict[str, float | None], dict[str, float]], data: st.DataObject
) -> None:
    """DOMAIN.md 5: the weight of a missing component is shared out over those present,
    so the score equals the score of the scorecard without it; coverage says what is missing."""
    components, weights = card
    dropped = data.draw(st.sampled_from(sorted(weights)))
    with_gap = health_score({**components, dropped: None}, weights, min_coverage=0)
    rest = {n: w for n, w in weights.items() if n != dropped}
    without = health_score(
        {n: v for n, v in components.items() if n != dropped}, rest, min_coverage=0
    )
    assume(not math.isnan(without.value))  # every other component missing too
    assert with_gap.value == pytest.approx(without.value, rel=1e-12, abs=1e-12)
    assert with_gap.contributions == pytest.approx(without.contributions, rel=1e-12, abs=1e-12)
    present = sum(w for n, w in weights.items() if n != dropped and components[n] is not None)
    assert with_gap.coverage == pytest.approx(present / sum(weights.values()))
    assert without.coverage == pytest.approx(present / sum(rest.values()))
    assert dropped in with_gap.missing


@rule("health.weighted-mean")
def test_a_component_named_in_weights_but_not_given_is_missing() -> None:
    """DOMAIN.md 5: a scorecard component with no score is missing (not zero)."""
    given_none = health_score({"adoption": 80, "nps": None}, {"adoption": 1, "nps": 1})
    left_out = health_score({"adoption": 80}, {"adoption": 1, "nps": 1})
    assert given_none == left_out
    assert left_out.value == 80.0
    assert left_out.missing == ("nps",)
    nan_given = health_score({"adoption": 80, "nps": NAN}, {"adoption": 1, "nps": 1})
    assert nan_given == left_out


@rule("health.coverage")
@rule("health.missing-unknown")
@given(scorecards(), st.floats(min_value=0, max_value=1))
def test_below_minimum_coverage_the_score_is_unknown(
    card: tuple[dict[str, float | None], dict[str, float]], floor: float
) -> None:
    """DOMAIN.md 5: below the minimum coverage the score is unknown, never Red or Green."""
    components, weights = card
    s = health_score(components, weights, min_coverage=floor)
    present = sum(w for n, w in weights.items() if components[n] is not None)
    coverage = present / sum(weights.values())
    assert s.coverage == pytest.approx(coverage)
    if coverage < floor - 1e-6:
        assert math.isnan(s.value)
        assert s.band is Band.UNKNOWN
        assert s.contributions == {}
        assert s.escalation_due is None
    elif coverage > floor + 1e-6:
        assert not math.isnan(s.value)
        assert s.band is not Band.UNKNOWN


@rule("health.coverage")
def test_coverage_exactly_at_the_minimum_is_enough() -> None:
    """DOMAIN.md 5: "below a minimum coverage" is unknown; at the minimum the score is known,
    even when the decimal weights do not add up exactly in floating point."""
    weights = {
        "trust": 0.2,
        "proof": 0.2,
        "adoption": 0.25,
        "engagement": 0.15,
        "support": 0.1,
        "sentiment": 0.1,
    }
    s = health_score({"adoption": 60, "engagement": 60, "support": 60}, weights)
    assert s.coverage == pytest.approx(0.5)
    assert s.value == pytest.approx(60.0)
    below = health_score({"adoption": 60, "engagement": 60}, weights)
    assert below.band is Band.UNKNOWN
    assert below.missing == ("trust", "proof", "support", "sentiment")


@rule("health.coverage")
@rule("health.missing-unknown")
def test_nothing_present_is_unknown_even_with_no_minimum() -> None:
    """DOMAIN.md 5: no data at all is unknown, never 0 (Red)."""
    s = health_score({"adoption": None}, {"adoption": 1}, min_coverage=0)
    assert math.isnan(s.value)
    assert (s.band, s.coverage, s.contributions) == (Band.UNKNOWN, 0.0, {})


@rule("health.contributions")
@given(scorecards())
def test_contributions_add_up_to_the_score(
    card: tuple[dict[str, float | None], dict[str, float]],
) -> None:
    """DOMAIN.md 5 / issue 4: each component's points (the user sees why) sum to the score."""
    components, weights = card
    s = health_score(components, weights, min_coverage=0)
    assert set(s.contributions) == {n for n, v in components.items() if v is not None}
    assert math.fsum(s.contributions.values()) == pytest.approx(s.value, rel=1e-12, abs=1e-9)
    present = sum(w for n, w in weights.items() if components[n] is not None)
    for name, points in s.contributions.items():
        assert points == pytest.approx(
            weights[name] * components[name] / present, rel=1e-9, abs=1e-12
        )  # type: ignore[operator]


@rule("health.weighted-mean")
@given(st.lists(scorecards(), min_size=1, max_size=12), st.floats(min_value=0, max_value=1))
def test_scalar_equals_vector(
    rows: list[tuple[dict[str, float | None], dict[str, float]]], floor: float
) -> None:
    """STYLE / DOMAIN.md 5: scoring the rows one by one equals scoring the matrix at once."""
    weights = {n: float(i + 1) for i, n in enumerate(NAMES)}
    components = [{n: c.get(n) for n in NAMES} for c, _ in rows]
    columns = {n: [NAN if c[n] is None else c[n] for c in components] for n in NAMES}
    when = NOON
    matrix = health_scores(columns, weights, min_coverage=floor, scored_at=when)
    assert len(matrix) == len(rows)
    for k, c in enumerate(components):
        one = health_score(c, weights, min_coverage=floor, scored_at=when)
        assert matrix.at(k) == one
        assert matrix.band[k] == one.band


@rule("health.weighted-mean")
@rule("health.segment-weights")
@given(st.lists(scorecards(), min_size=1, max_size=8), st.data())
def test_per_account_weights_equal_scoring_each_with_its_own(
    rows: list[tuple[dict[str, float | None], dict[str, float]]], data: st.DataObject
) -> None:
    """DOMAIN.md 5: weights may differ per segment; a weight column gives each row its own."""
    n = len(rows)
    weight_cols = {name: data.draw(st.lists(weight, min_size=n, max_size=n)) for name in NAMES}
    components = [{name: c.get(name) for name in NAMES} for c, _ in rows]
    columns = {name: [NAN if c[name] is None else c[name] for c in components] for name in NAMES}
    matrix = health_scores(columns, weight_cols, min_coverage=0)
    for k, c in enumerate(components):
        own = {name: weight_cols[name][k] for name in NAMES}
        assert matrix.at(k) == health_score(c, own, min_coverage=0)


def test_kernel_weights_per_row_match_a_shared_row() -> None:
    """DOMAIN.md 5: the kernel takes (k,) or (n, k) weights with the same meaning."""
    values = np.array([[80.0, NAN, 40.0], [10.0, 20.0, 30.0]])
    w = np.array([1.0, 2.0, 3.0])
    shared = health_kernel(values, w, 0.5)
    per_row = health_kernel(values, np.tile(w, (2, 1)), 0.5)
    for a, b in zip(shared, per_row, strict=True):
        np.testing.assert_array_equal(a, b)
    assert shared[0].tolist() == pytest.approx([(80 + 3 * 40) / 4, (10 + 40 + 90) / 6])
    assert shared[1].tolist() == pytest.approx([4 / 6, 1.0])


def test_kernel_with_no_components_is_unknown() -> None:
    """DOMAIN.md 5: with no weight defined nothing is known: NaN, coverage 0."""
    value, coverage, points = health_kernel(np.empty((2, 0)), np.empty(0), 0.0)
    assert np.isnan(value).all()
    assert coverage.tolist() == [0.0, 0.0]
    assert points.shape == (2, 0)


def test_health_scores_accepts_scalars_and_absent_columns() -> None:
    """DOMAIN.md 5: a scorecard component with no column is missing for every account."""
    cols = health_scores({"adoption": 30}, {"adoption": 1, "support": 1}, min_coverage=0.5)
    assert len(cols) == 1
    assert cols.at(0).value == 30.0
    assert cols.at(0).missing == ("support",)
    empty = health_scores({"adoption": []}, {"adoption": 1})
    assert len(empty) == 0


# --- escalation ------------------------------------------------------------------


@rule("sequencing.escalation")
@given(score, cst.datetimes())
def test_escalation_is_due_48_hours_after_a_red_score(value: float, when: datetime) -> None:
    """DOMAIN.md 3 and 5 (seed 004, fixed): a Red score is escalated within 48 hours of scoring."""
    s = health_score({"adoption": value}, {"adoption": 1}, scored_at=when)
    assert s.scored_at == when
    if value < 40:
        assert s.band is Band.RED
        assert s.escalation_due == when + timedelta(hours=48)
        assert s.escalation_due - when == ESCALATION_WINDOW
    else:
        assert s.escalation_due is None


def test_no_escalation_time_without_a_scoring_time() -> None:
    """Seed 004: the 48 hours run from the time it was scored; unknown time, no deadline."""
    s = health_score({"adoption": 10}, {"adoption": 1})
    assert s.band is Band.RED
    assert s.escalation_due is None


@rule("health.missing-unknown")
def test_unknown_scores_are_never_escalated() -> None:
    """DOMAIN.md 5: UNKNOWN is never Red, so never escalated."""
    s = health_score(
        {"adoption": None, "support": 5}, {"adoption": 9, "support": 1}, scored_at=NOON
    )
    assert s.band is Band.UNKNOWN
    assert s.escalation_due is None


# --- staleness -------------------------------------------------------------------


@rule("health.staleness")
@given(score, score, st.integers(0, 400), st.integers(1, 365))
def test_a_stale_component_is_treated_as_missing(
    fresh: float, old: float, age: int, limit: int
) -> None:
    """Issue 4 / DOMAIN.md 5: a component older than the limit counts as missing, so stale
    data cannot keep an account Green; exactly at the limit it still counts."""
    weights = {"adoption": 1.0, "support": 1.0}
    dated = ComponentScore(value=old, measured_on=DAY - timedelta(days=age))
    s = health_score(
        {"adoption": fresh, "support": dated}, weights, as_of=DAY, stale_after_days=limit
    )
    if age > limit:
        assert s == health_score({"adoption": fresh, "support": None}, weights)
        assert s.missing == ("support",)
        assert s.coverage == 0.5
    else:
        assert s == health_score({"adoption": fresh, "support": old}, weights)


def test_stale_data_does_not_keep_an_account_green() -> None:
    """Issue 4: a Green reading from last year must not hide this quarter's Red."""
    weights = {"adoption": 1.0, "sentiment": 1.0}
    components = {
        "adoption": ComponentScore(value=20, measured_on=date(2026, 2, 20)),
        "sentiment": ComponentScore(value=95, measured_on=date(2025, 3, 1)),
    }
    as_if_fresh = health_score(components, weights)
    assert as_if_fresh.band is Band.YELLOW
    judged = health_score(components, weights, as_of=DAY, min_coverage=0.5)
    assert judged.value == 20.0
    assert judged.band is Band.RED
    assert judged.missing == ("sentiment",)


def test_undated_scores_are_never_stale() -> None:
    """DOMAIN.md 5 (our default): with no date there is nothing to judge the age by."""
    s = health_score(
        {"adoption": ComponentScore(value=70)}, {"adoption": 1}, as_of=DAY, stale_after_days=1
    )
    assert s.value == 70.0


def test_staleness_kernel_vector_equals_rows() -> None:
    """STYLE: the staleness kernel is elementwise: rows alone give the rows of the whole."""
    rng = np.random.default_rng(4)
    values = rng.uniform(0, 100, (20, 4))
    days = rng.integers(0, 200, (20, 4)).astype(float)
    days[rng.random((20, 4)) < 0.2] = NAN
    whole = apply_staleness(values, days, 150.0, 90.0)
    for k in range(20):
        np.testing.assert_array_equal(
            whole[k : k + 1], apply_staleness(values[k : k + 1], days[k : k + 1], 150.0, 90.0)
        )
    assert np.isnan(whole[(150.0 - days) > 90.0]).all()
    assert not np.isnan(whole[~((150.0 - days) > 90.0)]).any()


# --- the result object -----------------------------------------------------------


@given(cst.health_scores())
def test_health_scores_are_consistent(s: HealthScore) -> None:
    """DOMAIN.md 5: band from value (seed 004); escalation only for Red; NaN equals NaN."""
    assert s.band is health_band(s.value)
    assert (s.escalation_due is not None) == (s.band is Band.RED and s.scored_at is not None)
    assert from_json(to_json(s), HealthScore) == s
    if not math.isnan(s.value):
        assert math.fsum(s.contributions.values()) == pytest.approx(s.value, abs=1e-9)


def test_unknown_scores_compare_equal() -> None:
    """DOMAIN.md 5: an unknown score (NaN) equals an unknown score, so JSON round trips hold."""
    a = HealthScore(value=NAN, band=Band.UNKNOWN, coverage=0.2)
    b = HealthScore(value=float("nan"), band=Band.UNKNOWN, coverage=0.2)
    assert a == b
    assert a != HealthScore(value=NAN, band=Band.UNKNOWN, coverage=0.3)
    assert '"value": "nan"' in to_json(a)


@rule("health.segment-weights")
def test_scorecard_weights_follow_the_segment() -> None:
    """DOMAIN.md 5: weights may differ per segment; components are shared (no duplicated card)."""
    policy = Policy(
        segment_weights={
            CoverageModel.HIGH_TOUCH: {"engagement": 0.4},
            CoverageModel.DIGITAL: {"adoption": 0.6},
        }
    )
    codes = np.array(
        [CoverageModel.DIGITAL, CoverageModel.HIGH_TOUCH, CoverageModel.SCALED], dtype=np.int8
    )
    names, w = scorecard_weights(policy, codes)
    assert names == tuple(policy.scorecard.weights)
    for row, model in zip(w, codes, strict=True):
        card = policy.scorecard_for(CoverageModel(int(model)))
        assert row.tolist() == [card.weights[n] for n in names]
    assert w[0, names.index("adoption")] == 0.6
    assert w[1, names.index("engagement")] == 0.4


def test_health_columns_at_refuses_rows_out_of_range() -> None:
    """STYLE 7: a row number is validated at the edge, by name."""
    cols = health_scores({"adoption": [50.0]}, {"adoption": 1})
    for bad in (1, -1, True, 0.0):
        with pytest.raises(InvalidInputError) as info:
            cols.at(bad)  # type: ignore[arg-type]
        assert info.value.field == "row"
    assert cols.at(np.int64(0)).value == 50.0  # type: ignore[arg-type]


def test_health_columns_carry_overall_override_points() -> None:
    """DOMAIN.md 5: an overall override's points show beside the components'."""
    cols = HealthColumns(
        names=("a",),
        value=np.array([30.0]),
        coverage=np.array([1.0]),
        band=np.array([0], dtype=np.int8),
        contributions=np.array([[80.0]]),
        present=np.array([[True]]),
        override_points=np.array([-50.0]),
    )
    assert cols.at(0).contributions == {"a": 80.0, "(override)": -50.0}


# --- bad input -------------------------------------------------------------------

W = {"adoption": 1.0, "support": 1.0}

BAD: list[tuple[Callable[[], object], str]] = [
    # weights
    (lambda: health_score({}, {}), "weights"),
    (lambda: health_score({}, [1.0]), "weights"),  # type: ignore[arg-type]
    (lambda: health_score({}, {"": 1.0}), "weights"),
    (lambda: health_score({}, {3: 1.0}), "weights"),  # type: ignore[dict-item]
    (lambda: health_score({}, {"(override)": 1.0}), "weights"),
    (lambda: health_score({}, {"adoption": 0}), "weights['adoption']"),
    (lambda: health_score({}, {"adoption": -1}), "weights['adoption']"),
    (lambda: health_score({}, {"adoption": NAN}), "weights['adoption']"),
    (lambda: health_score({}, {"adoption": math.inf}), "weights['adoption']"),
    (lambda: health_score({}, {"adoption": "1"}), "weights['adoption']"),  # type: ignore[dict-item]
    (lambda: health_score({}, {"adoption": True}), "weights['adoption']"),
    # components
    (lambda: health_score([80], W), "components"),  # type: ignore[arg-type]
    (lambda: health_score({"adoption": 100.5}, W), "components['adoption']"),
    (lambda: health_score({"adoption": -1}, W), "components['adoption']"),
    (lambda: health_score({"adoption": math.inf}, W), "components['adoption']"),
    (lambda: health_score({"adoption": "80"}, W), "components['adoption']"),  # type: ignore[dict-item]
    (lambda: health_score({"adoptoin": 80}, W), "components"),
    (lambda: health_score({"": 80}, W), "components"),
    # options
    (lambda: health_score({}, W, min_coverage=1.5), "min_coverage"),
    (lambda: health_score({}, W, min_coverage=NAN), "min_coverage"),
    (lambda: health_score({}, W, scored_at=DAY), "scored_at"),  # type: ignore[arg-type]
    (lambda: health_score({}, W, as_of=NOON), "as_of"),
    (lambda: health_score({}, W, as_of="2026-03-01"), "as_of"),  # type: ignore[arg-type]
    (lambda: health_score({}, W, as_of=DAY, stale_after_days=0), "stale_after_days"),
    # health_scores
    (lambda: health_scores({"adoption": [80, 130]}, W), "components['adoption']"),
    (lambda: health_scores({"adoption": ["80"]}, W), "components['adoption']"),
    (lambda: health_scores({"adoption": [80]}, {"adoption": [1, -1]}), "weights['adoption']"),
    (lambda: health_scores({"adoption": [80]}, {"adoption": 0}), "weights['adoption']"),
    (lambda: health_scores({"adoption": [80, 70]}, {"adoption": [1, 1, 1]}), "shape"),
    (lambda: health_scores({"adoption": [[80, 70]]}, W), "shape"),
    (lambda: health_scores({"golf": [80]}, W), "components"),
    (lambda: health_scores({}, W, min_coverage=-0.1), "min_coverage"),
    (lambda: health_scores({}, W, scored_at="noon"), "scored_at"),  # type: ignore[arg-type]
    # results built by hand (or read from JSON)
    (lambda: HealthScore(value=101.0, band=Band.GREEN, coverage=1.0), "value"),
    (lambda: HealthScore(value=80.0, band=2, coverage=1.0), "band"),  # type: ignore[arg-type]
    (lambda: HealthScore(value=80.0, band=Band.YELLOW, coverage=1.0), "band"),
    (lambda: HealthScore(value=80.0, band=Band.GREEN, coverage=1.5), "coverage"),
    (
        lambda: HealthScore(value=80.0, band=Band.GREEN, coverage=1.0, contributions=[80.0]),
        "contributions",
    ),  # type: ignore[arg-type]
    (
        lambda: HealthScore(value=80.0, band=Band.GREEN, coverage=1.0, contributions={"": 80.0}),
        "contributions",
    ),
    (
        lambda: HealthScore(value=80.0, band=Band.GREEN, coverage=1.0, contributions={"a": NAN}),
        "contributions['a']",
    ),
    (lambda: HealthScore(value=80.0, band=Band.GREEN, coverage=1.0, scored_at=DAY), "scored_at"),  # type: ignore[arg-type]
    (
        lambda: HealthScore(value=10.0, band=Band.RED, coverage=1.0, scored_at=NOON),
        "escalation_due",
    ),
    (
        lambda: HealthScore(value=80.0, band=Band.GREEN, coverage=1.0, escalation_due=NOON),
        "escalation_due",
    ),
    (lambda: HealthScore(value=80.0, band=Band.GREEN, coverage=1.0, missing="nps"), "missing"),  # type: ignore[arg-type]
    (lambda: HealthScore(value=80.0, band=Band.GREEN, coverage=1.0, missing=(1,)), "missing[0]"),  # type: ignore[arg-type]
    (
        lambda: HealthScore(value=80.0, band=Band.GREEN, coverage=1.0, overrides=["x"]),
        "overrides[0]",
    ),  # type: ignore[list-item]
    # scorecards
    (lambda: Scorecard(weights={"(override)": 1.0}), "weights"),
]


@pytest.mark.parametrize(("build", "field"), BAD)
def test_bad_input_is_refused_by_name(build: Callable[[], object], field: str) -> None:
    """DOMAIN.md 5 / STYLE 7: every argument is validated at the edge, by name."""
    with pytest.raises(InvalidInputError) as info:
        build()
    assert info.value.field == field
    assert f"{field}=" in str(info.value)


def test_errors_in_json_are_listed_with_their_path() -> None:
    """DOMAIN.md 5 (seed 004): a score read from JSON must carry the band of its value."""
    text = to_json(health_score({"adoption": 10}, {"adoption": 1}, scored_at=NOON))
    tampered = text.replace('"band": "RED"', '"band": "GREEN"')
    with pytest.raises(InvalidInputError, match=r"band=<Band.GREEN: 2>: must be RED"):
        from_json(tampered, HealthScore)


def test_override_of_an_unknown_component_is_refused() -> None:
    """Issue 4: an override must name a component of the scorecard (or None)."""
    o = Override(component="golf", value=50, reason="why not", expires_on=DAY)
    with pytest.raises(InvalidInputError) as info:
        health_score({}, W, as_of=DAY, overrides=[o])
    assert info.value.field == "overrides[0].component"


off_the_scale = (
    st.floats(max_value=math.nextafter(0.0, -math.inf))
    | st.floats(min_value=math.nextafter(100.0, math.inf))
    | st.sampled_from(["80", True])
)


@rule("health.component-scale")
@given(st.sampled_from(NAMES[:4]), off_the_scale, score)
def test_each_component_is_scored_0_to_100(name: str, bad: Any, good: float) -> None:
    """DOMAIN.md 5 (seed 004): each component is scored 0-100; anything else is refused
    by name, by health_score and by an Account alike; the whole scale is accepted."""
    with pytest.raises(InvalidInputError) as info:
        health_score({name: bad}, {name: 1.0})
    assert info.value.field == f"components[{name!r}]"
    with pytest.raises(InvalidInputError) as info:
        Account(id="a", name="A", arr=1.0, health={name: bad})
    assert info.value.field == f"health[{name!r}]"
    assert health_score({name: good}, {name: 1.0}).value == good
    assert Account(id="a", name="A", arr=1.0, health={name: good}).health[name].value == good


@rule("health.trust-proof-components")
@given(cst.accounts(), st.just(cst.EXAMPLE_DAY) | cst.dates())
def test_trust_index_and_proof_score_are_components(a: Account, as_of: date) -> None:
    """DOMAIN.md 5: the trust index and the proof score are components of the default
    scorecard: the account's health is health_score() of its measured components with
    its own trust index (missing when unknown) and proof score put in."""
    result = assess(a, as_of=as_of)
    trust = NAN if result.trust is None else result.trust.index
    expected = health_score(
        {**a.health, "trust": trust, "proof": result.proof},
        DEFAULT_SCORECARD.weights,
        as_of=as_of,
        overrides=a.overrides,
    )
    assert nan_equal(result.health.value, expected.value) or result.health.value == (
        pytest.approx(expected.value)
    )
    assert result.health.band is expected.band
    assert result.health.coverage == pytest.approx(expected.coverage)
    assert result.health.missing == expected.missing
    assert "proof" not in result.health.missing  # a proof score is always known
    if result.trust is not None:
        assert "trust" not in result.health.missing


@rule("health.components-warning")
@given(st.integers(1, 12))
def test_more_than_six_components_deserve_a_warning(n: int) -> None:
    """DOMAIN.md 5 (seed 003, "4-6 metrics that genuinely predict outcomes")."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        card = Scorecard(weights={f"m{i}": 1.0 for i in range(n)})
    assert len(card.weights) == n
    assert any(issubclass(w.category, ScorecardWarning) for w in caught) is (n > 6)
