"""Benchmark: backtests of monthly snapshots, and fitting weights, against doing it by hand.

Two tables in one run, each measurement in a fresh child process:

1. **Backtest**: ``backtest`` of a synthetic book (about 10 commitments and 3 outcomes
   per account) scored as it stood on 12 month-ends, against the same 12 days done by
   hand as a data scientist would: ``score_book`` of the book as it is (no leakage
   check: readings dated after the day are used), a polars join of the renewals, and
   scikit-learn's ``roc_auc_score`` and a polars group-by for the churn rate by band.
2. **Fit**: ``fit_weights`` on about one account-day per account, against its floor:
   one scikit-learn ``LassoCV(positive=True)`` on a ready feature matrix with the same
   folds (``fit_weights`` runs six: one per held-out fold and the final fit, plus the
   labelling, the features and each fold's held-out health).

Libraries are imported before timing. Time is the best of ``--repeat`` runs; peak memory
is the extra resident memory of the measured call (Linux ``VmHWM``, reset before it).
Ratios are each method's time over the by-hand (table 1) or LassoCV-alone (table 2) time.

    .venv/bin/python benchmarks/backtest.py                      # 100k and 1M accounts
    .venv/bin/python benchmarks/backtest.py --sizes 20000 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import in_child, release_memory, timed

BACKTEST = ("backtest", "by hand")
FIT = ("fit_weights", "LassoCV alone")
LAST_DAY = date(2026, 12, 31)
DAYS = 12


def _month_ends() -> list[date]:
    """12 month-ends, the last one LAST_DAY."""
    out, day = [], LAST_DAY
    for _ in range(DAYS):
        out.append(day)
        day = day.replace(day=1) - timedelta(days=1)
    return sorted(out)


def _runner(method: str, n_accounts: int) -> tuple[Callable[[], Any], dict[str, int]]:
    """What to time for ``method``, and the sizes it covers."""
    import numpy as np
    import polars  # noqa: F401 - imported before timing, for every method alike
    import sklearn.linear_model
    import sklearn.metrics  # noqa: F401

    import cs_framework as csf
    from cs_framework.synthetic import make_book, make_renewals

    days = _month_ends()
    if method in BACKTEST:
        book = make_book(n_accounts, as_of=LAST_DAY, seed=1)
        # Decisions spread over the year: the same accounts, as they stood a year before.
        a_year_before = make_book(n_accounts, as_of=days[0], seed=1)
        renewals = make_renewals(a_year_before, as_of=days[0], horizon_days=365, seed=1)
        sizes = {"accounts": n_accounts, "days": len(days), "renewals": renewals.num_rows}
        if method == "backtest":
            snapshots = [(day, book) for day in days]
            return lambda: csf.backtest(snapshots, renewals, horizon_days=180), sizes
        return lambda: _by_hand(book, renewals, days), sizes
    day = date(2026, 1, 1)
    book = make_book(n_accounts, as_of=day, seed=2)
    renewals = make_renewals(book, as_of=day, horizon_days=365, seed=2)
    sizes = {"accounts": n_accounts, "days": 1, "renewals": renewals.num_rows}
    if method == "fit_weights":
        return lambda: csf.fit_weights(book, renewals, as_of=day, horizon_days=365), sizes
    from sklearn.linear_model import LassoCV
    from sklearn.model_selection import GroupKFold

    rng = np.random.default_rng(0)
    n = renewals.num_rows
    x = rng.uniform(0, 1, size=(n, 6))
    y = (rng.random(n) < 0.2).astype(float)
    groups = np.arange(n)

    def lasso() -> Any:
        splits = list(GroupKFold(5, shuffle=True, random_state=0).split(x, y, groups))
        return LassoCV(positive=True, cv=splits, alphas=30).fit(x, y)

    return lasso, sizes


def _by_hand(book: Any, renewals: Any, days: list[date]) -> Any:
    """The backtest a data scientist writes in a notebook: no leakage check."""
    import polars as pl
    from sklearn.metrics import roc_auc_score

    import cs_framework as csf

    decisions = pl.from_arrow(renewals)
    rates, aucs = [], []
    for day in days:
        scored = pl.from_arrow(csf.score_book(book, as_of=day).to_arrow())
        first = (
            decisions.filter(
                (pl.col("decided_on") > day) & (pl.col("decided_on") <= day + timedelta(180))
            )
            .sort("decided_on")
            .group_by("account_id")
            .first()
        )
        labelled = scored.join(first, on="account_id", how="inner").with_columns(
            churned=~pl.col("renewed")
        )
        known = labelled.filter(pl.col("health").is_not_null() & pl.col("health").is_not_nan())
        aucs.append(roc_auc_score(known["churned"], -known["health"]))
        rates.append(labelled.group_by("health_band").agg(pl.col("churned").mean()))
    return rates, aucs


def child(method: str, n_accounts: int, repeat: int) -> dict[str, Any]:
    """Measure one method on one book size, in this (fresh) process."""
    run, sizes = _runner(method, n_accounts)
    release_memory()
    times, peak = timed(run, repeat)
    return {"seconds": min(times), "first": times[0], "peak_bytes": peak, **sizes}


def _measure(method: str, n_accounts: int, repeat: int) -> dict[str, Any]:
    return in_child(__file__, method, n_accounts, repeat)


def _table(title: str, methods: tuple[str, ...], sizes: list[int], repeat: int) -> None:
    mib = 1024 * 1024
    print(title)
    print(
        f"{'accounts':>9} {'method':<14} {'seconds':>8} {'first run':>9} {'peak MiB':>9} "
        f"{'vs ' + methods[1]:>18}"
    )
    for n in sizes:
        results = {m: _measure(m, n, repeat) for m in methods}
        reference = results[methods[1]]
        for method, r in results.items():
            print(
                f"{n:>9,} {method:<14} {r['seconds']:>8.2f} {r['first']:>9.2f} "
                f"{r['peak_bytes'] / mib:>9,.0f} {r['seconds'] / reference['seconds']:>17.2f}x"
            )
        print(f"{'':>9} ({reference['days']} scoring days, {reference['renewals']:,} renewals)")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement (best)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), int(args.child[2]))))
        return 0
    print(f"cs_framework benchmark: {os.cpu_count()} cores, best of {args.repeat} runs")
    print()
    _table(
        f"1. Backtest: a book scored as it stood on {DAYS} month-ends, horizon 180 days",
        BACKTEST,
        args.sizes,
        args.repeat,
    )
    _table("2. Fitting weights on about one account-day per account", FIT, args.sizes, args.repeat)
    print(
        "by hand: score_book on each day (no leakage check), a polars join of the "
        "renewals, sklearn's roc_auc_score.\nLassoCV alone: the fit's floor, on a ready "
        "6-column matrix with the same 5 folds."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
