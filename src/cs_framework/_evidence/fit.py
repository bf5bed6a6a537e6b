"""Fitting a scorecard's weights from renewals, and checking it on held-out accounts.

The scorecard is a weighted mean of components, so a higher weight should go where a
low reading means churn. The fit: each component's shortfall ``(100 - reading) / 100``
(a stale or missing reading is the component's mean over the training rows) against
churned (1) or renewed (0), by least squares with non-negative coefficients and an L1
penalty chosen by k-fold cross-validation (scikit-learn's ``LassoCV(positive=True)``,
the ``fit`` extra). The coefficients, normalised to sum 1, are the weights: ranking
accounts by the fitted health then ranks them by the fitted risk. At most
``max_components`` weights stay above 0 (the largest, refitted); the rest are 0, so the
scorecard still knows every component the book has.

Held out: accounts are split into ``folds`` groups (one account's snapshots stay
together); each group's health under the weights fitted on the others is computed by
the scorer's own health composition (stale readings out, overrides in), and its AUC
set beside the current scorecard's AUC on the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final, Literal

import attrs
import numpy as np
import pyarrow as pa

from .._book.book import Book
from .._book.score import component_columns, health_columns
from .._book.text import as_text, pick
from .._errors import InvalidInputError
from .._model.policy import Policy
from .._model.scorecard import MAX_ADVISED_COMPONENTS, Scorecard
from .._model.validators import InstanceOf, Number, Whole, refuse
from .._rules.evidence import auc_kernel
from .._rules.health import apply_staleness
from .._types import FloatArray, day_number
from .labels import label_days

__all__ = ["MIN_EVENTS", "WeightFit", "fit_weights"]

#: The fewest churns, and the fewest renewals, a fit takes: fewer and the folds hold
#: too few of either for the weights or their held-out AUC to mean anything.
MIN_EVENTS: Final = 50


_AUC: Final = Number(lo=0, hi=1, nan_ok=True)


@attrs.frozen(kw_only=True)
class WeightFit:
    """A scorecard fitted from renewals, beside the current one.

    Attributes
    ----------
    scorecard : Scorecard
        The fitted weights: non-negative, summing to 1, at most ``max_components`` of
        them above 0; every component of the current scorecard is in it.
    policy : Policy
        The given policy with the fitted scorecard (and no per-segment weights).
    auc_current, auc_fitted : float
        The AUC of health against churn on held-out folds: the current scorecard's, and
        the fitted one's (each fold's weights fitted on the other folds).
    n, churned : int
        The labelled account-days fitted on, and how many churned.
    compared : int
        The labelled account-days both scorecards score (a known health): the rows of
        both AUCs.
    known_current, known_fitted : int
        The labelled account-days each scorecard scores: a scorecard on fewer
        components leaves more accounts unknown (below the policy's minimum coverage).
    folds : int
        How many folds held accounts out.

    Examples
    --------
    >>> fit = WeightFit(scorecard=Scorecard(weights={"adoption": 1.0}), policy=Policy(),
    ...                 auc_current=0.61, auc_fitted=0.7, n=900, churned=120, compared=870,
    ...                 known_current=880, known_fitted=890, folds=5)
    >>> fit.auc_fitted > fit.auc_current
    True
    """

    scorecard: Scorecard = attrs.field(validator=InstanceOf(Scorecard))
    policy: Policy = attrs.field(validator=InstanceOf(Policy))
    auc_current: float = attrs.field(validator=_AUC)
    auc_fitted: float = attrs.field(validator=_AUC)
    n: int = attrs.field(validator=Whole())
    churned: int = attrs.field(validator=Whole())
    compared: int = attrs.field(validator=Whole())
    known_current: int = attrs.field(validator=Whole())
    known_fitted: int = attrs.field(validator=Whole())
    folds: int = attrs.field(validator=Whole(lo=2))


def _whole(value: Any, field: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        refuse(value, f"must be a whole number from {lo} to {hi}", field=field)
    return int(value)


def _lasso() -> Any:
    try:
        from sklearn.linear_model import LassoCV
    except ImportError as missing:
        raise InvalidInputError(
            field="fit_weights",
            value="scikit-learn",
            reason="needs scikit-learn: pip install 'customer-success-framework[fit]'",
        ) from missing
    return LassoCV


class _Rows:
    """The labelled account-days of every scoring day, as the fit needs them."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.books: list[tuple[float, Book, Any]] = []
        self.shortfall: list[FloatArray] = []
        self.current: list[FloatArray] = []
        self.churned: list[Any] = []
        self.groups: list[Any] = []

    def add(
        self, day: date, book: Book, scored: Any, rows: Any, churned: Any, stale: float
    ) -> None:
        taken = book.take(rows)
        columns = {
            c: np.asarray(scored[c])[rows] for c in ("trust_index", "proof", "coverage_model")
        }
        values, days = component_columns(
            taken, self.names, columns["trust_index"], columns["proof"]
        )
        values = apply_staleness(values, days, day_number(day), stale)
        self.books.append((day_number(day), taken, columns))
        self.shortfall.append((100.0 - values) / 100.0)
        self.current.append(np.asarray(scored["health"], dtype=np.float64)[rows])
        self.churned.append(churned)
        self.groups.append(as_text(pick(book.accounts.id, rows)))

    def health(self, policy: Policy) -> FloatArray:
        """Every row's health under ``policy``, by the scorer's own composition."""
        out = []
        for today, taken, c in self.books:
            scored = health_columns(
                taken, c["trust_index"], c["proof"], c["coverage_model"], today, policy
            )
            out.append(scored.value)
        return np.concatenate(out) if out else np.zeros(0)


def _weights(
    lasso: Any, x: FloatArray, y: FloatArray, groups: Any, folds: int, seed: int, keep: int
) -> FloatArray:
    """Non-negative weights summing to 1, at most ``keep`` above 0 (0s where none fit)."""
    from sklearn.model_selection import GroupKFold

    present = ~np.isnan(x)
    counts = present.sum(axis=0)
    sums = np.where(present, x, 0.0).sum(axis=0)
    means = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    filled = np.where(present, x, means)  # a missing reading: the component's mean
    splits = list(
        GroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(filled, y, groups)
    )
    model = lasso(positive=True, cv=splits, alphas=30, random_state=seed).fit(filled, y)
    coef = np.asarray(model.coef_, dtype=np.float64)
    if np.count_nonzero(coef > 0) > keep:  # the largest ones, refitted on their own
        chosen = np.argsort(-coef)[:keep]
        again = lasso(positive=True, cv=splits, alphas=30, random_state=seed)
        again.fit(filled[:, chosen], y)
        coef = np.zeros_like(coef)
        coef[chosen] = again.coef_
    coef = np.where(coef > 0, coef, 0.0)
    total = coef.sum()
    return coef / total if total > 0 else coef


def fit_weights(
    book: Book | Sequence[tuple[date, Book]],
    renewals: Any,
    *,
    as_of: date | None = None,
    policy: Policy | None = None,
    horizon_days: int = 180,
    max_components: int = MAX_ADVISED_COMPONENTS,
    folds: int = 5,
    seed: int = 0,
    columns: Mapping[str, str] | None = None,
    errors: Literal["exclude", "raise"] = "exclude",
) -> WeightFit:
    """Propose scorecard weights from what customers decided, checked on held-out folds.

    The account-days are labelled as :func:`backtest` labels them; the method is in
    the module's docstring. A fit proposes, it never replaces: compare ``auc_fitted``
    with ``auc_current`` before adopting ``fit.policy``.

    Parameters
    ----------
    book, renewals, as_of, policy, horizon_days, columns, errors
        As for :func:`backtest`.
    max_components : int
        At most this many weights above 0 (1 to 6; six by default: the distilled CS
        principles' "4-6 metrics that genuinely predict outcomes").
    folds : int
        The folds of the cross-validation (2 to 20).
    seed : int
        The seed of the fold split: the same seed, the same fit.

    Returns
    -------
    WeightFit

    Raises
    ------
    InvalidInputError
        Fewer than :data:`MIN_EVENTS` churns or renewals among the labelled
        account-days; no component whose fitted weight is above 0; scikit-learn not
        installed.

    Examples
    --------
    >>> from datetime import date
    >>> from cs_framework import fit_weights
    >>> from cs_framework.synthetic import make_book, make_renewals
    >>> day = date(2026, 1, 1)
    >>> book = make_book(6000, as_of=day, seed=2)
    >>> renewals = make_renewals(book, as_of=day, horizon_days=365, seed=2)
    >>> fit = fit_weights(book, renewals, as_of=day, horizon_days=365)
    >>> fit.auc_fitted > fit.auc_current
    True
    >>> top = sorted(fit.scorecard.weights, key=fit.scorecard.weights.get)[-2:]
    >>> sorted(top)
    ['adoption', 'engagement']
    """
    labels = label_days(
        book,
        renewals,
        as_of=as_of,
        policy=policy,
        horizon_days=horizon_days,
        columns=columns,
        errors=errors,
    )
    keep = _whole(max_components, "max_components", 1, MAX_ADVISED_COMPONENTS)
    k = _whole(folds, "folds", 2, 20)
    _whole(seed, "seed", 0, 2**32 - 1)
    lasso = _lasso()
    current = labels.policy
    names = tuple(current.scorecard.weights)
    rows = _Rows(names)
    for d in labels.days():
        churned = ~labels.decisions.renewed[d.decision]
        rows.add(d.day, d.book, d.scored, d.rows, churned, current.stale_after_days)
    x = np.concatenate(rows.shortfall) if rows.shortfall else np.zeros((0, len(names)))
    y = np.concatenate(rows.churned) if rows.churned else np.zeros(0, dtype=bool)
    n_churned = int(np.count_nonzero(y))
    for count, what in ((n_churned, "churns"), (y.size - n_churned, "renewals")):
        if count < MIN_EVENTS:
            raise InvalidInputError(
                field="renewals",
                value=count,
                reason=f"{what} among the labelled account-days: a fit needs at least "
                f"{MIN_EVENTS} (widen horizon_days, add scoring days, or wait for more "
                "decisions)",
            )
    # Each account as a whole number (the fold splitter is slow on text).
    groups = np.asarray(
        pa.chunked_array(rows.groups, type=pa.large_string())
        .combine_chunks()
        .dictionary_encode()
        .indices.to_numpy(zero_copy_only=False)
    )
    accounts = int(groups.max()) + 1 if groups.size else 0
    if accounts < 2 * k:  # every fold, and every inner fold of a training part, needs some
        raise InvalidInputError(
            field="folds",
            value=k,
            reason=f"needs at least {2 * k} distinct accounts among the labelled "
            f"account-days (there are {accounts}): give fewer folds or more accounts",
        )
    from sklearn.model_selection import GroupKFold

    outer = GroupKFold(n_splits=k, shuffle=True, random_state=seed).split(x, y, groups)
    held_out = np.full(y.size, np.nan)
    for train, test in outer:
        w = _weights(lasso, x[train], y[train].astype(float), groups[train], k, seed, keep)
        if not (w > 0).any():
            continue  # nothing fitted on this fold: its rows stay unknown
        fold_policy = _with(current, names, w)
        held_out[test] = rows.health(fold_policy)[test]
    weights = _weights(lasso, x, y.astype(float), groups, k, seed, keep)
    if not (weights > 0).any():
        raise InvalidInputError(
            field="renewals",
            value=n_churned,
            reason="no component predicts churn on these account-days: every fitted "
            "weight is 0 (the current scorecard stands)",
        )
    current_health = np.concatenate(rows.current)
    both = ~np.isnan(current_health) & ~np.isnan(held_out)  # the same rows for both
    return WeightFit(
        scorecard=_with(current, names, weights).scorecard,
        policy=_with(current, names, weights),
        auc_current=auc_kernel(-current_health[both], y[both]),
        auc_fitted=auc_kernel(-held_out[both], y[both]),
        n=int(y.size),
        churned=n_churned,
        compared=int(np.count_nonzero(both)),
        known_current=int(np.count_nonzero(~np.isnan(current_health))),
        known_fitted=int(np.count_nonzero(~np.isnan(held_out))),
        folds=k,
    )


def _with(policy: Policy, names: tuple[str, ...], weights: FloatArray) -> Policy:
    card = Scorecard(weights={n: float(round(w, 6)) for n, w in zip(names, weights, strict=True)})
    return attrs.evolve(policy, scorecard=card, segment_weights={})
