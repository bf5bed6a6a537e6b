"""The renewals table: each account's renewal decisions, from objects or a frame.

The labels a backtest follows. Read like a book's tables (:mod:`cs_framework._book`):
a frame, a pyarrow Table or a CSV or Parquet path, the user's column names mapped with
``columns=``, unknown columns refused by name, every bad cell listed at once with its
row and account, in the words of :class:`~cs_framework.Renewal`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs
import numpy as np
import pyarrow as pa

from .._book.readers import ColumnReader, Unread, cell_shown
from .._book.schema import Column, columns_typed
from .._book.sources import column_renames, read_table, unknown_columns
from .._book.text import blank, named
from .._errors import InvalidInputError, Problem
from .._model.account import ARR
from .._model.renewal import CHURN_KEEPS_NONE, RENEWAL_KEEPS_SOME, Renewal, arr_after_off
from .._model.validators import TEXT
from .._types import BoolArray, FloatArray

__all__ = ["RENEWAL_COLUMNS", "RenewalTable", "cell_problems", "renewal_table"]

#: The columns of a renewals frame.
RENEWAL_COLUMNS: Final = (
    Column("account_id", "account_id", "text", required=True),
    Column("decided_on", "decided_on", "date", required=True),
    Column("renewed", "renewed", "flag", required=True, note="false: a churn"),
    Column("arr_before", "arr_before", "number", rule=ARR),
    Column("arr_after", "arr_after", "number", rule=ARR),
)


@attrs.frozen(kw_only=True, eq=False)
class RenewalTable:
    """One row per decision: the account's id, the day (a day number), renewed or
    churned, and the ARR before and after (NaN when unknown)."""

    account_id: pa.Array
    decided_on: FloatArray
    renewed: BoolArray
    arr_before: FloatArray
    arr_after: FloatArray

    def __len__(self) -> int:
        return int(self.decided_on.shape[0])


def renewal_table(renewals: Any, *, columns: Mapping[str, str] | None = None) -> RenewalTable:
    """The renewals as columns: from a list or tuple of :class:`~cs_framework.Renewal`,
    or from a frame or path with the columns of :data:`RENEWAL_COLUMNS`.

    Examples
    --------
    >>> import pyarrow as pa
    >>> table = renewal_table(pa.table({"Customer": ["a", "b"], "decided_on": ["2026-09-01",
    ...     "2026-10-01"], "renewed": ["yes", "no"]}), columns={"Customer": "account_id"})
    >>> table.renewed.tolist()
    [True, False]
    >>> renewal_table(pa.table({"account_id": ["a"], "decided_on": ["2026-09-31"],
    ...     "renewed": [True]}))
    Traceback (most recent call last):
    ...
    cs_framework.InvalidInputError: 1 bad renewal row:
      decided_on='2026-09-31' (account 'a', row 0): must be a date, written YYYY-MM-DD
    """
    if isinstance(renewals, (list, tuple)):
        if columns is not None:
            raise InvalidInputError(
                field="columns", value=columns, reason="maps the columns of a frame, not objects"
            )
        return _from_objects(renewals)
    return _from_frame(renewals, column_renames({} if columns is None else columns, "columns"))


def _from_objects(renewals: list[Any] | tuple[Any, ...]) -> RenewalTable:
    for k, renewal in enumerate(renewals):
        if not isinstance(renewal, Renewal):
            raise InvalidInputError(
                field=f"renewals[{k}]", value=renewal, reason="must be a Renewal"
            )

    def numbers(values: list[float | None]) -> FloatArray:
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

    return RenewalTable(
        account_id=pa.array([r.account_id for r in renewals], type=pa.large_string()),
        decided_on=np.array([r.decided_on.toordinal() for r in renewals], dtype=np.float64),
        renewed=np.array([r.renewed for r in renewals], dtype=bool),
        arr_before=numbers([r.arr_before for r in renewals]),
        arr_after=numbers([r.arr_after for r in renewals]),
    )


def _from_frame(source: Any, renames: dict[str, str]) -> RenewalTable:
    # A CSV's columns are read by their kinds: an id such as 00123 keeps its zeros.
    table = read_table(source, "renewals", columns_typed(RENEWAL_COLUMNS, renames))
    table = table.rename_columns([renames.get(c, c) for c in table.column_names])
    known = [c.name for c in RENEWAL_COLUMNS]
    problems = unknown_columns(
        table.column_names, "renewals", known, f"a renewals table has {', '.join(known)}"
    )
    problems += [
        Problem(field=f"renewals.{c.name}", value=None, reason="required column missing")
        for c in RENEWAL_COLUMNS
        if c.required and c.name not in table.column_names
    ]
    if len(set(table.column_names)) < table.num_columns:
        seen = [c for k, c in enumerate(table.column_names) if c in table.column_names[:k]]
        problems.append(
            Problem(
                field=f"renewals.{seen[0]}",
                value=seen[0],
                reason="two columns have this name (after columns= renames)",
            )
        )
    if problems:
        raise InvalidInputError.from_problems(problems, summary="the renewal columns do not fit")
    r = ColumnReader(table, "renewals")
    read = RenewalTable(
        account_id=r.text("account_id", "account_id"),
        decided_on=r.days("decided_on", "decided_on"),
        renewed=r.flags("renewed", "renewed"),
        arr_before=r.numbers("arr_before", "arr_before", ARR),
        arr_after=r.numbers("arr_after", "arr_after", ARR),
    )
    if r.problems:
        raise InvalidInputError.from_problems(r.problems, summary="the renewal columns do not fit")
    # The rules of Renewal, on the cells that were read: in its words. The decision's
    # rule only where the decision and a valid ARR were read (else one cause, one problem).
    unclear = np.zeros(len(read), dtype=bool)
    for cell in r.unread:
        if cell.field in ("renewed", "arr_after"):
            unclear |= cell.rows
    unclear |= ARR.off(read.arr_after) & ~np.isnan(read.arr_after)
    churn, renewal = (off & ~unclear for off in arr_after_off(read.renewed, read.arr_after))
    rules = [
        Unread("account_id", blank(read.account_id), read.account_id, TEXT.reason),
        Unread("decided_on", np.isnan(read.decided_on), r.raw("decided_on"), "must be a date"),
        *(
            Unread(f, ARR.off(v) & ~np.isnan(v), v, ARR.reason)
            for f, v in (("arr_before", read.arr_before), ("arr_after", read.arr_after))
        ),
        Unread("arr_after", churn, read.arr_after, CHURN_KEEPS_NONE),
        Unread("arr_after", renewal, read.arr_after, RENEWAL_KEEPS_SOME),
    ]
    found = cell_problems(r.unread, rules, read.account_id)
    if found:
        rows = len({p.row for p in found})
        raise InvalidInputError.from_problems(
            found, summary=f"{rows} bad renewal row{'s' if rows > 1 else ''}"
        )
    return read


def cell_problems(read: list[Unread], rules: list[Unread], ids: pa.Array) -> list[Problem]:
    """Each bad cell as a problem with its row and account, by row; a cell the reader
    could not read is not reported again by the rules (it holds a placeholder)."""
    unread = {(c.field, k) for c in read for k in np.flatnonzero(c.rows).tolist()}
    out = []
    for by_rule, cell in [*((False, c) for c in read), *((True, c) for c in rules)]:
        for row in np.flatnonzero(cell.rows).tolist():
            if by_rule and (cell.field, row) in unread:
                continue
            arrow = isinstance(cell.raw, (pa.Array, pa.ChunkedArray))
            out.append(
                Problem(
                    field=cell.field,
                    value=cell_shown(cell.raw, row) if arrow else _plain(cell.raw[row]),
                    account_id=named(ids, row),
                    reason=cell.reason,
                    row=row,
                )
            )
    return sorted(out, key=lambda p: p.row if p.row is not None else -1)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
