"""The evidence kernels: Wilson intervals, AUC, the ROC curve, the first decision."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cs_framework._rules.evidence import auc_kernel, first_decision, roc_points, wilson_interval

rule = pytest.mark.rule

SCORES = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        hnp.arrays(np.float64, n, elements=st.sampled_from([0.0, 10.0, 40.0, 55.5, 70.0, 99.0])),
        hnp.arrays(np.bool_, n),
    )
)


@rule("evidence.interval")
@given(trials=st.integers(0, 10_000), data=st.data())
def test_the_wilson_interval_holds_the_rate_inside_zero_and_one(
    trials: int, data: st.DataObject
) -> None:
    events = data.draw(st.integers(0, trials))
    low, high = wilson_interval(np.array([float(events)]), np.array([float(trials)]))
    if trials == 0:
        assert math.isnan(low[0])
        assert math.isnan(high[0])
        return
    rate = events / trials
    assert 0.0 <= low[0] <= rate + 1e-12
    assert rate - 1e-12 <= high[0] <= 1.0
    assert high[0] - low[0] > 0  # never a certainty, however many trials


@rule("evidence.interval")
@given(events=st.integers(0, 50), scale=st.integers(2, 20))
def test_more_accounts_at_the_same_rate_narrow_the_interval(events: int, scale: int) -> None:
    trials = 50.0
    small = wilson_interval(np.array([events * 1.0]), np.array([trials]))
    large = wilson_interval(np.array([events * scale * 1.0]), np.array([trials * scale]))
    assert large[1][0] - large[0][0] < small[1][0] - small[0][0]


def test_the_wilson_interval_matches_the_published_figures() -> None:
    # Newcombe (1998), table I: 81/263 -> 0.2553-0.3662; 15/148 -> 0.0624-0.1605.
    low, high = wilson_interval(np.array([81.0, 15.0]), np.array([263.0, 148.0]))
    assert np.round(low, 4).tolist() == [0.2553, 0.0624]
    assert np.round(high, 4).tolist() == [0.3662, 0.1605]


def _pairs_auc(risk: np.ndarray, event: np.ndarray) -> float:
    """The AUC by its definition: over every (event, no event) pair."""
    pos, neg = risk[event], risk[~event]
    if not pos.size or not neg.size:
        return float("nan")
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (pos.size * neg.size))


@rule("evidence.auc")
@given(SCORES)
def test_the_auc_is_the_share_of_pairs_ranked_right(case: tuple[np.ndarray, np.ndarray]) -> None:
    risk, event = case
    expected = _pairs_auc(risk, event)
    got = auc_kernel(risk, event)
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected, abs=1e-12)
        assert auc_kernel(-risk, event) == pytest.approx(1 - expected, abs=1e-12)
        assert auc_kernel(np.exp(risk / 10), event) == pytest.approx(expected, abs=1e-12)


@rule("evidence.auc")
@given(SCORES)
def test_the_area_under_the_roc_points_is_the_auc(case: tuple[np.ndarray, np.ndarray]) -> None:
    risk, event = case
    fpr, tpr = roc_points(risk, event)
    assert fpr[0] == tpr[0] == 0.0
    assert fpr[-1] == 1.0 or not (~event).any()
    assert np.all(np.diff(fpr) >= 0)
    assert np.all(np.diff(tpr) >= 0)
    if event.any() and not event.all():
        assert fpr[-1] == tpr[-1] == 1.0
        area = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
        assert area == pytest.approx(auc_kernel(risk, event), abs=1e-12)


def test_with_nothing_to_rank_the_roc_is_the_diagonal() -> None:
    fpr, tpr = roc_points(np.zeros(0), np.zeros(0, dtype=bool))
    assert fpr.tolist() == tpr.tolist() == [0.0, 1.0]


@rule("evidence.label")
@given(
    rows=st.lists(st.tuples(st.integers(-1, 4), st.integers(0, 30)), max_size=25),
    after=st.integers(0, 30),
    horizon=st.integers(1, 20),
)
def test_the_label_is_the_first_decision_after_the_day_within_the_horizon(
    rows: list[tuple[int, int]], after: int, horizon: int
) -> None:
    account = np.array([a for a, _ in rows], dtype=np.intp)
    day = np.array([d for _, d in rows], dtype=np.float64)
    first = first_decision(account, day, 5, float(after), float(horizon))
    for k in range(5):
        inside = [j for j, (a, d) in enumerate(rows) if a == k and after < d <= after + horizon]
        if not inside:
            assert first[k] == -1
        else:
            earliest = min(inside, key=lambda j: (rows[j][1], j))
            assert first[k] == earliest
