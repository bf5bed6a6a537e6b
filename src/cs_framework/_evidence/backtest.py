"""The backtest: score a book as it stood, follow each account to its renewal decision."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._book.book import Book
from .._book.frames import date_column
from .._book.scored import score_book
from .._book.text import as_text, pick, positions_in
from .._enums import Band, Phase
from .._errors import InvalidInputError
from .._model.policy import Policy
from .._model.validators import DAY, InstanceOf, check_choice, refuse
from .._rules.evidence import first_decision
from .._types import date_of, day_number
from .past import as_it_stood
from .renewals import RenewalTable, renewal_table
from .report import HEALTH_BINS, BacktestReport, health_auc, rate_rows

__all__ = ["backtest"]

_NOT_STARTED = "not yet a customer on the scoring day (started_on after it)"
_NO_DECISION = "no renewal decision within the horizon"
_MARKED = "a bad row (marked)"
_BEFORE = "renewals decided on or before their scoring day (history, not a label)"
_UNMATCHED = "renewals of accounts not in the book"


def _snapshots(book: Any, as_of: Any) -> list[tuple[date, Book]]:
    """``(day, book)`` pairs: one book and ``as_of``, or a sequence of snapshots."""
    if isinstance(book, Book):
        DAY.check(as_of, field="as_of")
        return [(as_of, book)]
    if as_of is not None:
        refuse(as_of, "is given by each snapshot: leave as_of out", field="as_of")
    if not isinstance(book, (list, tuple)) or not book:
        refuse(
            book,
            "must be a Book, or a non-empty list of (as_of, Book) snapshots",
            field="book",
        )
    out = []
    for k, pair in enumerate(book):
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], Book)):
            refuse(pair, "must be a pair (as_of, Book)", field=f"book[{k}]")
        DAY.check(pair[0], field=f"book[{k}][0]")
        out.append((pair[0], pair[1]))
    days = [day for day, _ in out]
    if len(set(days)) < len(days):
        repeated = next(d for d in days if days.count(d) > 1)
        refuse(repeated, "is the day of two snapshots: give each day once", field="book")
    return out


def _horizon(days: Any) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 36_500:
        refuse(days, "must be a whole number of days from 1 to 36500", field="horizon_days")
    return days


def _duplicates(table: RenewalTable) -> None:
    """Two decisions of one account on one day are refused: which one is the label?"""
    pairs = pa.table({"account_id": table.account_id, "day": table.decided_on})
    counted = pairs.group_by(["account_id", "day"]).aggregate([([], "count_all")])
    twice = counted.filter(pc.greater(counted.column("count_all"), 1))
    if twice.num_rows:
        first = twice.slice(0, 1).to_pylist()[0]
        raise InvalidInputError(
            field="renewals.decided_on",
            value=date_of(first["day"]),
            account_id=first["account_id"],
            reason=f"two decisions of one account on one day ({twice.num_rows} such pairs): "
            "give each decision once",
        )


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
    snapshots = _snapshots(book, as_of)
    policy = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
    horizon = _horizon(horizon_days)
    check_choice(errors, ("exclude", "raise"), field="errors")
    decisions = renewal_table(renewals, columns=columns)
    _duplicates(decisions)
    parts: list[dict[str, Any]] = []
    excluded = dict.fromkeys((_NOT_STARTED, _MARKED, _NO_DECISION, _BEFORE, _UNMATCHED), 0)
    later: dict[str, int] = {}
    undated: dict[str, int] = {}
    matched = np.zeros(len(decisions), dtype=bool)
    for day, snapshot in snapshots:
        today = day_number(day)
        past = as_it_stood(snapshot, today, errors=errors)
        for into, counts in ((later, past.later), (undated, past.undated)):
            for field, n in counts.items():
                into[field] = into.get(field, 0) + n
        scored = score_book(past.book, as_of=day, policy=policy, errors=_scoring(errors))
        a = past.book.accounts
        (owner,) = positions_in([decisions.account_id], a.id)
        matched |= owner >= 0
        excluded[_BEFORE] += int(np.count_nonzero((owner >= 0) & (decisions.decided_on <= today)))
        first = first_decision(owner, decisions.decided_on, len(a), today, horizon)
        started = ~(a.started_on > today)
        ok = np.asarray(scored["error"] == None)  # noqa: E711 - an object column
        excluded[_NOT_STARTED] += int(np.count_nonzero(~started))
        excluded[_MARKED] += int(np.count_nonzero(started & ~ok))
        excluded[_NO_DECISION] += int(np.count_nonzero(started & ok & (first < 0)))
        rows = np.flatnonzero(started & ok & (first >= 0))
        parts.append(_labelled(day, rows, first[rows], scored, a, decisions))
    excluded[_UNMATCHED] = int(np.count_nonzero(~matched))
    return _report(parts, snapshots, horizon, excluded, later, undated)


def _scoring(errors: str) -> Literal["raise", "mark"]:
    return "raise" if errors == "raise" else "mark"


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
    parts: list[dict[str, Any]],
    snapshots: list[tuple[date, Book]],
    horizon: int,
    excluded: dict[str, int],
    later: dict[str, int],
    undated: dict[str, int],
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
        scoring_days=tuple(day for day, _ in snapshots),
        horizon_days=horizon,
        excluded={k: v for k, v in excluded.items() if v},
        later=later,
        undated=undated,
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
