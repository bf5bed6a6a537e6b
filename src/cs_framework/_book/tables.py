"""The tables of a book: accounts, and flat commitment, outcome and override tables.

The tables are relational: each commitment, outcome and override row carries the
position of its account (``account``), so per-account figures are grouped reductions
(``np.bincount``), never a Python loop over accounts. Dates are day numbers
(``date.toordinal()``, NaN when missing); text is a :data:`~.text.TextColumn` (Arrow
strings from frames and files, object arrays from objects), missing as null or None.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

import attrs
import numpy as np

from .._types import BoolArray, CountArray, FloatArray, IndexArray, ObjectArray, ranges
from .text import TextColumn, listed, pick

__all__ = [
    "ADOPTION_COUNTS",
    "AccountTable",
    "CommitmentTable",
    "HasTables",
    "OutcomeTable",
    "OverrideTable",
    "RowTable",
    "component_positions",
    "empty_commitments",
    "empty_outcomes",
    "empty_overrides",
    "keep_rows",
    "row_groups",
    "slice_accounts",
    "slice_rows",
    "take_accounts",
    "take_rows",
]

#: The six usage counts of an account's adoption, as columns.
ADOPTION_COUNTS = (
    "licensed_users",
    "weekly_active_users",
    "core_workflows",
    "core_workflows_used",
    "teams",
    "teams_using",
)


@attrs.frozen(kw_only=True, eq=False)
class AccountTable:
    """One row per account; ``kept`` holds the user's own columns carried along."""

    id: TextColumn
    name: TextColumn
    arr: FloatArray
    credibility: FloatArray
    intimacy: FloatArray
    self_orientation: FloatArray
    health: dict[str, FloatArray]
    health_measured_on: dict[str, FloatArray]
    decision_maker: TextColumn
    day_to_day_owner: TextColumn
    accountable_owner: TextColumn
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
    kept: dict[str, Any] = attrs.field(factory=dict)

    def __len__(self) -> int:
        return int(self.arr.shape[0])


@attrs.frozen(kw_only=True, eq=False)
class CommitmentTable:
    """One row per commitment; ``account`` is the position of its account."""

    account: IndexArray
    id: TextColumn  # text, or whole numbers (a synthetic book's ids)
    description: TextColumn
    owner: TextColumn
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
    id: TextColumn  # text, or whole numbers (a synthetic book's ids)
    description: TextColumn
    metric: TextColumn
    baseline: FloatArray
    target: FloatArray
    current: FloatArray
    measured_on: FloatArray
    due: FloatArray
    documented: BoolArray
    acknowledged: BoolArray

    def __len__(self) -> int:
        return int(self.account.shape[0])


@attrs.frozen(kw_only=True, eq=False)
class OverrideTable:
    """One row per CSM override; ``component`` None overrides the overall score."""

    account: IndexArray
    component: TextColumn
    value: FloatArray
    reason: TextColumn
    expires_on: FloatArray

    def __len__(self) -> int:
        return int(self.account.shape[0])


def _none(n: int = 0) -> ObjectArray:
    return np.full(n, None, dtype=object)


def empty_commitments() -> CommitmentTable:
    """A commitment table with no rows."""
    return CommitmentTable(
        account=np.zeros(0, np.intp),
        id=_none(),
        description=_none(),
        owner=_none(),
        made_on=np.zeros(0),
        due=np.zeros(0),
        kept_on=np.zeros(0),
        renegotiated=np.zeros(0, bool),
    )


def empty_outcomes() -> OutcomeTable:
    """An outcome table with no rows."""
    return OutcomeTable(
        account=np.zeros(0, np.intp),
        id=_none(),
        description=_none(),
        metric=_none(),
        baseline=np.zeros(0),
        target=np.zeros(0),
        current=np.zeros(0),
        measured_on=np.zeros(0),
        due=np.zeros(0),
        documented=np.zeros(0, bool),
        acknowledged=np.zeros(0, bool),
    )


def empty_overrides() -> OverrideTable:
    """An override table with no rows."""
    return OverrideTable(
        account=np.zeros(0, np.intp),
        component=_none(),
        value=np.zeros(0),
        reason=_none(),
        expires_on=np.zeros(0),
    )


#: The owner-role columns of accounts: each one absent is a role never given.
ROLE_COLUMNS = ("decision_maker", "day_to_day_owner", "accountable_owner")
#: The lifecycle columns of accounts: with none of them the stage is unknown.
LIFECYCLE_COLUMNS = ("setup_complete", "first_value_on", *ADOPTION_COUNTS, "expansion_signal")
#: What a book loaded from frames may lack, so that it is unknown rather than failed,
#: by its name in ``Book.not_given``: a table (no columns named), or columns of a table
#: none of which were given. The outcomes table (proof unknown, no NO_SUCCESS_CRITERIA
#: gap), each owner-role column and the commitments' owner column (no UNCLEAR_OWNERSHIP
#: from them), the executive-touch column (no SILENT_EXECUTIVE), every lifecycle column
#: (stage unknown).
NEVER_GIVEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "outcomes": ("outcomes", ()),
    **{role: ("accounts", (role,)) for role in ROLE_COLUMNS},
    "commitment_owners": ("commitments", ("owner",)),
    "last_executive_touch": ("accounts", ("last_executive_touch",)),
    "lifecycle": ("accounts", LIFECYCLE_COLUMNS),
}
NOT_GIVEN = tuple(NEVER_GIVEN)


class HasTables(Protocol):
    """Anything holding the four tables of a book (a ``Book``), and what was never given."""

    @property
    def accounts(self) -> AccountTable: ...
    @property
    def commitments(self) -> CommitmentTable: ...
    @property
    def outcomes(self) -> OutcomeTable: ...
    @property
    def overrides(self) -> OverrideTable: ...
    @property
    def not_given(self) -> frozenset[str]: ...


RowTable = TypeVar("RowTable", CommitmentTable, OutcomeTable, OverrideTable)
_Table = TypeVar("_Table", AccountTable, CommitmentTable, OutcomeTable, OverrideTable)


def _pick(table: _Table, pick: Any) -> dict[str, Any]:
    """Every column of ``table`` indexed by ``pick`` (positions, a mask or a slice)."""
    out: dict[str, Any] = {}
    for field in attrs.fields(type(table)):
        value = getattr(table, field.name)
        out[field.name] = (
            {k: _at(v, pick) for k, v in value.items()}
            if isinstance(value, dict)
            else _at(value, pick)
        )
    return out


def _at(values: Any, rows: Any) -> Any:
    return values[rows] if isinstance(values, np.ndarray) else pick(values, rows)


def take_accounts(table: AccountTable, positions: IndexArray) -> AccountTable:
    """The accounts at ``positions``, in that order."""
    return AccountTable(**_pick(table, positions))


def row_groups(account: IndexArray, n_accounts: int) -> tuple[IndexArray, IndexArray, IndexArray]:
    """Rows grouped by account: ``order`` (row positions, account by account, in input
    order within an account), and each account's ``start`` in it and row ``count``.

    Examples
    --------
    >>> row_groups(np.array([1, 0, 1]), 3)
    (array([1, 0, 2]), array([0, 1, 3]), array([1, 2, 0]))
    """
    count = np.bincount(account, minlength=n_accounts).astype(np.intp)
    start = np.cumsum(count) - count
    if account.size and np.any(account[1:] < account[:-1]):
        order = np.argsort(account, kind="stable").astype(np.intp)
    else:  # already grouped, as every loader of this library makes them
        order = np.arange(account.size, dtype=np.intp)
    return order, start, count


def take_rows(table: RowTable, positions: IndexArray, n_accounts: int) -> RowTable:
    """The rows of the accounts at ``positions``, account by account in that order,
    each row's ``account`` renumbered to its account's new position.

    Examples
    --------
    >>> rows = OverrideTable(account=np.array([0, 1, 1]), component=np.array([None] * 3),
    ...                      value=np.array([10.0, 20.0, 30.0]),
    ...                      reason=np.array(["a", "b", "c"], dtype=object),
    ...                      expires_on=np.zeros(3))
    >>> taken = take_rows(rows, np.array([1, 0]), 2)
    >>> taken.account, taken.value
    (array([0, 0, 1]), array([20., 30., 10.]))
    """
    order, start, count = row_groups(table.account, n_accounts)
    wanted = count[positions]
    rows = order[ranges(start[positions], wanted)]
    fields = _pick(table, rows)
    fields["account"] = np.repeat(np.arange(positions.size, dtype=np.intp), wanted)
    return type(table)(**fields)


def slice_accounts(table: AccountTable, lo: int, hi: int) -> AccountTable:
    """Accounts ``lo`` to ``hi`` (views, no copy)."""
    return AccountTable(**_pick(table, slice(lo, hi)))


def keep_rows(table: RowTable, rows: BoolArray) -> RowTable:
    """The rows where ``rows`` holds, in order (their accounts unchanged)."""
    return type(table)(**_pick(table, np.flatnonzero(rows)))  # positions: found once


def slice_rows(table: RowTable, lo: int, hi: int, first_account: int) -> RowTable:
    """Rows ``lo`` to ``hi`` (views), renumbered from account ``first_account``."""
    fields = _pick(table, slice(lo, hi))
    fields["account"] = fields["account"] - first_account
    return type(table)(**fields)


def component_positions(components: TextColumn, names: tuple[str, ...]) -> IndexArray:
    """Each override's component as a position in ``names``: -1 for the overall score
    (None), -2 for a name that is not there.

    Examples
    --------
    >>> component_positions(np.array(["b", None, "z"], dtype=object), ("a", "b"))
    array([ 1, -1, -2])
    """
    position = {name: k for k, name in enumerate(names)}
    return np.array(
        [-1 if c is None else position.get(c, -2) for c in listed(components)], dtype=np.intp
    )
