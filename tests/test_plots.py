"""Plots: each draws what the scores say on the axes it is given, and refuses what is
not a scored book, a summary or an assessment."""

from __future__ import annotations

from typing import Any

import attrs
import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from cs_framework import (
    Book,
    InvalidInputError,
    Override,
    Policy,
    assess,
    plots,
    score_book,
)
from cs_framework.examples import EXAMPLE_DAY, example_accounts
from cs_framework.synthetic import SYNTHETIC_DAY, make_book

SCORED = score_book(make_book(800, seed=3), as_of=SYNTHETIC_DAY)
SUMMARY = SCORED.summary()


def teardown_function() -> None:
    plt.close("all")


def test_health_by_segment_draws_every_scored_account_on_the_given_axes() -> None:
    _, ax = plt.subplots()
    assert plots.health_by_segment(SCORED, ax=ax, bins=10, policy=Policy(green=75)) is ax
    drawn = sum(patch.get_height() for patch in ax.patches)
    assert drawn == (SCORED["health"] == SCORED["health"]).sum()
    assert sorted(line.get_xdata()[0] for line in ax.lines) == [40.0, 75.0]


def test_the_heat_map_cells_add_up_to_the_summary() -> None:
    ax = plots.band_phase_heatmap(SUMMARY, value="accounts")
    labelled = sum(float(t.get_text().replace(",", "")) for t in ax.texts)
    assert labelled == sum(n for _, _, _, n, _ in SUMMARY.by_band_segment_phase)
    arr = plots.band_phase_heatmap(SUMMARY)
    assert arr.get_title() == "ARR by band x phase"


def test_the_escalation_queue_is_in_due_order_with_the_arr_at_stake() -> None:
    ax = plots.escalation_queue(SUMMARY, top=3)
    assert [p.get_width() for p in ax.patches] == [arr for _, _, arr in SUMMARY.escalations[:3]]
    empty = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY).summary()
    assert len(plots.escalation_queue(empty).patches) == 0


def test_health_contributions_show_points_and_what_is_lost() -> None:
    result = assess(example_accounts()[0], as_of=EXAMPLE_DAY)
    ax = plots.health_contributions(result)
    gained = [p.get_width() for p in ax.patches[:5]]
    assert gained == pytest.approx(list(result.health.contributions.values()))
    assert sum(p.get_width() for p in ax.patches) == pytest.approx(100)
    assert ax.get_title() == "northwind: health 40.2 YELLOW"
    override = Override(component=None, value=5.0, reason="call", expires_on=EXAMPLE_DAY)
    unknown = attrs.evolve(example_accounts()[0], health={}, overrides=(override,))
    moved = plots.health_contributions(assess(unknown, as_of=EXAMPLE_DAY))
    assert [t.get_text() for t in moved.get_yticklabels()] == ["(override)"]
    overridden = attrs.evolve(example_accounts()[0], overrides=(override,))
    result = assess(overridden, as_of=EXAMPLE_DAY)
    ax = plots.health_contributions(result)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "(override)"
    bars = ax.patches[: len(labels)]
    assert sum(p.get_width() for p in bars) == pytest.approx(result.health.value)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: plots.health_by_segment(SUMMARY), "scored"),  # type: ignore[arg-type]
        (lambda: plots.health_by_segment(SCORED, bins=0), "bins"),
        (lambda: plots.band_phase_heatmap(SCORED), "summary"),  # type: ignore[arg-type]
        (lambda: plots.band_phase_heatmap(SUMMARY, value="health"), "value"),  # type: ignore[arg-type]
        (lambda: plots.escalation_queue(SUMMARY, top=0), "top"),
        (lambda: plots.health_contributions(SCORED), "assessment"),  # type: ignore[arg-type]
    ],
)
def test_what_is_not_scores_is_refused_by_name(call: Any, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()
    assert info.value.problems[0].field == field


def test_a_book_with_no_known_health_draws_no_bars_and_no_legend() -> None:
    import pyarrow as pa

    unknown = score_book(
        Book.from_frames(pa.table({"account_id": ["a"], "arr": [5.0]})), as_of=EXAMPLE_DAY
    )
    ax = plots.health_by_segment(unknown)
    assert (len(ax.patches), ax.get_legend()) == (0, None)


def test_churn_rates_and_the_roc_curve_draw_what_the_backtest_says() -> None:
    from cs_framework import backtest
    from cs_framework.synthetic import make_renewals

    book = make_book(2000, seed=4)
    report = backtest(book, make_renewals(book, as_of=SYNTHETIC_DAY, seed=4), as_of=SYNTHETIC_DAY)
    for by, rows in (("band", report.by_band), ("phase", report.by_phase),
                     ("health", report.calibration)):  # fmt: skip
        _, ax = plt.subplots()
        assert plots.churn_rates(report, ax=ax, by=by) is ax
        heights = [patch.get_height() for patch in ax.patches]
        assert heights == pytest.approx([0.0 if r.rate != r.rate else r.rate for r in rows])
    _, ax = plt.subplots()
    assert plots.roc_curve(report, ax=ax) is ax
    fpr, tpr = report.roc()
    assert list(ax.lines[0].get_xdata()) == list(fpr)
    assert list(ax.lines[0].get_ydata()) == list(tpr)
    assert f"{report.auc:.3f}" in ax.get_legend().get_texts()[0].get_text()
    with pytest.raises(InvalidInputError):
        plots.churn_rates(report, by="segment")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        plots.roc_curve(SCORED)  # type: ignore[arg-type]
