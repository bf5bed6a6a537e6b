"""Health scores: weighting, coverage, contributions, staleness, escalation (rules: health)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cs_framework import (
    DEFAULT_SCORECARD,
    Account,
    Band,
    Book,
    ComponentScore,
    CoverageModel,
    HealthColumns,
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
    score_book,
    to_json,
)
from cs_framework import strategies as cst
from cs_framework._defaults import COVERAGE_TOLERANCE, ESCALATION_WINDOW
from cs_framework._model.results import nan_equal
from cs_framework._rules.health import apply_staleness, health_kernel
from helpers import health_score_of, override_of

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
    """rules: health: weighted mean of the components present; missing weight shared out.

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
    """rules: health: only the ratios of the weights matter (a weighted mean)."""
    components, weights = card
    before = health_score(components, weights, min_coverage=0)
    after = health_score(components, {n: w * factor for n, w in weights.items()}, min_coverage=0)
    assert after.value == pytest.approx(before.value, rel=1e-9, abs=1e-9)
    assert after.coverage == pytest.approx(before.coverage, rel=1e-9)
    assert after.contributions == pytest.approx(before.contributions, rel=1e-9, abs=1e-9)


@rule("health.weighted-mean")
@given(scorecards(), st.data())
def test_a_component_weighted_zero_is_out_of_the_score(
    card: tuple[dict[str, float | None], dict[str, float]], data: st.DataObject
) -> None:
    """rules: health: a weight of 0 keeps a component known but out of the score: the
    score is the score of the scorecard without it."""
    components, weights = card
    extra = data.draw(st.none() | st.floats(min_value=0, max_value=100), label="zero's reading")
    with_zero = health_score({**components, "zeroed": extra}, {**weights, "zeroed": 0.0})
    without = health_score(components, weights)
    assert with_zero.coverage == without.coverage
    assert with_zero.value == without.value or (
        math.isnan(with_zero.value) and math.isnan(without.value)
    )
    assert with_zero.contributions.get("zeroed", 0.0) in (0.0,) or math.isnan(
        with_zero.contributions["zeroed"]
    )


@rule("health.weighted-mean")
@given(scorecards())
def test_score_is_within_the_min_and_max_of_its_present_components(
    card: tuple[dict[str, float | None], dict[str, float]],
) -> None:
    """rules: health: a weighted mean lies between its smallest and largest component
    (as published, to nine decimal places)."""
    components, weights = card
    s = health_score(components, weights, min_coverage=0)
    present = [v for v in components.values() if v is not None]
    lowest, highest = np.round([min(present), max(present)], 9)
    assert lowest <= s.value <= highest
    assert s.value == np.round(s.value, 9)


@rule("health.weighted-mean")
@given(scorecards(min_present=2), st.data())
def test_a_missing_component_scores_as_if_left_out_of_the_scorecard(
    card: tuple[dict[str, float | None], dict[str, float]], data: st.DataObject
) -> None:
    """rules: health: the weight of a missing component is shared out over those present,
    so the score equals the score of the scorecard without it; coverage says what is missing."""
    components, weights = card
    dropped = data.draw(st.sampled_from(sorted(weights)))
    with_gap = health_score({**components, dropped: None}, weights, min_coverage=0)
    rest = {n: w for n, w in weights.items() if n != dropped}
    without = health_score(
        {n: v for n, v in components.items() if n != dropped}, rest, min_coverage=0
    )
    assume(not math.isnan(without.value))  # every other component missing too
    assert with_gap.value == pytest.approx(without.value, abs=1e-9)  # published to 9 places
    assert with_gap.contributions == pytest.approx(without.contributions, rel=1e-12, abs=1e-12)
    present = sum(w for n, w in weights.items() if n != dropped and components[n] is not None)
    assert with_gap.coverage == pytest.approx(present / sum(weights.values()))
    assert without.coverage == pytest.approx(present / sum(rest.values()))
    assert dropped in with_gap.missing


@rule("health.weighted-mean")
def test_a_component_named_in_weights_but_not_given_is_missing() -> None:
    """rules: health: a scorecard component with no score is missing (not zero)."""
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
    """rules: health: below the minimum coverage the score is unknown, never Red or Green."""
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
    """rules: health: "below a minimum coverage" is unknown; at the minimum the score is known,
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
    """rules: health: no data at all is unknown, never 0 (Red)."""
    s = health_score({"adoption": None}, {"adoption": 1}, min_coverage=0)
    assert math.isnan(s.value)
    assert (s.band, s.coverage, s.contributions) == (Band.UNKNOWN, 0.0, {})


@rule("health.contributions")
@given(scorecards())
def test_contributions_add_up_to_the_score(
    card: tuple[dict[str, float | None], dict[str, float]],
) -> None:
    """rules: health / issue 4: each component's points (the user sees why) sum to the score."""
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
    """rules: health: scoring the rows one by one equals scoring the matrix at once."""
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
    """rules: health: weights may differ per segment; a weight column gives each row its own."""
    n = len(rows)
    weight_cols = {name: data.draw(st.lists(weight, min_size=n, max_size=n)) for name in NAMES}
    components = [{name: c.get(name) for name in NAMES} for c, _ in rows]
    columns = {name: [NAN if c[name] is None else c[name] for c in components] for name in NAMES}
    matrix = health_scores(columns, weight_cols, min_coverage=0)
    for k, c in enumerate(components):
        own = {name: weight_cols[name][k] for name in NAMES}
        assert matrix.at(k) == health_score(c, own, min_coverage=0)


def test_kernel_weights_per_row_match_a_shared_row() -> None:
    """rules: health: the kernel takes (k,) or (n, k) weights with the same meaning."""
    values = np.array([[80.0, NAN, 40.0], [10.0, 20.0, 30.0]])
    w = np.array([1.0, 2.0, 3.0])
    shared = health_kernel(values, w, 0.5)
    per_row = health_kernel(values, np.tile(w, (2, 1)), 0.5)
    for a, b in zip(shared, per_row, strict=True):
        np.testing.assert_array_equal(a, b)
    assert shared[0].tolist() == pytest.approx([(80 + 3 * 40) / 4, (10 + 40 + 90) / 6])
    assert shared[1].tolist() == pytest.approx([4 / 6, 1.0])


def test_kernel_with_no_components_is_unknown() -> None:
    """rules: health: with no weight defined nothing is known: NaN, coverage 0."""
    value, coverage, points = health_kernel(np.empty((2, 0)), np.empty(0), 0.0)
    assert np.isnan(value).all()
    assert coverage.tolist() == [0.0, 0.0]
    assert points.shape == (2, 0)


def test_health_scores_accepts_scalars_and_absent_columns() -> None:
    """rules: health: a scorecard component with no column is missing for every account."""
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
    """rules: sequencing, health (the CS program guide, fixed): a Red score is escalated within 48
    hours of scoring.
    """
    s = health_score({"adoption": value}, {"adoption": 1}, scored_at=when)
    assert s.scored_at == when
    if value < 40:
        assert s.band is Band.RED
        assert s.escalation_due == when + timedelta(hours=48)
        assert s.escalation_due - when == ESCALATION_WINDOW
    else:
        assert s.escalation_due is None


DST_ZONES = st.sampled_from(
    [ZoneInfo("America/New_York"), ZoneInfo("Europe/Paris"), ZoneInfo("Australia/Sydney")]
)


@rule("sequencing.escalation")
@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=DST_ZONES
    )
)
def test_escalation_is_48_elapsed_hours_in_the_scoring_zone(when: datetime) -> None:
    """The 48 hours are elapsed hours, read in scored_at's own time zone: across a
    daylight-saving change the wall clock moves 47 or 49 hours."""
    due = health_score({"adoption": 10}, {"adoption": 1}, scored_at=when).escalation_due
    assert due is not None
    assert due.tzinfo is when.tzinfo
    assert due.astimezone(UTC) - when.astimezone(UTC) == timedelta(hours=48)


def test_across_a_daylight_saving_change_the_wall_clock_reads_47_or_49_hours() -> None:
    """New York leaves daylight time on 2026-11-01 and enters it on 2026-03-08."""
    ny = ZoneInfo("America/New_York")
    red = {"adoption": 10}, {"adoption": 1}
    autumn = health_score(*red, scored_at=datetime(2026, 10, 31, 9, 0, tzinfo=ny))
    assert autumn.escalation_due == datetime(2026, 11, 2, 8, 0, tzinfo=ny)  # 47 on the wall
    spring = health_score(*red, scored_at=datetime(2026, 3, 7, 9, 0, tzinfo=ny))
    assert spring.escalation_due == datetime(2026, 3, 9, 10, 0, tzinfo=ny)  # 49 on the wall


@pytest.mark.rule("sequencing.escalation")
@pytest.mark.parametrize(
    ("at", "due"),
    [
        ((2026, 10, 31, 9), (2026, 11, 2, 8)),  # the reproducer: 49 elapsed hours before
        ((2026, 3, 7, 9), (2026, 3, 9, 10)),
    ],
)
def test_one_account_and_a_book_escalate_48_elapsed_hours_later_across_both_changes(
    at: tuple[int, ...], due: tuple[int, ...]
) -> None:
    """assess and score_book give the identical time, zone included, across both of New
    York's daylight-saving changes."""
    ny = ZoneInfo("America/New_York")
    scored_at = datetime(*at, 0, tzinfo=ny)
    red = Account(id="r", name="R", arr=1.0, health=dict.fromkeys(W, 5.0))
    one = assess(red, as_of=scored_at.date(), scored_at=scored_at)
    row = next(
        score_book(Book.from_accounts([red]), as_of=scored_at.date(), scored_at=scored_at).rows()
    )
    assert one.escalation_due == row["escalation_due"] == datetime(*due, 0, tzinfo=ny)
    assert one.escalation_due is not None
    assert one.escalation_due.tzinfo is ny
    assert row["escalation_due"].tzinfo is ny
    assert one.escalation_due.astimezone(UTC) - scored_at.astimezone(UTC) == timedelta(hours=48)


def test_a_naive_scoring_time_is_refused_everywhere() -> None:
    """A naive time names no instant: no path guesses its zone."""
    naive = datetime(2026, 3, 1, 9, 0)
    book = Book.from_accounts([Account(id="a", name="A", arr=1.0)])
    for call in (
        lambda: health_score({"adoption": 10}, {"adoption": 1}, scored_at=naive),
        lambda: health_scores({"adoption": [10]}, {"adoption": 1}, scored_at=naive),
        lambda: assess(book.to_accounts()[0], as_of=DAY, scored_at=naive),
        lambda: score_book(book, as_of=DAY, scored_at=naive),
        lambda: HealthScore(value=10.0, band=Band.RED, coverage=1.0, scored_at=naive),
    ):
        with pytest.raises(InvalidInputError, match="time-zone-aware") as info:
            call()
        assert info.value.field == "scored_at"


def test_a_scoring_time_before_the_day_scored_is_refused_on_both_paths() -> None:
    """Scores are taken on or after the day they are about, with a day's leeway for
    time zones: a scoring time years before ``as_of`` is refused, not accepted."""
    book = Book.from_accounts([Account(id="a", name="A", arr=1.0)])
    account_a = book.to_accounts()[0]
    as_of = date(2026, 3, 10)
    early = datetime(2024, 3, 10, 9, 0, tzinfo=UTC)
    for call in (
        lambda: assess(account_a, as_of=as_of, scored_at=early),
        lambda: score_book(book, as_of=as_of, scored_at=early),
    ):
        with pytest.raises(InvalidInputError, match="must not be before as_of=2026-03-10") as info:
            call()
        assert (info.value.field, info.value.value) == ("scored_at", early)
    leeway = datetime(2026, 3, 9, 23, 0, tzinfo=ZoneInfo("America/New_York"))
    assert assess(account_a, as_of=as_of, scored_at=leeway).health.scored_at == leeway
    assert len(score_book(book, as_of=as_of, scored_at=leeway)) == 1


def test_no_escalation_time_without_a_scoring_time() -> None:
    """Seed 004: the 48 hours run from the time it was scored; unknown time, no deadline."""
    s = health_score({"adoption": 10}, {"adoption": 1})
    assert s.band is Band.RED
    assert s.escalation_due is None


@rule("health.missing-unknown")
def test_unknown_scores_are_never_escalated() -> None:
    """rules: health: UNKNOWN is never Red, so never escalated."""
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
    """Issue 4 / rules: health: a component older than the limit counts as missing, so stale
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
    """rules: health (our default): with no date there is nothing to judge the age by."""
    s = health_score(
        {"adoption": ComponentScore(value=70)}, {"adoption": 1}, as_of=DAY, stale_after_days=1
    )
    assert s.value == 70.0


def test_staleness_kernel_vector_equals_rows() -> None:
    """the staleness kernel is elementwise: rows alone give the rows of the whole."""
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
    """rules: health: band from value (the CS program guide); escalation only for Red; NaN equals
    NaN.
    """
    assert s.band is health_band(s.value)
    assert (s.escalation_due is not None) == (s.band is Band.RED and s.scored_at is not None)
    assert from_json(to_json(s), HealthScore) == s
    if not math.isnan(s.value):
        assert math.fsum(s.contributions.values()) == pytest.approx(s.value, abs=1e-9)


def test_unknown_scores_compare_equal() -> None:
    """rules: health: an unknown score (NaN) equals an unknown score, so JSON round trips hold."""
    a = HealthScore(value=NAN, band=Band.UNKNOWN, coverage=0.2)
    b = HealthScore(value=float("nan"), band=Band.UNKNOWN, coverage=0.2)
    assert a == b
    assert a != HealthScore(value=NAN, band=Band.UNKNOWN, coverage=0.3)
    assert '"value": "nan"' in to_json(a)


@rule("health.segment-weights")
def test_scorecard_weights_follow_the_segment() -> None:
    """rules: health: weights may differ per segment; components are shared (no duplicated card)."""
    policy = Policy(
        segment_weights={
            CoverageModel.HIGH_TOUCH: {"engagement": 0.4},
            CoverageModel.DIGITAL: {"adoption": 0.6},
        }
    )
    codes = np.array(
        [CoverageModel.DIGITAL, CoverageModel.HIGH_TOUCH, CoverageModel.SCALED], dtype=np.int8
    )
    names, table = policy.weight_table
    w = table[codes]
    assert names == tuple(policy.scorecard.weights)
    for row, model in zip(w, codes, strict=True):
        card = policy.scorecard_for(CoverageModel(int(model)))
        assert row.tolist() == [card.weights[n] for n in names]
    assert w[0, names.index("adoption")] == 0.6
    assert w[1, names.index("engagement")] == 0.4


def test_health_columns_at_refuses_rows_out_of_range() -> None:
    """a row number is validated at the edge, by name."""
    cols = health_scores({"adoption": [50.0]}, {"adoption": 1})
    for bad in (1, -1, True, 0.0):
        with pytest.raises(InvalidInputError) as info:
            cols.at(bad)  # type: ignore[arg-type]
        assert info.value.field == "row"
    assert cols.at(np.int64(0)).value == 50.0  # type: ignore[arg-type]


def test_health_columns_carry_overall_override_points() -> None:
    """rules: health: an overall override's points show beside the components'."""
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
    (lambda: health_score({}, {"adoption": 0}), "weights"),
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
    (lambda: health_scores({"adoption": [80]}, {"adoption": 0}), "weights"),
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
    """rules: health: every argument is validated at the edge, by name."""
    with pytest.raises(InvalidInputError) as info:
        build()
    assert info.value.field == field
    assert f"{field}=" in str(info.value)


def test_errors_in_json_are_listed_with_their_path() -> None:
    """rules: health (the CS program guide): a score read from JSON must carry the band of its
    value.
    """
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
    """rules: health (the CS program guide): each component is scored 0-100; anything else is
    refused by name, by health_score and by an Account alike; the whole scale is accepted.
    """
    with pytest.raises(InvalidInputError) as info:
        health_score({name: bad}, {name: 1.0})
    assert info.value.field == f"components[{name!r}]"
    with pytest.raises(InvalidInputError) as info:
        Account(id="a", name="A", arr=1.0, health={name: bad})
    assert info.value.field == f"health[{name!r}]"
    assert health_score({name: good}, {name: 1.0}).value == np.round(good, 9)  # published
    assert Account(id="a", name="A", arr=1.0, health={name: good}).health[name].value == good


@rule("health.trust-proof-components")
@given(cst.accounts(), st.just(cst.EXAMPLE_DAY) | cst.dates())
def test_trust_index_and_proof_score_are_components(a: Account, as_of: date) -> None:
    """rules: health: the trust index and the proof score are components of the default
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
    """rules: health ("4-6 metrics that genuinely predict outcomes", the distilled CS
    principles)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        card = Scorecard(weights={f"m{i}": 1.0 for i in range(n)})
    assert len(card.weights) == n
    assert any(issubclass(w.category, ScorecardWarning) for w in caught) is (n > 6)


# --------------------------------------------------------------------------------------
# Exact cases: Health scores, pinned exactly: whole error messages, boundaries, hand-computed
# points.
#
# Every error names the field, the value and the account (docs/rules.md, issue 2), so the
# messages below are public contract: each test asserts the whole text and the
# ``(field, value, account_id)`` triple, not just the exception type.
# --------------------------------------------------------------------------------------

SCORED = datetime(2026, 3, 2, 9, 0)


def test_nan_equal_only_matches_nan_with_nan() -> None:
    """An unknown score equals an unknown score, never a known one (either order)."""
    assert nan_equal(NAN, NAN)
    assert not nan_equal(1.0, NAN)
    assert not nan_equal(NAN, 1.0)
    assert health_score_of(value=NAN, band=Band.UNKNOWN) == health_score_of(
        value=NAN, band=Band.UNKNOWN
    )
    assert health_score_of(value=NAN, band=Band.UNKNOWN) != health_score_of()


def test_score_value_bounds_are_inclusive() -> None:
    """HealthScore.value accepts 0 and 100 exactly (and NaN), refuses just outside."""
    assert health_score_of(value=0.0, band=Band.RED).value == 0.0
    assert health_score_of(value=100.0, band=Band.GREEN).value == 100.0
    assert math.isnan(health_score_of(value=NAN, band=Band.UNKNOWN).value)
    with pytest.raises(InvalidInputError, match=r"^value=100\.5: "):
        health_score_of(value=100.5, band=Band.GREEN)


def test_contributions_accept_any_mapping_as_a_dict() -> None:
    """A read-only mapping of contributions is copied into a plain dict."""
    s = health_score_of(contributions=MappingProxyType({"adoption": 50.0}))
    assert type(s.contributions) is dict
    assert s.contributions == {"adoption": 50.0}


def test_missing_and_overrides_lists_become_tuples() -> None:
    """Lists for missing and overrides are accepted and stored as tuples."""
    o = override_of("adoption")
    s = health_score_of(missing=["nps"], overrides=[o])
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
    names, table = policy.weight_table
    w = table[np.array([0, 1], dtype=np.int8)]
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


@given(cst.health_scores())
def test_a_computed_score_passes_the_checks_a_hand_built_one_must(score: HealthScore) -> None:
    """The kernels' results are built without running the validators again; built by hand
    from the same fields, the validated constructor accepts them and gives an equal score."""
    assert HealthScore(**attrs.asdict(score, recurse=False)) == score


_COMPONENT = st.sampled_from([NAN, NAN, 0.0, -0.0, 0.1, 39.999999999, 70.1, 100.0])


@given(
    st.lists(st.lists(_COMPONENT, min_size=3, max_size=3), min_size=1, max_size=8),
    st.lists(st.sampled_from([0.0, -0.0, 0.5, 1.0, 2.0, 3.0]), min_size=3, max_size=3),
    st.sampled_from([0.0, 0.5, 1.0]),
)
def test_a_batch_scores_each_row_as_alone(
    rows: list[list[float]], weights: list[float], min_coverage: float
) -> None:
    """A batch of accounts in column order (as a book holds them) gets, bit for bit, what
    each row gets alone: the same values, NaN where unknown, the sign of a zero kept."""
    batch = np.asfortranarray(np.array(rows))
    w = np.array(weights)
    together = health_kernel(batch, w, min_coverage)
    for k, row in enumerate(rows):
        alone = health_kernel(np.array([row]), w, min_coverage)
        for whole, one in zip(together, alone, strict=True):
            assert np.array_equal(whole[k : k + 1], one, equal_nan=True)
            assert (np.signbit(whole[k : k + 1]) == np.signbit(one)).all()


def test_a_missing_component_adds_plus_zero_points_whatever_its_weight() -> None:
    """A missing component adds +0.0 points, even weighted -0.0 (a weight >= 0); a
    present one weighted -0.0 adds -0.0 * its share, as arithmetic says."""
    values = np.asfortranarray(np.array([[80.0, NAN], [5.0, 5.0]]))
    _, _, points = health_kernel(values, np.array([1.0, -0.0]), 0.5)
    assert points.tolist() == [[80.0, 0.0], [5.0, 0.0]]
    assert np.signbit(points).tolist() == [[False, False], [False, True]]
