"""Between objects and columns: the tables of some Account objects, and the way back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from .._errors import InvalidInputError
from .._model.account import Account, Adoption, ComponentScore
from .._model.records import Commitment, Outcome, Override
from .._types import date_of, day_number
from .tables import (
    ADOPTION_COUNTS,
    AccountTable,
    CommitmentTable,
    HasTables,
    OutcomeTable,
    OverrideTable,
    row_groups,
)
from .text import listed

__all__ = ["accounts_of", "tables_of"]


def _columns(rows: list[tuple[Any, ...]], width: int, dtype: Any) -> Any:
    """The columns of some rows, each contiguous: one array call for all of them.

    A book made from objects reads every field once per account; building all the
    columns of a kind (floats, day numbers, text, flags) in one call, not one call per
    column, is what keeps ``assess`` (a book of one) fast.
    """
    if dtype is object:
        block = np.empty((len(rows), width), dtype=object)
        if rows:
            block[:] = rows
    else:
        block = np.array(rows, dtype=dtype).reshape(len(rows), width)
    return np.ascontiguousarray(block.T)


_NAN = float("nan")


_ACCOUNT_TEXT = ("id", "name", "decision_maker", "day_to_day_owner", "accountable_owner")
_ACCOUNT_DAYS = (
    "last_executive_touch",
    "renewal_on",
    "started_on",
    "first_value_on",
    "previous_health_on",
)
_NO_ADOPTION = (0,) * len(ADOPTION_COUNTS)


def _account_table(accounts: Sequence[Account]) -> AccountTable:
    names = sorted({name for a in accounts for name in a.health})
    text = _columns([tuple(getattr(a, f) for f in _ACCOUNT_TEXT) for a in accounts], 5, object)
    numbers = _columns(
        [
            (
                a.arr,
                _NAN if a.credibility is None else a.credibility,
                _NAN if a.intimacy is None else a.intimacy,
                _NAN if a.self_orientation is None else a.self_orientation,
                _NAN if a.previous_health is None else a.previous_health,
            )
            for a in accounts
        ],
        5,
        np.float64,
    )
    days = _columns(
        [tuple(day_number(getattr(a, f)) for f in _ACCOUNT_DAYS) for a in accounts], 5, np.float64
    )
    flags = _columns(
        [(a.setup_complete, a.expansion_signal, a.adoption is not None) for a in accounts],
        3,
        bool,
    )
    counts = _columns(
        [
            _NO_ADOPTION
            if a.adoption is None
            else tuple(getattr(a.adoption, f) for f in ADOPTION_COUNTS)
            for a in accounts
        ],
        len(ADOPTION_COUNTS),
        np.int64,
    )
    scores = [[a.health.get(name) for name in names] for a in accounts]
    values = _columns(
        [tuple(_NAN if s is None or s.value is None else s.value for s in row) for row in scores],
        len(names),
        np.float64,
    )
    measured = _columns(
        [tuple(day_number(None if s is None else s.measured_on) for s in row) for row in scores],
        len(names),
        np.float64,
    )
    return AccountTable(
        **dict(zip(_ACCOUNT_TEXT, text, strict=True)),
        arr=numbers[0],
        credibility=numbers[1],
        intimacy=numbers[2],
        self_orientation=numbers[3],
        previous_health=numbers[4],
        **dict(zip(_ACCOUNT_DAYS, days, strict=True)),
        setup_complete=flags[0],
        expansion_signal=flags[1],
        has_adoption=flags[2],
        **dict(zip(ADOPTION_COUNTS, counts, strict=True)),
        health=dict(zip(names, values, strict=True)),
        health_measured_on=dict(zip(names, measured, strict=True)),
    )


def _commitment_table(accounts: Sequence[Account]) -> CommitmentTable:
    rows = [(k, c) for k, a in enumerate(accounts) for c in a.commitments]
    text = _columns([(c.id, c.description, c.owner) for _, c in rows], 3, object)
    days = _columns(
        [
            (
                c.made_on.toordinal(),
                c.due.toordinal(),
                _NAN if c.kept_on is None else c.kept_on.toordinal(),
            )
            for _, c in rows
        ],
        3,
        np.float64,
    )
    return CommitmentTable(
        account=np.array([k for k, _ in rows], dtype=np.intp),
        id=text[0],
        description=text[1],
        owner=text[2],
        made_on=days[0],
        due=days[1],
        kept_on=days[2],
        renegotiated=np.array([c.renegotiated for _, c in rows], dtype=bool),
    )


def _outcome_table(accounts: Sequence[Account]) -> OutcomeTable:
    rows = [(k, o) for k, a in enumerate(accounts) for o in a.outcomes]
    text = _columns([(o.id, o.description, o.metric) for _, o in rows], 3, object)
    numbers = _columns(
        [
            (
                o.baseline,
                o.target,
                _NAN if o.current is None else o.current,
                _NAN if o.measured_on is None else o.measured_on.toordinal(),
                _NAN if o.due is None else o.due.toordinal(),
            )
            for _, o in rows
        ],
        5,
        np.float64,
    )
    flags = _columns([(o.documented, o.acknowledged) for _, o in rows], 2, bool)
    return OutcomeTable(
        account=np.array([k for k, _ in rows], dtype=np.intp),
        id=text[0],
        description=text[1],
        metric=text[2],
        baseline=numbers[0],
        target=numbers[1],
        current=numbers[2],
        measured_on=numbers[3],
        due=numbers[4],
        documented=flags[0],
        acknowledged=flags[1],
    )


def _override_table(accounts: Sequence[Account]) -> OverrideTable:
    rows = [(k, v) for k, a in enumerate(accounts) for v in a.overrides]
    text = _columns([(v.component, v.reason) for _, v in rows], 2, object)
    numbers = _columns([(v.value, v.expires_on.toordinal()) for _, v in rows], 2, np.float64)
    return OverrideTable(
        account=np.array([k for k, _ in rows], dtype=np.intp),
        component=text[0],
        value=numbers[0],
        reason=text[1],
        expires_on=numbers[1],
    )


def _check_accounts(accounts: Sequence[Account]) -> None:
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


def tables_of(
    accounts: Sequence[Account],
) -> tuple[AccountTable, CommitmentTable, OutcomeTable, OverrideTable]:
    """The four tables of some accounts (already validated), in the given order.

    Raises
    ------
    InvalidInputError
        For an item that is not an Account, or an account id seen twice.
    """
    _check_accounts(accounts)
    return (
        _account_table(accounts),
        _commitment_table(accounts),
        _outcome_table(accounts),
        _override_table(accounts),
    )


def _required(day: float) -> date:
    """A required date (the book was checked: it is there)."""
    return date.fromordinal(int(day))


def _opt(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def accounts_of(book: HasTables) -> list[Account]:
    """The Account objects of a book, in order (validated again as they are built)."""
    a, c, o, v = book.accounts, book.commitments, book.outcomes, book.overrides
    n = len(a)
    c_rows, o_rows, v_rows = (_split(*row_groups(t.account, n)) for t in (c, o, v))
    # Text to Python strings once per column (a book from frames holds it in Arrow).
    ids, names = listed(a.id), listed(a.name)
    roles = [listed(a.decision_maker), listed(a.day_to_day_owner), listed(a.accountable_owner)]
    c_ids, c_text, c_owner = listed(c.id), listed(c.description), listed(c.owner)
    o_ids, o_text, o_metric = listed(o.id), listed(o.description), listed(o.metric)
    v_component, v_reason = listed(v.component), listed(v.reason)
    out = []
    for k in range(n):
        aid = str(ids[k])
        commitments = [
            Commitment(
                id=str(c_ids[j]),
                account_id=aid,
                description=c_text[j],
                owner=c_owner[j],
                made_on=_required(c.made_on[j]),
                due=_required(c.due[j]),
                kept_on=date_of(c.kept_on[j]),
                renegotiated=bool(c.renegotiated[j]),
            )
            for j in c_rows[k]
        ]
        outcomes = [
            Outcome(
                id=str(o_ids[j]),
                account_id=aid,
                description=o_text[j],
                metric=o_metric[j],
                baseline=float(o.baseline[j]),
                target=float(o.target[j]),
                current=_opt(o.current[j]),
                measured_on=date_of(o.measured_on[j]),
                due=date_of(o.due[j]),
                documented=bool(o.documented[j]),
                acknowledged=bool(o.acknowledged[j]),
            )
            for j in o_rows[k]
        ]
        health = {
            name: ComponentScore(
                value=_opt(values[k]), measured_on=date_of(a.health_measured_on[name][k])
            )
            for name, values in a.health.items()
        }
        adoption = None
        if a.has_adoption[k]:
            adoption = Adoption(**{f: int(getattr(a, f)[k]) for f in ADOPTION_COUNTS})
        out.append(
            Account(
                id=aid,
                name=names[k],
                arr=float(a.arr[k]),
                credibility=_opt(a.credibility[k]),
                intimacy=_opt(a.intimacy[k]),
                self_orientation=_opt(a.self_orientation[k]),
                health=health,
                commitments=commitments,
                outcomes=outcomes,
                decision_maker=roles[0][k],
                day_to_day_owner=roles[1][k],
                accountable_owner=roles[2][k],
                last_executive_touch=date_of(a.last_executive_touch[k]),
                renewal_on=date_of(a.renewal_on[k]),
                started_on=date_of(a.started_on[k]),
                setup_complete=bool(a.setup_complete[k]),
                first_value_on=date_of(a.first_value_on[k]),
                adoption=adoption,
                expansion_signal=bool(a.expansion_signal[k]),
                overrides=[
                    Override(
                        component=v_component[j],
                        value=float(v.value[j]),
                        reason=v_reason[j],
                        expires_on=_required(v.expires_on[j]),
                    )
                    for j in v_rows[k]
                ],
                previous_health=_opt(a.previous_health[k]),
                previous_health_on=date_of(a.previous_health_on[k]),
            )
        )
    return out


def _split(order: Any, start: Any, count: Any) -> list[Any]:
    return np.split(order, (start + count)[:-1]) if len(count) else []
