"""Every bad row of a book, found at once, by the rules and in the words of the objects.

Each check here is the column form of an object's validator (:mod:`.._model.validators`):
the same rule, the same reason, so a value refused in an ``Account`` is refused in a
book row with the same message. A user sees every bad row in one error; with
``errors="mark"`` the rows are kept and marked instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from .._defaults import TRUST_SCALE
from .._errors import Problem
from .._model.account import ADOPTION_PARTS, ARR, ASSESSMENT
from .._model.policy import Policy
from .._model.records import SCORE
from .._model.validators import (
    DAY,
    TEXT,
    Number,
    Optional,
    Whole,
    differs_from,
    duplicate_of,
    given_with,
    not_above,
    not_before,
)
from .._types import BoolArray, IndexArray, date_of
from .readers import cell_shown
from .sources import closest
from .tables import (
    ROLE_COLUMNS,
    AccountTable,
    CommitmentTable,
    HasTables,
    OutcomeTable,
    OverrideTable,
    component_positions,
)
from .text import TextColumn, blank, duplicated, item, missing, named

__all__ = [
    "Found",
    "Where",
    "book_problems",
    "finder",
    "policy_problems",
    "record_ids",
    "table_problems",
]

#: A problem found at an account position.
Found = list[tuple[int, Problem]]
_OPTIONAL_SCORE = Optional(SCORE)
_FINITE = Number()


def _plain(value: Any) -> Any:
    """A book cell as a Python value; a NaN number is shown as None, as the book reads
    it: missing (a NaN a frame held as a value was refused, and shown, when it was read).

    Examples
    --------
    >>> _plain(np.float64(2.5)), _plain(np.float64("nan"))
    (2.5, None)
    """
    if isinstance(value, np.floating) and np.isnan(value):
        return None
    if isinstance(value, np.datetime64):  # (a cell as given: its item() may be a bare int)
        return value
    return value.item() if isinstance(value, np.generic) else value


class Where(NamedTuple):
    """Rows of a record table: its name, each row's account and its label (the id)."""

    table: str
    owner: IndexArray
    label: TextColumn


class _Finder:
    """Collects (account position, Problem) pairs for one book."""

    def __init__(self, accounts: AccountTable, *, rows: bool = False) -> None:
        self.found: Found = []
        self.ids = accounts.id
        self.rows = rows  # name the table row (a book being loaded from the user's tables)

    def account_id(self, position: int) -> str | None:
        return named(self.ids, position)  # as account_of

    def add(
        self,
        rows: BoolArray,
        field: str,
        values: Any,
        reason: str | Callable[[int], str],
        *,
        where: Where | None = None,
        shown: Callable[[Any], Any] = _plain,
    ) -> None:
        """A problem for each row where ``rows`` holds.

        Account rows are named ``field``; a row of a record table (``where``) is named
        ``table[label].field`` and blamed on its account. ``values`` is a NumPy array
        or an Arrow array (read one cell at a time, only where a row is bad).
        """
        arrow = isinstance(values, (pa.Array, pa.ChunkedArray))
        for k in np.flatnonzero(rows).tolist():
            if where is None:
                account, name = k, field
            else:
                account = int(where.owner[k])
                name = f"{where.table}[{item(where.label, k)!r}].{field}"
            value = cell_shown(values, k) if arrow else shown(values[k])
            self.found.append(
                (
                    account,
                    Problem(
                        field=name,
                        value=value,
                        account_id=self.account_id(account),
                        reason=reason(k) if callable(reason) else reason,
                        row=k if self.rows else None,
                    ),
                )
            )


def finder(accounts: AccountTable, *, rows: bool = False) -> _Finder:
    """A collector of problems for a book with these accounts (naming each table row
    when ``rows``)."""
    return _Finder(accounts, rows=rows)


def _day_shown(day: Any) -> Any:
    return date_of(float(day))


def _exceeds(whole: str, values: NDArray[Any], k: int) -> str:
    return not_above(whole, int(values[k]))


def _accounts(find: _Finder, a: AccountTable) -> None:
    find.add(blank(a.id), "id", a.id, TEXT.reason)
    find.add(duplicated(a.id), "id", a.id, "duplicate account id in the book")
    find.add(blank(a.name), "name", a.name, TEXT.reason)
    find.add(ARR.off(a.arr), "arr", a.arr, ARR.reason)
    for field in ("credibility", "intimacy", "self_orientation"):
        values = getattr(a, field)
        find.add(Optional(ASSESSMENT).off(values), field, values, ASSESSMENT.reason)
    for name, values in a.health.items():
        find.add(_OPTIONAL_SCORE.off(values), f"health[{name!r}]", values, SCORE.reason)
    for role in ROLE_COLUMNS:
        values = getattr(a, role)
        find.add(blank(values) & ~missing(values), role, values, TEXT.reason)
    counts = Whole()
    for part, whole in ADOPTION_PARTS:
        p, w = getattr(a, part), getattr(a, whole)
        find.add(a.has_adoption & counts.off(w), whole, w, counts.reason)
        find.add(a.has_adoption & counts.off(p), part, p, counts.reason)
        find.add(
            a.has_adoption & (p > w),
            part,
            p,
            partial(_exceeds, whole, w),
        )
    find.add(
        _OPTIONAL_SCORE.off(a.previous_health), "previous_health", a.previous_health, SCORE.reason
    )
    find.add(
        a.first_value_on < a.started_on,  # False where either is missing
        "first_value_on",
        a.first_value_on,
        lambda k: not_before("started_on", date_of(float(a.started_on[k]))),  # type: ignore[arg-type]
        shown=_day_shown,
    )
    no_score, no_day = np.isnan(a.previous_health), np.isnan(a.previous_health_on)
    find.add(
        ~no_score & no_day,
        "previous_health_on",
        a.previous_health_on,
        given_with("previous_health"),
        shown=_day_shown,
    )
    find.add(
        no_score & ~no_day,
        "previous_health",
        np.full(len(a), None, dtype=object),
        given_with("previous_health_on"),
    )


def _no_id(ids: Any) -> BoolArray:
    """Where a record has no id: blank text (a made book may number its records)."""
    if isinstance(ids, np.ndarray) and ids.dtype.kind in "iu":
        return np.zeros(ids.shape, dtype=bool)
    return blank(ids)


def _commitments(find: _Finder, c: CommitmentTable) -> None:
    where = Where("commitments", c.account, c.id)
    find.add(_no_id(c.id), "id", c.id, TEXT.reason, where=where)
    find.add(blank(c.description), "description", c.description, TEXT.reason, where=where)
    find.add(blank(c.owner) & ~missing(c.owner), "owner", c.owner, TEXT.reason, where=where)
    for field in ("made_on", "due"):
        values = getattr(c, field)
        find.add(DAY.off(values), field, values, DAY.reason, shown=_day_shown, where=where)
    for field in ("due", "kept_on"):
        values = getattr(c, field)
        find.add(
            values < c.made_on,  # False where either is missing
            field,
            values,
            lambda k: not_before("made_on", date_of(float(c.made_on[k]))),  # type: ignore[arg-type]
            shown=_day_shown,
            where=where,
        )


def _outcomes(find: _Finder, o: OutcomeTable) -> None:
    where = Where("outcomes", o.account, o.id)
    find.add(_no_id(o.id), "id", o.id, TEXT.reason, where=where)
    for field in ("description", "metric"):
        values = getattr(o, field)
        find.add(blank(values), field, values, TEXT.reason, where=where)
    for field in ("baseline", "target"):
        values = getattr(o, field)
        find.add(_FINITE.off(values), field, values, _FINITE.reason, where=where)
    find.add(Optional(_FINITE).off(o.current), "current", o.current, _FINITE.reason, where=where)
    find.add(
        o.target == o.baseline,
        "target",
        o.target,
        lambda k: differs_from("baseline", float(o.baseline[k])),
        where=where,
    )


def _overrides(find: _Finder, v: OverrideTable) -> None:
    where = Where("overrides", v.account, v.component)
    find.add(
        blank(v.component) & ~missing(v.component),
        "component",
        v.component,
        TEXT.reason,
        where=where,
    )
    find.add(SCORE.off(v.value), "value", v.value, SCORE.reason, where=where)
    find.add(blank(v.reason), "reason", v.reason, TEXT.reason, where=where)
    find.add(
        DAY.off(v.expires_on), "expires_on", v.expires_on, DAY.reason, shown=_day_shown, where=where
    )


def record_ids(
    table: str,
    ids: TextColumn,
    account: IndexArray,
    accounts: AccountTable,
    *,
    rows: bool,
) -> Found:
    """The record ids of ``table`` (commitments, outcomes) seen twice in one account:
    the costliest check of a book, so it can run beside the others."""
    find = _Finder(accounts, rows=rows)
    find.add(
        duplicated(ids, account),
        "id",
        ids,
        duplicate_of(f"the account's {table}"),
        where=Where(table, account, ids),
    )
    return find.found


_CHECKS: dict[str, Callable[[_Finder, Any], None]] = {
    "accounts": _accounts,
    "commitments": _commitments,
    "outcomes": _outcomes,
    "overrides": _overrides,
}


def table_problems(
    table: str, rows_of: Any, accounts: AccountTable, *, rows: bool, ids: bool = True
) -> Found:
    """Every bad value of one table of a book (``table`` names it), in row order; each
    names its table row when ``rows`` (a book loaded from the user's tables). With
    ``ids=False`` the record ids are left to :func:`record_ids`."""
    find = _Finder(accounts, rows=rows)
    _CHECKS[table](find, rows_of)
    if ids and table in ("commitments", "outcomes"):
        find.found += record_ids(table, rows_of.id, rows_of.account, accounts, rows=rows)
    return find.found


def book_problems(book: HasTables, *, rows: bool = False) -> Found:
    """Every bad value of ``book`` as (account position, Problem), in account order;
    each names its table row when ``rows`` (a book loaded from the user's tables)."""
    a = book.accounts
    found = [
        *table_problems("accounts", a, a, rows=rows),
        *table_problems("commitments", book.commitments, a, rows=rows),
        *table_problems("outcomes", book.outcomes, a, rows=rows),
        *table_problems("overrides", book.overrides, a, rows=rows),
    ]
    found.sort(key=lambda item: item[0])  # stable: an account's own fields first
    return found


def policy_problems(book: HasTables, policy: Policy) -> Found:
    """What only the policy can tell is wrong: trust assessments off its trust scale
    (when narrower than the default), readings and overrides of a component its
    scorecard lacks."""
    v, (lo, hi) = book.overrides, TRUST_SCALE
    names = tuple(policy.scorecard.weights)
    unknown = [n for n in book.accounts.health if n not in names]
    narrower = policy.trust_scale_min > lo or policy.trust_scale_max < hi
    if not (len(v) or narrower or unknown):
        return []  # nothing the book's own checks have not seen
    find = _Finder(book.accounts)
    find.add(
        component_positions(v.component, names) == -2,
        "component",
        v.component,
        f"is not a component of the scorecard ({', '.join(names)})",
        where=Where("overrides", v.account, v.component),
    )
    for name in unknown:  # a typo never drops a component silently
        values = book.accounts.health[name]
        close = closest(name, names)
        hint = f"; did you mean {close!r}?" if close else ""
        find.add(
            ~np.isnan(values),
            f"health[{name!r}]",
            values,
            f"is not a component of the scorecard ({', '.join(names)}){hint}",
        )
    on_scale = Number(lo=policy.trust_scale_min, hi=policy.trust_scale_max)
    for field in ("credibility", "intimacy", "self_orientation"):
        values = getattr(book.accounts, field)
        # Values off the default scale are already refused by the book's own check.
        find.add(
            ~Optional(ASSESSMENT).off(values) & Optional(on_scale).off(values),
            field,
            values,
            f"{on_scale.reason} (the policy's trust scale)",
        )
    find.found.sort(key=lambda item: item[0])
    return find.found
