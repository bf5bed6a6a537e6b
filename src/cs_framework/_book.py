"""A book of accounts held as columns: the accounts, and flat commitment and outcome tables.

The tables are relational: each commitment and outcome row carries the position of
its account (``account``), so per-account figures are grouped reductions
(``np.bincount``), never a Python loop over accounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from ._account import Account, Adoption, ComponentScore
from ._arrays import FloatArray, day_number
from ._commitment import Commitment
from ._errors import InvalidInputError, Problem
from ._outcome import Outcome
from ._override import Override

__all__ = ["AccountTable", "Book", "CommitmentTable", "OutcomeTable", "OverrideTable"]

ObjectArray = NDArray[np.object_]
BoolArray = NDArray[np.bool_]
IndexArray = NDArray[np.intp]
CountArray = NDArray[np.int64]


def _objects(values: Sequence[Any]) -> ObjectArray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _days(values: Sequence[Any]) -> FloatArray:
    return np.array([day_number(v) for v in values], dtype=np.float64)


def _floats(values: Sequence[float | None]) -> FloatArray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


@attrs.frozen(kw_only=True, eq=False)
class AccountTable:
    """One row per account. Dates are day numbers (``date.toordinal()``), NaN if none."""

    id: ObjectArray
    name: ObjectArray
    arr: FloatArray
    credibility: FloatArray
    intimacy: FloatArray
    self_orientation: FloatArray
    health: dict[str, FloatArray]
    health_measured_on: dict[str, FloatArray]
    decision_maker: ObjectArray
    day_to_day_owner: ObjectArray
    accountable_owner: ObjectArray
    last_executive_touch: FloatArray
    renewal_on: FloatArray
    started_on: FloatArray
    setup_complete: BoolArray
    first_value_on: FloatArray
    has_adoption: BoolArray
    licensed_users: CountArray
    weekly_active_users: CountArray
    core_workflows: CountArray
    core_workflows_used: CountArray
    teams: CountArray
    teams_using: CountArray
    expansion_signal: BoolArray
    previous_health: FloatArray
    previous_health_on: FloatArray

    def __len__(self) -> int:
        return int(self.arr.shape[0])


@attrs.frozen(kw_only=True, eq=False)
class CommitmentTable:
    """One row per commitment; ``account`` is the position of its account."""

    account: IndexArray
    id: NDArray[Any]  # text, or whole numbers (a synthetic book's ids)
    description: ObjectArray
    owner: ObjectArray
    made_on: FloatArray
    due: FloatArray
    kept_on: FloatArray
    renegotiated: BoolArray

    def __len__(self) -> int:
        return int(self.account.shape[0])


@attrs.frozen(kw_only=True, eq=False)
class OutcomeTable:
    """One row per outcome; ``account`` is the position of its account."""

    account: IndexArray
    id: NDArray[Any]  # text, or whole numbers (a synthetic book's ids)
    description: ObjectArray
    metric: ObjectArray
    baseline: FloatArray
    target: FloatArray
    current: FloatArray
    due: FloatArray
    documented: BoolArray
    acknowledged: BoolArray

    def __len__(self) -> int:
        return int(self.account.shape[0])


@attrs.frozen(kw_only=True, eq=False)
class OverrideTable:
    """One row per CSM override; ``component`` None overrides the overall score."""

    account: IndexArray
    component: ObjectArray
    value: FloatArray
    reason: ObjectArray
    expires_on: FloatArray

    def __len__(self) -> int:
        return int(self.account.shape[0])

    @classmethod
    def empty(cls) -> OverrideTable:
        """No overrides."""
        return cls(
            account=np.zeros(0, np.intp),
            component=np.zeros(0, object),
            value=np.zeros(0),
            reason=np.zeros(0, object),
            expires_on=np.zeros(0),
        )


@attrs.frozen(kw_only=True, eq=False)
class Book:
    """Many accounts as columns, ready for vectorised scoring.

    Examples
    --------
    >>> from cs_framework.examples import example_accounts
    >>> book = Book.from_accounts(example_accounts())
    >>> len(book), len(book.commitments), len(book.outcomes)
    (3, 12, 4)
    >>> book.commitments.account.tolist()
    [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
    """

    accounts: AccountTable
    commitments: CommitmentTable
    outcomes: OutcomeTable
    overrides: OverrideTable = attrs.field(factory=OverrideTable.empty)
    #: The bad rows found when the book was built, as (account position, Problem);
    #: None when the book was built from raw arrays and has not been checked.
    marks: tuple[tuple[int, Problem], ...] | None = None

    def __len__(self) -> int:
        return len(self.accounts)

    @classmethod
    def from_frames(
        cls,
        accounts: Any,
        commitments: Any = None,
        outcomes: Any = None,
        overrides: Any = None,
        *,
        errors: Literal["raise", "mark"] = "raise",
    ) -> Book:
        """A book from pandas or polars DataFrames, or pyarrow Tables (one per table).

        The column schema is in ``docs/books.md``. Every row is checked: with
        ``errors="raise"`` one InvalidInputError lists every bad value; with
        ``errors="mark"`` the book keeps them in :attr:`marks` for
        ``score_book(..., errors="mark")``.

        Examples
        --------
        >>> import polars as pl
        >>> book = Book.from_frames(pl.DataFrame({"account_id": ["a"], "arr": [5000.0]}))
        >>> len(book), book.accounts.arr.tolist()
        (1, [5000.0])
        """
        from ._frames import book_from_frames

        return book_from_frames(accounts, commitments, outcomes, overrides, errors=errors)

    def take(self, positions: IndexArray) -> Book:
        """A book of the accounts at ``positions`` (ascending), with their rows."""
        keep = np.zeros(len(self), dtype=bool)
        keep[positions] = True
        new_position = np.cumsum(keep) - 1
        return Book(
            accounts=_take(self.accounts, positions),
            commitments=_take_rows(self.commitments, keep, new_position),
            outcomes=_take_rows(self.outcomes, keep, new_position),
            overrides=_take_rows(self.overrides, keep, new_position),
            marks=(),
        )

    def chunks(self, n_chunks: int) -> list[Book]:
        """The book cut into about ``n_chunks`` contiguous books of accounts (views).

        Needs the commitment and outcome rows ordered by account (as every loader of
        this library makes them); otherwise the whole book is one chunk.
        """
        c_acc, o_acc, v_acc = (
            self.commitments.account,
            self.outcomes.account,
            self.overrides.account,
        )
        if any(np.any(np.diff(rows) < 0) for rows in (c_acc, o_acc, v_acc)):
            return [self]
        edges = np.linspace(0, len(self), n_chunks + 1).astype(np.intp)
        c_edges = np.searchsorted(c_acc, edges)
        o_edges = np.searchsorted(o_acc, edges)
        v_edges = np.searchsorted(v_acc, edges)
        return [
            Book(
                accounts=_slice(self.accounts, slice(edges[k], edges[k + 1])),
                commitments=_slice(
                    self.commitments, slice(c_edges[k], c_edges[k + 1]), shift=int(edges[k])
                ),
                outcomes=_slice(
                    self.outcomes, slice(o_edges[k], o_edges[k + 1]), shift=int(edges[k])
                ),
                overrides=_slice(
                    self.overrides, slice(v_edges[k], v_edges[k + 1]), shift=int(edges[k])
                ),
                marks=(),
            )
            for k in range(n_chunks)
            if edges[k + 1] > edges[k]
        ]

    def to_accounts(self) -> list[Account]:
        """The accounts as Account objects, in order, each validated as it is built.

        Examples
        --------
        >>> from cs_framework.examples import example_accounts
        >>> Book.from_accounts(example_accounts()).to_accounts() == example_accounts()
        True
        """
        return book_to_accounts(self)

    @classmethod
    def from_accounts(cls, accounts: Sequence[Account]) -> Book:
        """A book from Account objects (already validated), in the given order.

        Raises
        ------
        InvalidInputError
            For an item that is not an Account, or an account id seen twice.
        """
        seen: set[str] = set()
        for k, account in enumerate(accounts):
            if not isinstance(account, Account):
                raise InvalidInputError(
                    field=f"accounts[{k}]", value=account, reason="must be an Account"
                )
            if account.id in seen:
                raise InvalidInputError(
                    field=f"accounts[{k}].id",
                    value=account.id,
                    account_id=account.id,
                    reason="duplicate account id in the book",
                )
            seen.add(account.id)
        names = sorted({name for a in accounts for name in a.health})
        adoption = [a.adoption for a in accounts]

        def counts(field: str) -> CountArray:
            return np.array([0 if u is None else getattr(u, field) for u in adoption], np.int64)

        table = AccountTable(
            id=_objects([a.id for a in accounts]),
            name=_objects([a.name for a in accounts]),
            arr=np.array([a.arr for a in accounts], dtype=np.float64),
            credibility=_floats([a.credibility for a in accounts]),
            intimacy=_floats([a.intimacy for a in accounts]),
            self_orientation=_floats([a.self_orientation for a in accounts]),
            health={
                n: _floats([a.health[n].value if n in a.health else None for a in accounts])
                for n in names
            },
            health_measured_on={
                n: _days([a.health[n].measured_on if n in a.health else None for a in accounts])
                for n in names
            },
            decision_maker=_objects([a.decision_maker for a in accounts]),
            day_to_day_owner=_objects([a.day_to_day_owner for a in accounts]),
            accountable_owner=_objects([a.accountable_owner for a in accounts]),
            last_executive_touch=_days([a.last_executive_touch for a in accounts]),
            renewal_on=_days([a.renewal_on for a in accounts]),
            started_on=_days([a.started_on for a in accounts]),
            setup_complete=np.array([a.setup_complete for a in accounts], dtype=bool),
            first_value_on=_days([a.first_value_on for a in accounts]),
            has_adoption=np.array([u is not None for u in adoption], dtype=bool),
            licensed_users=counts("licensed_users"),
            weekly_active_users=counts("weekly_active_users"),
            core_workflows=counts("core_workflows"),
            core_workflows_used=counts("core_workflows_used"),
            teams=counts("teams"),
            teams_using=counts("teams_using"),
            expansion_signal=np.array([a.expansion_signal for a in accounts], dtype=bool),
            previous_health=_floats([a.previous_health for a in accounts]),
            previous_health_on=_days([a.previous_health_on for a in accounts]),
        )
        cs = [(k, c) for k, a in enumerate(accounts) for c in a.commitments]
        commitments = CommitmentTable(
            account=np.array([k for k, _ in cs], dtype=np.intp),
            id=_objects([c.id for _, c in cs]),
            description=_objects([c.description for _, c in cs]),
            owner=_objects([c.owner for _, c in cs]),
            made_on=_days([c.made_on for _, c in cs]),
            due=_days([c.due for _, c in cs]),
            kept_on=_days([c.kept_on for _, c in cs]),
            renegotiated=np.array([c.renegotiated for _, c in cs], dtype=bool),
        )
        os_ = [(k, o) for k, a in enumerate(accounts) for o in a.outcomes]
        outcomes = OutcomeTable(
            account=np.array([k for k, _ in os_], dtype=np.intp),
            id=_objects([o.id for _, o in os_]),
            description=_objects([o.description for _, o in os_]),
            metric=_objects([o.metric for _, o in os_]),
            baseline=np.array([o.baseline for _, o in os_], dtype=np.float64),
            target=np.array([o.target for _, o in os_], dtype=np.float64),
            current=_floats([o.current for _, o in os_]),
            due=_days([o.due for _, o in os_]),
            documented=np.array([o.documented for _, o in os_], dtype=bool),
            acknowledged=np.array([o.acknowledged for _, o in os_], dtype=bool),
        )
        vs = [(k, v) for k, a in enumerate(accounts) for v in a.overrides]
        overrides = OverrideTable(
            account=np.array([k for k, _ in vs], dtype=np.intp),
            component=_objects([v.component for _, v in vs]),
            value=np.array([v.value for _, v in vs], dtype=np.float64),
            reason=_objects([v.reason for _, v in vs]),
            expires_on=_days([v.expires_on for _, v in vs]),
        )
        return cls(
            accounts=table,
            commitments=commitments,
            outcomes=outcomes,
            overrides=overrides,
            marks=(),
        )


def _date(day: float) -> date | None:
    return None if np.isnan(day) else date.fromordinal(int(day))


def _day(day: float) -> date:
    """A required date (the book was checked: it is there)."""
    return date.fromordinal(int(day))


def _opt(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _groups(account: IndexArray, n: int) -> list[NDArray[np.intp]]:
    """Row positions of each account's rows, in input order (a stable sort)."""
    order = np.argsort(account, kind="stable")
    bounds = np.cumsum(np.bincount(account, minlength=n))
    return np.split(order, bounds[:-1])


def book_to_accounts(book: Book) -> list[Account]:
    """The Account objects of a book, in order (validated again as they are built)."""
    a, c, o = book.accounts, book.commitments, book.outcomes
    n = len(book)
    v = book.overrides
    c_rows, o_rows, v_rows = _groups(c.account, n), _groups(o.account, n), _groups(v.account, n)
    out = []
    for k in range(n):
        aid = str(a.id[k])
        commitments = [
            Commitment(
                id=str(c.id[j]),
                account_id=aid,
                description=str(c.description[j]),
                owner=None if c.owner[j] is None else str(c.owner[j]),
                made_on=_day(c.made_on[j]),
                due=_day(c.due[j]),
                kept_on=_date(c.kept_on[j]),
                renegotiated=bool(c.renegotiated[j]),
            )
            for j in c_rows[k]
        ]
        outcomes = [
            Outcome(
                id=str(o.id[j]),
                account_id=aid,
                description=str(o.description[j]),
                metric=str(o.metric[j]),
                baseline=float(o.baseline[j]),
                target=float(o.target[j]),
                current=_opt(o.current[j]),
                due=_date(o.due[j]),
                documented=bool(o.documented[j]),
                acknowledged=bool(o.acknowledged[j]),
            )
            for j in o_rows[k]
        ]
        health = {
            name: ComponentScore(
                value=_opt(values[k]), measured_on=_date(a.health_measured_on[name][k])
            )
            for name, values in a.health.items()
        }
        adoption = None
        if a.has_adoption[k]:
            adoption = Adoption(**{f: int(getattr(a, f)[k]) for f in _ADOPTION})
        out.append(
            Account(
                id=aid,
                name=str(a.name[k]),
                arr=float(a.arr[k]),
                credibility=_opt(a.credibility[k]),
                intimacy=_opt(a.intimacy[k]),
                self_orientation=_opt(a.self_orientation[k]),
                health=health,
                commitments=commitments,
                outcomes=outcomes,
                decision_maker=a.decision_maker[k],
                day_to_day_owner=a.day_to_day_owner[k],
                accountable_owner=a.accountable_owner[k],
                last_executive_touch=_date(a.last_executive_touch[k]),
                renewal_on=_date(a.renewal_on[k]),
                started_on=_date(a.started_on[k]),
                setup_complete=bool(a.setup_complete[k]),
                first_value_on=_date(a.first_value_on[k]),
                adoption=adoption,
                expansion_signal=bool(a.expansion_signal[k]),
                overrides=[
                    Override(
                        component=v.component[j],
                        value=float(v.value[j]),
                        reason=str(v.reason[j]),
                        expires_on=_day(v.expires_on[j]),
                    )
                    for j in v_rows[k]
                ],
                previous_health=_opt(a.previous_health[k]),
                previous_health_on=_date(a.previous_health_on[k]),
            )
        )
    return out


_ADOPTION = (
    "licensed_users",
    "weekly_active_users",
    "core_workflows",
    "core_workflows_used",
    "teams",
    "teams_using",
)


def _map(table: Any, pick: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in attrs.fields(type(table)):
        value = getattr(table, field.name)
        out[field.name] = (
            {k: v[pick] for k, v in value.items()} if isinstance(value, dict) else value[pick]
        )
    return out


def _take(table: AccountTable, positions: IndexArray) -> AccountTable:
    return AccountTable(**_map(table, positions))


def _take_rows(table: Any, keep: NDArray[np.bool_], new_position: IndexArray) -> Any:
    rows = keep[table.account]
    fields = _map(table, rows)
    fields["account"] = new_position[table.account[rows]]
    return type(table)(**fields)


def _slice(table: Any, window: slice, shift: int | None = None) -> Any:
    fields = _map(table, window)
    if shift is not None:
        fields["account"] = fields["account"] - shift
    return type(table)(**fields)
