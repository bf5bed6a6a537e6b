"""Exact edges: an exact mean of 40 is 40 (rules: edges, the CS program guide and the
Trust -> Prove -> Grow framework: fixed)."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import (
    Band,
    Outcome,
    Phase,
    health_score,
    health_scores,
    phase,
    proof_score,
    trust_index,
)

rule = pytest.mark.rule
EDGES = {40: Band.YELLOW, 70: Band.GREEN}
NOON = datetime(2026, 11, 2, 12, tzinfo=UTC)


@rule("edges.published")
def test_the_reproduced_means_read_as_their_edges() -> None:
    """Scores 20 and 50 weighted 1:2 are 40 (Yellow, no escalation); 10 and 100 are 70."""
    yellow = health_score({"adoption": 20, "support": 50}, {"adoption": 1, "support": 2})
    assert (yellow.value, yellow.band, yellow.escalation_due) == (40.0, Band.YELLOW, None)
    green = health_score(
        {"adoption": 10, "support": 100}, {"adoption": 1, "support": 2}, scored_at=NOON
    )
    assert (green.value, green.band) == (70.0, Band.GREEN)


@rule("edges.published")
def test_every_exact_mean_of_two_components_in_steps_of_five_gets_its_edges_band() -> None:
    """The scan that found 949 wrong bands: weights 1-10, scores 0-100 in steps of 5, on
    the book kernel (a weight column per account) and, for the edges, one by one."""
    rows = list(product(range(1, 11), range(1, 11), range(0, 101, 5), range(0, 101, 5)))
    a, b, x, y = (np.array(column, dtype=float) for column in zip(*rows, strict=True))
    scored = health_scores({"p": x, "q": y}, {"p": a, "q": b}, min_coverage=0)
    numerator, weight = a * x + b * y, a + b  # whole numbers: exact in float64
    checked = 0
    for edge, band in EDGES.items():
        on_edge = np.flatnonzero(numerator == edge * weight)
        assert scored.value[on_edge].tolist() == [float(edge)] * on_edge.size
        assert set(scored.band[on_edge].tolist()) == {int(band)}
        for k in on_edge[::97].tolist():  # one by one too: the same function
            one = health_score({"p": x[k], "q": y[k]}, {"p": a[k], "q": b[k]}, min_coverage=0)
            assert (one.value, one.band) == (float(edge), band)
        checked += on_edge.size
    assert checked > 900


@st.composite
def exact_means(draw: st.DrawFn) -> tuple[int, dict[str, float], dict[str, float]]:
    """Whole weights and scores in steps of 5 whose exact weighted mean is an edge: a
    last component balances the others around the edge."""
    edge = draw(st.sampled_from(sorted(EDGES)))
    n = draw(st.integers(1, 5))
    scores = draw(st.lists(st.integers(0, 20).map(lambda s: 5 * s), min_size=n, max_size=n))
    weights = draw(st.lists(st.integers(1, 10), min_size=n, max_size=n))
    off = -sum(w * (s - edge) for w, s in zip(weights, scores, strict=True))  # a multiple of 5
    step = 5 if off >= 0 else -5
    scores.append(edge + step)
    weights.append(abs(off) // 5 if off else draw(st.integers(1, 10)))
    if not off:
        scores[-1] = edge
    order = draw(st.permutations(range(n + 1)))
    names = [f"c{k}" for k in order]
    return (
        edge,
        dict(zip(names, map(float, scores), strict=True)),
        dict(zip(names, map(float, weights), strict=True)),
    )


@rule("edges.published")
@given(exact_means())
def test_a_weighted_mean_exactly_on_an_edge_is_the_edge(
    case: tuple[int, dict[str, float], dict[str, float]],
) -> None:
    edge, scores, weights = case
    assert sum(weights[n] * s for n, s in scores.items()) == edge * sum(weights.values())
    got = health_score(scores, weights, min_coverage=0)
    assert (got.value, got.band) == (float(edge), EDGES[edge])


@rule("edges.published")
@given(st.floats(min_value=1, max_value=10))
def test_the_trust_midpoint_is_exactly_50(x: float) -> None:
    """C = R = I = S is the midpoint of the index, exactly (1.4 gave 49.99999999999999)."""
    assert trust_index(x, x, x, x) == 50.0


@rule("edges.published")
def test_a_proof_of_exactly_the_bar_clears_it() -> None:
    """Three acknowledged outcomes at 60%, 70% and 80% prove 70: GROW at a bar of 70."""
    outcomes = [
        Outcome(
            id=f"o{p}",
            account_id="a",
            description="Cut triage time",
            metric="%",
            baseline=0,
            target=100,
            current=p,
            documented=True,
            acknowledged=True,
        )
        for p in (60, 70, 80)
    ]
    proof = proof_score(outcomes)
    assert proof == 70.0
    assert phase(80, proof) is Phase.GROW
