"""What a backtest found: churn by band, phase and health, AUC, revenue retention."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._book.frames import pandas_frame
from .._enums import Band, Phase
from .._errors import InvalidInputError
from .._model.validators import TEXT, InstanceOf, Number, TupleOf, Whole, not_above, refuse
from .._rules.evidence import auc_kernel, roc_points, wilson_interval
from .._types import BoolArray, FloatArray

__all__ = ["BacktestReport", "RateRow", "rate_rows"]

#: The calibration bins of health: ten points wide, the last one closed (90-100).
HEALTH_BINS: Final = tuple(range(0, 101, 10))


_SHARE: Final = Number(lo=0, hi=1, nan_ok=True)


@attrs.frozen(kw_only=True)
class RateRow:
    """The churn of one group of labelled account-days, with its 95% Wilson interval
    (NaN where the group is empty).

    Examples
    --------
    >>> RateRow(group="RED", accounts=20, churned=5, rate=0.25, ci_low=0.11, ci_high=0.47).rate
    0.25
    """

    group: str = attrs.field(validator=TEXT)
    accounts: int = attrs.field(validator=Whole())
    churned: int = attrs.field(validator=Whole())
    rate: float = attrs.field(validator=_SHARE)
    ci_low: float = attrs.field(validator=_SHARE)
    ci_high: float = attrs.field(validator=_SHARE)

    def __attrs_post_init__(self) -> None:
        if self.churned > self.accounts:
            refuse(self.churned, not_above("accounts", self.accounts), field="churned")


def rate_rows(
    groups: list[str], member: list[BoolArray], churned: BoolArray
) -> tuple[RateRow, ...]:
    """One :class:`RateRow` per group, given each group's rows as a mask."""
    n = np.array([np.count_nonzero(m) for m in member], dtype=np.float64)
    k = np.array([np.count_nonzero(m & churned) for m in member], dtype=np.float64)
    low, high = wilson_interval(k, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(n > 0, k / n, np.nan)
    return tuple(
        RateRow(
            group=g,
            accounts=int(n[j]),
            churned=int(k[j]),
            rate=float(rate[j]),
            ci_low=float(low[j]),
            ci_high=float(high[j]),
        )
        for j, g in enumerate(groups)
    )


def _floats(table: pa.Table, name: str) -> FloatArray:
    return np.asarray(pc.fill_null(table.column(name), np.nan).to_numpy(), dtype=np.float64)


def _names(table: pa.Table, name: str) -> np.ndarray:
    return np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype=object)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class BacktestReport:
    """Does the health score predict churn? One row per labelled account-day, and what
    the rows say.

    An account-day is labelled when the account made a renewal decision within the
    horizon after the scoring day; ``churned`` is that first decision. With several
    scoring days, one account labelled on three of them is three rows: the rates count
    account-days, and their intervals treat those rows as independent, which they are
    not (read them as narrower than they are).

    Attributes
    ----------
    labelled : pyarrow.Table
        One row per labelled account-day: ``as_of``, ``account_id``, ``health``,
        ``health_band``, ``phase``, ``arr`` (as the book holds it: ARR carries no
        date), ``decided_on``, ``churned``, ``arr_before`` (the renewal's, else the
        book's ARR), ``arr_after`` (null: unknown).
    scoring_days : tuple of datetime.date
        The days scored.
    horizon_days : int
        How far after a scoring day a decision is followed.
    excluded : dict of str to int
        Account-days not labelled, and renewals not used, by reason.
    later : dict of str to int
        Values dated after their scoring day, left out of the scoring (by field).
    undated : dict of str to int
        Values with no date, which could not be placed in time and were used (by field).
    by_band, by_phase : tuple of RateRow
        Churn by health band (UNKNOWN last) and by phase.
    calibration : tuple of RateRow
        Churn by health in bins ten points wide (``"0-10"`` ... ``"90-100"``).
    auc : float
        The AUC of health as a predictor of churn (lower health, higher risk) over the
        account-days with a known health; NaN when no churn or no renewal among them.

    Examples
    --------
    >>> from cs_framework import backtest
    >>> from cs_framework.synthetic import make_book, make_renewals
    >>> from datetime import date
    >>> book = make_book(4000, as_of=date(2026, 1, 1), seed=3)
    >>> renewals = make_renewals(book, as_of=date(2026, 1, 1), horizon_days=365, seed=3)
    >>> report = backtest(book, renewals, as_of=date(2026, 1, 1), horizon_days=365)
    >>> report.auc > 0.6, report.churn_rate("RED") > report.churn_rate("GREEN")
    (True, True)
    >>> report
    BacktestReport(n=3685, churned=756, auc=0.6030, scoring_days=2026-01-01, horizon_days=365)
    """

    labelled: pa.Table = attrs.field(validator=InstanceOf(pa.Table))
    scoring_days: tuple[date, ...] = attrs.field(validator=TupleOf(date))
    horizon_days: int = attrs.field(validator=Whole(lo=1))
    excluded: dict[str, int] = attrs.field(validator=InstanceOf(dict))
    later: dict[str, int] = attrs.field(validator=InstanceOf(dict))
    undated: dict[str, int] = attrs.field(validator=InstanceOf(dict))
    by_band: tuple[RateRow, ...] = attrs.field(validator=TupleOf(RateRow))
    by_phase: tuple[RateRow, ...] = attrs.field(validator=TupleOf(RateRow))
    calibration: tuple[RateRow, ...] = attrs.field(validator=TupleOf(RateRow))
    auc: float = attrs.field(validator=_SHARE)

    def __repr__(self) -> str:
        days = self.scoring_days
        span = f"{days[0]}" if len(days) == 1 else f"{days[0]}..{days[-1]} ({len(days)} days)"
        return (
            f"BacktestReport(n={self.n}, churned={self.churned}, auc={self.auc:.4f}, "
            f"scoring_days={span}, horizon_days={self.horizon_days})"
        )

    @property
    def n(self) -> int:
        """The labelled account-days."""
        return int(self.labelled.num_rows)

    @property
    def churned(self) -> int:
        """The labelled account-days whose decision was a churn."""
        return int(pc.sum(self.labelled.column("churned")).as_py() or 0)

    def churn_rate(self, band: Band | str) -> float:
        """The churn rate of a health band (NaN when it has no labelled account-day)."""
        return _row(self.by_band, band, Band, "band").rate

    def churn_rate_phase(self, phase: Phase | str) -> float:
        """The churn rate of a phase (NaN when it has no labelled account-day)."""
        return _row(self.by_phase, phase, Phase, "phase").rate

    def _decisions(self) -> BoolArray:
        """Each renewal decision's first row (its earliest scoring day): with several
        scoring days one decision labels several account-days."""
        rows = self.labelled
        ids = rows.column("account_id").combine_chunks().dictionary_encode().indices
        who = np.asarray(ids.to_numpy(zero_copy_only=False), dtype=np.int64)
        day = np.asarray(rows.column("decided_on").cast(pa.int32()).to_numpy(), dtype=np.int64)
        _, first = np.unique(who * 4_000_000 + day, return_index=True)
        out = np.zeros(rows.num_rows, dtype=bool)
        out[first] = True
        return out

    def _retention(self, band: Band | str | None, net: bool) -> float:
        rows = self.labelled
        if band is None:
            use = self._decisions()
        else:
            name = _row(self.by_band, band, Band, "band").group
            use = _names(rows, "health_band") == name
        before, after = _floats(rows, "arr_before")[use], _floats(rows, "arr_after")[use]
        churned = np.asarray(rows.column("churned").to_numpy(), dtype=bool)[use]
        scale = before.max() if before.size else 0.0
        if not scale > 0:
            return float("nan")  # no ARR at stake
        renewed = ~churned
        known = renewed & ~np.isnan(after)
        if renewed.any() and not known.any():
            return float("nan")  # no renewal says what it kept
        kept = after[known] if net else np.minimum(after[known], before[known])
        total = (before / scale).sum()  # sums of scaled values cannot overflow
        if known.sum() == renewed.sum():  # every renewal says what it kept
            with np.errstate(over="ignore"):  # beyond the largest float, it is inf
                return float((kept / scale).sum() / total)
        # Renewals whose ARR after is unknown keep as the known ones do (a ratio
        # estimate, each sum scaled by its own largest value); a churn keeps nothing.
        own = max(before[known].max(), kept.max())
        stake = (before[known] / own).sum() if own > 0 else 0.0
        if not stake > 0:  # the known renewals had nothing at stake: no ratio to apply
            return 0.0 if not kept.any() else float("nan")
        with np.errstate(over="ignore"):
            ratio = (kept / own).sum() / stake
            return float(ratio * (before[renewed] / scale).sum() / total)

    def grr(self, band: Band | str | None = None) -> float:
        """Gross revenue retention: the ARR kept after the decisions, expansion not
        counted, over the ARR before; a churn keeps none.

        Over the whole report each decision counts once (at its earliest scoring day);
        for one band, each account-day of that band. A renewal whose ARR after is
        unknown is taken to keep its ARR as the renewals that say so do (a ratio
        estimate). NaN when no ARR was at stake, or when renewals were made and none
        says what it kept.
        """
        return self._retention(band, net=False)

    def nrr(self, band: Band | str | None = None) -> float:
        """Net revenue retention: as :meth:`grr`, with expansion counted."""
        return self._retention(band, net=True)

    @property
    def arr_caught(self) -> float:
        """The share of churned ARR (before the decision) whose account was Red or
        Yellow on the scoring day: what the bands warned of. NaN with no churned ARR."""
        rows = self.labelled
        churned = np.asarray(rows.column("churned").to_numpy(), dtype=bool)
        before = _floats(rows, "arr_before")
        warned = np.isin(_names(rows, "health_band"), [Band.RED.name, Band.YELLOW.name])
        at_stake = before[churned]
        scale = np.nanmax(at_stake) if at_stake.size and not np.isnan(at_stake).all() else 0.0
        if not scale > 0:
            return float("nan")  # no churned ARR
        lost = np.nansum(at_stake / scale)  # scaled: a sum that cannot overflow
        return float(np.nansum(before[churned & warned] / scale) / lost)

    def roc(self) -> tuple[FloatArray, FloatArray]:
        """The ROC curve of health as a predictor of churn: false- and true-positive
        rates, from (0, 0) to (1, 1), over the account-days with a known health."""
        health, churned = self._known()
        return roc_points(-health, churned)

    def _known(self) -> tuple[FloatArray, BoolArray]:
        health = _floats(self.labelled, "health")
        churned = np.asarray(self.labelled.column("churned").to_numpy(), dtype=bool)
        known = ~np.isnan(health)
        return health[known], churned[known]

    def to_arrow(self) -> pa.Table:
        """The labelled account-days as a pyarrow Table."""
        return self.labelled

    def to_pandas(self) -> Any:
        """The labelled account-days as a pandas DataFrame (text as pandas strings)."""
        return pandas_frame(self.labelled)

    def to_polars(self) -> Any:
        """The labelled account-days as a polars DataFrame."""
        import polars as pl

        return pl.from_arrow(self.labelled)


def _row(rows: tuple[RateRow, ...], key: Any, kind: type[Any], field: str) -> RateRow:
    name = key.name if isinstance(key, kind) else key
    for row in rows:
        if row.group == name:
            return row
    raise InvalidInputError(
        field=field,
        value=key,
        reason="must be one of " + ", ".join(r.group for r in rows),
    )


def health_auc(health: FloatArray, churned: BoolArray) -> float:
    """The AUC of health as a predictor of churn over the known healths."""
    known = ~np.isnan(health)
    return auc_kernel(-health[known], churned[known])
