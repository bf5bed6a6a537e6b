"""Plots of a scored book and of one account (the ``plots`` extra: matplotlib).

Each function draws on the ``ax`` it is given (a new figure's otherwise) and returns
it, so plots compose into a user's own figures:

- :func:`health_by_segment`: the health distribution of each segment, band edges marked;
- :func:`band_phase_heatmap`: accounts or ARR by health band x phase;
- :func:`escalation_queue`: the Red accounts, the earliest due first, by ARR at stake;
- :func:`health_contributions`: one account's points per component, and the points lost;
- :func:`churn_rates`: a backtest's churn rate by band, phase or health, with intervals;
- :func:`roc_curve`: a backtest's ROC curve of health against churn, with its AUC.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from ._book.scored import BookSummary, ScoredBook
from ._defaults import OVERRIDE_KEY
from ._enums import Band, Phase
from ._errors import InvalidInputError
from ._evidence.report import BacktestReport
from ._model.policy import Policy
from ._model.results import Assessment
from ._model.validators import InstanceOf, Whole, check_choice

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "band_phase_heatmap",
    "churn_rates",
    "escalation_queue",
    "health_by_segment",
    "health_contributions",
    "roc_curve",
]

_BAND_ORDER = ("RED", "YELLOW", "GREEN", "UNKNOWN")
_COLOURS = {"RED": "#cf222e", "YELLOW": "#d4a72c", "GREEN": "#1a7f37", "UNKNOWN": "#8c959f"}


def _axes(ax: Axes | None) -> Axes:
    try:
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - only without the plots extra
        raise InvalidInputError(
            field="matplotlib",
            value=None,
            reason="plots need the 'plots' extra: pip install 'customer-success-framework[plots]'",
        ) from None
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    return ax


def health_by_segment(
    scored: ScoredBook, *, ax: Axes | None = None, policy: Policy | None = None, bins: int = 40
) -> Axes:
    """Histograms of health, one per segment, with the policy's band edges marked.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cs_framework import score_book
    >>> from cs_framework.synthetic import make_book, SYNTHETIC_DAY
    >>> ax = health_by_segment(score_book(make_book(500, seed=1), as_of=SYNTHETIC_DAY))
    >>> ax.get_title()
    'Health by segment'
    """
    InstanceOf(ScoredBook).check(scored, field="scored")
    Whole(lo=1).check(bins, field="bins")
    policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
    ax = _axes(ax)
    health, segment = scored["health"], np.asarray(scored["segment"])
    for k, name in enumerate(scored.segment_names):
        values = health[(segment == k) & ~np.isnan(health)]
        if values.size:
            ax.hist(values, bins=bins, range=(0, 100), alpha=0.55, label=name)
    for edge in (policy.yellow, policy.green):
        ax.axvline(edge, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("health")
    ax.set_ylabel("accounts")
    ax.set_title("Health by segment")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(title="segment")
    return ax


def band_phase_heatmap(
    summary: BookSummary, *, ax: Axes | None = None, value: Literal["accounts", "arr"] = "arr"
) -> Axes:
    """A heat map of ARR (or accounts) by health band x phase, each cell labelled.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cs_framework import Book, score_book
    >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
    >>> summary = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY).summary()
    >>> band_phase_heatmap(summary, value="accounts").get_title()
    'Accounts by band x phase'
    """
    InstanceOf(BookSummary).check(summary, field="summary")
    check_choice(value, ("accounts", "arr"), field="value")
    ax = _axes(ax)
    phases = [p.name for p in Phase]
    bands = [b for b in _BAND_ORDER if b in Band.__members__]
    grid = np.zeros((len(bands), len(phases)))
    for band, _, phase, n, arr in summary.by_band_segment_phase:
        grid[bands.index(band), phases.index(phase)] += n if value == "accounts" else arr
    image = ax.imshow(grid, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(phases)), phases)
    ax.set_yticks(range(len(bands)), bands)
    bright = grid.max() * 0.6 if grid.size else 0.0  # viridis is light at the top
    for (i, j), cell in np.ndenumerate(grid):
        colour = "black" if bright and cell > bright else "white"
        ax.text(j, i, f"{cell:,.0f}", ha="center", va="center", color=colour, fontsize=8)
    ax.figure.colorbar(image, ax=ax, label="ARR" if value == "arr" else "accounts")
    ax.set_title(f"{'ARR' if value == 'arr' else 'Accounts'} by band x phase")
    return ax


def escalation_queue(summary: BookSummary, *, ax: Axes | None = None, top: int = 20) -> Axes:
    """The first ``top`` Red accounts of the escalation queue (earliest due first) as
    bars of ARR at stake, each labelled with its due time.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cs_framework import score_book
    >>> from cs_framework.synthetic import make_book, SYNTHETIC_DAY
    >>> summary = score_book(make_book(500, seed=1), as_of=SYNTHETIC_DAY).summary()
    >>> len(escalation_queue(summary, top=5).patches)
    5
    """
    InstanceOf(BookSummary).check(summary, field="summary")
    Whole(lo=1).check(top, field="top")
    ax = _axes(ax)
    queue = summary.escalations[:top]
    labels = [f"{aid}  due {due:%m-%d %H:%M}" for aid, due, _ in queue]
    ax.barh(range(len(queue)), [arr for _, _, arr in queue], color=_COLOURS["RED"])
    ax.set_yticks(range(len(queue)), labels)
    ax.invert_yaxis()  # the earliest due at the top
    ax.set_xlabel("ARR at stake")
    ax.set_title(f"Escalation queue: the first {len(queue)} of {len(summary.escalations):,}")
    return ax


def health_contributions(
    assessment: Assessment, *, ax: Axes | None = None, policy: Policy | None = None
) -> Axes:
    """One account's health: the points each component adds, and (hatched) the points
    it loses against a perfect 100.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cs_framework import assess
    >>> from cs_framework.examples import example_accounts, EXAMPLE_DAY
    >>> ax = health_contributions(assess(example_accounts()[0], as_of=EXAMPLE_DAY))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['trust', 'proof', 'adoption', 'engagement', 'support']
    """
    InstanceOf(Assessment).check(assessment, field="assessment")
    policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
    ax = _axes(ax)
    health = assessment.health
    weights = policy.scorecard_for(assessment.segment.coverage).weights
    names = [n for n in health.contributions if n in weights]
    total = sum(weights[n] for n in names)
    gained = np.array([health.contributions[n] for n in names])
    lost = np.array([weights[n] / total * 100 for n in names]) - gained if total else gained * 0
    if OVERRIDE_KEY in health.contributions:  # the whole score overridden: its own bar
        names.append(OVERRIDE_KEY)
        gained = np.append(gained, health.contributions[OVERRIDE_KEY])
        lost = np.append(lost, 0.0)
    colour = _COLOURS.get(health.band.name, _COLOURS["UNKNOWN"])
    ax.barh(range(len(names)), gained, color=colour, label="points")
    ax.barh(range(len(names)), lost, left=gained, color="none", edgecolor=colour, hatch="//",
            label="lost against 100")  # fmt: skip
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlabel("points of health")
    value = "unknown" if health.value != health.value else f"{health.value:.1f}"
    ax.set_title(f"{assessment.account_id}: health {value} {health.band.name}")
    ax.legend(loc="lower right")
    return ax


def churn_rates(
    report: BacktestReport,
    *,
    ax: Axes | None = None,
    by: Literal["band", "phase", "health"] = "band",
) -> Axes:
    """A backtest's churn rate by health band (or phase, or health bins of ten points),
    each with its 95% Wilson interval; a group without accounts is left empty.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cs_framework import backtest
    >>> from cs_framework.synthetic import SYNTHETIC_DAY, make_book, make_renewals
    >>> book = make_book(3000, seed=1)
    >>> report = backtest(book, make_renewals(book, as_of=SYNTHETIC_DAY, seed=1),
    ...                   as_of=SYNTHETIC_DAY)
    >>> churn_rates(report).get_title()
    'Churn rate by band (95% intervals)'
    """
    InstanceOf(BacktestReport).check(report, field="report")
    check_choice(by, ("band", "phase", "health"), field="by")
    rows = {"band": report.by_band, "phase": report.by_phase, "health": report.calibration}[by]
    ax = _axes(ax)
    names = [r.group for r in rows]
    rates = np.array([r.rate for r in rows])
    low = np.array([r.rate - r.ci_low for r in rows])
    high = np.array([r.ci_high - r.rate for r in rows])
    colours = [_COLOURS.get(name, "#0969da") for name in names]
    positions = np.arange(len(rows))
    ax.bar(positions, np.nan_to_num(rates), color=colours, alpha=0.8)
    ax.errorbar(positions, rates, yerr=[low, high], fmt="none", ecolor="black", capsize=4)
    ax.set_xticks(positions, [f"{r.group}\n{r.accounts:,}" for r in rows])
    ax.set_ylabel("churn rate")
    ax.set_ylim(0, 1)
    ax.set_title(f"Churn rate by {by} (95% intervals)")
    return ax


def roc_curve(report: BacktestReport, *, ax: Axes | None = None) -> Axes:
    """The ROC curve of health as a predictor of churn, with its AUC; the diagonal is a
    coin toss.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cs_framework import backtest
    >>> from cs_framework.synthetic import SYNTHETIC_DAY, make_book, make_renewals
    >>> book = make_book(3000, seed=1)
    >>> report = backtest(book, make_renewals(book, as_of=SYNTHETIC_DAY, seed=1),
    ...                   as_of=SYNTHETIC_DAY)
    >>> roc_curve(report).get_legend().get_texts()[0].get_text().startswith("health, AUC 0.")
    True
    """
    InstanceOf(BacktestReport).check(report, field="report")
    ax = _axes(ax)
    fpr, tpr = report.roc()
    ax.plot(fpr, tpr, color="#0969da", label=f"health, AUC {report.auc:.3f}")
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="coin toss")
    ax.set_xlabel("renewers flagged (false-positive rate)")
    ax.set_ylabel("churners flagged (true-positive rate)")
    ax.set_title(f"ROC of health against churn ({report.n:,} account-days)")
    ax.legend(loc="lower right")
    return ax
