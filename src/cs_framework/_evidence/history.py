"""A history of health scores: per-account trends, and the early warning on snapshots.

An account holds one previous score, so monthly snapshots (28 to 31 days apart) would
never raise the 30-day early warning: a 31-day gap is outside the window. A history
compares each account's score with its score closest to ``window_days`` back, within
``tolerance_days``, and says which score it compared with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._book.frames import date_column, pandas_frame
from .._book.readers import ColumnReader, Unread, given_cells
from .._book.schema import Column, columns_typed
from .._book.scored import ScoredBook
from .._book.sources import column_renames, read_table, unknown_columns
from .._book.text import as_text, blank
from .._errors import InvalidInputError, Problem
from .._model.policy import Policy
from .._model.records import SCORE
from .._model.validators import DAY, TEXT, InstanceOf, Number, refuse
from .._rules.health import early_warning_kernel
from .._types import EPOCH_ORDINAL, FloatArray, IndexArray, day_number
from .renewals import cell_problems

__all__ = ["History"]

_DAYS: Final = Number(lo=0)
_COLUMNS: Final = ("account_id", "as_of", "health")
_KINDS: Final = ("text", "date", "number")
_TYPED: Final = tuple(Column(c, c, kind) for c, kind in zip(_COLUMNS, _KINDS, strict=True))


def _ranks(account: IndexArray) -> tuple[IndexArray, IndexArray]:
    """Each row's rank from the end of its account's run (0: the last) and the run's
    length (rows sorted by account, then day)."""
    n = account.size
    if not n:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    start = np.flatnonzero(np.r_[True, account[1:] != account[:-1]])
    end = np.r_[start[1:], n]
    last = np.repeat(end - 1, end - start)
    return last - np.arange(n), np.repeat(end - start, end - start)


_TYPES: Final = {"account_id": pa.large_string(), "as_of": pa.date32(), "health": pa.float64()}


def _history_table(table: Any) -> pa.Table:
    """The table of a history: its three columns typed, sorted by account and day; an
    account scored twice on one day, an id that is not text, or a health off the scale
    is refused."""
    InstanceOf(pa.Table).check(table, field="table")
    if sorted(table.column_names) != sorted(_TYPES):
        refuse(table.column_names, "must be the columns account_id, as_of, health", field="table")
    try:
        table = table.select(list(_TYPES)).cast(pa.schema(_TYPES))
    except (pa.ArrowException, ValueError):
        refuse(table.schema.types, "must be text, dates and numbers", field="table")
    health = np.asarray(pc.fill_null(table.column("health"), np.nan).to_numpy(), dtype=np.float64)
    off = np.flatnonzero(SCORE.off(health) & ~np.isnan(health))
    if off.size or table.column("account_id").null_count or table.column("as_of").null_count:
        refuse(
            health[off[:5]].tolist() if off.size else None,
            "needs every account_id and as_of, and health in [0, 100] or null",
            field="table",
        )
    table = table.sort_by([("account_id", "ascending"), ("as_of", "ascending")])
    ids = table.column("account_id").combine_chunks()
    days = table.column("as_of").combine_chunks()
    same = (
        pc.and_(
            pc.equal(ids.slice(1), ids.slice(0, len(ids) - 1)),
            pc.equal(days.slice(1), days.slice(0, len(days) - 1)),
        )
        if len(ids) > 1
        else pa.array([], pa.bool_())
    )
    twice = np.flatnonzero(np.asarray(pc.fill_null(same, False).to_numpy(zero_copy_only=False)))
    if twice.size:
        k = int(twice[0]) + 1
        raise InvalidInputError(
            field="as_of",
            value=days[k].as_py(),
            account_id=ids[k].as_py(),
            reason=f"the account is scored twice on this day ({twice.size} such pairs): "
            "give each account once a day",
        )
    return table


@attrs.frozen(kw_only=True, eq=False)
class History:
    """Health scores of accounts over days: one row per account and day.

    Build it with :meth:`from_scored` (scored books) or :meth:`from_frame` (a long frame
    of past scores: ``account_id``, ``as_of``, ``health``).

    Attributes
    ----------
    table : pyarrow.Table
        ``account_id`` (text), ``as_of`` (date), ``health`` (0-100, null: unknown),
        sorted by account, then day (a table given is checked, typed and sorted).

    Examples
    --------
    >>> import pyarrow as pa
    >>> from datetime import date
    >>> history = History.from_frame(pa.table({
    ...     "account_id": ["a", "a", "a", "b", "b"],
    ...     "as_of": [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31),
    ...               date(2026, 2, 28), date(2026, 3, 31)],
    ...     "health": [80.0, 78.0, 60.0, 50.0, 52.0]}))
    >>> warned = history.early_warning().to_pylist()
    >>> [(w["account_id"], w["drop"], w["compared_on"], w["early_warning"]) for w in warned]
    [('a', 18.0, datetime.date(2026, 2, 28), True), ('b', -2.0, datetime.date(2026, 2, 28), False)]
    """

    table: pa.Table = attrs.field(converter=_history_table)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    @classmethod
    def from_scored(cls, books: Sequence[ScoredBook | tuple[date, ScoredBook]]) -> History:
        """A history from scored books: each is dated by its own ``scored_at`` (in its
        time zone), or by the day paired with it.

        Examples
        --------
        >>> from cs_framework import Book, score_book
        >>> from cs_framework.examples import example_accounts
        >>> from datetime import date
        >>> book = Book.from_accounts(example_accounts())
        >>> days = [date(2026, 5, 31), date(2026, 6, 30)]
        >>> history = History.from_scored([score_book(book, as_of=d) for d in days])
        >>> len(history), history.days
        (6, (datetime.date(2026, 5, 31), datetime.date(2026, 6, 30)))
        """
        if not isinstance(books, (list, tuple)) or not books:
            refuse(books, "must be a non-empty list of scored books", field="books")
        parts = []
        for k, item in enumerate(books):
            day, scored = item if isinstance(item, tuple) and len(item) == 2 else (None, item)
            InstanceOf(ScoredBook).check(scored, field=f"books[{k}]")
            day = scored.scored_at.date() if day is None else DAY.check(day, field=f"books[{k}]")
            health = np.asarray(scored["health"], dtype=np.float64)
            parts.append(
                pa.table(
                    {
                        "account_id": as_text(scored["account_id"]),
                        "as_of": date_column(np.full(len(scored), day_number(day))),
                        "health": pa.array(health, mask=np.isnan(health)),
                    }
                )
            )
        return cls(table=pa.concat_tables(parts))

    @classmethod
    def from_frame(cls, frame: Any, *, columns: Mapping[str, str] | None = None) -> History:
        """A history from a long frame of past scores (pandas, polars, pyarrow, or a CSV
        or Parquet path) with the columns ``account_id``, ``as_of`` and ``health``;
        ``columns`` maps your names to these. Every bad cell is listed at once."""
        renames = column_renames({} if columns is None else columns, "columns")
        table = read_table(frame, "history", columns_typed(_TYPED, renames))
        table = table.rename_columns([renames.get(c, c) for c in table.column_names])
        problems = unknown_columns(
            table.column_names, "history", _COLUMNS, "a history has account_id, as_of, health"
        )
        problems += [
            Problem(field=f"history.{c}", value=None, reason="required column missing")
            for c in _COLUMNS
            if c not in table.column_names
        ]
        if problems:
            raise InvalidInputError.from_problems(problems, summary="the columns do not fit")
        r = ColumnReader(table, "history")
        ids_read = r.text("account_id", "account_id")
        days = r.days("as_of", "as_of")
        health = r.numbers("health", "health", SCORE)
        rules = [
            Unread("account_id", blank(ids_read), ids_read, TEXT.reason),
            Unread("as_of", ~given_cells(r.raw("as_of")), r.raw("as_of"), "must be a date"),
            Unread("health", SCORE.off(health) & ~np.isnan(health), health, SCORE.reason),
        ]
        found = cell_problems(r.unread, rules, ids_read)
        if r.problems or found:
            raise InvalidInputError.from_problems(
                r.problems + found, summary="the history does not fit"
            )
        return cls(
            table=pa.table(
                {
                    "account_id": ids_read,
                    "as_of": date_column(days),
                    "health": pa.array(health, mask=np.isnan(health)),
                }
            )
        )

    @property
    def days(self) -> tuple[date, ...]:
        """The days of the history, in order."""
        unique = pc.unique(self.table.column("as_of")).to_pylist()
        return tuple(sorted(unique))

    def _arrays(self) -> tuple[pa.Array, IndexArray, FloatArray, FloatArray]:
        ids = self.table.column("account_id").combine_chunks()
        account = np.asarray(
            ids.dictionary_encode().indices.to_numpy(zero_copy_only=False), dtype=np.intp
        )
        as_of = self.table.column("as_of").cast(pa.int32()).to_numpy()
        days = EPOCH_ORDINAL + np.asarray(as_of, dtype=np.float64)  # day numbers
        health = np.asarray(
            pc.fill_null(self.table.column("health"), np.nan).to_numpy(), dtype=np.float64
        )
        return ids, account, days, health

    def _on(self, as_of: date | None) -> float:
        if as_of is None:
            return day_number(self.days[-1]) if len(self) else float("nan")
        if DAY.check(as_of, field="as_of") not in self.days:
            refuse(as_of, "is not a day of the history (see History.days)", field="as_of")
        return day_number(as_of)

    def early_warning(
        self,
        as_of: date | None = None,
        *,
        policy: Policy | None = None,
        drop: float | None = None,
        window_days: float | None = None,
        tolerance_days: float = 7.0,
    ) -> pa.Table:
        """The early warning of every account scored on ``as_of`` (the last day by
        default): a fall of ``drop`` points or more against its known score closest to
        ``window_days`` back, within ``tolerance_days`` (ties: the earlier score). The
        drop and the window are the policy's (``Policy()`` by default) unless given.

        Returns a table: ``account_id``, ``health``, ``compared_on`` and
        ``compared_health`` (null: no score within the tolerance), ``days_between``,
        ``drop`` (points lost, negative for a rise) and ``early_warning``.
        """
        rules = Policy() if policy is None else InstanceOf(Policy).check(policy, field="policy")
        given = rules.early_warning_drop if drop is None else drop
        points = Number(lo=0, hi=100).check(given, field="drop")
        window = _DAYS.check(
            rules.early_warning_days if window_days is None else window_days, field="window_days"
        )
        tolerance = _DAYS.check(tolerance_days, field="tolerance_days")
        today = self._on(as_of)
        ids, account, day, health = self._arrays()
        now = np.flatnonzero(day == today)
        # Each account's row on the day, spread over its rows: the target day and score.
        at = np.full(int(account.max()) + 1 if account.size else 0, -1, dtype=np.intp)
        at[account[now]] = now
        mine = at[account] if account.size else np.zeros(0, np.intp)
        target = today - window
        distance = np.abs(day - target)
        fits = (mine >= 0) & (day < today) & (distance <= tolerance) & ~np.isnan(health)
        rows = np.flatnonzero(fits)
        rows = rows[np.lexsort((day[rows], distance[rows], account[rows]))]
        first = np.r_[True, account[rows][1:] != account[rows][:-1]] if rows.size else rows > 0
        chosen = np.full(at.size, -1, dtype=np.intp)
        chosen[account[rows[first]]] = rows[first]
        before = chosen[account[now]]
        has = before >= 0
        previous = np.where(has, health[np.maximum(before, 0)], np.nan)
        compared = np.where(has, day[np.maximum(before, 0)], np.nan)
        current = health[now]
        # The score closest to window_days back counts as window_days back.
        warned = early_warning_kernel(
            previous, current, np.where(has, window, np.nan), points, window
        )
        return pa.table(
            {
                "account_id": ids.take(pa.array(now)),
                "health": pa.array(current, mask=np.isnan(current)),
                "compared_on": date_column(compared),
                "compared_health": pa.array(previous, mask=np.isnan(previous)),
                "days_between": pa.array(today - compared, mask=~has),
                "drop": pa.array(previous - current, mask=np.isnan(previous - current)),
                "early_warning": pa.array(warned),
            }
        )

    def trend(self, periods: int = 3, as_of: date | None = None) -> pa.Table:
        """Each account's trend over its last ``periods`` known scores up to ``as_of``
        (the last day by default), for the accounts with a known score on that day (an
        unknown score has no trend).

        Returns a table: ``account_id``, ``health`` (on the day), ``first_on`` and
        ``first_health`` (the earliest of the scores used), ``change`` (points),
        ``slope_per_30_days`` (least squares; null with one score) and ``scores``.
        """
        if isinstance(periods, bool) or not isinstance(periods, int) or periods < 2:
            refuse(periods, "must be a whole number >= 2", field="periods")
        today = self._on(as_of)
        ids, account, day, health = self._arrays()
        used = (day <= today) & ~np.isnan(health)
        ids, account, day, health = (
            ids.filter(pa.array(used)),
            account[used],
            day[used],
            health[used],
        )
        rank, length = _ranks(account)
        last = rank == 0
        today_rows = np.flatnonzero(last & (day == today))
        keep = rank < periods
        n_acc = int(account.max()) + 1 if account.size else 0
        k = keep.astype(np.float64)
        x = (day - today) / 30.0
        n = np.bincount(account, weights=k, minlength=n_acc)
        sx = np.bincount(account, weights=k * x, minlength=n_acc)
        sy = np.bincount(account, weights=k * health, minlength=n_acc)
        sxy = np.bincount(account, weights=k * x * health, minlength=n_acc)
        sxx = np.bincount(account, weights=k * x * x, minlength=n_acc)
        with np.errstate(invalid="ignore", divide="ignore"):
            slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
        oldest = np.flatnonzero(rank == np.minimum(length, periods) - 1)
        first_row = np.full(n_acc, -1, dtype=np.intp)
        first_row[account[oldest]] = oldest  # the earliest kept row of each account
        who = account[today_rows]
        first = first_row[who]
        s = slope[who]
        return pa.table(
            {
                "account_id": ids.take(pa.array(today_rows)),
                "health": pa.array(health[today_rows]),
                "first_on": date_column(day[first]),
                "first_health": pa.array(health[first]),
                "change": pa.array(health[today_rows] - health[first]),
                "slope_per_30_days": pa.array(s, mask=~np.isfinite(s)),
                "scores": pa.array(n[who].astype(np.int64)),
            }
        )

    def to_arrow(self) -> pa.Table:
        """The history as a pyarrow Table."""
        return self.table

    def to_pandas(self) -> Any:
        """The history as a pandas DataFrame."""
        return pandas_frame(self.table)

    def to_polars(self) -> Any:
        """The history as a polars DataFrame."""
        import polars as pl

        return pl.from_arrow(self.table)
