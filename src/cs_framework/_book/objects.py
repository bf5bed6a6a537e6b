"""Between objects and columns: the tables of some Account objects, and the way back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from .._errors import InvalidInputError
from .._model.account import Account, Adoption, ComponentScore
from .._model.records import Commitment, Outcome, Override
from .._types import CountArray, FloatArray, ObjectArray, date_of, day_number
from .tables import (
    ADOPTION_COUNTS,
    AccountTable,
    CommitmentTable,
    HasTables,
    OutcomeTable,
    OverrideTable,
    row_groups,
)

__all__ = ["accounts_of", "tables_of"]


def _objects(values: Sequence[Any]) -> ObjectArray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _days(values: Sequence[Any]) -> FloatArray:
    return np.array([day_number(v) for v in values], dtype=np.float64)


def _floats(values: Sequence[float | None]) -> FloatArray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


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


def _account_table(accounts: Sequence[Account]) -> AccountTable:
    names = sorted({name for a in accounts for name in a.health})
    adoption = [a.adoption for a in accounts]

    def counts(field: str) -> CountArray:
        return np.array([0 if u is None else getattr(u, field) for u in adoption], np.int64)

    return AccountTable(
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
        expansion_signal=np.array([a.expansion_signal for a in accounts], dtype=bool),
        previous_health=_floats([a.previous_health for a in accounts]),
        previous_health_on=_days([a.previous_health_on for a in accounts]),
        **{f: counts(f) for f in ADOPTION_COUNTS},
    )


def _commitment_table(accounts: Sequence[Account]) -> CommitmentTable:
    cs = [(k, c) for k, a in enumerate(accounts) for c in a.commitments]
    return CommitmentTable(
        account=np.array([k for k, _ in cs], dtype=np.intp),
        id=_objects([c.id for _, c in cs]),
        description=_objects([c.description for _, c in cs]),
        owner=_objects([c.owner for _, c in cs]),
        made_on=_days([c.made_on for _, c in cs]),
        due=_days([c.due for _, c in cs]),
        kept_on=_days([c.kept_on for _, c in cs]),
        renegotiated=np.array([c.renegotiated for _, c in cs], dtype=bool),
    )


def _outcome_table(accounts: Sequence[Account]) -> OutcomeTable:
    os_ = [(k, o) for k, a in enumerate(accounts) for o in a.outcomes]
    return OutcomeTable(
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


def _override_table(accounts: Sequence[Account]) -> OverrideTable:
    vs = [(k, v) for k, a in enumerate(accounts) for v in a.overrides]
    return OverrideTable(
        account=np.array([k for k, _ in vs], dtype=np.intp),
        component=_objects([v.component for _, v in vs]),
        value=np.array([v.value for _, v in vs], dtype=np.float64),
        reason=_objects([v.reason for _, v in vs]),
        expires_on=_days([v.expires_on for _, v in vs]),
    )


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


def _day(day: float) -> date:
    """A required date (the book was checked: it is there)."""
    return date.fromordinal(int(day))


def _opt(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def accounts_of(book: HasTables) -> list[Account]:
    """The Account objects of a book, in order (validated again as they are built)."""
    a, c, o, v = book.accounts, book.commitments, book.outcomes, book.overrides
    n = len(a)
    c_rows, o_rows, v_rows = (_split(*row_groups(t.account, n)) for t in (c, o, v))
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
                kept_on=date_of(c.kept_on[j]),
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
                last_executive_touch=date_of(a.last_executive_touch[k]),
                renewal_on=date_of(a.renewal_on[k]),
                started_on=date_of(a.started_on[k]),
                setup_complete=bool(a.setup_complete[k]),
                first_value_on=date_of(a.first_value_on[k]),
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
                previous_health_on=date_of(a.previous_health_on[k]),
            )
        )
    return out


def _split(order: Any, start: Any, count: Any) -> list[Any]:
    return np.split(order, (start + count)[:-1]) if len(count) else []
