"""The backtest: score a book as it stood, follow each account to its renewal decision."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

import numpy as np
import pyarrow as pa

from .._book.book import Book
from .._book.frames import date_column
from .._book.text import as_text, pick
from .._enums import Band, Phase
from .._model.policy import Policy
from .._types import day_number
from .labels import Labels, label_days
from .renewals import RenewalTable
from .report import HEALTH_BINS, BacktestReport, health_auc, rate_rows

__all__ = ["backtest"]


def backtest(
    book: Book | Sequence[tuple[date, Book]],
    renewals: Any,
    *,
    as_of: date | None = None,
    policy: Policy | None = None,
    horizon_days: int = 180,
    columns: Mapping[str, str] | None = None,
    errors: Literal["exclude", "raise"] = "exclude",
) -> BacktestReport:
    """Does the health score predict churn? Score the book as it stood on a past day
    (or on each day of a history) and follow every account to its first renewal
    decision within the horizon.

    Parameters
    ----------
    book : Book, or list of (datetime.date, Book)
        One book, scored as it stood on ``as_of`` (nothing dated after that day is
        seen); or snapshots of the book, each scored as of its own day.
    renewals : list of Renewal, frame or path
        The decisions: :class:`~cs_framework.Renewal` objects, or a pandas or polars
        frame, a pyarrow Table or a CSV or Parquet path with the columns
        ``account_id``, ``decided_on``, ``renewed``, ``arr_before``, ``arr_after``.
    as_of : datetime.date
        The scoring day of a single book (not given with snapshots).
    policy : Policy, optional
        The policy to score with; ``Policy()`` by default.
    horizon_days : int
        How many days after the scoring day a decision counts (180 by default).
    columns : mapping of str to str, optional
        The renewals frame's column names mapped to the library's.
    errors : {"exclude", "raise"}
        ``"exclude"`` (the default): values dated after the scoring day are left out
        and counted in ``report.later``, bad rows are left unlabelled and counted.
        ``"raise"``: either is refused, every one listed.

    Returns
    -------
    BacktestReport

    Examples
    --------
    >>> from datetime import date
    >>> from cs_framework import Book, Renewal, backtest
    >>> from cs_framework.examples import EXAMPLE_DAY, example_accounts
    >>> book = Book.from_accounts(example_accounts())
    >>> renewals = [Renewal(account_id=a.id, decided_on=date(2026, 9, 1),
    ...                     renewed=a.id != "bluebird") for a in example_accounts()]
    >>> report = backtest(book, renewals, as_of=EXAMPLE_DAY)
    >>> report.n, report.churned, report.churn_rate("YELLOW"), report.churn_rate("GREEN")
    (3, 1, 0.5, 0.0)
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
    parts = [
        _labelled(d.day, d.rows, d.decision, d.scored, d.book.accounts, labels.decisions)
        for d in labels.days()
    ]
    excluded = {k: v for k, v in labels.excluded.items() if v}
    return _report(parts, labels, excluded)


def _labelled(
    day: date,
    rows: Any,
    decision: Any,
    scored: Any,
    accounts: Any,
    decisions: RenewalTable,
) -> dict[str, Any]:
    """The labelled account-days of one scoring day, as columns."""
    renewed = decisions.renewed[decision]
    arr = np.asarray(scored["arr"], dtype=np.float64)[rows]
    before = decisions.arr_before[decision]
    after = decisions.arr_after[decision]
    return {
        "as_of": np.full(rows.size, day_number(day)),
        "account_id": as_text(pick(accounts.id, rows)),
        "health": np.asarray(scored["health"], dtype=np.float64)[rows],
        "health_band": np.asarray(scored["health_band"])[rows],
        "phase": np.asarray(scored["phase"])[rows],
        "arr": arr,
        "decided_on": decisions.decided_on[decision],
        "churned": ~renewed,
        # Unknown ARR before: the book's ARR on the scoring day. Unknown after: a churn
        # keeps none; a renewal's stays unknown (left out of GRR and NRR).
        "arr_before": np.where(np.isnan(before), arr, before),
        "arr_after": np.where(np.isnan(after) & ~renewed, 0.0, after),
    }


def _enum_names(codes: Any, kind: type[Any]) -> pa.Array:
    names = np.array([m.name for m in kind], dtype=object)
    values = np.array([m.value for m in kind])
    return pa.array(
        names[np.searchsorted(values, np.asarray(codes, dtype=np.int64))], type=pa.string()
    )


def _report(
    parts: list[dict[str, Any]], labels: Labels, excluded: dict[str, int]
) -> BacktestReport:
    def joined(name: str) -> Any:
        return np.concatenate([p[name] for p in parts])

    health = joined("health")
    churned = joined("churned")
    bands = _enum_names(joined("health_band"), Band)
    phases = _enum_names(joined("phase"), Phase)
    labelled = pa.table(
        {
            "as_of": date_column(joined("as_of")),
            "account_id": pa.concat_arrays([p["account_id"] for p in parts]),
            "health": pa.array(health, mask=np.isnan(health)),
            "health_band": bands,
            "phase": phases,
            "arr": pa.array(joined("arr")),
            "decided_on": date_column(joined("decided_on")),
            "churned": pa.array(churned),
            "arr_before": pa.array(joined("arr_before")),
            "arr_after": pa.array(joined("arr_after"), mask=np.isnan(joined("arr_after"))),
        }
    )
    band_names = np.asarray(bands.to_numpy(zero_copy_only=False), dtype=object)
    phase_names = np.asarray(phases.to_numpy(zero_copy_only=False), dtype=object)
    band_order = [Band.RED, Band.YELLOW, Band.GREEN, Band.UNKNOWN]
    edges = np.array(HEALTH_BINS, dtype=np.float64)
    bins = np.clip(np.searchsorted(edges, health, side="right") - 1, 0, len(edges) - 2)
    known = ~np.isnan(health)
    return BacktestReport(
        labelled=labelled,
        scoring_days=tuple(day for day, _ in labels.snapshots),
        horizon_days=labels.horizon,
        excluded=excluded,
        later=labels.later,
        undated=labels.undated,
        by_band=rate_rows(
            [b.name for b in band_order], [band_names == b.name for b in band_order], churned
        ),
        by_phase=rate_rows(
            [p.name for p in Phase], [phase_names == p.name for p in Phase], churned
        ),
        calibration=rate_rows(
            [f"{lo}-{hi}" for lo, hi in itertools.pairwise(HEALTH_BINS)],
            [known & (bins == j) for j in range(len(edges) - 1)],
            churned,
        ),
        auc=health_auc(health, churned),
    )
